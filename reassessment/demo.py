"""Synthetic reassessment documents: the demo data `make run` loads and the tests build on.

Never real patients. One complete, realistic document whose risk answers can be varied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def full_document(
    *,
    assessed_on: dt.date,
    date_of_birth: dt.date,
    sex_at_birth: str = "female",
    item9: int = 0,
    cssrs_intent: str = "no",
) -> dict[str, Any]:
    day = assessed_on.isoformat()

    def weeks_ago(n: int) -> str:
        return (assessed_on - dt.timedelta(weeks=n)).isoformat()

    return {
        "schema_version": 2,
        "assessed_on": day,
        "patient": {"date_of_birth": date_of_birth.isoformat(), "sex_at_birth": sex_at_birth},
        "diagnosis": {
            "icd10_code": "F33.2",
            "episode_start": weeks_ago(80),
            "severity": "severe",
            "psychotic_features": "no",
            "catatonia": "no",
            "anxious_distress": "yes",
            "mixed_features": "no",
            "peripartum_onset": "no",
            "seasonal_pattern": "no",
            "bipolar_screen": "negative",
        },
        "co_occurring": {
            "anxiety_disorder": "yes",
            "ptsd": "no",
            "ocd": "no",
            "bipolar_spectrum": "no",
            "possible_past_hypomania": "no",
            "family_history_bipolar": "no",
            "past_psychosis": "no",
            "eating_disorder": "no",
            "personality_disorder": "no",
            "neurodevelopmental": "no",
            "other": "",
        },
        "medication_trials": [
            {
                "drug": "sertraline",
                "daily_dose_mg": 150,
                "start_date": weeks_ago(70),
                "end_date": weeks_ago(58),
                "adherence": "good",
                "outcome": "no_response",
                "ended_for_intolerance": "no",
                "current_episode": "yes",
            },
            {
                "drug": "venlafaxine",
                "daily_dose_mg": 225,
                "start_date": weeks_ago(50),
                "end_date": weeks_ago(40),
                "adherence": "good",
                "outcome": "partial_response",
                "ended_for_intolerance": "no",
                "current_episode": "yes",
            },
            {
                "drug": "aripiprazole",
                "daily_dose_mg": 5,
                "duration_weeks": 8,
                "adherence": "good",
                "outcome": "no_response",
                "ended_for_intolerance": "no",
                "current_episode": "yes",
            },
            {
                "drug": "bupropion",
                "daily_dose_mg": 300,
                "start_date": weeks_ago(12),
                "ongoing": True,
                "adherence": "good",
                "outcome": "no_response",
                "ended_for_intolerance": "no",
                "current_episode": "yes",
            },
        ],
        "psychotherapy_trials": [
            {
                "modality": "cbt",
                "sessions": 16,
                "weeks": 16,
                "outcome": "partial_response",
                "evidence_based": "yes",
            },
        ],
        "other_treatments": {"ect": "no", "tms": "no", "esketamine": "no", "ketamine": "no"},
        "measurement": {
            "phq9": [
                {"administered_on": weeks_ago(12), "items": [3, 3, 2, 3, 2, 2, 2, 1, 0]},
                {"administered_on": day, "items": [3, 3, 2, 2, 2, 2, 2, 1, item9]},
            ],
            "other_scores": [{"scale": "madrs", "administered_on": day, "total": 32}],
        },
        "safety": {
            "cssrs": {
                "administered_on": day,
                "wish_to_be_dead": "yes",
                "suicidal_thoughts": "no",
                "thoughts_of_method": "unknown",
                "intent": cssrs_intent if cssrs_intent == "yes" else "unknown",
                "plan_with_intent": "unknown",
                "behavior_ever": "no",
                "behavior_within_3_months": "no",
            }
            | (
                {"suicidal_thoughts": "yes", "thoughts_of_method": "yes", "plan_with_intent": "no"}
                if cssrs_intent == "yes"
                else {}
            ),
            "safety_plan": "Crisis line and sister's number on phone; means counselling done.",
        },
        "medical": {
            "seizure_history": "no",
            "seizure_threshold_risks": "no",
            "family_history_epilepsy": "no",
            "head_injury": "no",
            "metal_or_implants": "yes",
            "implants": [{"kind": "dental_only", "location": "head", "magnetic_or_conductive": "no"}],
            "aneurysmal_vascular_disease": "no",
            "arteriovenous_malformation": "no",
            "intracerebral_hemorrhage_history": "no",
            "raised_icp_or_intracranial_mass": "no",
            "recent_stroke_or_mi": "no",
            "hypertension": "controlled",
            "latest_blood_pressure": {"measured_on": day, "systolic": 128, "diastolic": 82},
            "other_cardiovascular_disease": "no",
            "pregnant": "no",
            "breastfeeding": "no",
            "hepatic_impairment": "none",
            "ketamine_esketamine_hypersensitivity": "no",
            "opioid_use": "no",
            "benzodiazepine_use": "no",
            "current_medications": [],
            "relevant_current_medications": "lisinopril 10 mg",
        },
        "substance_use": [
            {"substance": "alcohol", "current_use": "yes", "disorder": "none"},
            {"substance": "cannabis", "current_use": "no", "disorder": "none"},
        ],
        "labs": [
            {"test": "tsh", "collected_on": day, "value": 2.1, "unit": "mIU/L"},
            {"test": "b12", "collected_on": day, "value": 410, "unit": "pg/mL"},
        ],
        "reversible_contributors": [
            {"contributor": "sleep_disorder_osa", "status": "ruled_out"},
            {"contributor": "thyroid", "status": "ruled_out"},
            {"contributor": "substances", "status": "ruled_out"},
            {"contributor": "medication_effects", "status": "ruled_out"},
        ],
        "logistics": {
            "daily_visits_possible": "yes",
            "driver_after_dosing": "yes",
            "preference": "non_drug",
            "notes": "",
        },
        # Answered "None of these": no interventional course before, no medicine the rules read.
        "none_of_these": ["prior_courses", "current_medications"],
    }


def _phq_history(document: dict[str, Any], assessed_on: dt.date, totals: list[int]) -> None:
    """Replace the PHQ-9s with one every four weeks ending on the assessment date."""
    rows = []
    for i, total in enumerate(totals):
        on = assessed_on - dt.timedelta(weeks=4 * (len(totals) - 1 - i))
        items = [min(3, total // 9 + (1 if j < total % 9 else 0)) for j in range(9)]
        items[8] = 0
        rows.append({"administered_on": on.isoformat(), "items": items})
    document["measurement"]["phq9"] = rows


def seed_reassessments(*, actor: Any, patient: Any) -> None:
    """Reassessments in every state for a demo patient, chosen by the MRN's last digit."""
    from django.utils import timezone

    from . import services

    today = timezone.localdate()
    variant = int(patient.mrn[-1]) % 5
    facts = {
        "assessed_on": today,
        "date_of_birth": patient.date_of_birth,
        "sex_at_birth": patient.sex_at_birth,
    }
    documents = {**evaluation_variants(**facts), **second_edition_variants(**facts)}
    # complete: a contraindication; signed: cautions; amended: only one failed trial. The second
    # patient of each state shows a second-edition case: a cochlear implant marked non-conductive
    # (complete), psychotic depression with an ECT referral (signed), and the first signed one a
    # relapse after a past TMS course with a stimulant on the medicines list.
    chosen = {1: "contraindicated", 2: "prior_tms_relapse", 3: "one_trial"}.get(
        variant, "eligible_with_cautions"
    )
    chosen = {"6": "cochlear_implant", "7": "psychotic_depression"}.get(patient.mrn[-1], chosen)
    base = documents[chosen]
    _phq_history(base, today, [22, 21, 19, 20, 18, 17][: 3 + variant % 4])
    if variant == 0:  # a draft, just begun
        services.reassessment_create(actor=actor, patient=patient)
        return
    if variant == 4:  # high risk: flag raised, action recorded, still a draft
        risky = full_document(
            assessed_on=today,
            date_of_birth=patient.date_of_birth,
            sex_at_birth=patient.sex_at_birth,
            item9=2,
            cssrs_intent="yes",
        )
        draft = services.reassessment_create(actor=actor, patient=patient, document=risky)
        services.safety_action_record(
            actor=actor,
            reassessment=draft,
            kind="crisis_evaluation",
            note="Same-day evaluation; safety plan reviewed with patient and family.",
        )
        return
    draft = services.reassessment_create(actor=actor, patient=patient, document=base)
    complete = services.reassessment_complete(actor=actor, reassessment=draft, revision=None)
    if variant == 1:  # complete, awaiting signature
        return
    signed = services.reassessment_sign(actor=actor, reassessment=complete, revision=None)
    if variant == 3:  # signed, then amended and the amendment signed
        amendment = services.reassessment_amend(actor=actor, reassessment=signed)
        corrected = {
            **amendment.document,
            "logistics": {**amendment.document["logistics"], "notes": "Amended: driver confirmed."},
        }
        amendment = services.reassessment_update(
            actor=actor, reassessment=amendment, document=corrected, revision=None
        )
        amendment = services.reassessment_complete(actor=actor, reassessment=amendment, revision=None)
        services.reassessment_sign(actor=actor, reassessment=amendment, revision=None)


