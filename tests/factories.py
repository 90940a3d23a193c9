from __future__ import annotations

import datetime as dt
import zoneinfo

import factory

from clinics.models import Clinic
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from patients.models import Patient

PASSWORD = "correct-horse-battery-staple"


def default_clinic() -> Clinic:
    """The one clinic most tests need: every non-admin user and every patient joins it by default."""
    clinic, _ = Clinic.objects.get_or_create(code="test", defaults={"name": "Test clinic"})
    return clinic


_TEST_ZONE: str = Clinic._meta.get_field("time_zone").get_default()


def clinic_today() -> dt.date:
    """Today at the test clinic, whose date runs up to a day apart from the server's UTC date
    (from 19:00 in New York it is already tomorrow in UTC): a score or an enrolment dated
    ``timezone.localdate()`` would then be in the clinic's future."""
    return Clinic(time_zone=_TEST_ZONE).today()


def clinic_time(hour: int) -> dt.datetime:
    """``hour`` o'clock today at the test clinic: a slot the schedule lists as today's."""
    return dt.datetime.combine(clinic_today(), dt.time(hour), tzinfo=zoneinfo.ZoneInfo(_TEST_ZONE))


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"clinic-{n}")
    name = factory.LazyAttribute(lambda c: f"Clinic {c.code}")


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

    @factory.post_generation
    def clinics(self, create: bool, extracted: list[Clinic] | None, **kwargs: object) -> None:
        """``clinics=[...]`` to choose; by default staff join the test clinic and admins none."""
        if not create:
            return
        if extracted is not None:
            self.clinics.set(extracted)
        elif self.role != Role.ADMIN:
            self.clinics.add(default_clinic())


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.LazyFunction(default_clinic)
    mrn = factory.Sequence(lambda n: f"MRN{n:06d}")
    family_name = factory.Faker("last_name")
    given_name = factory.Faker("first_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(1940, 1, 1), end_date=dt.date(2005, 12, 31)
    )
    sex_at_birth = "female"
