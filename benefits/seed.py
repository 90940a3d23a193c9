# ruff: noqa: E501  (long source citations are data)
"""Seed payers, plans and coverage policies from criteria.md §3.6, §3.7, §4.2, §7.1–§7.3.

Representative, "-style" policies: they model what each source asks for, not a contract with any
insurer. Functions take ``apps`` so the data migration uses the historical models; the reverse
deletes the seeded payers (their plans and policies go with them) by name.
"""

from __future__ import annotations

from typing import Any

MA_EAST = "Medicare Advantage (LCD L34998/L34522-style)"
MA_WEST = "Medicare Advantage (LCD L37086-style)"
CIGNA = "Commercial (Cigna-style)"
AETNA = "Commercial (Aetna-style)"
CENTENE = "Medicaid managed care (Centene-style)"
SELF_PAY = "Self-pay"
PAYERS = (MA_EAST, MA_WEST, CIGNA, AETNA, CENTENE, SELF_PAY)

TMS_CODES = "CPT 90867 (initial, mapping and motor threshold), 90868 (subsequent), 90869 (motor threshold re-determination); ICD-10-CM F32.2 / F33.2 (criteria.md §7.3)"
SPRAVATO_CODES = "HCPCS J0013 (1 mg, from 1 Jan 2026, replacing S0013) with a separate observation service; Medicare: G2082 (≤ 56 mg) / G2083 (> 56 mg), modifier KX (criteria.md §7.3)"
KETAMINE_CODES = "CPT 96365 (+96366) with HCPCS J3490 where covered (criteria.md §7.3)"

CMS = {
    "standard_timeframe_kind": "calendar_days",
    "standard_timeframe_amount": 7,
    "expedited_timeframe_kind": "hours",
    "expedited_timeframe_amount": 72,
}
ERISA = {
    "standard_timeframe_kind": "calendar_days",
    "standard_timeframe_amount": 15,
    "expedited_timeframe_kind": "hours",
    "expedited_timeframe_amount": 72,
}

# payer name -> (kind, [(plan name, erisa, regulated_by, time zone)], [policy fields])
SEED: dict[str, tuple[str, list[tuple[str, bool, str, str]], list[dict[str, Any]]]] = {
    MA_EAST: (
        "medicare_advantage",
        [("MA HMO East", False, "cms_0057f", "America/New_York")],
        [
            {
                "treatment": "tms",
                "name": "TMS, Medicare Advantage (L34998/L34522-style)",
                "severe_episode_only": True,
                "min_failed_trials": 1,
                "documents_wanted": ["psychiatrist_order", "tms_plan", "letter_of_medical_necessity"],
                "billing_codes": TMS_CODES,
                **CMS,
                "source": "criteria.md §3.6 [LCD-L34998, LCD-L34522]: adults, severe MDD, ≥ 1 adequate trial or "
                "documented intolerance (intolerance: a coordinator marks the item with the evidence), face-to-face "
                "psychiatrist evaluation and order, ≤ 6 weeks daily; §7.1 [CMS-0057-F]: 72 h expedited, 7 calendar "
                "days standard (items and services; MA plans, not traditional Medicare FFS)",
            },
        ],
    ),
    MA_WEST: (
        "medicare_advantage",
        [("MA PPO West", False, "cms_0057f", "America/Los_Angeles")],
        [
            {
                "treatment": "tms",
                "name": "TMS, Medicare Advantage (L37086-style)",
                "severe_episode_only": True,
                "min_failed_trials": 2,
                "min_classes": 2,
                "psychotherapy_required": True,
                "documents_wanted": ["psychiatrist_order", "tms_plan", "letter_of_medical_necessity"],
                "billing_codes": TMS_CODES,
                **CMS,
                "source": "criteria.md §3.6 [LCD-L37086, A55904]: severe MDD, adequate trials from ≥ 2 classes, "
                "evidence-based psychotherapy without improvement, psychiatrist order and supervision; "
                "§7.1 [CMS-0057-F]",
            },
        ],
    ),
    CIGNA: (
        "commercial",
        [("Employer PPO", True, "erisa", "America/Chicago")],
        [
            {
                "treatment": "spravato",
                "name": "Spravato, commercial (Cigna-style)",
                "min_failed_trials": 2,
                "min_classes": 2,
                "min_age": 18,
                "phq9_within_days": 28,
                "documents_wanted": ["rems_enrolment", "pdmp_check", "letter_of_medical_necessity"],
                "billing_codes": SPRAVATO_CODES,
                **ERISA,
                "source": "criteria.md §1.2, §7.2 [CIGNA-SPR]: ≥ 2 oral antidepressants of adequate dose and duration "
                "in the current episode, of different classes; REMS certification; PDMP check; baseline scale "
                "within 4 weeks [EVICORE-SPR, CAREFIRST-SPR]; §2.1 adults; §7.1 [ERISA] 72 h urgent, 15 days "
                "pre-service (to be confirmed with the plan); a drug request: CMS-0057-F does not apply",
            },
            {
                "treatment": "ketamine",
                "name": "IV ketamine, commercial: not covered",
                "covered": False,
                "pa_required": False,
                "billing_codes": KETAMINE_CODES,
                "source": "criteria.md §4.2 [BCBSMA-087]: investigational, self-pay",
            },
        ],
    ),
    AETNA: (
        "commercial",
        [("Group HMO", True, "erisa", "America/New_York")],
        [
            {
                "treatment": "tms",
                "name": "TMS, commercial (Aetna CPB 0469-style)",
                "severe_episode_only": True,
                "min_failed_trials": 2,
                "min_classes": 2,
                "augmentation_required": True,
                "excluded_if_active_suicidality": True,
                "documents_wanted": ["psychiatrist_order", "tms_plan", "letter_of_medical_necessity"],
                "billing_codes": TMS_CODES,
                **ERISA,
                "source": "criteria.md §3.7 [AETNA-0469]: FDA-cleared device/protocol, psychiatrist-confirmed severe "
                "MDD without psychosis, 2 antidepressants of different classes plus augmentation failed, 30 + 6 "
                "sessions, excludes active suicidality; the minimum age is left to the clinician: the policy's "
                "sources give 15 and 18 years; "
                "§7.1 [ERISA]",
            },
        ],
    ),
    CENTENE: (
        "medicaid",
        [("Medicaid managed care", False, "cms_0057f", "America/Chicago")],
        [
            {
                "treatment": "tms",
                "name": "TMS, Medicaid managed care (Centene CP.BH.200-style)",
                "min_age": 18,
                "phq9_min_total": 15,
                "min_failed_trials": 2,
                "min_classes": 2,
                "psychotherapy_required": True,
                "excluded_if_active_suicidality": True,
                "documents_wanted": ["tms_plan"],
                "billing_codes": TMS_CODES,
                **CMS,
                "source": "criteria.md §3.7 [CENTENE-BH200]: adults (15–17 case by case), PHQ-9 ≥ 15, ≥ 2 trials of "
                "different classes, psychotherapy trial, ≤ 36 sessions, excludes acute suicidal ideation with "
                "intent; §7.1 [CMS-0057-F] (Medicaid managed care)",
            },
        ],
    ),
    SELF_PAY: (
        "self_pay",
        [("Self-pay", False, "none", "America/New_York")],
        [
            {
                "treatment": treatment,
                "name": f"{label}, self-pay",
                "covered": False,
                "pa_required": False,
                "billing_codes": codes,
                "source": f"{section}: no insurer, the patient pays",
            }
            for treatment, label, codes, section in (
                ("tms", "TMS", TMS_CODES, "criteria.md §3.2, §7.3"),
                ("spravato", "Spravato", SPRAVATO_CODES, "criteria.md §2.4, §7.3"),
                ("ketamine", "IV ketamine", KETAMINE_CODES, "criteria.md §4.2 [BCBSMA-087], §7.3"),
            )
        ],
    ),
}


