"""Demo users (one per role) and fictional patients for a laptop install.

Passwords are random per installation and kept in VAR_DIR/demo_credentials.json
(readable by the owner only), so no known password ships with the code.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from benefits.demo import seed_pa_cases
from benefits.models import PaCase
from benefits.sweeps import sweep_deadlines
from clinics.models import Clinic
from courses.demo import seed_courses
from courses.models import Course
from courses.sweeps import sweep_monitoring_forms
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import batch_reassessments, evaluation_create
from patients.models import Patient
from patients.services import patient_create
from reassessment.demo import seed_reassessments

DEMO_USERS = (
    ("clinician", Role.CLINICIAN, "Dana", "Okafor"),
    ("coordinator", Role.CARE_COORDINATOR, "Luis", "Marquez"),
    ("reviewer", Role.REVIEWER, "Priya", "Raman"),
    ("admin", Role.ADMIN, "Sam", "Whitfield"),
    ("technician", Role.TREATMENT_STAFF, "Noor", "Haddad"),
)

# Fictional people; MRNs in a DEMO- range no real clinic uses.
DEMO_PATIENTS = (
    ("DEMO-0001", "Avery", "Jordan", dt.date(1984, 3, 12), "female", ""),
    ("DEMO-0002", "Bishop", "Theo", dt.date(1971, 11, 2), "male", ""),
    ("DEMO-0003", "Castellano", "Rosa", dt.date(1992, 6, 25), "female", "woman"),
    ("DEMO-0004", "Delacroix", "Marcel", dt.date(1958, 1, 30), "male", ""),
    ("DEMO-0005", "Eriksen", "Kai", dt.date(2001, 9, 14), "female", "non-binary"),
    ("DEMO-0006", "Fontaine", "Iris", dt.date(1966, 4, 8), "female", ""),
    ("DEMO-0007", "Gallagher", "Owen", dt.date(1989, 12, 19), "male", ""),
    ("DEMO-0008", "Hakimi", "Leila", dt.date(1979, 7, 3), "female", ""),
    ("DEMO-0009", "Ishikawa", "Ren", dt.date(1995, 2, 27), "male", "man"),
    ("DEMO-0010", "Jablonski", "Marta", dt.date(1950, 10, 11), "female", ""),
)


class Command(BaseCommand):
    help = "Create demo users (one per role) and fictional patients, then print the sign-in details."

    def handle(self, *args: Any, **options: Any) -> None:
        credentials_file = settings.VAR_DIR / "demo_credentials.json"
        credentials: dict[str, str] = {}
        if credentials_file.exists():
            credentials = json.loads(credentials_file.read_text())
        with transaction.atomic():
            clinic, _ = Clinic.objects.get_or_create(code="demo", defaults={"name": "Elevium demo clinic"})
            _seed_users(clinic, credentials)
            clinician = User.objects.get(username="clinician")
            _seed_patients(clinic, clinician)
            _seed_records(clinician)
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text(json.dumps(credentials, indent=2))
        credentials_file.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo sign-in (this installation only):"))
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {role.label:<17} username {username:<12} password {credentials[username]}")


def _seed_users(clinic: Clinic, credentials: dict[str, str]) -> None:
    """One user per role; a new password (into ``credentials``) for each user created or unknown."""
    for username, role, first, last in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created or username not in credentials:
            credentials[username] = secrets.token_urlsafe(9)
            user.set_password(credentials[username])
            user.save(update_fields=["password"])
        if role != Role.ADMIN:
            clinic.members.add(user)


def _seed_patients(clinic: Clinic, clinician: User) -> None:
    existing = set(Patient.objects.filter(mrn__startswith="DEMO-").values_list("mrn", flat=True))
    for mrn, family, given, born, sex, gender in DEMO_PATIENTS:
        if mrn not in existing:
            patient_create(
                actor=clinician,
                clinic=clinic,
                mrn=mrn,
                family_name=family,
                given_name=given,
                date_of_birth=born,
                sex_at_birth=sex,
                gender_identity=gender,
            )


def _seed_records(clinician: User) -> None:
    """Reassessments, evaluations, coverages and PA cases for demo patients that have none yet."""
    # Reassessments in every state, for demo patients that have none yet.
    for patient in Patient.objects.filter(mrn__startswith="DEMO-", reassessments__isnull=True):
        seed_reassessments(actor=clinician, patient=patient)
    # An evaluation of every current reassessment, so the review pages show each status.
    for reassessment in batch_reassessments().filter(patient__mrn__startswith="DEMO-", evaluations=None):
        evaluation_create(actor=clinician, reassessment=reassessment)
    # Coverages and prior authorizations in every state, for patients that have none yet.
    if not PaCase.objects.filter(patient__mrn__startswith="DEMO-").exists():
        evaluations = Evaluation.objects.filter(patient__mrn__startswith="DEMO-").order_by("patient__mrn")
        seed_pa_cases(coordinator=User.objects.get(username="coordinator"), evaluations=list(evaluations))
        sweep_deadlines(timezone.now())  # the overdue, follow-up and renewal reminders
    # One treatment course of each kind, in different states (courses/demo.py).
    if not Course.objects.filter(patient__mrn__startswith="DEMO-").exists():
        evaluations = Evaluation.objects.filter(patient__mrn__startswith="DEMO-").order_by("patient__mrn")
        seed_courses(
            clinician=clinician,
            staff=User.objects.get(username="technician"),
            coordinator=User.objects.get(username="coordinator"),
            evaluations=list(evaluations.select_related("patient")),
        )
        sweep_monitoring_forms(timezone.now())
