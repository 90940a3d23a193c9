"""Where the load scenario starts: the staff of one clinic, with a password known to the load
generator, and that clinic's patients with coverages, reassessments, evaluations and PA cases.

Users and patients come from the tests' factories (tests/factories.py), everything else from the
services, so each row has the audit trail a real one would. Synthetic people only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.test.utils import override_settings
from django.utils import timezone

from benefits import seed as benefits_seed
from benefits.demo import seed_pa_cases
from benefits.models import Coverage, PaCase, Plan
from courses.demo import approved_case
from courses.inputs import MeasurementInput
from courses.services import course_start, measurement_record
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.services import evaluation_create
from reassessment.demo import evaluation_variants
from reassessment.services import reassessment_create, reassessment_update
from tests.factories import ClinicFactory, PatientFactory, UserFactory

# One account per simulated user at 50 users, in the scenario's weights (5:3:2:1); no administrator.
ACCOUNTS = {Role.CLINICIAN: 25, Role.CARE_COORDINATOR: 15, Role.REVIEWER: 10, Role.TREATMENT_STAFF: 6}
PATIENTS = 120
# Patients whose latest evaluation starts a PA case before the load (the worklist's first page).
PA_CASES = 60
# TMS courses on approved cases, for the treatment staff's sessions.
COURSES = 20


def seed(*, password: str, patients: int = PATIENTS) -> dict[str, Any]:
    """Create the starting data; return the ids the load generator needs (no names, no MRNs)."""
    clinic = ClinicFactory(code="load", name="Load clinic")
    accounts: dict[str, list[str]] = {}
    # The factory hashes each password; at Argon2's cost that is ~15 s for 50 accounts on this
    # machine. Hash cheaply here, then give every account one real hash (same password): signing
    # in still verifies Argon2, which is the cost the load has to show.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for role, count in ACCOUNTS.items():
            accounts[role.value] = [
                UserFactory(
                    username=f"load-{role.value}-{n:02d}", role=role, password=password, clinics=[clinic]
                ).username
                for n in range(1, count + 1)
            ]
    usernames = [name for names in accounts.values() for name in names]
    User.objects.filter(username__in=usernames).update(password=make_password(password))
    clinician = User.objects.get(username=accounts[Role.CLINICIAN.value][0])
    coordinator = User.objects.get(username=accounts[Role.CARE_COORDINATOR.value][0])
    plan = Plan.objects.get(payer__name=benefits_seed.MA_EAST)  # TMS needs prior authorization there
    today = timezone.localdate()

    rows: list[dict[str, Any]] = []
    latest = []
    for n in range(patients):
        patient = PatientFactory(clinic=clinic)
        coverage = Coverage.objects.create(
            patient=patient, plan=plan, member_id=f"LOAD-{n:04d}", valid_from=today.replace(month=1, day=1)
        )
        variants = evaluation_variants(
            assessed_on=today, date_of_birth=patient.date_of_birth, sex_at_birth=patient.sex_at_birth
        )
        # Two evaluations each, before and after a missing fact was filled in, for the compare page.
        reassessment = reassessment_create(
            actor=clinician, patient=patient, document=variants["needs_information"]
        )
        first = evaluation_create(actor=clinician, reassessment=reassessment)
        reassessment = reassessment_update(
            actor=clinician,
            reassessment=reassessment,
            document=variants["eligible_with_cautions"],
            revision=reassessment.revision,
        )
        second = evaluation_create(actor=clinician, reassessment=reassessment)
        latest.append(second)
        rows.append(
            {
                "id": str(patient.id),
                "coverage": str(coverage.id),
                "reassessment": str(reassessment.id),
                "evaluations": [str(second.id), str(first.id)],
            }
        )
    seed_pa_cases(coordinator=coordinator, evaluations=latest[:PA_CASES])
    courses = seed_tms_courses(clinician=clinician, coordinator=coordinator, evaluations=latest[PA_CASES:])
    with_case = {str(pk) for pk in PaCase.objects.values_list("evaluation_id", flat=True)}
    for row in rows:
        row["has_case"] = row["evaluations"][0] in with_case
    return {
        "clinic": str(clinic.id),
        "accounts": accounts,
        "patients": rows,
        "cases": [str(pk) for pk in PaCase.objects.values_list("id", flat=True)],
        "courses": courses,
    }


def seed_tms_courses(*, clinician: User, coordinator: User, evaluations: list[Any]) -> list[str]:
    """TMS courses on approved PA cases (plenty of units), each with a PHQ-9 today, on which the
    treatment staff record sessions during the load (their patients get no other PA case)."""
    courses = []
    for index, evaluation in enumerate(evaluations[:COURSES]):
        if evaluation.statuses.get("tms") not in ("eligible", "eligible_with_cautions"):
            continue
        case = approved_case(coordinator, evaluation, "tms", 400, 9000 + index)
        today = case.patient.clinic.today()
        course = course_start(
            actor=clinician, patient=case.patient, treatment="tms", starts_on=today, pa_case=case
        )
        measurement_record(
            actor=clinician,
            course=course,
            data=MeasurementInput(scale="phq9", total=19, item9=0, measured_on=today),
        )
        courses.append(str(course.id))
    return courses
