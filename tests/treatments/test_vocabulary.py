"""One list of treatments and statuses: the engine's; the Django choices and the catalog seed read it."""

from __future__ import annotations

from eligibility.engine.models import STATUSES, TREATMENTS
from treatments.models import TREATMENT_LABELS, TreatmentSlug


def test_the_treatment_choices_are_the_engine_s_treatments_in_its_order() -> None:
    assert tuple(TreatmentSlug.values) == TREATMENTS
    assert (
        dict(TreatmentSlug.choices)
        == TREATMENT_LABELS
        == {"tms": "TMS", "spravato": "Spravato", "ketamine": "Ketamine"}
    )


def test_the_statuses_run_from_worst_to_best() -> None:
    assert STATUSES == (
        "contraindicated",
        "not_eligible",
        "needs_information",
        "eligible_with_cautions",
        "eligible",
    )
