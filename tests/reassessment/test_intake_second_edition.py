"""The intake for the second edition (issue 10): every new field labelled in words, "None of
these" on each list section, errors on their field as sentences, Thase–Rush on the summary, and
old version-1 rows still read, exported and imported as version 2."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reassessment import services
from reassessment.computed import COMPUTED_VERSION
from reassessment.demo import full_document, second_edition_variants
from reassessment.documents import SCHEMA_VERSION
from reassessment.labels import FIELD_LABELS, all_models, describe_path, sentence
from reassessment.models import Reassessment
from reassessment.sections import SECTIONS
from tests.factories import PatientFactory
from tests.visible_text import assert_readable, unreadable, visible_text

pytestmark = pytest.mark.django_db
JSON = "application/json"
BORN = dt.date(1970, 1, 1)


@pytest.fixture
def signed_in(clinician: object) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _create(clinician: object, document: dict[str, Any] | None = None) -> Reassessment:
    patient = PatientFactory(date_of_birth=BORN)
    return services.reassessment_create(actor=clinician, patient=patient, document=document)


def _document(**variant: str) -> dict[str, Any]:
    today = timezone.localdate()
    if variant:
        (name,) = variant.values()
        return second_edition_variants(assessed_on=today, date_of_birth=BORN, sex_at_birth="female")[name]
    return full_document(assessed_on=today, date_of_birth=BORN)


def _url(r: Reassessment, slug: str = "") -> str:
    return f"/reassessments/{r.id}/sections/{slug}/" if slug else f"/reassessments/{r.id}/"


def _rows(data: dict[str, Any], total: int, initial: int = 0) -> dict[str, Any]:
    return {"rows-TOTAL_FORMS": total, "rows-INITIAL_FORMS": initial, **data}


# --- Labels ----------------------------------------------------------------------------------


def test_every_field_of_the_document_has_a_label_in_words() -> None:
    unlabelled = [
        f"{model.__name__}.{name}"
        for model in all_models()
        for name in model.model_fields
        if name not in FIELD_LABELS and f"{model.__name__}.{name}" not in FIELD_LABELS
    ]
    assert unlabelled == []


def test_the_helper_catches_keys_and_anchors_in_text_but_not_in_attributes_or_code() -> None:
    page = (
        '<p data-x="daily_dose_mg" class="field_error">Daily dose</p><code>tms.abs.head_implant</code>'
        "<p>see criteria.md §3.3</p><p>metal_or_implants is no</p><script>var a_b = 1;</script>"
    )
    assert visible_text(page) == ["Daily dose", "see criteria.md §3.3", "metal_or_implants is no"]
    assert unreadable(page) == ["see criteria.md §3.3", "metal_or_implants is no"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "daily_dose_mg 1500 is not plausible for Sertraline",
            "A daily dose of 1500 mg is not plausible for Sertraline.",
        ),
        ("Input should be less than or equal to 280", "Must be 280 or less."),
        ("end_date is before start_date", "The end date is before the start date."),
        (
            "PHQ-9 items score 0 to 3; item(s) [4, 7] are out of range",
            "PHQ-9 items score 0 to 3; items 4, 7 are out of range.",
        ),
        ("is in the future", "This date is in the future."),
        ("madrs total is 0 to 60", "The MADRS total is 0 to 60."),
        (
            "implants are listed but the answer to metal or implants is no",
            "Implants are listed but the answer to metal or implants is no.",
        ),
    ],
)
def test_validation_messages_read_as_sentences(message: str, expected: str) -> None:
    assert sentence(message) == expected


def test_a_path_is_named_in_words() -> None:
    assert describe_path("medication_trials.2.daily_dose_mg") == "Medication trials, row 3, daily dose (mg)"
    assert describe_path("prior_courses.tms") == "Prior TMS, Spravato, ketamine or ECT courses, TMS"
    assert describe_path("medical.implants.0.removable") == (
        "Medical history, implants, devices and metal, row 1, removable (external items only)"
    )


# --- Pages read as sentences ------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant", ["", "cochlear_implant", "prior_tms_relapse", "intolerance_and_adherence"]
)
def test_every_intake_page_and_the_summary_show_no_keys_or_anchors(
    signed_in: Client, clinician: object, variant: str
) -> None:
    r = _create(clinician, _document(name=variant) if variant else _document())
    for spec in SECTIONS:
        page = signed_in.get(_url(r, spec.slug))
        assert page.status_code == 200, spec.slug
        assert_readable(page.content.decode())
    assert_readable(signed_in.get(_url(r)).content.decode())


def test_a_blank_draft_reads_as_sentences_too(signed_in: Client, clinician: object) -> None:
    r = _create(clinician)
    for spec in SECTIONS:
        assert_readable(signed_in.get(_url(r, spec.slug)).content.decode())
    summary = signed_in.get(_url(r)).content.decode()
    assert_readable(summary)
    assert "Medical history, current medicines" in summary  # asked for, in words


def test_the_new_fields_are_on_the_intake_with_their_labels(signed_in: Client, clinician: object) -> None:
    r = _create(clinician, _document())
    pages = {spec.slug: signed_in.get(_url(r, spec.slug)).content.decode() for spec in SECTIONS}
    assert "Catatonia in this episode" in pages["diagnosis"]
    for label in (
        "Possible past hypomania",
        "Family history of bipolar disorder",
        "Psychosis before this episode",
    ):
        assert label in pages["co-occurring"]
    trials = pages["medication-trials"]
    assert "Ended for side effects (intolerance)" in trials
    assert ">Intolerance<" not in trials  # no longer an outcome
    for label in (
        "Where the aneurysm is",
        "Raised intracranial pressure or an intracranial mass",
        "Stroke or heart attack in the past 6 months",
        "Family history of epilepsy",
    ):
        assert label in pages["medical"]
    implants = pages["implants"]
    for label in (
        "Endovascular coil",
        "External item (jewellery, hair clip, hearing aid, glasses)",
        "Named body site",
    ):
        assert label in implants
    assert "Methylphenidate" in pages["current-medications"]
    assert "Improvement (%)" in pages["prior-courses"]
    assert "Symptoms returned after the course" in pages["prior-courses"]


def test_the_summary_shows_thase_rush_next_to_maudsley(signed_in: Client, clinician: object) -> None:
    r = _create(clinician, _document())
    page = signed_in.get(_url(r)).content.decode()
    assert "Maudsley Staging Method" in page and "Thase–Rush stage" in page
    # Sertraline (SSRI) and venlafaxine (SNRI) failed: two classes, stage II.
    assert 'data-testid="thase-rush-stage">II<' in page


# --- None of these ---------------------------------------------------------------------------


def test_none_of_these_is_saved_and_shown_and_completes_the_list(
    signed_in: Client, clinician: object
) -> None:
    document = _document()
    document["none_of_these"] = ["prior_courses"]  # current medicines left unanswered
    r = _create(clinician, document)
    assert ("medical", "current_medications") in {(m["section"], m["item"]) for m in r.computed["missing"]}
    response = signed_in.post(
        _url(r, "current-medications"),
        _rows({"revision": r.revision, "section-none_of_these": "on", "then": "stay"}, total=2),
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.document["none_of_these"] == ["prior_courses", "current_medications"]
    assert not r.computed["missing"]
    page = signed_in.get(_url(r, "current-medications"))
    assert page.context["editor"].none_form.initial == {"none_of_these": True}
    summary = signed_in.get(_url(r)).content.decode()
    assert 'data-testid="none-current-medications">None of these.' in summary

    # Unticking it clears the answer again.
    signed_in.post(_url(r, "current-medications"), _rows({"revision": r.revision, "then": "stay"}, total=0))
    assert Reassessment.objects.get(id=r.id).document["none_of_these"] == ["prior_courses"]


def test_none_of_these_with_a_row_is_refused_on_the_page_and_nothing_is_saved(
    signed_in: Client, clinician: object
) -> None:
    r = _create(clinician, _document())
    response = signed_in.post(
        _url(r, "current-medications"),
        _rows(
            {
                "revision": r.revision,
                "section-none_of_these": "on",
                "rows-0-drug": "clozapine",
                "rows-0-daily_dose_mg": "300",
                "then": "stay",
            },
            total=1,
        ),
    )
    assert response.status_code == 400
    errors = response.context["editor"].none_form.errors["none_of_these"]
    assert errors == ["Rows are listed, so the answer cannot be none of these: remove the rows or untick it."]
    assert Reassessment.objects.get(id=r.id).revision == r.revision


def test_a_current_medicine_is_saved_from_the_catalog(signed_in: Client, clinician: object) -> None:
    r = _create(clinician, _document())
    response = signed_in.post(
        _url(r, "current-medications"),
        _rows(
            {
                "revision": r.revision,
                "rows-0-drug": "tramadol",
                "rows-0-daily_dose_mg": "200",
                "then": "stay",
            },
            1,
        ),
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.document["medical"]["current_medications"] == [{"drug": "tramadol", "daily_dose_mg": 200.0}]
    assert "current_medications" not in r.document["none_of_these"]  # a row answers it
    assert "Tramadol" in signed_in.get(_url(r)).content.decode()


# --- Errors on their field, as sentences -----------------------------------------------------


def test_an_implanted_device_marked_removable_is_refused_on_the_removable_box(
    signed_in: Client, clinician: object
) -> None:
    r = _create(clinician, _document())
    data = _rows(
        {
            "revision": r.revision,
            "rows-0-kind": "dental_only",
            "rows-0-location": "head",
            "rows-0-magnetic_or_conductive": "no",
            "rows-1-kind": "cochlear_implant",
            "rows-1-location": "head",
            "rows-1-removable": "on",
            "then": "stay",
        },
        total=2,
        initial=1,
    )
    response = signed_in.post(_url(r, "implants"), data)
    assert response.status_code == 400
    row = response.context["editor"].form.forms[1]
    assert row.errors["removable"] == [
        "Only an external item (jewellery, hair clip, hearing aid, glasses) can be marked removable; an "
        "implanted device cannot."
    ]
    assert_readable(response.content.decode())
    # An external item can be.
    data["rows-1-kind"] = "external_item"
    assert signed_in.post(_url(r, "implants"), data).status_code == 302


def test_a_trial_that_ended_before_the_episode_names_both_dates_on_its_end_date(
    signed_in: Client, clinician: object
) -> None:
    r = _create(clinician, _document())
    episode_start = dt.date.fromisoformat(r.document["diagnosis"]["episode_start"])
    before = episode_start - dt.timedelta(days=30)
    page = signed_in.get(_url(r, "medication-trials"))
    formset = page.context["editor"].form
    data: dict[str, Any] = {"revision": r.revision, "then": "stay"}
    data |= {f"rows-{key}": value for key, value in formset.management_form.initial.items()}
    for i, row in enumerate(formset.forms):
        for name, field in row.fields.items():
            value = row.initial.get(name, field.initial)
            if value not in (None, "", False):
                data[f"rows-{i}-{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    data["rows-0-start_date"] = (before - dt.timedelta(weeks=10)).isoformat()
    data["rows-0-end_date"] = before.isoformat()
    response = signed_in.post(_url(r, "medication-trials"), data)
    assert response.status_code == 400
    (message,) = response.context["editor"].form.forms[0].errors["end_date"]
    assert before.isoformat() in message and episode_start.isoformat() in message
    assert message.startswith("This date is ") and message.endswith(".")


def test_a_prior_course_of_a_treatment_never_given_is_a_sentence_without_keys(
    signed_in: Client, clinician: object
) -> None:
    r = _create(clinician, _document())  # TMS ever given: no
    response = signed_in.post(
        _url(r, "prior-courses"),
        _rows(
            {"revision": r.revision, "rows-0-treatment": "tms", "rows-0-sessions": "30", "then": "stay"}, 1
        ),
    )
    assert response.status_code == 400
    assert response.context["unplaced"] == [
        "A prior TMS course is listed but the answer to whether it was ever given is no."
    ]
    assert_readable(response.content.decode())


# --- Version-1 rows -------------------------------------------------------------------------


def _version_1(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` as version 1 stored it: no second-edition field, intolerance as an outcome,
    and a removable "other" item."""
    old = copy.deepcopy(document)
    old["schema_version"] = 1
    old.pop("none_of_these")
    del old["diagnosis"]["catatonia"]
    for key in ("possible_past_hypomania", "family_history_bipolar", "past_psychosis"):
        del old["co_occurring"][key]
    for trial in old["medication_trials"]:
        del trial["ended_for_intolerance"]
    old["medication_trials"][0]["outcome"] = "intolerance"
    medical = old["medical"]
    for key in (
        "family_history_epilepsy",
        "raised_icp_or_intracranial_mass",
        "recent_stroke_or_mi",
        "current_medications",
    ):
        del medical[key]
    medical["implants"].append({"kind": "other", "location": "head", "removable": True, "notes": "Earrings"})
    return old


