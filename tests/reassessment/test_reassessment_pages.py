"""The intake pages: section saves, errors on the right field, refusals, and constant query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from elevium.accounts.roles import Role
from patients.models import Patient
from reassessment import services
from reassessment.demo import full_document
from reassessment.models import Reassessment
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(clinician: object) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    return services.reassessment_create(actor=clinician, patient=patient)


@pytest.fixture
def signed_in(clinician: object) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _section(draft: Reassessment, slug: str) -> str:
    return f"/reassessments/{draft.id}/sections/{slug}/"


def test_a_section_save_stores_it_and_moves_on(signed_in: Client, draft: Reassessment) -> None:
    response = signed_in.post(
        _section(draft, "diagnosis"),
        {
            "revision": draft.revision,
            "icd10_code": "F33.2",
            "severity": "severe",
            "psychotic_features": "no",
            "then": "next",
        },
    )
    assert response["Location"] == _section(draft, "co-occurring")
    draft.refresh_from_db()
    assert draft.document["diagnosis"]["icd10_code"] == "F33.2"
    assert draft.document["diagnosis"]["anxious_distress"] == "unknown"  # blank stays unknown, never "no"


def test_a_bad_value_is_shown_on_its_field_and_nothing_is_saved(
    signed_in: Client, draft: Reassessment
) -> None:
    response = signed_in.post(
        _section(draft, "medical"),
        {
            "revision": draft.revision,
            "latest_blood_pressure__measured_on": timezone.localdate().isoformat(),
            "latest_blood_pressure__systolic": "400",
            "latest_blood_pressure__diastolic": "20",
            "then": "next",
        },
    )
    assert response.status_code == 400
    form = response.context["editor"].form
    assert "latest_blood_pressure__systolic" in form.errors
    assert "latest_blood_pressure__diastolic" in form.errors
    draft.refresh_from_db()
    assert draft.revision == 1 and draft.document["medical"]["latest_blood_pressure"] is None


def test_a_phq9_item_of_4_is_refused_on_that_item(signed_in: Client, draft: Reassessment) -> None:
    data = {
        "revision": draft.revision,
        "rows-TOTAL_FORMS": 1,
        "rows-INITIAL_FORMS": 0,
        "rows-0-administered_on": timezone.localdate().isoformat(),
        "then": "stay",
    }
    data |= {f"rows-0-items_{i}": 1 for i in range(1, 10)} | {"rows-0-items_4": 4}
    response = signed_in.post(_section(draft, "phq9"), data)
    assert response.status_code == 400
    row = response.context["editor"].form.forms[0]
    assert row.errors["items_4"] == ["PHQ-9 items score 0 to 3; item 4 is out of range."]
    assert "items_3" not in row.errors
    assert Reassessment.objects.get(id=draft.id).document["measurement"]["phq9"] == []


def test_a_stale_form_does_not_overwrite_a_newer_save(signed_in: Client, draft: Reassessment) -> None:
    signed_in.post(_section(draft, "logistics"), {"revision": 1, "notes": "newer", "then": "stay"})
    response = signed_in.post(_section(draft, "logistics"), {"revision": 1, "notes": "older", "then": "stay"})
    assert response["Location"] == f"/reassessments/{draft.id}/"
    assert Reassessment.objects.get(id=draft.id).document["logistics"]["notes"] == "newer"


def test_a_signed_reassessment_cannot_be_edited_from_the_browser(
    signed_in: Client, clinician: object
) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    r = services.reassessment_create(actor=clinician, patient=patient, document=document)
    r = services.reassessment_sign(
        actor=clinician,
        reassessment=services.reassessment_complete(actor=clinician, reassessment=r, revision=None),
        revision=None,
    )
    response = signed_in.post(
        _section(r, "logistics"), {"revision": r.revision, "notes": "sneaky"}, follow=True
    )
    assert "cannot be edited" in response.content.decode()
    assert Reassessment.objects.get(id=r.id).document["logistics"]["notes"] == ""


def test_the_summary_shows_the_recorded_answers_and_the_computed_staging(
    client_for: Callable[[Role], Client], clinician: object
) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    r = services.reassessment_create(actor=clinician, patient=patient, document=document)
    page = client_for(Role.REVIEWER).get(f"/reassessments/{r.id}/").content.decode()
    assert "F33.2 MDD, recurrent, severe without psychotic features" in page
    assert "Maudsley Staging Method" in page and "Sertraline" in page


@pytest.mark.parametrize("versions", [2, 20])
def test_the_patient_page_costs_the_same_queries_for_2_or_20_reassessments(
    signed_in: Client, clinician: object, versions: int
) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    for _ in range(versions):
        services.reassessment_create(actor=clinician, patient=patient, document=document)
    signed_in.get(f"/patients/{patient.id}/")
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(f"/patients/{patient.id}/").status_code == 200
    # session, user, patient, audit insert, score history, PA cases, coverages, out-of-date evaluations,
    # the clinic's time zone and the open treatment courses, reassessment list
    assert len(queries) == 11, "\n".join(q["sql"] for q in queries.captured_queries)


def test_demo_data_has_reassessments_in_every_state(settings: object, tmp_path: object) -> None:
    settings.VAR_DIR = tmp_path
    UserFactory(username="unused")  # the demo users are created by the command itself
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(Reassessment.objects.values_list("status", flat=True))
    assert statuses == {"draft", "complete", "signed", "amended"}
    assert Reassessment.objects.filter(safety_flag=True, safety_actions__isnull=False).exists()
    assert Patient.objects.filter(mrn__startswith="DEMO-").count() == 10


@pytest.mark.parametrize(
    "slug", ["medication-trials", "implants", "substance-use", "contributors", "psychotherapy"]
)
def test_posting_a_list_section_back_unchanged_keeps_every_row(
    signed_in: Client, clinician: object, slug: str
) -> None:
    from reassessment.sections import BY_SLUG, section_value

    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    r = services.reassessment_create(actor=clinician, patient=patient, document=document)
    before = section_value(r.document, BY_SLUG[slug])
    page = signed_in.get(_section(r, slug))
    formset = page.context["editor"].form
    data = {
        "revision": r.revision,
        "then": "stay",
        **{f"rows-{key}": value for key, value in formset.management_form.initial.items()},
    }
    for i, row in enumerate(formset.forms):
        for name, field in row.fields.items():
            value = row.initial.get(name, field.initial)
            if value not in (None, "", False):
                data[f"rows-{i}-{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    response = signed_in.post(_section(r, slug), data)
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context["editor"].form.errors
    )
    after = section_value(Reassessment.objects.get(id=r.id).document, BY_SLUG[slug])
    assert after == before
