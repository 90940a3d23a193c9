"""The letter of medical necessity: the facts a payer asks for (criteria.md §7.2), gathered from
the signed reassessment and the evaluation's rationale. Plain Python, no Django; the template
(templates/benefits/letter.html) lays it out and benefits.pdf renders it.

Every sentence comes from the record: trials with dose, dates and outcome; the latest scale
scores; psychotherapy; the criteria the engine found met, with their sources; and what was
screened for safety. Nothing is added that the record does not say.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from reassessment.catalog import DRUGS, ICD10_CODES
from reassessment.documents import ReassessmentDocument
from reassessment.scales import phq9_result, scale_result
from reassessment.staging import treatment_resistance
from reassessment.trials import trial_assessment

TREATMENT_NAMES = {
    "tms": "Transcranial magnetic stimulation (TMS)",
    "spravato": "Spravato (esketamine nasal spray), administered under the REMS program",
    "ketamine": "Ketamine infusion (off-label)",
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
    episode: str
    severity: str
    scores: tuple[str, ...]
    trials: tuple[TrialLine, ...]
    resistance_summary: str
    psychotherapy: tuple[str, ...]
    criteria_met: tuple[CriterionLine, ...]
    safety_screening: tuple[str, ...]
    cautions: tuple[str, ...]
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
            drug_class=assessed.drug_class.replace("_", " "),
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


def _psychotherapy_lines(document: ReassessmentDocument) -> tuple[str, ...]:
    return tuple(
        f"{p.modality.replace('_', ' ').upper()}: "
        f"{p.sessions if p.sessions is not None else '?'} sessions over "
        f"{p.weeks if p.weeks is not None else '?'} weeks, {OUTCOMES[p.outcome]}"
        for p in document.psychotherapy_trials
    )


def _criteria_met(result: dict[str, Any]) -> tuple[CriterionLine, ...]:
    """The label criteria and absolute contraindications the stored result found met."""
    return tuple(
        CriterionLine(rule_id=c["rule_id"], rationale=c["rationale"], source=c["source"])
        for c in result["criteria"]
        if c["outcome"] == "met" and c["kind"] in ("label_criterion", "absolute_contraindication")
    )


def _safety_lines(document: ReassessmentDocument) -> tuple[str, ...]:
    cssrs = document.safety.cssrs
    screening = (f"C-SSRS screener completed {cssrs.administered_on.isoformat()}.",) if cssrs else ()
    plan = (f"Safety plan: {document.safety.safety_plan}",) if document.safety.safety_plan else ()
    return screening + plan


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
    code = document.diagnosis.icd10_code
    episode_start = document.diagnosis.episode_start
    return LetterFacts(
        date=today,
        patient_name=patient_name,
        date_of_birth=document.patient.date_of_birth,
        mrn=mrn,
        payer=payer,
        member_id=member_id,
        treatment=treatment,
        treatment_name=TREATMENT_NAMES[treatment],
        diagnosis=f"{code} {ICD10_CODES[code].title}" if code else "Primary diagnosis not recorded",
        episode=f"current episode since {episode_start.isoformat()}"
        if episode_start
        else "episode start not recorded",
        severity=document.diagnosis.severity,
        scores=_score_lines(document),
        trials=_trial_lines(document, today),
        resistance_summary=(
            f"{resistance.n_failed} adequate antidepressant trial(s) failed in the current episode, "
            f"from {resistance.n_classes} class(es); {resistance.augmentation_trials} augmentation trial(s)."
        ),
        psychotherapy=_psychotherapy_lines(document),
        criteria_met=_criteria_met(result),
        safety_screening=_safety_lines(document),
        cautions=tuple(result["cautions"]),
        clinician=clinician,
    )