@pytest.fixture
def stored_v1(clinician: object) -> Reassessment:
    """A row as version 1 of the app stored it (document and summary of that time)."""
    patient = PatientFactory(date_of_birth=BORN)
    document = _version_1(_document())
    return Reassessment.objects.create(
        patient=patient,
        author=clinician,
        assessed_on=dt.date.fromisoformat(document["assessed_on"]),
        document=document,
        computed={"computed_version": 1, "safety": {"raised": False, "reasons": []}},
    )


def test_a_stored_version_1_document_shows_on_every_page(signed_in: Client, stored_v1: Reassessment) -> None:
    summary = signed_in.get(_url(stored_v1))
    assert summary.status_code == 200
    text = summary.content.decode()
    assert_readable(text)
    assert "Thase–Rush stage" in text  # the summary is computed again, not read from the old row
    trials = signed_in.get(_url(stored_v1, "medication-trials"))
    first = trials.context["editor"].form.forms[0]
    assert (first.initial["outcome"], first.initial["ended_for_intolerance"]) == ("unknown", "yes")
    implants = signed_in.get(_url(stored_v1, "implants")).context["editor"].form.forms[1]
    assert (implants.initial["kind"], implants.initial["removable"]) == ("external_item", True)
    for spec in SECTIONS:
        assert signed_in.get(_url(stored_v1, spec.slug)).status_code == 200
    # Read, never rewritten: the signed-era row is as it was stored.
    assert Reassessment.objects.get(id=stored_v1.id).document["schema_version"] == 1


