"""Out-of-pocket estimate for a whole course, arithmetic shown line by line; pure Python, Decimal only.

Convention, per session in course order (each unit of a ``CostLine`` is one session/visit):

1. Beyond the plan's visit limit (``visits_used`` + this session > ``visit_limit``) the session is
   patient-paid in full and does not count toward the deductible or the out-of-pocket maximum.
2. Otherwise the deductible applies first, up to what remains of it.
3. Then the per-visit copay, up to what remains of the allowed amount.
4. Then coinsurance on the rest, rounded half-up to the cent for each session.
5. The patient's share of the session is capped at what remains of the out-of-pocket maximum
   (deductible, copay and coinsurance all count toward it); the plan pays the rest.

Plans differ on 2–3 (some waive the deductible for copay services, some charge either a copay or
coinsurance, not both): set the terms accordingly (copay 0 for a coinsurance-only plan). Not
covered: every session is self-pay. Prices are inputs; no dollar amount lives in this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False), AfterValidator(to_cents)]


def money(value: Decimal) -> str:
    """$1,234.50"""
    return f"${to_cents(value):,.2f}"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BenefitTerms(_Frozen):
    """A benefits check's result for one coverage and one treatment."""

    covered: bool
    deductible: Money = ZERO
    deductible_met: Money = ZERO
    coinsurance_pct: Decimal = Field(default=ZERO, ge=0, le=100, allow_inf_nan=False)
    copay_per_visit: Money = ZERO
    oop_max: Money | None = None  # None: the plan has no out-of-pocket maximum
    oop_met: Money = ZERO
    visit_limit: int | None = Field(default=None, ge=0)  # None: no visit limit
    visits_used: int = Field(default=0, ge=0)

    @property
    def deductible_remaining(self) -> Decimal:
        return max(self.deductible - self.deductible_met, ZERO)

    @property
    def oop_remaining(self) -> Decimal | None:
        return None if self.oop_max is None else max(self.oop_max - self.oop_met, ZERO)


class CostLine(_Frozen):
    code: str = Field(min_length=1)
    description: str
    units: int = Field(ge=1)
    unit_price: Money


class CourseCost(_Frozen):
    name: str
    lines: tuple[CostLine, ...] = Field(min_length=1)
    notes: tuple[str, ...] = ()

    @property
    def sessions(self) -> int:
        return sum(line.units for line in self.lines)

    @property
    def total_allowed(self) -> Decimal:
        return sum((line.unit_price * line.units for line in self.lines), ZERO)


LineKind = Literal["course", "self_pay", "deductible", "sessions", "oop_max", "visit_limit", "total"]


class EstimateLine(_Frozen):
    kind: LineKind
    text: str
    first_session: int | None = None
    last_session: int | None = None
    patient_pays: Decimal = ZERO  # what the sessions this line covers cost the patient in all


class Estimate(_Frozen):
    course: str
    sessions: int
    covered: bool
    lines: tuple[EstimateLine, ...]
    total_allowed: Decimal
    patient_pays: Decimal
    plan_pays: Decimal
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Session:
    number: int
    code: str
    allowed: Decimal
    beyond_limit: bool = False
    deductible: Decimal = ZERO
    copay: Decimal = ZERO
    coinsurance_base: Decimal = ZERO
    coinsurance: Decimal = ZERO
    capped_from: Decimal | None = None  # the share before the OOP cap, when the cap bit
    patient: Decimal = ZERO

    def key(self) -> tuple[object, ...]:
        return (
            self.code,
            self.allowed,
            self.beyond_limit,
            self.deductible,
            self.copay,
            self.coinsurance,
            self.capped_from,
            self.patient,
        )


def _sessions_label(first: int, last: int) -> str:
    return f"Session {first}" if first == last else f"Sessions {first}–{last}"


