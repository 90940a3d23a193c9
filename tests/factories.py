from __future__ import annotations

import datetime as dt

import factory

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.patients.models import Patient

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CLINICIAN
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda u: u.role.replace("_", " ").title())
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    mrn = factory.Sequence(lambda n: f"MRN{n:06d}")
    family_name = factory.Faker("last_name")
    given_name = factory.Faker("first_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(1940, 1, 1), end_date=dt.date(2005, 12, 31)
    )
    sex_at_birth = "female"
