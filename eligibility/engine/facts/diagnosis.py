"""Diagnosis facts (criteria.md §3.5, §4.2, §6.2, §7.3, §10.1): psychotic features, bipolar status,
major depression and whether the current episode is an indication.

Each is "yes", "no" or "unknown" with the sentence a rule quotes; where two recorded facts
disagree the worse one wins, so answering an unknown never turns a definite result into
``needs_information``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reassessment.catalog import is_bipolar, is_mdd
from reassessment.documents import ReassessmentDocument, Tri

from .. import parameters as P

Told = tuple[Tri, str]  # a tri-state fact and the sentence that says it


@dataclass(slots=True)
class DiagnosisFacts:
    psychotic: Tri
    psychotic_text: str
    bipolar: Tri
    bipolar_text: str
    mdd: Tri
    indication: Tri
    indication_text: str


def diagnosis_facts(document: ReassessmentDocument, latest_phq9_total: int | None) -> DiagnosisFacts:
    code = document.diagnosis.icd10_code
    psychotic, psychotic_text = _psychotic(document, code)
    bipolar, bipolar_text = _bipolar(document, code)
    indication, indication_text = _indication(code, latest_phq9_total)
    return DiagnosisFacts(
        psychotic=psychotic,
        psychotic_text=psychotic_text,
        bipolar=bipolar,
        bipolar_text=bipolar_text,
        mdd="unknown" if code is None else ("yes" if is_mdd(code) else "no"),
        indication=indication,
        indication_text=indication_text,
    )


def _psychotic(document: ReassessmentDocument, code: str | None) -> Told:
    recorded = document.diagnosis.psychotic_features
    if recorded == "yes":
        return "yes", "psychotic features are recorded in the current episode"
    if code is not None and code in P.PSYCHOTIC_CODES.value:
        return "yes", f"the diagnosis {code} is an episode with psychotic features"
    if recorded == "no":
        return "no", "no psychotic features are recorded in the current episode"
    if code is not None and code in P.NON_PSYCHOTIC_CODES.value:
        return "no", f"the diagnosis {code} is an episode without psychotic features"
    return "unknown", "psychotic features in the current episode are not recorded"


def _bipolar(document: ReassessmentDocument, code: str | None) -> Told:
    spectrum = document.co_occurring.bipolar_spectrum
    screen = document.diagnosis.bipolar_screen
    if code is not None and is_bipolar(code):
        return "yes", f"the primary diagnosis {code} is bipolar disorder"
    if spectrum == "yes":
        return "yes", "a bipolar-spectrum disorder is recorded"
    if spectrum == "no":
        after = " (after a positive screen)" if screen == "positive" else ""
        return "no", f"bipolar-spectrum disorder is recorded as absent{after}"
    if screen == "negative":
        if document.co_occurring.possible_past_hypomania == "yes":
            # criteria.md §6.2: possible hypomania without a recorded answer leaves bipolar status
            # open, whatever a screen said; the clinician settles it by recording the diagnosis.
            return "unknown", (
                "a possible past hypomania is recorded, and bipolar disorder is neither confirmed nor "
                "ruled out"
            )
        return "no", "the bipolar screen is negative and no bipolar disorder is recorded"
    shown = "positive" if screen == "positive" else "not done"
    return "unknown", f"bipolar status is not recorded and the bipolar screen is {shown}"


def _indication(code: str | None, latest_phq9_total: int | None) -> Told:
    """criteria.md §10.1 `common.indication.mdd`: a current major depressive episode."""
    if code is None:
        return "unknown", "no primary diagnosis is recorded"
    if is_bipolar(code):
        return "yes", f"the diagnosis {code} is bipolar depression (see the bipolar rule)"
    if code in P.REMISSION_CODES.value:
        return "no", f"the diagnosis {code} is major depression in remission, not a current episode"
    if code not in P.CURRENT_EPISODE_CODES.value:
        return "no", (
            f"the primary diagnosis {code} is not a current major depressive episode; these treatments are "
            "for major depression"
        )
    if latest_phq9_total is not None and latest_phq9_total < P.PHQ9_EPISODE_MIN_TOTAL.value:
        return "unknown", (
            f"the diagnosis {code} is a current episode but the latest PHQ-9 totals {latest_phq9_total} "
            "(minimal): reconcile the severity with the diagnosis"
        )
    return "yes", f"the diagnosis {code} is a current major depressive episode"