def _describe(group: list[_Session], pct: Decimal) -> str:
    s = group[0]
    count = len(group)
    head = f"{_sessions_label(group[0].number, group[-1].number)} ({s.code}, allowed {money(s.allowed)}"
    head += " each)" if count > 1 else ")"
    if s.beyond_limit:
        parts = [f"beyond the visit limit, patient pays the full {money(s.allowed)}"]
    elif s.capped_from is not None and s.patient == ZERO:
        parts = ["out-of-pocket maximum already reached, patient pays $0.00"]
    else:
        parts = []
        if s.deductible:
            parts.append(f"deductible {money(s.deductible)}")
        if s.copay:
            parts.append(f"copay {money(s.copay)}")
        if pct:
            parts.append(
                f"{pct.normalize():f} % coinsurance of {money(s.coinsurance_base)} = {money(s.coinsurance)}"
            )
        if not parts:
            parts.append("no cost sharing")
        if s.capped_from is not None:
            parts.append(f"capped from {money(s.capped_from)} by the out-of-pocket maximum")
        parts.append(f"patient pays {money(s.patient)}")
    text = f"{head}: {'; '.join(parts)}"
    if count > 1:
        text += f" each, {money(s.patient * count)} in all"
    return text


def estimate(terms: BenefitTerms, course: CourseCost) -> Estimate:
    """The course's out-of-pocket estimate under ``terms`` (convention: module docstring)."""
    total_allowed = course.total_allowed
    count = course.sessions
    priced = " + ".join(f"{line.units} × {line.code} at {money(line.unit_price)}" for line in course.lines)
    lines: list[EstimateLine] = [
        EstimateLine(
            kind="course",
            text=f"{course.name}: {count} sessions, {priced} = {money(total_allowed)} allowed",
            first_session=1,
            last_session=count,
        )
    ]
    notes: list[str] = list(course.notes)

    if not terms.covered:
        lines.append(
            EstimateLine(
                kind="self_pay",
                text=f"Not covered: self-pay, the patient pays the full {money(total_allowed)}",
                first_session=1,
                last_session=count,
                patient_pays=total_allowed,
            )
        )
        notes.append("Not covered by this plan: self-pay for the whole course.")
        return _finish(course, terms, lines, notes, total_allowed, total_allowed)

    pct = terms.coinsurance_pct
    deductible_left = terms.deductible_remaining
    oop_left = terms.oop_remaining
    sessions: list[_Session] = []
    number = 0
    for line in course.lines:
        for _ in range(line.units):
            number += 1
            allowed = line.unit_price
            if terms.visit_limit is not None and terms.visits_used + number > terms.visit_limit:
                sessions.append(_Session(number, line.code, allowed, beyond_limit=True, patient=allowed))
                continue
            deductible = min(allowed, deductible_left)
            copay = min(terms.copay_per_visit, allowed - deductible)
            base = allowed - deductible - copay
            coinsurance = to_cents(base * pct / 100)
            share = deductible + copay + coinsurance
            capped_from = None
            if oop_left is not None and share > oop_left:
                capped_from, share = share, oop_left
            deductible_left -= deductible
            if oop_left is not None:
                oop_left -= share
            sessions.append(
                _Session(
                    number,
                    line.code,
                    allowed,
                    False,
                    deductible,
                    copay,
                    base,
                    coinsurance,
                    capped_from,
                    share,
                )
            )

    deductible_sessions = [s for s in sessions if s.deductible]
    if deductible_sessions:
        applied = sum((s.deductible for s in deductible_sessions), ZERO)
        first, last = deductible_sessions[0].number, deductible_sessions[-1].number
        lines.append(
            EstimateLine(
                kind="deductible",
                text=f"Deductible: {money(terms.deductible_remaining)} of {money(terms.deductible)} "
                f"remaining applies to the first sessions "
                f"({_sessions_label(first, last).lower()}: {money(applied)})",
                first_session=first,
                last_session=last,
                patient_pays=applied,
            )
        )
    elif terms.deductible:
        lines.append(
            EstimateLine(kind="deductible", text=f"Deductible: {money(terms.deductible)} already met")
        )

    group: list[_Session] = []
    for s in [*sessions, None]:
        if group and (s is None or s.key() != group[0].key()):
            lines.append(
                EstimateLine(
                    kind="sessions",
                    text=_describe(group, pct),
                    first_session=group[0].number,
                    last_session=group[-1].number,
                    patient_pays=sum((g.patient for g in group), ZERO),
                )
            )
            group = []
        if s is not None:
            group.append(s)

    capped = next((s for s in sessions if s.capped_from is not None), None)
    if capped is not None and terms.oop_max is not None:
        lines.append(
            EstimateLine(
                kind="oop_max",
                text=f"Out-of-pocket maximum: {money(terms.oop_remaining or ZERO)} of {money(terms.oop_max)} "
                f"remaining is reached at session {capped.number}; the plan pays in full after it",
                first_session=capped.number,
                last_session=count,
            )
        )
        notes.append(f"Out-of-pocket maximum reached at session {capped.number}.")

    beyond = [s for s in sessions if s.beyond_limit]
    if beyond:
        paid = sum((s.patient for s in beyond), ZERO)
        lines.append(
            EstimateLine(
                kind="visit_limit",
                text=f"Visit limit: {terms.visit_limit} visits, {terms.visits_used} used; "
                f"{_sessions_label(beyond[0].number, beyond[-1].number).lower()} are beyond it "
                f"and patient-paid ({money(paid)})",
                first_session=beyond[0].number,
                last_session=beyond[-1].number,
                patient_pays=paid,
            )
        )
        notes.append(
            f"Visit limit exceeded: {len(beyond)} session(s) beyond the limit are patient-paid "
            "and do not count toward the deductible or out-of-pocket maximum."
        )

    patient = sum((s.patient for s in sessions), ZERO)
    return _finish(course, terms, lines, notes, total_allowed, patient)


