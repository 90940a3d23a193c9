"""The letter of medical necessity: the facts a payer asks for (criteria.md §7.2), gathered from
the signed reassessment and the evaluation's rationale. Plain Python, no Django; the template
(templates/benefits/letter.html) lays it out and benefits.pdf renders it.

Every sentence comes from the record: trials with dose, dates and outcome; the latest scale
scores; psychotherapy; the criteria the engine found met, with their sources; and what was
screened for safety. Nothing is added that the record does not say.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict

from eligibility.engine.sources import in_words
from reassessment.catalog import DRUGS, ICD10_CODES
from reassessment.documents import ReassessmentDocument
from reassessment.labels import value_label
from reassessment.scales import phq9_result, scale_result
from reassessment.staging import treatment_resistance
from reassessment.trials import trial_assessment

# As written mid-sentence ("I am writing to request authorization of …").
TREATMENT_NAMES = {
    "tms": "transcranial magnetic stimulation (TMS)",
    "spravato": "Spravato (esketamine nasal spray), administered under the REMS program",
    "ketamine": "ketamine infusion (off-label)",
}
OUTCOMES = {
    "no_response": "no response",
    "partial_response": "partial response",
    "response": "response",
    "intolerance": "not tolerated",
    "unknown": "outcome not recorded",
    "dropped_out": "discontinued",
}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TrialLine(Frozen):
    drug: str
    drug_class: str
    dose: str
    period: str
    outcome: str
    assessment: str


class CriterionLine(Frozen):
    rule_id: str
    rationale: str
    source: str


class UnmetLine(Frozen):
    requirement: str
    rationale: str
    source: str


class LetterFacts(Frozen):
    date: dt.date
    patient_name: str
    date_of_birth: dt.date
    mrn: str
    payer: str
    member_id: str
    treatment: str
    treatment_name: str
    diagnosis: str
    scores: tuple[str, ...]
    trials: tuple[TrialLine, ...]
    resistance_summary: str
    psychotherapy: tuple[str, ...]
    criteria_met: tuple[CriterionLine, ...]
    safety_screening: tuple[str, ...]
    cautions: tuple[str, ...]
    unmet: tuple[UnmetLine, ...]
    clinician: str


def _period(trial: Any, weeks: float | None) -> str:
    if trial.start_date and (trial.end_date or trial.ongoing):
        end = "ongoing" if trial.ongoing else trial.end_date.isoformat()
        span = f" ({weeks:.1f} weeks)" if weeks is not None else ""
        return f"{trial.start_date.isoformat()} to {end}{span}"
    return f"{weeks:.1f} weeks" if weeks is not None else "duration not recorded"


def _trial_lines(document: ReassessmentDocument, today: dt.date) -> tuple[TrialLine, ...]:
    return tuple(
        TrialLine(
            drug=DRUGS[trial.drug].name,
            drug_class=value_label(assessed.drug_class, "drug_class"),
            dose=f"{trial.daily_dose_mg:g} mg/day"
            if trial.daily_dose_mg is not None
            else "dose not recorded",
            period=_period(trial, assessed.weeks),
            outcome=OUTCOMES[trial.outcome],
            assessment=assessed.status.replace("_", " "),
        )
        for trial in document.medication_trials
        for assessed in [trial_assessment(trial, as_of=today)]
    )


def _score_lines(document: ReassessmentDocument) -> tuple[str, ...]:
    scores = [
        f"PHQ-9 {r.total} ({r.band.replace('_', ' ')}) on {r.administered_on.isoformat()}"
        for r in sorted((phq9_result(p) for p in document.measurement.phq9), key=lambda r: r.administered_on)
    ]
    scores += [
        f"{r.scale.upper()} {r.total} ({r.band}) on {r.administered_on.isoformat()}"
        for r in (scale_result(s) for s in document.measurement.other_scores)
    ]
    return tuple(scores)


def _plural(count: int, word: str, plural: str = "") -> str:
    """ "1 trial", "3 trials": never "trial(s)"."""
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def _psychotherapy_lines(document: ReassessmentDocument) -> tuple[str, ...]:
    """Each course of psychotherapy with what is on record of it: no "?" where a count is missing."""
    lines = []
    for p in document.psychotherapy_trials:
        extent = []
        if p.sessions is not None:
            extent.append(_plural(p.sessions, "session"))
        if p.weeks is not None:
            extent.append(f"over {p.weeks:g} weeks")
        course = " ".join(extent)
        outcome = OUTCOMES[p.outcome]
        name = p.modality.replace("_", " ").upper()
        lines.append(f"{name}: {course}, {outcome}" if course else f"{name}: {outcome}")
    return tuple(dict.fromkeys(lines))


# Engine results that are bookkeeping rather than something a payer asks about.
_NOT_FOR_PAYERS = ("common.as_of", "common.unknown_trial")
# A rule met only because it does not apply to this treatment ("A recent blood pressure is not a
# TMS criterion.") proves nothing to a payer.
_NOT_A_CRITERION = re.compile(r"\bis not an? [A-Za-z ]*criterion\.$")


def _criteria_met(result: dict[str, Any]) -> tuple[CriterionLine, ...]:
    """The label criteria and absolute contraindications the stored result found met, each
    sentence once (two rules may say the same thing), with its source named in words."""
    lines: dict[str, CriterionLine] = {}
    for c in result["criteria"]:
        if c["outcome"] != "met" or c["kind"] not in ("label_criterion", "absolute_contraindication"):
            continue
        if (
            c["rule_id"] in _NOT_FOR_PAYERS
            or c["rationale"] in lines
            or _NOT_A_CRITERION.search(c["rationale"])
        ):
            continue
        lines[c["rationale"]] = CriterionLine(
            rule_id=c["rule_id"], rationale=c["rationale"], source=in_words(c["source"])
        )
    return tuple(lines.values())


def unmet_payer_criteria(report: dict[str, Any], treatment: str) -> tuple[UnmetLine, ...]:
    """The payer's criteria the evaluation found unmet for ``treatment`` (its PA gaps), each once."""
    result = next((t for t in report["treatments"] if t["treatment"] == treatment), None)
    lines: dict[str, UnmetLine] = {}
    for gap in (result or {}).get("pa_gaps", ()):
        lines.setdefault(
            gap["rationale"],
            UnmetLine(
                requirement=gap["requirement"], rationale=gap["rationale"], source=in_words(gap["source"])
            ),
        )
    return tuple(lines.values())