# criteria.md §3.6, §3.7, §10.8 (second edition): what the seeded policies state beyond the first
# edition's fields. Kept apart from SEED because migration 0002 seeds with the model as it was then;
# migration 0003 adds the fields and sets these.
SECOND_EDITION_FLAGS: dict[str, dict[str, bool]] = {
    "TMS, Medicare Advantage (L34998/L34522-style)": {"intolerance_credited": True},
    "TMS, Medicare Advantage (L37086-style)": {
        "excluded_if_seizure_disorder": True,
        "excluded_if_neurological": True,
        "retreatment_needs_prior_response": True,
    },
    "TMS, commercial (Aetna CPB 0469-style)": {
        "intolerance_credited": True,
        "excluded_if_cerebrovascular": True,
        "excluded_if_raised_icp": True,
        "excluded_if_recent_substance_misuse": True,
        "retreatment_needs_prior_response": True,
    },
}


def set_second_edition_flags(apps: Any, schema_editor: Any = None) -> None:
    """Set SECOND_EDITION_FLAGS on the seeded policies, where the model has the fields."""
    CoveragePolicy = apps.get_model("benefits", "CoveragePolicy")
    fields = {field.name for field in CoveragePolicy._meta.get_fields()}
    for name, flags in SECOND_EDITION_FLAGS.items():
        present = {flag: value for flag, value in flags.items() if flag in fields}
        if present:
            CoveragePolicy.objects.filter(name=name).update(**present)


def seed_policies(apps: Any, schema_editor: Any = None) -> None:
    Payer = apps.get_model("benefits", "Payer")
    Plan = apps.get_model("benefits", "Plan")
    CoveragePolicy = apps.get_model("benefits", "CoveragePolicy")
    for payer_name, (kind, plans, policies) in SEED.items():
        payer, _ = Payer.objects.get_or_create(name=payer_name, defaults={"kind": kind})
        for plan_name, erisa, regulated_by, time_zone in plans:
            Plan.objects.get_or_create(
                payer=payer,
                name=plan_name,
                defaults={"erisa": erisa, "regulated_by": regulated_by, "time_zone": time_zone},
            )
        for fields in policies:
            values = dict(fields)
            treatment = values.pop("treatment")
            CoveragePolicy.objects.update_or_create(
                payer=payer, plan=None, treatment=treatment, defaults=values
            )
    set_second_edition_flags(apps)


def unseed_policies(apps: Any, schema_editor: Any = None) -> None:
    Payer = apps.get_model("benefits", "Payer")
    Plan = apps.get_model("benefits", "Plan")
    CoveragePolicy = apps.get_model("benefits", "CoveragePolicy")
    CoveragePolicy.objects.filter(payer__name__in=PAYERS).delete()
    Plan.objects.filter(payer__name__in=PAYERS).delete()
    Payer.objects.filter(name__in=PAYERS).delete()
