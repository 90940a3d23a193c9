"""The coordinator's pages: worklist query count, the coverage page's check and estimate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benefits import seed
from benefits.models import BenefitsCheck, Coverage, PaCase, Plan
from elevium.accounts.roles import Role
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(coordinator: Any) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("extra", [10, 1000])
def test_the_worklist_page_costs_the_same_queries_for_10_or_1000_cases(
    coordinator_client: Client, case: PaCase, extra: int
) -> None:
    PaCase.objects.bulk_create(
        PaCase(
            patient_id=case.patient_id,
            evaluation_id=case.evaluation_id,
            coverage_id=case.coverage_id,
            policy_id=case.policy_id,
            treatment="tms",
            status="documents_needed",
        )
        for _ in range(extra)
    )
    coordinator_client.get("/benefits/worklist/")
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get("/benefits/worklist/?page=2")
    assert response.status_code == 200
    # session, user, count, the page's case ids (sorted on the cases alone), those cases joined,
    # audit insert, counters, payers, coordinators
    assert len(queries) == 9, "\n".join(q["sql"] for q in queries.captured_queries)


def test_a_coordinator_records_a_check_and_sees_the_estimate_line_by_line(coordinator_client: Client) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.AETNA),
        member_id="A-1",
        valid_from=dt.date(2025, 1, 1),
    )
    url = f"/benefits/coverages/{coverage.id}/"
    response = coordinator_client.post(
        url,
        {
            "form": "check",
            "treatment": "tms",
            "method": "phone",
            "coverage_status": "active",
            "deductible": "1000",
            "deductible_met": "650",
            "coinsurance_pct": "20",
            "copay": "0",
            "oop_max": "3000",
            "oop_met": "650",
            "visits_used": "0",
            "reference": "CALL-1",
        },
    )
    assert response.status_code == 302
    assert BenefitsCheck.objects.get().deductible_met == 650
    page = coordinator_client.post(
        url, {"form": "estimate", "treatment": "tms", "price_initial": "300", "price_subsequent": "250"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="estimate"' in text
    assert "36 sessions" in text and "Deductible" in text


def test_bad_check_values_are_refused_field_by_field_and_nothing_is_saved(coordinator_client: Client) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.AETNA),
        member_id="A-2",
        valid_from=dt.date(2025, 1, 1),
    )
    response = coordinator_client.post(
        f"/benefits/coverages/{coverage.id}/",
        {
            "form": "check",
            "treatment": "tms",
            "method": "phone",
            "coverage_status": "active",
            "coinsurance_pct": "250",
            "deductible": "-5",
        },
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.startswith("Coinsurance: ") for e in errors) and any(
        e.startswith("Deductible: ") for e in errors
    )
    assert not BenefitsCheck.objects.exists()


def test_a_clinician_reads_the_coverage_page_but_cannot_record_a_check(client_for: Any) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.AETNA),
        member_id="A-3",
        valid_from=dt.date(2025, 1, 1),
    )
    client = client_for(Role.CLINICIAN)
    assert client.get(f"/benefits/coverages/{coverage.id}/").status_code == 200
    response = client.post(f"/benefits/coverages/{coverage.id}/", {"form": "check", "treatment": "tms"})
    assert response.status_code == 403


def test_units_are_recorded_on_an_approved_case_and_feed_the_renewal_flag(
    coordinator: Any, case: PaCase
) -> None:
    from django.utils import timezone

    from benefits import services
    from benefits.selectors import pa_case_renewal
    from elevium.lib.errors import Conflict
    from reassessment.errors import DocumentInvalid

    with pytest.raises(Conflict):
        services.pa_case_record_units(actor=coordinator, case=case, used_units=3, revision=case.revision)
    for item in case.checklist.filter(satisfied=False):
        services.pa_case_checklist_mark(
            actor=coordinator, case=case, code=item.code, satisfied=True, note="on file"
        )
    for status in ("ready_to_submit", "submitted", "pending_payer"):
        case = services.pa_case_transition(
            actor=coordinator,
            case=PaCase.objects.get(pk=case.pk),
            to=status,
            revision=PaCase.objects.get(pk=case.pk).revision,
        )
    today = timezone.localdate()
    case = services.pa_case_record_approval(
        actor=coordinator,
        case=case,
        authorization_number="A-1",
        approved_units=36,
        valid_from=today,
        valid_until=today + dt.timedelta(days=90),
        revision=case.revision,
    )
    case = services.pa_case_record_units(actor=coordinator, case=case, used_units=28, revision=case.revision)
    assert not pa_case_renewal(case=case, now=timezone.now())
    case = services.pa_case_record_units(
        actor=coordinator, case=case, used_units=29, revision=case.revision
    )  # 80 % of 36 is 28.8
    assert [r.kind for r in pa_case_renewal(case=case, now=timezone.now())] == ["units"]
    with pytest.raises(DocumentInvalid):
        services.pa_case_record_units(actor=coordinator, case=case, used_units=40, revision=case.revision)


@pytest.mark.parametrize("typed", ["99999999999999", "²", "-3", "3.5"])
def test_a_units_figure_that_is_not_a_small_whole_number_is_refused_not_a_500(
    coordinator_client: Client, case: PaCase, typed: str
) -> None:
    response = coordinator_client.post(
        f"/benefits/cases/{case.id}/units/", {"used_units": typed, "revision": case.revision}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.used_units == 0


def test_the_letter_has_no_refresh_tag_on_screen_or_printed(coordinator_client: Client, case: PaCase) -> None:
    # No page reloads itself with a refresh tag (WCAG 2.2.1, axe meta-refresh). The letter's CSP
    # allows no script, so on screen its idle logoff is the server's, at the next request.
    from django.template.loader import render_to_string

    page = coordinator_client.get(f"/benefits/cases/{case.id}/letter/").content.decode()
    assert "http-equiv" not in page
    printed = render_to_string("benefits/letter.html", {"f": {}, "on_screen": False})
    assert "http-equiv" not in printed


def test_the_estimate_is_for_one_chosen_treatment_at_the_clinics_fee_schedule(
    coordinator_client: Client, coordinator: Any
) -> None:
    from benefits.models import ClinicFee
    from benefits.services import benefits_check_record

    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.AETNA),
        member_id="A-3",
        valid_from=dt.date(2025, 1, 1),
    )
    ClinicFee.objects.create(clinic=patient.clinic, item="price_initial", price="400.00")
    ClinicFee.objects.create(clinic=patient.clinic, item="price_subsequent", price="250.00")
    benefits_check_record(
        actor=coordinator, coverage=coverage, treatment="tms", method="phone", coverage_status="active"
    )
    url = f"/benefits/coverages/{coverage.id}/"
    page = coordinator_client.get(url).content.decode()
    # TMS's two prices only, filled in from the schedule; no Spravato or ketamine price asked.
    assert 'name="price_initial" value="400.00"' in page and 'name="price_subsequent" value="250.00"' in page
    assert 'name="price_g2082"' not in page and 'name="price_infusion"' not in page
    spravato = coordinator_client.get(url + "?treatment=spravato").content.decode()
    assert 'name="price_g2082" value=""' in spravato and 'name="price_initial"' not in spravato
    assert "The clinic's fee schedule has no price for this treatment yet" in spravato.replace("&#x27;", "'")
    # Prices left empty are the schedule's: 1 × 400 + 35 × 250 allowed.
    result = coordinator_client.post(url, {"form": "estimate", "treatment": "tms"})
    assert result.status_code == 200
    assert result.context["estimate"].total_allowed == 400 + 35 * 250
    api = coordinator_client.post(
        f"/api/benefits/coverages/{coverage.id}/estimate/",
        {"treatment": "tms"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["total_allowed"] == "9150.00"