def test_a_stored_version_1_document_exports_as_version_2_and_imports_again(
    signed_in: Client, stored_v1: Reassessment
) -> None:
    exported = signed_in.get(f"/api/reassessments/{stored_v1.id}/document/")
    assert exported.status_code == 200
    body = exported.json()
    assert body["schema_version"] == SCHEMA_VERSION == 2
    assert body["medication_trials"][0]["ended_for_intolerance"] == "yes"
    detail = signed_in.get(f"/api/reassessments/{stored_v1.id}/").json()
    assert detail["document"] == body and detail["computed"]["computed_version"] == COMPUTED_VERSION
    imported = signed_in.post(
        f"/api/patients/{stored_v1.patient_id}/reassessments/import/", body, content_type=JSON
    )
    assert imported.status_code == 201, imported.json()
    assert imported.json()["document"] == body


def test_a_version_1_file_imports_as_version_2(signed_in: Client, clinician: object) -> None:
    patient = PatientFactory(date_of_birth=BORN)
    response = signed_in.post(
        f"/api/patients/{patient.id}/reassessments/import/", _version_1(_document()), content_type=JSON
    )
    assert response.status_code == 201, response.json()
    document = response.json()["document"]
    assert document["schema_version"] == 2
    assert document["diagnosis"]["catatonia"] == "unknown"  # every new fact starts unknown
    assert document["medication_trials"][0]["outcome"] == "unknown"


