"""One patient with everything the main pages show (a reassessment, its evaluation, a coverage
and a prior-authorization case) and a user of each role, for the layout and print tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyotp
from django.utils import timezone
from playwright.sync_api import Page

from benefits import seed
from benefits.models import Coverage, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PASSWORD, PatientFactory, UserFactory


@dataclass(frozen=True)
class Records:
    patient_id: str
    reassessment_id: str
    evaluation_id: str
    coverage_id: str
    case_id: str


def clinic_records() -> Records:
    clinician = UserFactory(username="dana", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    coordinator = UserFactory(
        username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez"
    )
    UserFactory(username="rui", role=Role.REVIEWER, first_name="Rui", last_name="Costa")
    UserFactory(username="ada", role=Role.ADMIN, first_name="Ada", last_name="Brook")
    patient = PatientFactory(family_name="Fontaine", given_name="Iris", date_of_birth=dt.date(1966, 4, 8))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=clinician, patient=patient, document=document)
    evaluation: Evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.MA_EAST),
        member_id="MA-55501",
        valid_from=dt.date(2025, 1, 1),
    )
    case = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )
    return Records(str(patient.id), str(reassessment.id), str(evaluation.id), str(coverage.id), str(case.id))


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    if "/account/two-step/" in page.url:
        # An administrator must turn on two-step sign-in before any other page (pyotp is the app).
        secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        page.wait_for_url(lambda url: "/account/two-step/" not in url)
