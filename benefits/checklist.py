"""The prior-authorization document checklist (criteria.md §7.2), pure Python: no Django.

A case's checklist is derived from three things:

- the **coverage policy** (its requirements and the documents it wants): which requirement
  items the checklist lists;
- the **evaluation report** (the stored one the case starts from): the treatment's status
  decides the "no contraindications" item, and each requirement item is what the report's own
  payer criterion found, with its ``pa_gaps`` saying what would close it. The engine is not run
  again today: a PHQ-9 that has aged since, or a ruleset changed since, must not make the
  checklist disagree with the evaluation it was started from. Only when that evaluation judged
  no policy of this plan (the coverage was added later, or is a secondary one) does the engine's
  payer rule judge it, on the evaluated document as of the evaluation's own date;
- the **reassessment document**: trial dates and doses, scales, the diagnosis code.

Items the record cannot show (a psychiatrist's order, REMS enrolment, the TMS session plan, a
PDMP check) start unsatisfied and are closed by a coordinator with the evidence in a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from eligibility.engine import evaluate
from eligibility.engine.models import (
    CandidacyReport,
    CoveragePolicy,
    CriterionResult,
    PaGap,
    Treatment,
    TreatmentResult,
)
from eligibility.engine.rules.payer import label as policy_label
from reassessment.documents import ReassessmentDocument
from reassessment.staging import treatment_resistance


class ChecklistEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label: str
    required: bool = True
    satisfied: bool = False
    auto: bool = True  # False: only a coordinator can close it (nothing on record shows it)
    evidence: str = ""  # what on record satisfies it (or what was found)
    closes_with: str = ""  # what would close it
    source: str = ""
    # For a payer criterion: what the engine found ("met", "unmet", or "unknown" when the record
    # could not show it); "" for every other item. An unmet or unknown one is ticked only with a
    # written justification (``tick_problem``).
    finding: str = ""


@dataclass(frozen=True, slots=True)
class ManualItem:
    label: str
    closes_with: str
    source: str


# Items only a coordinator can close, by code; a policy's ``documents_wanted`` lists some of them.
MANUAL_ITEMS: dict[str, ManualItem] = {
    "psychiatrist_order": ManualItem(
        "Psychiatrist evaluation and order (face-to-face, MD/DO)",
        "Attach the psychiatrist's evaluation note and signed order",
        "criteria.md §3.6, §7.2 [LCD-L34998, LCD-L37086]",
    ),
    "tms_plan": ManualItem(
        "TMS device, protocol and session plan",
        "Attach the FDA-cleared device, protocol (e.g. 10 Hz or iTBS) and the 30 + 6 session plan",
        "criteria.md §3.2, §7.2 [AETNA-0469]",
    ),
    "rems_enrolment": ManualItem(
        "Spravato REMS: certified setting and patient enrolment",
        "Record the REMS-certified setting and enrol the patient before the first dose",
        "criteria.md §2.4, §7.2 [SPR-REMS]",
    ),
    "pdmp_check": ManualItem(
        "Prescription drug monitoring program (PDMP) check",
        "Run the state PDMP query and attach the result",
        "criteria.md §7.2 [CIGNA-SPR]",
    ),
    "letter_of_medical_necessity": ManualItem(
        "Letter of medical necessity",
        "Generate the letter from the reassessment and the evaluation, sign it and attach it",
        "criteria.md §7.2",
    ),
}
# Wanted for every request of the treatment, whatever the policy lists.
TREATMENT_DEFAULT_ITEMS: dict[str, tuple[str, ...]] = {
    "tms": ("psychiatrist_order", "tms_plan"),
    "spravato": ("rems_enrolment",),
    "ketamine": (),
}

# Policy requirement → (checklist code, the engine's payer rule that judges it).
REQUIREMENT_ITEMS: tuple[tuple[str, str], ...] = (
    ("severity", "payer.severe_episode"),
    ("failed_trials", "payer.min_failed_trials"),
    ("trial_classes", "payer.min_classes"),
    ("augmentation", "payer.augmentation"),
    ("psychotherapy", "payer.psychotherapy"),
    ("phq9_recent", "payer.phq9_recent"),
    ("phq9_total", "payer.phq9_min_total"),
    ("min_age", "payer.min_age"),
    ("no_active_suicidality", "payer.active_suicidality"),
)

ITEM_CODES: frozenset[str] = frozenset(
    {"diagnosis", "baseline_scale", "no_contraindications"}
    | {code for code, _ in REQUIREMENT_ITEMS}
    | set(MANUAL_ITEMS)
)

_CLEAR_STATUSES = frozenset({"eligible", "eligible_with_cautions"})


def _label(code: str, policy: CoveragePolicy) -> str:
    r = policy.requirements
    return {
        "severity": "ICD-10 diagnosis documenting a severe major depressive episode (e.g. F32.2/F33.2)",
        "failed_trials": f"List of failed antidepressant trials with drug, dose, duration and dates "
        f"(at least {r.min_failed_trials})",
        "trial_classes": f"Failed trials from at least {r.min_classes} antidepressant classes",
        "augmentation": "A failed augmentation trial in the current episode",
        "psychotherapy": "Psychotherapy history: type, frequency, duration and outcome",
        "phq9_recent": f"PHQ-9 within {r.phq9_within_days} days",
        "phq9_total": f"PHQ-9 total of at least {r.phq9_min_total}",
        "min_age": f"Age {r.min_age} or older",
        "no_active_suicidality": "No active suicidality (C-SSRS on file)",
    }[code]


def _sets(code: str, policy: CoveragePolicy) -> bool:
    r = policy.requirements
    return {
        "severity": r.severe_episode_only,
        "failed_trials": r.min_failed_trials is not None,
        "trial_classes": r.min_classes is not None,
        "augmentation": r.augmentation_required,
        "psychotherapy": r.psychotherapy_required,
        "phq9_recent": r.phq9_within_days is not None,
        "phq9_total": r.phq9_min_total is not None,
        "min_age": r.min_age is not None,
        "no_active_suicidality": r.excluded_if_active_suicidality,
    }[code]


def _undated_failed_trials(document: ReassessmentDocument, as_of: dt.date) -> list[str]:
    """Counted failed trials the packet cannot list as the payer wants (dose and dates)."""
    resistance = treatment_resistance(document, as_of=as_of)
    undated: list[str] = []
    for trial, assessed in zip(document.medication_trials, resistance.trials, strict=True):
        if assessed.status != "adequate_failure":
            continue
        if (
            trial.daily_dose_mg is None
            or trial.start_date is None
            or (trial.end_date is None and not trial.ongoing)
        ):
            undated.append(trial.drug.replace("_", " "))
    return undated


def _diagnosis(document: ReassessmentDocument) -> ChecklistEntry:
    diagnosis = document.diagnosis
    ok = bool(diagnosis.icd10_code) and diagnosis.severity != "unknown"
    return ChecklistEntry(
        code="diagnosis",
        label="ICD-10 diagnosis code and severity",
        satisfied=ok,
        evidence=f"{diagnosis.icd10_code or 'no code'}, severity {diagnosis.severity}",
        closes_with="" if ok else "Record the ICD-10 code and the episode's severity in the reassessment",
        source="criteria.md §7.2, §7.3",
    )


def _baseline_scale(document: ReassessmentDocument) -> ChecklistEntry:
    m = document.measurement
    dates = [p.administered_on for p in m.phq9] + [s.administered_on for s in m.other_scores]
    ok = bool(dates)
    return ChecklistEntry(
        code="baseline_scale",
        label="Baseline rating scale (PHQ-9, MADRS or HAM-D)",
        satisfied=ok,
        evidence=f"latest {max(dates).isoformat()}" if ok else "none on file",
        closes_with="" if ok else "Administer a PHQ-9 (or MADRS/HAM-D) and record it",
        source="criteria.md §7.2",
    )


def _no_contraindications(treatment: Treatment, stored: CandidacyReport | None) -> ChecklistEntry:
    label = "No contraindications (clinical eligibility per the evaluation)"
    source = "criteria.md §7.2, §8"
    if stored is None:
        return ChecklistEntry(
            code="no_contraindications",
            label=label,
            closes_with="Evaluate the reassessment",
            source=source,
        )
    result = next(t for t in stored.treatments if t.treatment == treatment)
    ok = result.status in _CLEAR_STATUSES
    closes = ""
    if not ok:
        closes = "; ".join(result.missing_information) or (
            f"The evaluation found {result.status.replace('_', ' ')}: a clinician reviews it first"
        )
    return ChecklistEntry(
        code="no_contraindications",
        label=label,
        satisfied=ok,
        evidence=f"evaluation status {result.status}",
        closes_with=closes,
        source=source,
    )


def derive_checklist(
    *,
    treatment: Treatment,
    policy: CoveragePolicy | None,
    documents_wanted: Iterable[str],
    document: ReassessmentDocument,
    as_of: dt.date,
    stored_report: CandidacyReport | None = None,
) -> tuple[ChecklistEntry, ...]:
    """The checklist in display order: record items, then the policy's requirements, then
    the items only a coordinator can close. With a ``stored_report`` everything is judged as of
    that evaluation (its ``as_of``); ``as_of`` dates a checklist derived without one."""
    wanted = list(dict.fromkeys([*TREATMENT_DEFAULT_ITEMS[treatment], *documents_wanted]))
    unknown = sorted(set(wanted) - set(MANUAL_ITEMS))
    if unknown:
        raise ValueError(f"unknown checklist item code(s): {', '.join(unknown)}")

    entries: list[ChecklistEntry] = [
        _diagnosis(document),
        _baseline_scale(document),
        _no_contraindications(treatment, stored_report),
    ]

    if stored_report is not None:
        as_of = stored_report.as_of
    if policy is not None:
        stored = (
            next(t for t in stored_report.treatments if t.treatment == treatment)
            if stored_report is not None
            else None
        )
        entries += _requirement_entries(document, policy, treatment, stored, as_of)
    entries.extend(_manual(code) for code in wanted)
    return tuple(entries)


def _requirement_entries(
    document: ReassessmentDocument,
    policy: CoveragePolicy,
    treatment: Treatment,
    stored: TreatmentResult | None,
    as_of: dt.date,
) -> list[ChecklistEntry]:
    """One entry per requirement the policy sets, judged by the stored result when it judged
    this policy, else afresh (``_judge``)."""
    judged = stored if stored is not None and _judged(stored, policy) else _judge(document, policy, treatment)
    criteria: dict[str, CriterionResult] = {c.rule_id: c for c in judged.criteria}
    gaps: dict[str, PaGap] = {g.rule_id: g for g in judged.pa_gaps}
    stored_gaps: dict[str, PaGap] = {g.rule_id: g for g in stored.pa_gaps} if stored is not None else {}
    entries = []
    for code, rule_id in REQUIREMENT_ITEMS:
        if not _sets(code, policy):
            continue
        criterion = criteria[rule_id]
        ok = criterion.outcome == "met"
        gap = gaps.get(rule_id) or stored_gaps.get(rule_id)
        closes = "" if ok else (gap.closes_with if gap else "Document it in the reassessment")
        evidence = criterion.rationale.split(". Payer requirements never")[0]
        if code == "failed_trials" and ok:
            undated = _undated_failed_trials(document, as_of)
            if undated:
                ok = False
                closes = f"Record the dose and start/end dates of: {', '.join(undated)}"
        entries.append(
            ChecklistEntry(
                code=code,
                label=_label(code, policy),
                satisfied=ok,
                finding="met" if ok else ("unknown" if criterion.outcome == "unknown" else "unmet"),
                evidence=evidence,
                closes_with=closes,
                source=policy.source or criterion.source,
            )
        )
    return entries


def _judged(result: TreatmentResult, policy: CoveragePolicy) -> bool:
    """Whether a stored result's payer criteria judged ``policy``: the coverage criterion names
    the plan it checked first (an evaluation is given one policy per treatment, the primary
    coverage's). Without a policy it says none was supplied."""
    coverage = next((c for c in result.criteria if c.rule_id == "payer.coverage"), None)
    name = policy_label(policy)
    return coverage is not None and coverage.rationale.startswith(
        (f"{name} covers ", f"{name} does not cover ")
    )


def _judge(document: ReassessmentDocument, policy: CoveragePolicy, treatment: Treatment) -> TreatmentResult:
    """The engine's own payer rules on ``policy``, for a plan the stored evaluation did not judge (as
    of the document's assessment date, like every evaluation, criteria.md §10.1)."""
    report = evaluate(document, policies=(policy,))
    return next(t for t in report.treatments if t.treatment == treatment)


def _manual(code: str) -> ChecklistEntry:
    item = MANUAL_ITEMS[code]
    return ChecklistEntry(
        code=code, label=item.label, auto=False, closes_with=item.closes_with, source=item.source
    )


class _Item(Protocol):
    """A checklist entry or a PaChecklistItem row: read-only here."""

    @property
    def code(self) -> str: ...

    @property
    def required(self) -> bool: ...

    @property
    def satisfied(self) -> bool: ...


def missing(entries: Iterable[_Item]) -> list[str]:
    """Codes of required items not yet satisfied, in checklist order (entries or model rows)."""
    return [e.code for e in entries if e.required and not e.satisfied]


# --- Evidence and justification -----------------------------------------------------------------------

# Where on record each item is shown: the reassessment section (its slug) that holds the field.
EVIDENCE_SECTIONS: dict[str, tuple[str, str]] = {
    "diagnosis": ("diagnosis", "Diagnosis"),
    "severity": ("diagnosis", "Diagnosis"),
    "baseline_scale": ("phq9", "PHQ-9"),
    "phq9_recent": ("phq9", "PHQ-9"),
    "phq9_total": ("phq9", "PHQ-9"),
    "failed_trials": ("medication-trials", "Medication trials"),
    "trial_classes": ("medication-trials", "Medication trials"),
    "augmentation": ("medication-trials", "Medication trials"),
    "psychotherapy": ("psychotherapy", "Psychotherapy trials"),
    "no_active_suicidality": ("safety", "Safety screening (C-SSRS)"),
}
# The engine rule that judged each payer criterion (shown in the ruleset by its id).
EVIDENCE_RULES: dict[str, str] = dict(REQUIREMENT_ITEMS)

JUSTIFICATION_MIN = 20  # characters: a sentence saying why, not "ok"
# Findings that need a justification to tick: the payer's test failed, or the record could not
# show it either way (an "unknown" criterion is no more met than an unmet one).
NOT_MET = frozenset({"unmet", "unknown"})
FOUND_UNKNOWN = "could not judge this payer criterion from the record"


class _Tickable(_Item, Protocol):
    @property
    def label(self) -> str: ...

    @property
    def finding(self) -> str: ...

    @property
    def justification(self) -> str: ...


def tick_problem(item: _Tickable, *, justification: str) -> str | None:
    """Why ``item`` cannot be ticked with this ``justification`` (a sentence), or None.

    A payer criterion the engine found unmet is the payer's own test failing: ticking it sends a
    request the payer is likely to deny, so the coordinator writes down why it goes ahead."""
    if item.finding not in NOT_MET:
        return None
    text = justification.strip()
    if not text:
        found = "found this payer criterion unmet" if item.finding == "unmet" else FOUND_UNKNOWN
        return (
            f"The evaluation {found}; write a justification saying why the "
            "request should go ahead before marking it done."
        )
    if len(text) < JUSTIFICATION_MIN:
        return f"Write the justification as a full sentence of at least {JUSTIFICATION_MIN} characters."
    return None


def unjustified(items: Iterable[_Tickable]) -> list[str]:
    """Labels of required items that stop a submission: not satisfied, or a payer criterion the
    engine found unmet that is ticked without a justification (rows from before justifications)."""
    return [
        item.label
        for item in items
        if item.required
        and (not item.satisfied or (item.finding in NOT_MET and not item.justification.strip()))
    ]


def blockers_sentence(labels: Sequence[str]) -> str:
    """The refusal of a submission, naming each item in words."""
    listed = "; ".join(labels)
    item_word = "item is" if len(labels) == 1 else "items are"
    return (
        f"This request cannot be submitted: {len(labels)} required checklist {item_word} not done, "
        f"or marked done against the evaluation without a justification: {listed}."
    )