def _safety_lines(document: ReassessmentDocument) -> tuple[str, ...]:
    cssrs = document.safety.cssrs
    screening = (f"C-SSRS screener completed {cssrs.administered_on.isoformat()}.",) if cssrs else ()
    plan = (f"Safety plan: {document.safety.safety_plan}",) if document.safety.safety_plan else ()
    return screening + plan


def _diagnosis(document: ReassessmentDocument) -> str:
    """The diagnosis sentence from what is on record; empty when nothing is (no filler)."""
    code = document.diagnosis.icd10_code
    parts = [f"{code} {ICD10_CODES[code].title}"] if code else []
    if document.diagnosis.severity != "unknown":
        parts.append(f"severity {document.diagnosis.severity}")
    if document.diagnosis.episode_start:
        parts.append(f"current episode since {document.diagnosis.episode_start.isoformat()}")
    return "; ".join(parts)


def letter_facts(
    *,
    document: ReassessmentDocument,
    report: dict[str, Any],
    treatment: str,
    patient_name: str,
    mrn: str,
    payer: str,
    member_id: str,
    clinician: str,
    today: dt.date,
) -> LetterFacts:
    """Everything the letter says, from the document and the stored evaluation report (as
    stored: a report from an older engine lacks fields the current model requires)."""
    resistance = treatment_resistance(document, as_of=today)
    result = next(t for t in report["treatments"] if t["treatment"] == treatment)
    return LetterFacts(
        date=today,
        patient_name=patient_name,
        date_of_birth=document.patient.date_of_birth,
        mrn=mrn,
        payer=payer,
        member_id=member_id,
        treatment=treatment,
        treatment_name=TREATMENT_NAMES[treatment],
        diagnosis=_diagnosis(document),
        scores=_score_lines(document),
        trials=_trial_lines(document, today),
        resistance_summary=(
            f"{_plural(resistance.n_failed, 'adequate antidepressant trial')} failed in the current "
            f"episode, from {_plural(resistance.n_classes, 'class', 'classes')}; "
            f"{_plural(resistance.augmentation_trials, 'augmentation trial')}."
        ),
        psychotherapy=_psychotherapy_lines(document),
        criteria_met=_criteria_met(result),
        safety_screening=_safety_lines(document),
        # A caution that only says something is not recorded is no precaution a payer can read.
        cautions=tuple(c for c in dict.fromkeys(result["cautions"]) if not c.startswith("Not recorded")),
        unmet=unmet_payer_criteria(report, treatment),
        clinician=clinician,
    )


def draft_narrative(facts: LetterFacts) -> str:
    """The first draft of the letter's narrative, for the clinician to edit: paragraphs separated
    by a blank line. The facts themselves follow it in the letter's sections, so it states the
    request and the clinical judgment without repeating them."""
    opening = (
        f"I am writing to request authorization of {facts.treatment_name} for my patient, "
        f"{facts.patient_name}, date of birth {facts.date_of_birth.isoformat()}. {facts.resistance_summary}"
    )
    closing = (
        f"In my clinical judgment, {facts.treatment_name} is medically necessary for this patient, "
        "and I ask that it be authorized. The diagnosis, the treatment history, the standardized "
        "measures and the criteria met, all from the signed reassessment, follow."
    )
    return "\n\n".join([opening, closing])
