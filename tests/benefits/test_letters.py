"""The letter of medical necessity says what the record says, escapes it, and renders to PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from benefits.letters import TREATMENT_NAMES, draft_narrative, letter_facts
from benefits.pdf import html_to_pdf
from eligibility.engine import evaluate
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def facts():  # noqa: ANN201
    document = ReassessmentDocument.model_validate(
        full_document(assessed_on=TODAY, date_of_birth=dt.date(1980, 1, 1))
    )
    report = evaluate(document).model_dump(mode="json")
    return letter_facts(
        document=document,
        report=report,
        treatment="spravato",
        patient_name="Avery, <script>x</script>",
        mrn="DEMO-0001",
        payer="Example Health",
        member_id="EH123",
        clinician="Dana Okafor, MD",
        today=TODAY,
    )


def test_it_lists_each_trial_with_dose_dates_and_outcome(facts) -> None:  # noqa: ANN001
    sertraline = facts.trials[0]
    assert sertraline.drug_class == "SSRI"
    assert (sertraline.drug, sertraline.dose, sertraline.outcome) == (
        "Sertraline",
        "150 mg/day",
        "no response",
    )
    assert sertraline.period.endswith("(12.0 weeks)") and sertraline.assessment == "adequate failure"
    assert facts.resistance_summary == (
        "3 adequate antidepressant trials failed in the current episode, from 3 classes; "
        "1 augmentation trial."
    )


def test_it_cites_the_criteria_the_engine_found_met(facts) -> None:  # noqa: ANN001
    ids = {c.rule_id for c in facts.criteria_met}
    assert "spravato.indication" in ids and "spravato.abs.aneurysmal_disease" in ids
    # Sources are named in words, each sentence once.
    assert not any("criteria.md" in c.source or "§" in c.source for c in facts.criteria_met)
    assert "Spravato prescribing information" in {c.source for c in facts.criteria_met}
    rationales = [c.rationale for c in facts.criteria_met]
    assert len(rationales) == len(set(rationales))


def test_the_html_escapes_record_text_and_the_pdf_renders(facts) -> None:  # noqa: ANN001
    html = render_to_string("benefits/letter.html", {"f": facts, "paragraphs": [draft_narrative(facts)]})
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "Sertraline" in html and "PHQ-9 17 (moderately severe) on 2026-11-27" in html
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000


def test_nothing_in_the_letter_is_a_placeholder_or_a_filler(facts) -> None:  # noqa: ANN001
    html = render_to_string(
        "benefits/letter.html", {"f": facts, "paragraphs": draft_narrative(facts).split("\n\n")}
    )
    for bad in ("?", "(s)", "criteria.md", "§", "Not recorded", "not recorded"):
        assert bad not in html.split("</style>")[1], bad
    assert "CBT: 16 sessions over 16 weeks, partial response" in facts.psychotherapy


def test_the_draft_narrative_is_sentences_from_the_record(facts) -> None:  # noqa: ANN001
    narrative = draft_narrative(facts)
    assert narrative.startswith("I am writing to request authorization of Spravato")
    assert "3 adequate antidepressant trials failed" in narrative and "PHQ-9" not in narrative
    assert "is medically necessary for this patient" in narrative


@pytest.mark.parametrize(
    ("treatment", "opening"),
    [
        ("tms", "authorization of transcranial magnetic stimulation (TMS) for my patient"),
        ("ketamine", "authorization of ketamine infusion (off-label) for my patient"),
    ],
)
def test_the_treatment_reads_as_part_of_the_sentence(facts, treatment: str, opening: str) -> None:  # noqa: ANN001
    narrative = draft_narrative(facts.model_copy(update={"treatment_name": TREATMENT_NAMES[treatment]}))
    assert opening in narrative
