"""The report a clinician reads (issue 10): each treatment opens with its one-line summary, the
criteria that decide it come first and the met ones are folded, sources are named in words, an
ECT referral leads the ranking without a status or score, and the staging sentence, work-up
reminders and safety reasons are shown. The compare page reads reports of either edition.

The reports here are built from the report models, not by the engine, so these tests hold the
page to its contract whatever the engine says; the last test runs the engine itself.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from eligibility.engine import RULES
from eligibility.engine.models import CandidacyReport
from eligibility.models import Evaluation
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from reassessment.models import Reassessment
from tests.factories import PatientFactory
from tests.visible_text import assert_readable, visible_text

pytestmark = pytest.mark.django_db

TMS_SUMMARY = "Contraindicated: cochlear implant within 30 cm of the coil"
MET_RATIONALE = "F33.3 is a current major depressive episode."
REFERRAL = (
    "Psychotic features in this episode: ECT is the evidence-preferred option; refer for an ECT assessment."
)


def _criterion(
    rule_id: str, treatment: str, kind: str, outcome: str, effect: str | None, rationale: str, source: str
) -> dict[str, Any]:
    return {
        "rule_id": rule_id,
        "treatment": treatment,
        "kind": kind,
        "outcome": outcome,
        "status_effect": effect,
        "rationale": rationale,
        "source": source,
        "fields": ["diagnosis.icd10_code"],
    }


def _treatment(
    treatment: str, status: str, summary: str, score: int, criteria: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "treatment": treatment,
        "status": status,
        "summary": summary,
        "score": score,
        "breakdown": [
            {
                "factor": "treatment_history",
                "points": 20,
                "max_points": 30,
                "rationale": "2 adequate failed trials.",
            }
        ],
        "criteria": criteria,
        "missing_information": [],
        "next_steps": [],
        "cautions": [],
        "pa_gaps": [],
    }


def second_edition_report(as_of: dt.date) -> dict[str, Any]:
    """A report of the second edition's shape, validated by its model."""
    indication = {
        t: _criterion(
            "common.indication.mdd",
            t,
            "label_criterion",
            "met",
            None,
            MET_RATIONALE,
            "criteria.md §10.1 [SPR-PI, NS-IFU]",
        )
        for t in ("tms", "spravato", "ketamine")
    }
    report = {
        "ruleset_version": "2.0.0",
        "ruleset_hash": "f" * 64,
        "as_of": as_of.isoformat(),
        "urgent_safety_flag": False,
        "crisis_steps": [],
        "treatments": [
            _treatment(
                "tms",
                "contraindicated",
                TMS_SUMMARY,
                0,
                [
                    indication["tms"],
                    _criterion(
                        "tms.rel.seizure_risk",
                        "tms",
                        "relative_caution",
                        "unknown",
                        "eligible_with_cautions",
                        "Family history of epilepsy is not recorded.",
                        "criteria.md §3.4 [ROSSI-2009]",
                    ),
                    _criterion(
                        "tms.abs.head_implant",
                        "tms",
                        "absolute_contraindication",
                        "not_met",
                        "contraindicated",
                        "Cochlear implant in the head: within 30 cm of the coil whatever its material.",
                        "criteria.md §10.2 [NS-IFU]",
                    ),
                ],
            ),
            _treatment(
                "spravato",
                "eligible_with_cautions",
                "Eligible with cautions: psychotic features (Spravato is never ranked first)",
                70,
                [indication["spravato"]],
            ),
            _treatment(
                "ketamine",
                "not_eligible",
                "Not eligible: psychotic features in this episode",
                0,
                [indication["ketamine"]],
            ),
        ],
        "ranking": [
            {
                "rank": 1,
                "treatment": "ect",
                "kind": "referral",
                "status": None,
                "score": None,
                "rationale": REFERRAL,
            },
            {
                "rank": 2,
                "treatment": "spravato",
                "status": "eligible_with_cautions",
                "score": 70,
                "rationale": "After the ECT referral.",
            },
            {
                "rank": 3,
                "treatment": "ketamine",
                "status": "not_eligible",
                "score": 0,
                "rationale": "Psychotic features.",
            },
            {
                "rank": 4,
                "treatment": "tms",
                "status": "contraindicated",
                "score": 0,
                "rationale": "Cochlear implant.",
            },
        ],
        "missing_information": [],
        "next_steps": [
            "Refer for an ECT assessment: the evidence-preferred option for psychotic depression."
        ],
        "safety_reasons": [
            "The PHQ-9 of 01 Dec 2026 scores 1 on item 9 and no C-SSRS is on file: complete the C-SSRS today."
        ],
        "workup": ["TSH has not been checked in the past 12 months."],
        "staging": {
            "maudsley_score": 10,
            "maudsley_band": "moderate",
            "thase_rush_stage": "II",
            "text": "Maudsley 10 of 15 (moderate); Thase–Rush stage II.",
        },
    }
    return CandidacyReport.model_validate(report).model_dump(mode="json")


