"""The catalog as criteria.md states it, and the functions that seed and unseed it.

Migration 0002 calls ``seed_catalog``/``unseed_catalog`` with its historical ``apps``
registry, so nothing here imports a Django model. This module is the migration's data:
change the catalog of an installed database with a new data migration (or the admin), not by
editing these rows, which only reach fresh databases.

Every fact is from criteria.md (section in ``source``); where the reference says
*unconfirmed*, or says nothing, the row has ``confirmed=False`` or the text says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from eligibility.engine.models import TREATMENTS

_UNSTATED = "Not stated in criteria.md (unconfirmed)."
_NO_ROUTE_DATA = "criteria.md gives no dose or course for this route (unconfirmed): the clinic's protocol."

TMS: dict[str, Any] = {
    "slug": "tms",
    "name": "TMS (transcranial magnetic stimulation)",
    "position": 1,
    "summary": (
        "Magnetic stimulation of the left dorsolateral prefrontal cortex (DLPFC), given in clinic "
        "on weekdays over about six weeks. Devices are FDA-cleared for adult major depression that "
        "has not improved on antidepressant medication in the current episode, and since 2024 as an "
        "adjunct at ages 15–21. Protocols: standard 10 Hz, iTBS and accelerated iTBS (SAINT)."
    ),
    "time_to_effect": (
        f"{_UNSTATED} Response is judged over the acute course: 4–6 weeks of daily sessions "
        "(§3.2); SAINT runs over 5 days."
    ),
    "patient_must_arrange": (
        "Daily visits: 5 sessions a week for about 6 weeks (30 sessions), then a taper of 3, 2 and "
        "1 sessions a week (6 more). SAINT: 10 sessions a day, 50 minutes apart, on 5 days. "
        "Removable metal near the head comes off before each session."
    ),
    "requires_daily_visits": True,
    "requires_driver": False,
    "controlled_substance_schedule": "",
    "rems_program": "",
    "common_side_effects": (
        "Not listed in criteria.md (unconfirmed). Seizure is the serious risk the screening "
        "addresses: seizure history, threshold-lowering drugs, alcohol or sedative withdrawal and "
        "sleep deprivation raise it (§3.4)."
    ),
    "sources": (
        "criteria.md §3 (clearances, courses, safety), §7.3 (codes) [NS-IFU, CARLAT-2008, K220177, "
        "CTMSS-SAINT, HEALIO-2024, OREARDON-2007, THREE-D, AETNA-0469]"
    ),
    "protocols": [
        {
            "slug": "tms-10hz",
            "name": "Standard 10 Hz (left DLPFC)",
            "phase": "acute",
            "sessions": 30,
            "frequency": "5 a week (weekdays)",
            "weeks": 6,
            "dose": "10 Hz, 120 % of motor threshold, 3,000 pulses a session",
            "session_minutes": Decimal("37.5"),
            "notes": (
                "Trials ran 4–6 weeks [OREARDON-2007, THREE-D]. The usual authorization is 30 "
                "sessions in 6 weeks plus a 6-session taper, 36 in all [AETNA-0469, ND-BCBSM-2016]."
            ),
            "source": "criteria.md §3.2",
        },
        {
            "slug": "tms-10hz-taper",
            "name": "Standard 10 Hz taper",
            "phase": "taper",
            "sessions": 6,
            "frequency": "3, then 2, then 1 a week",
            "weeks": 3,
            "dose": "10 Hz, 120 % of motor threshold, 3,000 pulses a session",
            "session_minutes": Decimal("37.5"),
            "notes": "Follows the acute course: sessions 31–36 of the usual authorization.",
            "source": "criteria.md §3.2 [AETNA-0469, ND-BCBSM-2016]",
        },
        {
            "slug": "tms-itbs",
            "name": "Intermittent theta-burst (iTBS)",
            "phase": "acute",
            "sessions": 30,
            "frequency": "5 a week (weekdays)",
            "weeks": 6,
            "dose": "600 pulses of iTBS a session",
            "session_minutes": Decimal("3"),
            "notes": (
                "Non-inferior to 10 Hz [THREE-D]; cleared for MDD (MagVenture) since Aug 2018. "
                "Aetna authorizes iTBS on the same 30 + 6 sessions as 10 Hz [AETNA-0469]."
            ),
            "source": "criteria.md §3.1, §3.2, §3.7",
        },
        {
            "slug": "tms-saint",
            "name": "Accelerated iTBS (SAINT)",
            "phase": "acute",
            "sessions": 50,
            "frequency": "10 sessions a day, 50 minutes apart, on 5 days",
            "weeks": 1,
            "dose": "1,800 pulses a session, 90 % of motor threshold (depth-adjusted), fMRI-targeted",
            "session_minutes": None,
            "notes": (
                "Cleared 6 Sep 2022 (K220177). Many payers call accelerated/SAINT, MRI-guided and "
                "maintenance TMS investigational [AETNA-0469]. Session length not stated in criteria.md."
            ),
            "source": "criteria.md §3.1, §3.2 [CTMSS-SAINT]",
        },
    ],
    "regulatory": [
        {
            "indication": "Major depressive disorder after a failed antidepressant in the current episode",
            "status": "fda_cleared",
            "population": "Adults",
            "product": "NeuroStar",
            "since": "Oct 2008",
            "source": "criteria.md §3.1 [CARLAT-2008, NS-IFU]",
        },
        {
            "indication": "Major depressive disorder",
            "status": "fda_cleared",
            "product": "BrainsWay Deep TMS",
            "since": "2013",
            "source": "criteria.md §3.1 [BRAINSWAY-HIST]",
        },
        {
            "indication": "Obsessive-compulsive disorder",
            "status": "fda_cleared",
            "product": "BrainsWay Deep TMS (de novo)",
            "since": "Aug 2018",
            "notes": "Medicare LCDs L34998/L34522 do not cover OCD (§3.6).",
            "source": "criteria.md §3.1 [HEALIO-OCD-2018]",
        },
        {
            "indication": "Major depressive disorder, iTBS (about 3-minute sessions)",
            "status": "fda_cleared",
            "product": "MagVenture",
            "since": "Aug 2018",
            "source": "criteria.md §3.1 [PN-TBS-2018]",
        },
        {
            "indication": "Smoking cessation",
            "status": "fda_cleared",
            "product": "BrainsWay Deep TMS",
            "since": "2020",
            "source": "criteria.md §3.1 [BRAINSWAY-HIST]",
        },
        {
            "indication": "Anxious depression",
            "status": "fda_cleared",
            "product": "BrainsWay Deep TMS",
            "since": "2021–22",
            "notes": "Clearance date unconfirmed (criteria.md §9).",
            "source": "criteria.md §3.1 [BRAINSWAY-HIST]",
            "confirmed": False,
        },
        {
            "indication": "Anxious depression",
            "status": "fda_cleared",
            "product": "NeuroStar",
            "since": "2022",
            "source": "criteria.md §3.1 [HTI-2022]",
        },
        {
            "indication": "Major depressive disorder, fMRI-targeted accelerated iTBS (SAINT)",
            "status": "fda_cleared",
            "population": "Adults",
            "product": "SAINT (K220177)",
            "since": "6 Sep 2022",
            "since_date": dt.date(2022, 9, 6),
            "source": "criteria.md §3.1 [CTMSS-SAINT]",
        },
        {
            "indication": "Major depressive disorder, as an adjunct",
            "status": "fda_cleared",
            "population": "Adolescents 15–21 (adjunct)",
            "product": "NeuroStar",
            "since": "Mar 2024",
            "notes": "Under 18 the engine requires a current antidepressant (§3.5).",
            "source": "criteria.md §3.1 [HEALIO-2024]",
        },
        {
            "indication": "Major depressive disorder, as an adjunct",
            "status": "fda_cleared",
            "population": "Adolescents (adjunct)",
            "product": "Apollo TMS",
            "since": "Sep 2025",
            "source": "criteria.md §3.1 [HMP-2025]",
        },
        {
            "indication": "Bipolar depression",
            "status": "not_cleared",
            "notes": "Cleared for MDD, OCD and smoking cessation only (§3.5, §6.2).",
            "source": "criteria.md §3.5, §6.2 [NS-IFU]",
        },
    ],
    "monitoring": [
        {
            "requirement": (
                "Screen for conductive, ferromagnetic or magnetic-sensitive metal in the head or within "
                "30 cm of the coil; removable metal comes off first"
            ),
            "when": "before",
            "notes": (
                "An implant there is an absolute contraindication under device labeling. Dental "
                "fillings, braces and dental implants are not."
            ),
            "source": "criteria.md §3.3 [NS-IFU]",
        },
        {
            "requirement": (
                "Review seizure risk: seizure history, threshold-lowering drugs, alcohol or sedative "
                "withdrawal, sleep deprivation"
            ),
            "when": "before",
            "source": "criteria.md §3.4 [NS-IFU, ROSSI-2021]",
        },
        {
            "requirement": "Motor threshold determined at the first session and re-determined when needed",
            "when": "before",
            "notes": "Billed within 90867 (initial) and 90869 (re-determination).",
            "source": "criteria.md §3.2, §7.3",
        },
    ],
    "billing_codes": [
        {
            "code_system": "CPT",
            "code": "90867",
            "description": "TMS, initial: mapping, motor threshold, delivery and management",
            "source": "criteria.md §7.3",
        },
        {
            "code_system": "CPT",
            "code": "90868",
            "description": "TMS, subsequent session: delivery and management",
            "source": "criteria.md §7.3",
        },
        {
            "code_system": "CPT",
            "code": "90869",
            "description": "TMS, subsequent motor-threshold re-determination with delivery and management",
            "source": "criteria.md §7.3",
        },
        {
            "code_system": "ICD-10-CM",
            "code": "F32.2",
            "description": "Major depressive disorder, single episode, severe without psychotic features",
            "notes": "Medicare LCDs cover TMS for severe MDD (§3.6).",
            "source": "criteria.md §7.3",
        },
        {
            "code_system": "ICD-10-CM",
            "code": "F33.2",
            "description": "Major depressive disorder, recurrent, severe without psychotic features",
            "notes": "Medicare LCDs cover TMS for severe MDD (§3.6).",
            "source": "criteria.md §7.3",
        },
    ],
}

SPRAVATO: dict[str, Any] = {
    "slug": "spravato",
    "name": "Spravato (esketamine nasal spray)",
    "position": 2,
    "summary": (
        "Esketamine nasal spray, self-administered under direct observation in a REMS-certified "
        "healthcare setting, never at home. FDA-approved in adults for treatment-resistant depression, "
        "alone or with an oral antidepressant, and for major depression with acute suicidal ideation "
        "or behavior (MDSI), with an oral antidepressant. 28 mg devices: 56 mg is 2, 84 mg is 3."
    ),
    "time_to_effect": (
        f"{_UNSTATED} The TRD induction and the MDSI course each last 4 weeks (§2.4). It does not "
        "prevent suicide or replace hospitalization (§2.1)."
    ),
    "patient_must_arrange": (
        "A ride home after every session: no driving until the next day, after a restful sleep. "
        "At least 2 hours in clinic under observation after each dose. No food for 2 hours and no "
        "liquid for 30 minutes before dosing. Visits twice a week in weeks 1–4, weekly in weeks 5–8, "
        "then every 1–2 weeks (TRD); twice a week for 4 weeks (MDSI). Outpatients are enrolled in the "
        "REMS before the first dose."
    ),
    "requires_daily_visits": False,
    "requires_driver": True,
    "controlled_substance_schedule": "CIII",
    "rems_program": "SPRAVATO REMS",
    "common_side_effects": (
        "Dissociation (61–75 %) and sedation (48–61 %; loss of consciousness 0.3–0.4 %). "
        "Blood-pressure rise, peaking about 40 minutes after dosing and lasting about 4 hours "
        "(8–19 % rose ≥ 40 mmHg systolic and/or ≥ 25 mmHg diastolic within 1.5 h). Respiratory "
        "depression (2023 label update). Cognitive impairment; cystitis. Boxed warnings also cover "
        "abuse and misuse, and suicidality up to age 24."
    ),
    "sources": (
        "criteria.md §2 (indications, warnings, dosing, REMS), §7.3 (codes) [SPR-PI, SPR-HCP, "
        "SPR-2025, SPR-REMS, CGS-SPR, J0013, FCSO-A59250]"
    ),
    "protocols": [
        {
            "slug": "spravato-trd-induction",
            "name": "TRD induction (weeks 1–4)",
            "phase": "induction",
            "sessions": 8,
            "frequency": "Twice a week",
            "weeks": 4,
            "dose": "Day 1: 56 mg; then 56 mg or 84 mg",
            "notes": (
                "One 28 mg device a dose unit, 5 minutes between devices. A 28 mg start at 65 and over "
                "appears in non-US labels; the US dose is unconfirmed. Authorizations typically run "
                "6 months for TRD (§7.2)."
            ),
            "source": "criteria.md §2.4 [SPR-PI, SPR-HCP]",
        },
        {
            "slug": "spravato-trd-maintenance-weekly",
            "name": "TRD maintenance (weeks 5–8)",
            "phase": "maintenance",
            "sessions": 4,
            "frequency": "Once a week",
            "weeks": 4,
            "dose": "56 mg or 84 mg",
            "source": "criteria.md §2.4 [SPR-PI, SPR-HCP]",
        },
        {
            "slug": "spravato-trd-maintenance",
            "name": "TRD maintenance (week 9 onward)",
            "phase": "maintenance",
            "frequency": "Every 2 weeks or weekly",
            "dose": "56 mg or 84 mg",
            "notes": "Open-ended.",
            "source": "criteria.md §2.4 [SPR-PI, SPR-HCP]",
        },
        {
            "slug": "spravato-mdsi",
            "name": "MDSI course",
            "phase": "acute",
            "sessions": 8,
            "frequency": "Twice a week",
            "weeks": 4,
            "dose": "84 mg; may be reduced to 56 mg",
            "notes": "With an oral antidepressant. Authorizations typically run 2 months for MDSI (§7.2).",
            "source": "criteria.md §2.4 [SPR-PI]",
        },
    ],
    "regulatory": [
        {
            "indication": "Treatment-resistant depression, with an oral antidepressant",
            "status": "fda_approved",
            "population": "Adults",
            "product": "Spravato",
            "notes": (
                "Inadequate response to ≥ 2 different oral antidepressants of adequate dose and "
                "duration in the current episode (§1.2). First approval date not in criteria.md."
            ),
            "source": "criteria.md §2.1 [SPR-PI]",
        },
        {
            "indication": "Treatment-resistant depression, as monotherapy",
            "status": "fda_approved",
            "population": "Adults",
            "product": "Spravato",
            "since": "21 Jan 2025",
            "since_date": dt.date(2025, 1, 21),
            "source": "criteria.md §2.1 [SPR-2025]",
        },
        {
            "indication": (
                "Major depressive disorder with acute suicidal ideation or behavior (MDSI), "
                "with an oral antidepressant"
            ),
            "status": "fda_approved",
            "population": "Adults",
            "product": "Spravato",
            "notes": "Does not prevent suicide or replace hospitalization.",
            "source": "criteria.md §2.1 [SPR-PI]",
        },
        {
            "indication": "Any indication",
            "status": "not_cleared",
            "population": "Under 18",
            "product": "Spravato",
            "source": "criteria.md §2.1 [SPR-PI]",
        },
    ],
    "monitoring": [
        {
            "requirement": "Outpatient settings enroll the patient in the REMS before the first dose",
            "when": "before",
            "source": "criteria.md §2.4 [SPR-REMS]",
        },
        {
            "requirement": "Blood pressure before dosing; above 140/90, weigh the risk and control it first",
            "when": "before",
            "source": "criteria.md §2.3, §2.4 [SPR-PI, SPR-HCP]",
        },
        {
            "requirement": (
                "Self-administered under direct observation in a REMS-certified setting "
                "(prescriber on site, pulse oximeter)"
            ),
            "when": "during",
            "notes": "Never home use.",
            "source": "criteria.md §2.4 [SPR-REMS]",
        },
        {
            "requirement": (
                "Observe for at least 2 hours after dosing (sedation, dissociation, respiratory "
                "depression); a clinician clears discharge"
            ),
            "when": "after",
            "minimum_minutes": 120,
            "source": "criteria.md §2.4 [SPR-REMS]",
        },
        {
            "requirement": "Pulse oximetry for respiratory depression",
            "when": "after",
            "notes": "Boxed warning since the 2023 label update.",
            "source": "criteria.md §2.3 [SPR-PI]",
        },
        {
            "requirement": "Blood pressure about 40 minutes after dosing, then as warranted until stable",
            "when": "after",
            "notes": "The rise peaks about 40 minutes after dosing and lasts about 4 hours.",
            "source": "criteria.md §2.3, §2.4 [SPR-PI, SPR-HCP]",
        },
        {
            "requirement": "Blood pressure before discharge",
            "when": "after",
            "notes": "The Patient Monitoring Form records pre-dose, 40-minute and pre-discharge readings.",
            "source": "criteria.md §2.4 [SPR-REMS]",
        },
        {
            "requirement": "File a REMS Patient Monitoring Form within 7 days of every outpatient session",
            "when": "after",
            "notes": "Inpatient settings are exempt.",
            "source": "criteria.md §2.4 [SPR-REMS]",
        },
    ],
    "billing_codes": [
        {
            "code_system": "HCPCS",
            "code": "G2082",
            "description": (
                "Esketamine, established patient, supervised self-administration up to 56 mg, "
                "2 hours of observation, drug included"
            ),
            "notes": "≤ 56 mg. Medicare: labeled indications at REMS sites only [FCSO-A59250].",
            "source": "criteria.md §7.3 [CGS-SPR]",
        },
        {
            "code_system": "HCPCS",
            "code": "G2083",
            "description": (
                "Esketamine, established patient, supervised self-administration over 56 mg, "
                "2 hours of observation, drug included"
            ),
            "notes": "> 56 mg. Medicare: labeled indications at REMS sites only [FCSO-A59250].",
            "source": "criteria.md §7.3 [CGS-SPR]",
        },
        {
            "code_system": "HCPCS",
            "code": "KX",
            "description": "Modifier: REMS enrolment, on Medicare claims",
            "notes": "A modifier on G2082/G2083, not a billable line of its own.",
            "source": "criteria.md §7.3 [CGS-SPR]",
        },
        {
            "code_system": "HCPCS",
            "code": "S0013",
            "description": "Esketamine nasal spray (payers other than Medicare)",
            "notes": "Replaced by J0013 from 1 Jan 2026.",
            "source": "criteria.md §7.3 [J0013]",
        },
        {
            "code_system": "HCPCS",
            "code": "J0013",
            "description": "Esketamine nasal spray, 1 mg (payers other than Medicare)",
            "notes": "Replaces S0013 from 1 Jan 2026.",
            "effective_from": dt.date(2026, 1, 1),
            "replaces": "S0013",
            "source": "criteria.md §7.3 [J0013]",
        },
    ],
}

KETAMINE: dict[str, Any] = {
    "slug": "ketamine",
    "name": "Ketamine (racemic, off-label)",
    "position": 3,
    "summary": (
        "Racemic ketamine, used off-label for depression; no guideline covers it. The APA Council of "
        "Research consensus (2017) finds the best evidence for major depressive episodes without "
        "psychotic features, mostly with ≤ 1 month of follow-up, and mostly at 0.5 mg/kg IV over "
        "40 minutes. criteria.md gives no dose or course for the IM, intranasal and oral routes."
    ),
    "time_to_effect": f"{_UNSTATED} The evidence mostly follows patients for ≤ 1 month (§4.1).",
    "patient_must_arrange": (
        "A ride home after each treatment: no driving afterwards. An acute IV series is about 6 "
        "infusions over 2–3 weeks (unconfirmed). Usually self-pay: plans mostly call it "
        "investigational; some cover IV ketamine on esketamine criteria (§4.2)."
    ),
    "requires_daily_visits": False,
    "requires_driver": True,
    "controlled_substance_schedule": "CIII",
    "rems_program": "",
    "common_side_effects": (
        "Not listed in criteria.md (unconfirmed). Blood pressure rises: the Ketalar label "
        "contraindicates it where a significant rise is a serious hazard (§4.2 [KETALAR-PI]). "
        "Misuse potential (Schedule III); substance use and psychosis history need attention (§4.1)."
    ),
    "sources": (
        "criteria.md §4 (consensus, engine rules, payers), §7.3 (codes) [SANACORA-2017, ANDRADE-2017, "
        "KETALAR-PI, BCBSMA-087]"
    ),
    "protocols": [
        {
            "slug": "ketamine-iv",
            "name": "Intravenous (IV) infusion series",
            "phase": "acute",
            "sessions": 6,
            "frequency": "About 6 infusions over 2–3 weeks",
            "weeks": 3,
            "dose": "0.5 mg/kg IV over 40 minutes",
            "session_minutes": Decimal("40"),
            "notes": (
                "The dose is where the evidence is [ANDRADE-2017]. The series length is common practice; "
                "the consensus statement's exact wording is unconfirmed (§4.1, §9)."
            ),
            "source": "criteria.md §4.1 [SANACORA-2017, ANDRADE-2017]",
            "confirmed": False,
        },
        {
            "slug": "ketamine-im",
            "name": "Intramuscular (IM)",
            "phase": "acute",
            "notes": _NO_ROUTE_DATA,
            "source": "criteria.md §4",
            "confirmed": False,
        },
        {
            "slug": "ketamine-intranasal",
            "name": "Intranasal (racemic)",
            "phase": "acute",
            "notes": f"{_NO_ROUTE_DATA} Not Spravato, which is the approved esketamine spray.",
            "source": "criteria.md §4",
            "confirmed": False,
        },
        {
            "slug": "ketamine-oral",
            "name": "Oral",
            "phase": "acute",
            "notes": _NO_ROUTE_DATA,
            "source": "criteria.md §4",
            "confirmed": False,
        },
    ],
    "regulatory": [
        {
            "indication": "Depression (major depressive episode, including treatment-resistant)",
            "status": "off_label",
            "population": "Adults",
            "product": "Racemic ketamine",
            "notes": (
                "Best evidence is for major depressive episodes without psychotic features (§4.1). "
                "The engine asks for age ≥ 18 and ≥ 2 failed trials (project policy, §4.2)."
            ),
            "source": "criteria.md §4 [SANACORA-2017]",
        },
    ],
    "monitoring": [
        {
            "requirement": (
                "Full diagnostic assessment: substance use and psychosis history, baseline severity, "
                "prior treatment, medical review; urine toxicology if misuse is suspected"
            ),
            "when": "before",
            "source": "criteria.md §4.1 [SANACORA-2017]",
        },
        {
            "requirement": (
                "Baseline blood pressure; above 140/90 or uncontrolled hypertension, control it first"
            ),
            "when": "before",
            "source": "criteria.md §4.1, §4.2 [SANACORA-2017]",
        },
        {
            "requirement": (
                "Continuous respiratory, cardiovascular and mental-status monitoring by ACLS-capable staff"
            ),
            "when": "during",
            "notes": "The setting also handles Schedule III drugs. The IV dose runs over 40 minutes.",
            "source": "criteria.md §4.1 [SANACORA-2017]",
        },
    ],
    "billing_codes": [
        {
            "code_system": "CPT",
            "code": "96365",
            "description": "Intravenous infusion, initial",
            "notes": (
                "No ketamine-specific code exists. Used where a plan covers IV ketamine, some on "
                "esketamine criteria [BCBSMA-087]."
            ),
            "source": "criteria.md §4.2, §7.3",
        },
        {
            "code_system": "CPT",
            "code": "96366",
            "description": "Intravenous infusion, add-on to 96365",
            "notes": "Add-on code (+96366).",
            "source": "criteria.md §4.2, §7.3",
        },
        {
            "code_system": "HCPCS",
            "code": "J3490",
            "description": "Unclassified drug (the ketamine)",
            "source": "criteria.md §4.2, §7.3 [BCBSMA-087]",
        },
    ],
}

CATALOG: tuple[dict[str, Any], ...] = (TMS, SPRAVATO, KETAMINE)
_CHILDREN = ("protocols", "regulatory", "monitoring", "billing_codes")


def seed_catalog(apps: Any, schema_editor: Any = None) -> None:
    """Create each catalog treatment that is absent, with its rows. Never overwrites: a
    treatment already present (edited in the admin, say) is left as it is."""
    Treatment = apps.get_model("treatments", "Treatment")
    Protocol = apps.get_model("treatments", "Protocol")
    RegulatoryStatus = apps.get_model("treatments", "RegulatoryStatus")
    MonitoringRequirement = apps.get_model("treatments", "MonitoringRequirement")
    BillingCode = apps.get_model("treatments", "BillingCode")
    for entry in CATALOG:
        if Treatment.objects.filter(slug=entry["slug"]).exists():
            continue
        treatment = Treatment.objects.create(**{k: v for k, v in entry.items() if k not in _CHILDREN})
        for position, row in enumerate(entry["protocols"], start=1):
            Protocol.objects.create(treatment=treatment, position=position, **row)
        for position, row in enumerate(entry["regulatory"], start=1):
            RegulatoryStatus.objects.create(treatment=treatment, position=position, **row)
        for position, row in enumerate(entry["monitoring"], start=1):
            MonitoringRequirement.objects.create(treatment=treatment, position=position, **row)
        created: dict[tuple[str, str], Any] = {}
        for position, row in enumerate(entry["billing_codes"], start=1):
            fields = dict(row)
            replaces = fields.pop("replaces", None)
            if replaces is not None:
                # Seed order puts the old code first; a KeyError here is a mistake in CATALOG.
                fields["replaces"] = created[(fields["code_system"], replaces)]
            code = BillingCode.objects.create(treatment=treatment, position=position, **fields)
            created[(code.code_system, code.code)] = code


def unseed_catalog(apps: Any, schema_editor: Any = None) -> None:
    """Delete the seeded treatments by slug; their rows go with them (CASCADE)."""
    Treatment = apps.get_model("treatments", "Treatment")
    Treatment.objects.filter(slug__in=TREATMENTS).delete()