def evaluation_variants(
    *, assessed_on: dt.date, date_of_birth: dt.date, sex_at_birth: str
) -> dict[str, dict[str, Any]]:
    """Documents whose evaluations land on each status, for the demo review pages."""
    base = full_document(assessed_on=assessed_on, date_of_birth=date_of_birth, sex_at_birth=sex_at_birth)

    def changed(**sections: dict[str, Any]) -> dict[str, Any]:
        doc = {**base}
        for name, updates in sections.items():
            doc[name] = {**base[name], **updates}
        return doc

    one_trial = {**base, "medication_trials": base["medication_trials"][:1]}
    return {
        "eligible_with_cautions": base,  # controlled hypertension: a Spravato and ketamine caution
        "contraindicated": changed(medical={"aneurysmal_vascular_disease": "yes"}),
        "not_eligible": changed(co_occurring={"bipolar_spectrum": "yes"}),
        "needs_information": changed(diagnosis={"psychotic_features": "unknown"}),
        "one_trial": one_trial,  # TMS may proceed; Spravato and ketamine need a second failed trial
    }


def second_edition_variants(
    *, assessed_on: dt.date, date_of_birth: dt.date, sex_at_birth: str
) -> dict[str, dict[str, Any]]:
    """Documents for the second-edition cases (criteria.md §10), built on ``full_document``.

    - ``cochlear_implant``: a cochlear implant recorded as non-conductive: TMS is contraindicated
      by the device type whatever the material (§10.2).
    - ``psychotic_depression``: severe recurrent depression with psychotic features: an ECT
      referral leads and Spravato is never first (§10.6).
    - ``prior_tms_relapse``: a TMS course with a 65 % response, then relapse (retreatment, §10.6),
      and methylphenidate on the current medicines list (a blood-pressure caution, §10.5).
    - ``intolerance_and_adherence``: one trial stopped for side effects before an adequate trial,
      one taken with poor adherence (§10.4).
    """
    base = full_document(assessed_on=assessed_on, date_of_birth=date_of_birth, sex_at_birth=sex_at_birth)

    def weeks_ago(n: int) -> str:
        return (assessed_on - dt.timedelta(weeks=n)).isoformat()

    medical = base["medical"]
    trials = base["medication_trials"]
    return {
        "cochlear_implant": {
            **base,
            "medical": {
                **medical,
                "implants": [
                    *medical["implants"],
                    {
                        "kind": "cochlear_implant",
                        "location": "head",
                        "magnetic_or_conductive": "no",
                        "notes": "Left ear, fitted 2019.",
                    },
                ],
            },
        },
        "psychotic_depression": {
            **base,
            "diagnosis": {**base["diagnosis"], "icd10_code": "F33.3", "psychotic_features": "yes"},
        },
        "prior_tms_relapse": {
            **base,
            "other_treatments": {**base["other_treatments"], "tms": "yes"},
            "prior_courses": [
                {
                    "treatment": "tms",
                    "start_date": weeks_ago(60),
                    "end_date": weeks_ago(53),
                    "sessions": 36,
                    "response_percent": 65,
                    "relapsed": "yes",
                }
            ],
            "medical": {**medical, "current_medications": [{"drug": "methylphenidate", "daily_dose_mg": 20}]},
            "none_of_these": [],
        },
        "intolerance_and_adherence": {
            **base,
            "medication_trials": [
                {
                    **trials[0],
                    "end_date": weeks_ago(67),
                    "ended_for_intolerance": "yes",
                    "outcome": "unknown",
                },
                {**trials[1], "adherence": "poor"},
                *trials[2:],
            ],
        },
    }