def first_edition_report(as_of: dt.date) -> dict[str, Any]:
    """A report stored before the second edition: no summary, staging, work-up or safety
    reasons, and a ranking of the three treatments only."""
    report = second_edition_report(as_of)
    for key in ("safety_reasons", "workup", "staging"):
        report.pop(key)
    for result in report["treatments"]:
        result.pop("summary")
        result["status"] = "eligible"
        for criterion in result["criteria"]:
            criterion["outcome"], criterion["status_effect"] = "met", None
    report["ranking"] = [
        {"rank": i, "treatment": t, "status": "eligible", "score": 80 - i, "rationale": "Eligible."}
        for i, t in enumerate(("spravato", "tms", "ketamine"), start=1)
    ]
    report["ruleset_version"], report["ruleset_hash"] = "1.0.0", "e" * 64
    return report


def _stored(reassessment: Reassessment, clinician: Any, report: dict[str, Any]) -> Evaluation:
    return Evaluation.objects.create(
        reassessment=reassessment,
        patient=reassessment.patient,
        requested_by=clinician,
        as_of=dt.date.fromisoformat(report["as_of"]),
        reassessment_revision=reassessment.revision,
        input_snapshot=reassessment.document,
        ruleset_version=report["ruleset_version"],
        ruleset_hash=report["ruleset_hash"],
        report=report,
        urgent_safety_flag=report["urgent_safety_flag"],
        statuses={t["treatment"]: t["status"] for t in report["treatments"]},
    )


@pytest.fixture
def reassessment(clinician: Any) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    return reassessment_services.reassessment_create(actor=clinician, patient=patient, document=document)


@pytest.fixture
def as_clinician(clinician: Any) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _card(page: str, treatment: str) -> str:
    start = page.index(f'data-testid="card-{treatment}"')
    return page[start : page.index("</section>", start)]


