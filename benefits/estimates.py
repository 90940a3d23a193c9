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

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

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


def _price_sessions(terms: BenefitTerms, course: CourseCost) -> list[_Session]:
    """Each session's share, in course order, by the convention of the module docstring."""
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
    return sessions


def _deductible_lines(terms: BenefitTerms, sessions: list[_Session]) -> list[EstimateLine]:
    deductible_sessions = [s for s in sessions if s.deductible]
    if deductible_sessions:
        applied = sum((s.deductible for s in deductible_sessions), ZERO)
        first, last = deductible_sessions[0].number, deductible_sessions[-1].number
        text = (
            f"Deductible: {money(terms.deductible_remaining)} of {money(terms.deductible)} "
            f"remaining applies to the first sessions "
            f"({_sessions_label(first, last).lower()}: {money(applied)})"
        )
        return [
            EstimateLine(
                kind="deductible", text=text, first_session=first, last_session=last, patient_pays=applied
            )
        ]
    if terms.deductible:
        return [EstimateLine(kind="deductible", text=f"Deductible: {money(terms.deductible)} already met")]
    return []


def _session_lines(sessions: list[_Session], pct: Decimal) -> list[EstimateLine]:
    """One line per run of sessions that cost the same in the same way."""
    lines: list[EstimateLine] = []
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
    return lines


def _oop_max_line(terms: BenefitTerms, sessions: list[_Session], count: int) -> EstimateLine | None:
    capped = next((s for s in sessions if s.capped_from is not None), None)
    if capped is None or terms.oop_max is None:
        return None
    return EstimateLine(
        kind="oop_max",
        text=f"Out-of-pocket maximum: {money(terms.oop_remaining or ZERO)} of {money(terms.oop_max)} "
        f"remaining is reached at session {capped.number}; the plan pays in full after it",
        first_session=capped.number,
        last_session=count,
    )


def _visit_limit_line(terms: BenefitTerms, sessions: list[_Session]) -> EstimateLine | None:
    beyond = [s for s in sessions if s.beyond_limit]
    if not beyond:
        return None
    paid = sum((s.patient for s in beyond), ZERO)
    return EstimateLine(
        kind="visit_limit",
        text=f"Visit limit: {terms.visit_limit} visits, {terms.visits_used} used; "
        f"{_sessions_label(beyond[0].number, beyond[-1].number).lower()} are beyond it "
        f"and patient-paid ({money(paid)})",
        first_session=beyond[0].number,
        last_session=beyond[-1].number,
        patient_pays=paid,
    )


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

    sessions = _price_sessions(terms, course)
    lines += _deductible_lines(terms, sessions)
    lines += _session_lines(sessions, terms.coinsurance_pct)
    oop_max = _oop_max_line(terms, sessions, count)
    if oop_max is not None:
        lines.append(oop_max)
        notes.append(f"Out-of-pocket maximum reached at session {oop_max.first_session}.")
    visit_limit = _visit_limit_line(terms, sessions)
    if visit_limit is not None:
        lines.append(visit_limit)
        beyond = sum(1 for s in sessions if s.beyond_limit)
        notes.append(
            f"Visit limit exceeded: {beyond} session(s) beyond the limit are patient-paid "
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
