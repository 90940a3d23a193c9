"""The Spravato REMS requirements as the clinic applies them, seeded by migration 0002 from
criteria.md §2.4 [SPR-REMS], which reflects the REMS as updated 12/31/2024 (§9). Later REMS
modifications are an admin edit: add rows with the new version and make them active."""

from __future__ import annotations

from typing import Any

REMS_VERSION = "12/31/2024"
SOURCE = "criteria.md §2.4 [SPR-REMS]; REMS as updated 12/31/2024 (§9)"

REMS_REQUIREMENTS: list[dict[str, Any]] = [
    {
        "code": "enrolment_before_first_dose",
        "value": None,
        "description": "Outpatient settings enrol the patient in the REMS before the first dose.",
    },
    {
        "code": "monitoring_form",
        "value": None,
        "description": (
            "A Patient Monitoring Form is filed after every outpatient session "
            "(inpatient settings are exempt)."
        ),
    },
    {
        "code": "monitoring_form_filing_days",
        "value": 7,
        "description": "The monitoring form is filed within 7 days of the session.",
    },
    {
        "code": "minimum_observation_minutes",
        "value": 120,
        "description": "Direct observation for at least 2 hours after dosing; a clinician clears discharge.",
    },
]


def seed_rems_requirements(model: Any) -> None:
    """Create the seeded rows (idempotent: a row of the same code and version is left alone)."""
    for row in REMS_REQUIREMENTS:
        model.objects.get_or_create(
            code=row["code"],
            rems_version=REMS_VERSION,
            defaults={
                "value": row["value"],
                "description": row["description"],
                "source": SOURCE,
                "active": True,
                "required": True,
            },
        )