def _finish(
    course: CourseCost,
    terms: BenefitTerms,
    lines: list[EstimateLine],
    notes: list[str],
    total_allowed: Decimal,
    patient: Decimal,
) -> Estimate:
    plan = total_allowed - patient
    lines.append(
        EstimateLine(
            kind="total",
            text=f"Total: allowed {money(total_allowed)} = patient {money(patient)} + plan {money(plan)}",
            first_session=1,
            last_session=course.sessions,
            patient_pays=patient,
        )
    )
    return Estimate(
        course=course.name,
        sessions=course.sessions,
        covered=terms.covered,
        lines=tuple(lines),
        total_allowed=total_allowed,
        patient_pays=patient,
        plan_pays=plan,
        notes=tuple(notes),
    )


# Course builders -----------------------------------------------------------------------------

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
    price = {"G2082": price_g2082, "G2083": price_g2083}
    first_code, induction_code, later_code = (
        _spravato_code(SPRAVATO_FIRST_DOSE_MG),
        _spravato_code(dose_mg),
        _spravato_code(later_dose),
    )
    if maintenance_sessions < 0:
        raise ValueError("maintenance_sessions cannot be negative")
    lines = [
        CostLine(
            code=first_code,
            description=f"Week 1 day 1, {SPRAVATO_FIRST_DOSE_MG} mg, 2 h observation",
            units=1,
            unit_price=price[first_code],
        ),
        CostLine(
            code=induction_code,
            description=f"Weeks 1–4 twice weekly, {dose_mg} mg",
            units=SPRAVATO_INDUCTION_SESSIONS - 1,
            unit_price=price[induction_code],
        ),
        CostLine(
            code=later_code,
            description=f"Weeks 5–8 weekly, {later_dose} mg",
            units=SPRAVATO_WEEKS_5_TO_8_SESSIONS,
            unit_price=price[later_code],
        ),
    ]
    if maintenance_sessions:
        lines.append(
            CostLine(
                code=later_code,
                description=f"Week 9+ maintenance (every 2 weeks or weekly), {later_dose} mg",
                units=maintenance_sessions,
                unit_price=price[later_code],
            )
        )
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