def test_completing_too_early_says_what_is_missing_in_words(signed_in: Client, clinician: object) -> None:
    r = _create(clinician)
    response = signed_in.post(f"/reassessments/{r.id}/complete/", {"revision": r.revision}, follow=True)
    page = response.content.decode()
    assert_readable(page)
    assert "Diagnosis, primary diagnosis (ICD-10-CM): " in page
    assert "Safety screening, C-SSRS screener: " in page


def test_an_aneurysm_site_without_aneurysmal_disease_is_refused_on_the_site(
    signed_in: Client, clinician: object
) -> None:
    r = _create(clinician, _document())  # aneurysmal vascular disease: no
    page = signed_in.get(_url(r, "medical"))
    data = {"revision": r.revision, "then": "stay"}
    for name, value in page.context["editor"].form.initial.items():
        if value not in (None, ""):
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["aneurysm_site"] = "intracranial"
    response = signed_in.post(_url(r, "medical"), data)
    assert response.status_code == 400
    assert response.context["editor"].form.errors["aneurysm_site"] == [
        "An aneurysm site is recorded but aneurysmal vascular disease is no."
    ]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("criteria.md §3.3 [NS-IFU]", "NeuroStar TMS instructions for use"),
        (
            "criteria.md §3.7 [AETNA-0469]: FDA-cleared device",
            "Aetna Clinical Policy Bulletin 0469: FDA-cleared device",
        ),
        ("criteria.md §10.3 (clinic parameter)", "clinic decision rules (second edition); clinic policy"),
        ("A payer's own words", "A payer's own words"),
    ],
)
def test_sources_are_named_in_words_and_keep_what_else_they_say(source: str, shown: str) -> None:
    from reassessment.templatetags.clinical import cited, source_words

    assert source_words(source) == shown
    assert "criteria.md" not in cited(f"Plan the course (usually 30 sessions, {source}).")


def test_the_summary_says_whether_the_cssrs_is_current(signed_in: Client, clinician: object) -> None:
    current = _create(clinician, _document())
    assert (
        "The C-SSRS is current: 0 days before the assessment."
        in signed_in.get(_url(current)).content.decode()
    )
    document = _document()
    old = dt.date.fromisoformat(document["assessed_on"]) - dt.timedelta(days=31)
    document["safety"]["cssrs"]["administered_on"] = old.isoformat()
    stale = _create(clinician, document)
    page = signed_in.get(_url(stale)).content.decode()
    assert "The C-SSRS is not current: it is 31 days before the assessment, more than 30." in page
