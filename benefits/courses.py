"""The courses a clinic bills, as priced lines for an estimate (benefits.estimates), and the
clinic's prices each needs. Pure Python: session counts and codes come from criteria.md; prices
are inputs, never constants here."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .estimates import CostLine, CourseCost

# criteria.md §3.2: usual authorization 30 sessions in 6 weeks + 6 taper (3, 2, 1) = 36.
TMS_SESSIONS = 36
# criteria.md §2.4: TRD weeks 1–4 twice weekly, weeks 5–8 weekly; week 9+ every 2 weeks or weekly.
SPRAVATO_INDUCTION_SESSIONS = 8
SPRAVATO_WEEKS_5_TO_8_SESSIONS = 4
SPRAVATO_FIRST_DOSE_MG = 56  # day 1 per the US label (§2.4); 28 mg at ≥ 65 is non-US, unconfirmed
SPRAVATO_G2082_MAX_MG = 56  # §7.3: G2082 ≤ 56 mg, G2083 > 56 mg
SPRAVATO_DOSES_MG = frozenset({28, 56, 84})
# criteria.md §4.1: acute series about 6 infusions over 2–3 weeks (exact wording unconfirmed).
KETAMINE_INFUSIONS = 6


def tms_course(price_initial: Decimal, price_subsequent: Decimal) -> CourseCost:
    """36 sessions (§3.2): 1 × 90867 initial (mapping, motor threshold) + 35 × 90868."""
    return CourseCost(
        name="TMS course (36 sessions: 30 + 6 taper)",
        lines=(
            CostLine(
                code="90867",
                description="TMS initial session with motor threshold and mapping",
                units=1,
                unit_price=price_initial,
            ),
            CostLine(
                code="90868",
                description="TMS subsequent session",
                units=TMS_SESSIONS - 1,
                unit_price=price_subsequent,
            ),
        ),
        notes=(
            "A motor-threshold re-determination is billed 90869 instead of 90868 for that session; "
            "not included here.",
        ),
    )


def _spravato_code(dose_mg: int) -> str:
    if dose_mg not in SPRAVATO_DOSES_MG:
        raise ValueError(f"Spravato dose must be one of {sorted(SPRAVATO_DOSES_MG)} mg, got {dose_mg}")
    return "G2082" if dose_mg <= SPRAVATO_G2082_MAX_MG else "G2083"


def spravato_course(
    price_g2082: Decimal,
    price_g2083: Decimal,
    *,
    dose_mg: int = 84,
    maintenance_dose_mg: int | None = None,
    maintenance_sessions: int = 0,
) -> CourseCost:
    """Induction (§2.4): 8 sessions weeks 1–4 (day 1 at 56 mg) + 4 weekly sessions weeks 5–8.

    ``dose_mg`` is the dose after day 1; weeks 5–8 and any ``maintenance_sessions`` (week 9+,
    every 2 weeks or weekly: their number is the prescriber's) use ``maintenance_dose_mg``,
    defaulting to ``dose_mg``. G2082 covers ≤ 56 mg, G2083 > 56 mg (§7.3).
    """
    later_dose = dose_mg if maintenance_dose_mg is None else maintenance_dose_mg
    for dose in (SPRAVATO_FIRST_DOSE_MG, dose_mg, later_dose):
        _spravato_code(dose)  # an unknown dose is refused before anything else
    if maintenance_sessions < 0:
        raise ValueError("maintenance_sessions cannot be negative")
    price = {"G2082": price_g2082, "G2083": price_g2083}

    def line(dose: int, description: str, units: int) -> CostLine:
        code = _spravato_code(dose)
        return CostLine(code=code, description=description, units=units, unit_price=price[code])

    lines = [
        line(SPRAVATO_FIRST_DOSE_MG, f"Week 1 day 1, {SPRAVATO_FIRST_DOSE_MG} mg, 2 h observation", 1),
        line(dose_mg, f"Weeks 1–4 twice weekly, {dose_mg} mg", SPRAVATO_INDUCTION_SESSIONS - 1),
        line(later_dose, f"Weeks 5–8 weekly, {later_dose} mg", SPRAVATO_WEEKS_5_TO_8_SESSIONS),
    ]
    if maintenance_sessions:
        description = f"Week 9+ maintenance (every 2 weeks or weekly), {later_dose} mg"
        lines.append(line(later_dose, description, maintenance_sessions))
    return CourseCost(
        name=f"Spravato induction and weeks 5–8 ({sum(line.units for line in lines)} sessions)",
        lines=tuple(lines),
        notes=(
            "G2082/G2083 are Medicare codes (drug included, modifier KX for REMS enrolment); other payers "
            "may bill the drug as J0013 (from 1 Jan 2026) with a separate observation service.",
        ),
    )


def ketamine_series(price: Decimal) -> CourseCost:
    """Six IV infusions (§4.1) at an all-inclusive per-infusion price; estimate with covered=False.

    Where a plan does cover it (§4.2), it is billed 96365 (+96366 per extra hour) plus J3490 for
    the drug; usually it is investigational and self-pay.
    """
    return CourseCost(
        name=f"IV ketamine series ({KETAMINE_INFUSIONS} infusions)",
        lines=(
            CostLine(
                code="96365",
                description="IV infusion with ketamine (J3490), all-inclusive self-pay price",
                units=KETAMINE_INFUSIONS,
                unit_price=price,
            ),
        ),
        notes=(
            "Ketamine infusion (96365/+96366 + J3490) is usually not covered (investigational): self-pay.",
        ),
    )


# The clinic's prices each treatment's course needs (the API's and the page's estimate forms).
PRICES_NEEDED: dict[str, tuple[str, ...]] = {
    "tms": ("price_initial", "price_subsequent"),
    "spravato": ("price_g2082", "price_g2083"),
    "ketamine": ("price_infusion",),
}


def with_fees(values: dict[str, object], fees: Mapping[str, Decimal]) -> dict[str, object]:
    """``values`` with each price its treatment needs and it lacks taken from the clinic's fee
    schedule (``fees``: price name -> amount); a price given wins over the schedule."""
    treatment = str(values.get("treatment") or "")
    filled = dict(values)
    for name in PRICES_NEEDED.get(treatment, ()):
        if filled.get(name) is None and name in fees:
            filled[name] = fees[name]
    return filled


def missing_prices(values: dict[str, object]) -> dict[str, list[str]]:
    """The prices ``values`` lacks for its treatment, each with the sentence to show."""
    return {
        name: ["Enter this price, or ask an administrator to add it to the clinic's fee schedule."]
        for name in PRICES_NEEDED[str(values["treatment"])]
        if values.get(name) is None
    }


def course_for(values: dict[str, object]) -> CourseCost:
    """The course of ``values["treatment"]`` at the prices given (checked by missing_prices)."""
    v: dict[str, Any] = values
    if v["treatment"] == "tms":
        return tms_course(v["price_initial"], v["price_subsequent"])
    if v["treatment"] == "spravato":
        return spravato_course(
            v["price_g2082"],
            v["price_g2083"],
            dose_mg=v["dose_mg"],
            maintenance_dose_mg=v.get("maintenance_dose_mg"),
            maintenance_sessions=v.get("maintenance_sessions") or 0,
        )
    return ketamine_series(v["price_infusion"])
