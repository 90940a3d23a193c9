"""The facts every rule reads, computed once per evaluation and shared by the three treatments.

Treatment resistance (reassessment.staging), the C-SSRS level (reassessment.scales), age, and
the tri-state facts that combine several document fields (psychotic features, bipolar status,
pregnancy, substance use, implants near the head). Rules then do attribute reads only.

Unknown is not "no": each combined fact is "yes", "no" or "unknown", and where two recorded
facts disagree the worse one wins, so that answering an unknown never turns a definite result
into ``needs_information``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from reassessment.catalog import DRUGS, OTHER_DRUGS, DrugClass, DrugRole, Effect, is_bipolar, is_mdd
from reassessment.dates import day
from reassessment.documents import (
    ANEURYSM_DEVICE_KINDS,
    Cssrs,
    Implant,
    Phq9,
    PriorCourse,
    ReassessmentDocument,
    SubstanceUse,
    Tri,
)
from reassessment.safety import SafetyState, safety_state
from reassessment.scales import CSSRS_QUESTIONS, CssrsFloor, CssrsResult, cssrs_result
from reassessment.staging import ResistanceSummary, treatment_resistance

from . import parameters as P
from .models import CoveragePolicy

_NO_POLICIES: Mapping[str, tuple[CoveragePolicy, ...]] = MappingProxyType(
    {"tms": (), "spravato": (), "ketamine": ()}
)
_RISK_RANK: dict[str, int] = {"none": 0, "low": 1, "moderate": 2, "high": 3}


def age_on(born: dt.date, as_of: dt.date) -> int:
    """Completed years; a 29 February birthday completes on 1 March in other years."""
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def drug_name(key: str) -> str:
    other = OTHER_DRUGS.get(key)
    if other is not None:
        return other.name[:1].lower() + other.name[1:]
    return key.replace("_", " ")


def names(items: Sequence[str]) -> str:
    return ", ".join(items)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def joined(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _cssrs_ceiling(cssrs: Cssrs) -> CssrsFloor:
    """The level the screener would reach if every unanswered question were "yes"."""
    worst = {
        field: ("yes" if getattr(cssrs, field) == "unknown" else getattr(cssrs, field))
        for field in CSSRS_QUESTIONS
    }
    # Skip logic is kept (Q2 "no" still skips Q3-Q5), so the unvalidated copy is consistent.
    return cssrs_result(Cssrs.model_construct(administered_on=cssrs.administered_on, **worst)).at_least


class Facts:
    """Everything the rules need, derived once from a validated document and the clock."""

    __slots__ = (
        "document",
        "as_of",
        "age",
        "sex",
        "female_possible",
        "resistance",
        "n_failed",
        "n_unknown",
        "no_trials",
        "failed_text",
        "unknown_text",
        "current_antidepressant",
        "cssrs",
        "cssrs_on_file",
        "cssrs_ceiling",
        "cssrs_floor",
        "cssrs_text",
        "latest_phq9",
        "latest_phq9_total",
        "item9",
        "cssrs_required",
        "psychotic",
        "psychotic_text",
        "bipolar",
        "bipolar_text",
        "mdd",
        "pregnant",
        "pregnant_text",
        "sud_recorded",
        "sud_active",
        "sud_remission",
        "sud_unknown",
        "implants_near",
        "implants_unknown",
        "implants_removable",
        "implants_cleared",
        "implants_general_unknown",
        "cardiac_devices",
        "policies",
        "not_counted_text",
        "current_antidepressants",
        "memo",
        "safety",
        "indication",
        "indication_text",
        "bp_age_days",
        "implant_question_open",
        "aneurysm_devices",
        "current_maoi",
        "current_stimulants",
        "seizure_drugs",
        "depressogenic_drugs",
        "opioid_drugs",
        "benzodiazepine_drugs",
        "prior_courses",
        "intolerant_text",
        "trials_text",
        "adherence_doubtful",
    )

    def __init__(self, document: ReassessmentDocument, *, policies: Sequence[CoveragePolicy] = ()) -> None:
        # criteria.md §10.1 `common.as_of`: every date is judged on the assessment date, so a stored
        # document gives the same answer on any later day.
        as_of = document.assessed_on
        self.document = document
        self.as_of = as_of
        self.memo: dict[object, object] = {}
        self.age = age_on(document.patient.date_of_birth, as_of)
        self.sex = document.patient.sex_at_birth
        self.female_possible = self.sex != "male"
        self._resistance(document, as_of)
        self._suicide_risk(document)
        self._diagnosis(document)
        self._indication(document)
        self._pregnancy(document)
        self._substances(document.substance_use)
        self._implants(document)
        self._medicines(document)
        bp = document.medical.latest_blood_pressure
        self.bp_age_days = (as_of - bp.measured_on).days if bp is not None else None
        courses: dict[str, tuple[PriorCourse, ...]] = {}
        for course in sorted(document.prior_courses, key=_course_key):
            courses[course.treatment] = (*courses.get(course.treatment, ()), course)
        self.prior_courses = courses
        if policies:
            by_treatment: dict[str, list[CoveragePolicy]] = {"tms": [], "spravato": [], "ketamine": []}
            for policy in policies:
                by_treatment[policy.treatment].append(policy)
            self.policies: Mapping[str, tuple[CoveragePolicy, ...]] = {
                t: tuple(v) for t, v in by_treatment.items()
            }
        else:
            self.policies = _NO_POLICIES

    # --- Treatment resistance (criteria.md §1) ------------------------------------------------

    def _resistance(self, document: ReassessmentDocument, as_of: dt.date) -> None:
        summary: ResistanceSummary = treatment_resistance(document, as_of=as_of)
        self.resistance = summary
        self.n_failed = summary.n_failed
        self.n_unknown = summary.n_unknown
        # No antidepressant trial at all (augmentation alone is no history of antidepressant trials).
        self.no_trials = not any(
            DRUGS[t.drug].role is DrugRole.ANTIDEPRESSANT for t in document.medication_trials
        )
        self.current_antidepressant: Tri = summary.current_antidepressant
        self.failed_text = names([drug_name(d) for d in summary.failed_drugs])
        unknown: list[str] = []
        for drug in summary.unknown_drugs:
            missing: list[str] = []
            for trial in summary.trials:
                if trial.drug == drug and trial.status == "unknown":
                    missing.extend(
                        m.replace("_", " ") for m in trial.missing if m.replace("_", " ") not in missing
                    )
            unknown.append(f"{drug_name(drug)} ({names(missing) or 'not judged'} unknown)")
        self.unknown_text = names(unknown)
        not_counted: list[str] = []
        doubtful: set[str] = set()
        for trial, assessed in zip(document.medication_trials, summary.trials, strict=True):
            name = drug_name(trial.drug)
            status = assessed.status
            if status == "adequate_failure" and trial.adherence in ("partial", "unknown"):
                doubtful.add(name)
            if status == "inadequate_dose":
                minimum = DRUGS[trial.drug].min_adequate_mg or 0
                not_counted.append(
                    f"{name} {trial.daily_dose_mg:g} mg/day is below the {minimum:g} mg/day minimum"
                )
            elif status == "inadequate_duration" and assessed.weeks is not None:
                shown = math.floor(assessed.weeks * 10 + 1e-9) / 10
                not_counted.append(f"{name} lasted {shown:.1f} weeks, under {P.MIN_TRIAL_WEEKS.value:g}")
            elif status == "response":
                not_counted.append(f"{name} brought a response")
            elif status == "intolerance":
                not_counted.append(f"{name} was stopped for side effects before an adequate trial")
            elif status == "poor_adherence":
                not_counted.append(f"adherence to {name} was poor")
            elif status == "not_current_episode":
                not_counted.append(f"{name} was taken in an earlier episode")
        # Sorted, so the order trials were typed in never changes the report.
        self.not_counted_text = "; ".join(sorted(set(not_counted)))
        self.adherence_doubtful = sorted(doubtful)
        # Why each counted trial counts (criteria.md §10.4), then what does not count and why.
        why = sorted({t.reasons[0].rstrip(".") for t in summary.trials if t.status == "adequate_failure"})
        self.trials_text = (f". Counted: {'; '.join(why)}" if why else "") + (
            f". Not counted: {self.not_counted_text}" if self.not_counted_text else ""
        )
        self.intolerant_text = names([drug_name(d) for d in summary.intolerant_drugs])
        current = [
            drug_name(t.drug)
            for t in document.medication_trials
            if t.ongoing and DRUGS[t.drug].role is DrugRole.ANTIDEPRESSANT
        ]
        self.current_antidepressants = names(sorted(set(current)))

    # --- Suicide risk (criteria.md §5.1, §5.3) ------------------------------------------------

    def _suicide_risk(self, document: ReassessmentDocument) -> None:
        raw = document.safety.cssrs
        self.safety: SafetyState = safety_state(document)
        result: CssrsResult = self.safety.cssrs
        self.cssrs = result
        self.cssrs_on_file = raw is not None
        self.cssrs_floor: CssrsFloor = result.at_least
        if raw is None:
            self.cssrs_ceiling: CssrsFloor = "none"
        elif result.level == "unknown":
            self.cssrs_ceiling = _cssrs_ceiling(raw)
        else:
            self.cssrs_ceiling = result.at_least
        phqs = document.measurement.phq9
        latest: Phq9 | None = None
        if phqs:
            # Same-day ties: the highest item 9 (the cautious reading, as scales.safety_flag).
            latest = max(phqs, key=lambda p: (p.administered_on, p.items[8], p.items))
        self.latest_phq9 = latest
        self.latest_phq9_total = sum(latest.items) if latest is not None else None
        self.item9 = latest.items[8] if latest is not None else None
        self.cssrs_required = self.item9 is not None and self.item9 >= P.PHQ9_ITEM9_CSSRS_THRESHOLD.value
        if raw is None:
            self.cssrs_text = "No C-SSRS screener is on file"
        else:
            on = day(raw.administered_on)
            if result.level == "unknown":
                self.cssrs_text = (
                    f"The C-SSRS of {on} is incomplete (at least {result.at_least}, "
                    f"could be {self.cssrs_ceiling})"
                )
            else:
                shown = "no" if result.level == "none" else result.level
                self.cssrs_text = f"The C-SSRS of {on} shows {shown} risk"

    def risk_at_least(self, level: str) -> bool:
        return _RISK_RANK[self.cssrs_floor] >= _RISK_RANK[level]

    def risk_could_reach(self, level: str) -> bool:
        """Not confirmed, but could be: the C-SSRS is incomplete, or a PHQ-9 with item 9 >= 1 came
        after it (or there is none), so the screen no longer speaks for now."""
        if self.risk_at_least(level):
            return False
        if self.safety.item9_unscreened_on is not None:
            return True
        if not self.cssrs_on_file:
            return False
        return _RISK_RANK[self.cssrs_ceiling] >= _RISK_RANK[level]

    # --- Diagnosis (criteria.md §3.5, §4.2, §6.2, §7.3) ---------------------------------------

    def _diagnosis(self, document: ReassessmentDocument) -> None:
        diagnosis = document.diagnosis
        code = diagnosis.icd10_code
        recorded = diagnosis.psychotic_features
        if recorded == "yes":
            self.psychotic: Tri = "yes"
            self.psychotic_text = "psychotic features are recorded in the current episode"
        elif code is not None and code in P.PSYCHOTIC_CODES.value:
            self.psychotic = "yes"
            self.psychotic_text = f"the diagnosis {code} is an episode with psychotic features"
        elif recorded == "no":
            self.psychotic = "no"
            self.psychotic_text = "no psychotic features are recorded in the current episode"
        elif code is not None and code in P.NON_PSYCHOTIC_CODES.value:
            self.psychotic = "no"
            self.psychotic_text = f"the diagnosis {code} is an episode without psychotic features"
        else:
            self.psychotic = "unknown"
            self.psychotic_text = "psychotic features in the current episode are not recorded"

        spectrum = document.co_occurring.bipolar_spectrum
        screen = diagnosis.bipolar_screen
        if code is not None and is_bipolar(code):
            self.bipolar: Tri = "yes"
            self.bipolar_text = f"the primary diagnosis {code} is bipolar disorder"
        elif spectrum == "yes":
            self.bipolar = "yes"
            self.bipolar_text = "a bipolar-spectrum disorder is recorded"
        elif spectrum == "no":
            self.bipolar = "no"
            self.bipolar_text = "bipolar-spectrum disorder is recorded as absent"
            if screen == "positive":
                self.bipolar_text += " (after a positive screen)"
        elif screen == "negative":
            self.bipolar = "no"
            self.bipolar_text = "the bipolar screen is negative and no bipolar disorder is recorded"
        else:
            self.bipolar = "unknown"
            shown = "positive" if screen == "positive" else "not done"
            self.bipolar_text = f"bipolar status is not recorded and the bipolar screen is {shown}"
        self.mdd: Tri = "unknown" if code is None else ("yes" if is_mdd(code) else "no")
        hypomania = document.co_occurring.possible_past_hypomania
        if self.bipolar == "no" and hypomania == "yes" and spectrum != "no":
            # criteria.md §6.2: possible hypomania without a recorded answer leaves bipolar status open,
            # whatever a screen said; the clinician settles it by recording the diagnosis.
            self.bipolar = "unknown"
            self.bipolar_text = (
                "a possible past hypomania is recorded, and bipolar disorder is neither confirmed "
                "nor ruled out"
            )

    # --- Current major depressive episode (criteria.md §10.1 `common.indication.mdd`) -----------

    def _indication(self, document: ReassessmentDocument) -> None:
        code = document.diagnosis.icd10_code
        if code is None:
            self.indication: Tri = "unknown"
            self.indication_text = "no primary diagnosis is recorded"
        elif is_bipolar(code):
            self.indication = "yes"  # common.bipolar decides (criteria.md §10.1)
            self.indication_text = f"the diagnosis {code} is bipolar depression (see the bipolar rule)"
        elif code in P.REMISSION_CODES.value:
            self.indication = "no"
            self.indication_text = (
                f"the diagnosis {code} is major depression in remission, not a current episode"
            )
        elif code not in P.CURRENT_EPISODE_CODES.value:
            self.indication = "no"
            self.indication_text = (
                f"the primary diagnosis {code} is not a current major depressive episode; these "
                "treatments are "
                "for major depression"
            )
        elif self.latest_phq9_total is not None and self.latest_phq9_total < P.PHQ9_EPISODE_MIN_TOTAL.value:
            self.indication = "unknown"
            self.indication_text = (
                f"the diagnosis {code} is a current episode but the latest PHQ-9 totals "
                f"{self.latest_phq9_total} (minimal): reconcile the severity with the diagnosis"
            )
        else:
            self.indication = "yes"
            self.indication_text = f"the diagnosis {code} is a current major depressive episode"

    # --- Pregnancy (criteria.md §2.3, §3.4, §4.2) ---------------------------------------------

    def _pregnancy(self, document: ReassessmentDocument) -> None:
        pregnant = document.medical.pregnant
        if pregnant == "yes":
            self.pregnant: Tri = "yes"
            self.pregnant_text = "the patient is pregnant"
        elif pregnant == "no":
            self.pregnant = "no"
            self.pregnant_text = "the patient is not pregnant"
        elif not self.female_possible:
            self.pregnant = "no"
            self.pregnant_text = "pregnancy is not applicable (sex at birth male)"
        else:
            self.pregnant = "unknown"
            self.pregnant_text = f"pregnancy status is not recorded (sex at birth {self.sex})"

    # --- Substance use (criteria.md §2.3, §3.4, §4.2) -----------------------------------------

    def _substances(self, entries: tuple[SubstanceUse, ...]) -> None:
        self.sud_recorded = bool(entries)
        self.sud_active = tuple(e.substance for e in entries if e.disorder in P.SUD_ACTIVE.value)
        self.sud_remission = tuple(e.substance for e in entries if e.disorder in P.SUD_REMISSION.value)
        self.sud_unknown = tuple(e.substance for e in entries if e.disorder == "unknown")

    # --- Implants (criteria.md §3.3, §3.4) ----------------------------------------------------

    def _implants(self, document: ReassessmentDocument) -> None:
        """criteria.md §3.3 and §10.2: devices near the coil by anatomy are contraindicated whatever is
        recorded of them; others by where they are and what they are made of."""
        medical = document.medical
        near_locations = P.TMS_NEAR_HEAD_LOCATIONS.value
        labeled = P.TMS_LABELED_HEAD_DEVICES.value
        by_anatomy = P.TMS_DEVICES_NEAR_BY_ANATOMY.value
        by_site = P.TMS_DEVICES_NEAR_BY_SITE.value
        near: list[str] = []
        unknown: list[str] = []
        removable: list[str] = []
        cleared: list[str] = []
        for implant in medical.implants:
            label = _implant_label(implant)
            named_site_away = implant.location == "elsewhere" and bool(implant.site)
            if implant.kind in P.TMS_EXCLUDED_IMPLANTS.value:
                cleared.append(label)
            elif implant.kind in by_anatomy and not (implant.kind == "endovascular_coil" and named_site_away):
                near.append(IMPLANT_NAMES[implant.kind])
            elif implant.kind in by_site and implant.location in near_locations:
                near.append(label)
            elif implant.location == "elsewhere":
                if implant.kind in by_site and not implant.site:
                    unknown.append(f"where the {IMPLANT_NAMES[implant.kind]} is (name the body site)")
                else:
                    cleared.append(f"{label} ({implant.site or 'more than 30 cm from the head'})")
            elif implant.magnetic_or_conductive == "no":
                cleared.append(f"{label} (recorded as neither conductive nor magnetic)")
            elif implant.location in near_locations:
                if implant.removable:
                    removable.append(label)
                elif implant.magnetic_or_conductive == "yes" or implant.kind in labeled:
                    near.append(label)
                else:
                    unknown.append(f"whether the {label} is conductive or magnetic")
            else:
                unknown.append(f"how close the {label} is to the head")
        # Sorted and deduplicated: the order implants were typed in never changes the report.
        self.implants_near = tuple(sorted(set(near)))
        self.implants_unknown = tuple(sorted(set(unknown)))
        self.implants_removable = tuple(sorted(set(removable)))
        self.implants_cleared = tuple(sorted(set(cleared)))
        # criteria.md §10.2: the question itself must be answered; a dental entry alone does not.
        self.implant_question_open = medical.metal_or_implants == "unknown"
        if self.implant_question_open:
            self.implants_general_unknown = "whether the patient has any metal or implant (not answered)"
        elif medical.metal_or_implants == "yes" and not medical.implants:
            self.implants_general_unknown = (
                "what metal or implant the patient has (one is recorded, none described)"
            )
        else:
            self.implants_general_unknown = ""
        cardiac_kinds = P.TMS_CARDIAC_DEVICES.value
        self.cardiac_devices = tuple(
            sorted({_implant_label(i) for i in medical.implants if i.kind in cardiac_kinds})
        )
        self.aneurysm_devices = tuple(
            sorted({IMPLANT_NAMES[i.kind] for i in medical.implants if i.kind in ANEURYSM_DEVICE_KINDS})
        )

    # --- Medicines taken now (criteria.md §10.5, §6.1) ----------------------------------------------

    def _medicines(self, document: ReassessmentDocument) -> None:
        ongoing = [t for t in document.medication_trials if t.ongoing]
        self.current_maoi = tuple(
            sorted({drug_name(t.drug) for t in ongoing if DRUGS[t.drug].drug_class is DrugClass.MAOI})
        )
        listed = document.medical.current_medications

        def having(effect: Effect) -> tuple[str, ...]:
            return tuple(sorted({drug_name(m.drug) for m in listed if effect in OTHER_DRUGS[m.drug].effects}))

        self.current_stimulants = having(Effect.STIMULANT)
        seizure = set(having(Effect.SEIZURE_THRESHOLD))
        limit = P.TMS_SEIZURE_BUPROPION_MAX_MG.value
        for trial in ongoing:
            if trial.drug == "bupropion" and trial.daily_dose_mg is not None and trial.daily_dose_mg > limit:
                seizure.add(f"bupropion {trial.daily_dose_mg:g} mg/day (above {limit} mg/day)")
        self.seizure_drugs = tuple(sorted(seizure))
        self.depressogenic_drugs = having(Effect.DEPRESSOGENIC)
        self.opioid_drugs = having(Effect.OPIOID)
        self.benzodiazepine_drugs = having(Effect.BENZODIAZEPINE)


def _course_key(course: PriorCourse) -> tuple[object, ...]:
    """Oldest first; undated courses first; ties by content (input order never matters)."""
    return (
        course.end_date or course.start_date or dt.date.min,
        course.start_date or dt.date.min,
        course.treatment,
        course.sessions or 0,
        course.response_percent if course.response_percent is not None else -1,
        course.relapsed,
    )


IMPLANT_NAMES: dict[str, str] = {
    "cochlear_implant": "cochlear implant",
    "deep_brain_stimulator": "deep brain stimulator",
    "vagus_nerve_stimulator": "vagus nerve stimulator",
    "aneurysm_clip_or_coil": "aneurysm clip or coil",
    "endovascular_coil": "endovascular coil",
    "cardiac_pacemaker_or_icd": "pacemaker or ICD",
    "stent": "stent",
    "shrapnel_or_bullet": "shrapnel or bullet fragment",
    "dental_only": "dental work",
    "external_item": "removable external item",
    "other": "other metal or implant",
}


_IMPLANT_PLACES = {"head": "in the head", "within_30cm_of_head": "within 30 cm of the head"}


def _implant_label(implant: Implant) -> str:
    where = _IMPLANT_PLACES.get(implant.location, "")
    return f"{IMPLANT_NAMES[implant.kind]} {where}".strip()