def test_each_treatment_opens_with_its_summary_and_what_decides_it(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    evaluation = _stored(reassessment, clinician, second_edition_report(timezone.localdate()))
    page = as_clinician.get(f"/eligibility/evaluations/{evaluation.id}/").content.decode()
    assert_readable(page)
    card = _card(page, "tms")
    # The first line of text after the heading row (name, status, score) is the summary.
    after_heading = card[card.index("</div>") :]
    assert visible_text(after_heading)[0] == TMS_SUMMARY
    # Not met first, then the unknown caution; the met criterion only inside the folded details.
    contraindication = card.index("Cochlear implant in the head")
    caution = card.index("Family history of epilepsy is not recorded.")
    details = card.index("<details")
    assert contraindication < caution < details < card.index(MET_RATIONALE)
    # Sources in words; rule ids only in attributes, never as text.
    assert "NeuroStar TMS instructions for use" in card
    assert "Rossi et al. TMS safety guidelines, 2009" in card
    assert all("tms.abs.head_implant" not in text for text in visible_text(card))
    assert 'data-rule="tms.abs.head_implant"' in card


def test_the_ranking_leads_with_an_ect_referral_without_status_or_score(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    evaluation = _stored(reassessment, clinician, second_edition_report(timezone.localdate()))
    page = as_clinician.get(f"/eligibility/evaluations/{evaluation.id}/").content.decode()
    first = re.search(r'<li data-testid="rank-1"[^>]*>(.*?)</li>', page, re.S)
    assert first is not None
    assert 'data-kind="referral"' in first[0]
    assert visible_text(first[1]) == ["ECT referral", f"— {REFERRAL}"]
    assert "status-pill" not in first[1] and "score" not in first[1]
    second = re.search(r'<li data-testid="rank-2"[^>]*>(.*?)</li>', page, re.S)
    assert second is not None and "Spravato" in second[1] and "score 70" in second[1]


def test_the_report_shows_staging_work_up_reminders_and_safety_reasons(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    evaluation = _stored(reassessment, clinician, second_edition_report(timezone.localdate()))
    page = as_clinician.get(f"/eligibility/evaluations/{evaluation.id}/").content.decode()
    assert "Maudsley 10 of 15 (moderate); Thase–Rush stage II." in page
    workup = page.index("Work-up reminders")
    assert workup < page.index("TSH has not been checked in the past 12 months.")
    assert "never change a result" in page
    assert "no C-SSRS is on file: complete the C-SSRS today." in page
    assert "Refer for an ECT assessment" in page


def test_a_report_stored_before_the_second_edition_still_shows(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    evaluation = _stored(reassessment, clinician, first_edition_report(timezone.localdate()))
    response = as_clinician.get(f"/eligibility/evaluations/{evaluation.id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert_readable(page)
    assert "Work-up reminders" not in page and 'data-kind="referral"' not in page


def test_the_compare_page_reads_an_old_report_against_a_new_one(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    today = timezone.localdate()
    old = _stored(reassessment, clinician, first_edition_report(today))
    new = _stored(reassessment, clinician, second_edition_report(today))
    response = as_clinician.get(f"/eligibility/evaluations/{new.id}/compare/{old.id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert_readable(page)
    text = " | ".join(visible_text(page))
    assert "Spravato, then TMS, then Ketamine | ECT referral, then Spravato, then Ketamine, then TMS" in text
    assert f"— | {TMS_SUMMARY}" in text
    assert "Work-up reminder | — | TSH has not been checked in the past 12 months." in text
    # A criterion is named by what the report says, and links to the rules page for staff.
    assert 'href="/eligibility/rules/#rule-tms.abs.head_implant"' in page
    assert "Cochlear implant in the head: within 30 cm of the coil whatever its material." in text


def test_the_compare_page_names_changed_sections_in_words_across_schema_versions(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    today = timezone.localdate()
    old = _stored(reassessment, clinician, first_edition_report(today))
    # The older evaluation saw a version-1 document that said the same as today's, except ECT.
    snapshot = {**reassessment.document, "schema_version": 1}
    snapshot.pop("none_of_these")
    snapshot["other_treatments"] = {**snapshot["other_treatments"], "ect": "unknown"}
    old.input_snapshot = snapshot
    old.save(update_fields=["input_snapshot"])
    new = _stored(reassessment, clinician, second_edition_report(today))
    page = as_clinician.get(f"/eligibility/evaluations/{new.id}/compare/{old.id}/").content.decode()
    assert_readable(page)
    sections = re.search(r"Reassessment sections changed</h2>(.*?)</section>", page, re.S)
    assert sections is not None
    assert visible_text(sections[1]) == [
        "Lists answered none of these",
        "ECT, TMS, esketamine, ketamine before",
    ]


def test_the_rules_page_keeps_each_rule_id_and_anchor_for_staff(as_clinician: Client) -> None:
    page = as_clinician.get("/eligibility/rules/").content.decode()
    rule = sorted(RULES, key=lambda r: r.id)[0]
    assert f'id="rule-{rule.id}"' in page and f"<code>{rule.id}</code>" in page
    assert "criteria.md" in page


def test_a_real_evaluation_reads_as_sentences(as_clinician: Client, reassessment: Reassessment) -> None:
    """Needs the second-edition engine: the report it stores must carry the new fields."""
    body = as_clinician.post(f"/api/reassessments/{reassessment.id}/evaluations/")
    assert body.status_code == 201, body.content
    page = as_clinician.get(f"/eligibility/evaluations/{body.json()['id']}/").content.decode()
    assert_readable(page)
    for treatment in ("tms", "spravato", "ketamine"):
        assert f'data-testid="summary-{treatment}"' in page
