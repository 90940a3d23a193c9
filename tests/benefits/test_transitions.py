"""The PA case state machine: every (current, wanted) pair allowed or refused, as a table."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benefits.transitions import (
    ALLOWED,
    AWAITING_PAYER,
    TERMINAL,
    ChecklistIncomplete,
    IllegalTransition,
    PaStatus,
    TransitionRefused,
    allowed_next,
    check_transition,
    is_open,
    same_state_is_noop,
)

S = PaStatus
ROOT = Path(__file__).resolve().parents[2]

# The whole allowed graph, written out independently of ALLOWED: every other pair is refused.
EXPECTED_ALLOWED = {
    (S.DRAFT, S.DOCUMENTS_NEEDED),
    (S.DRAFT, S.READY_TO_SUBMIT),
    (S.DRAFT, S.WITHDRAWN),
    (S.DOCUMENTS_NEEDED, S.READY_TO_SUBMIT),
    (S.DOCUMENTS_NEEDED, S.WITHDRAWN),
    (S.READY_TO_SUBMIT, S.SUBMITTED),
    (S.READY_TO_SUBMIT, S.DOCUMENTS_NEEDED),
    (S.READY_TO_SUBMIT, S.WITHDRAWN),
    (S.SUBMITTED, S.PENDING_PAYER),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.PENDING_PAYER, S.APPROVED),
    (S.PENDING_PAYER, S.DENIED),
    (S.PENDING_PAYER, S.MORE_INFORMATION_REQUESTED),
    (S.PENDING_PAYER, S.WITHDRAWN),
    (S.MORE_INFORMATION_REQUESTED, S.READY_TO_SUBMIT),
    (S.MORE_INFORMATION_REQUESTED, S.SUBMITTED),
    (S.MORE_INFORMATION_REQUESTED, S.WITHDRAWN),
    (S.MORE_INFORMATION_REQUESTED, S.EXPIRED),
    (S.APPROVED, S.EXPIRED),
    (S.DENIED, S.APPEAL),
    (S.APPEAL, S.APPROVED),
    (S.APPEAL, S.DENIED),
    (S.APPEAL, S.WITHDRAWN),
}
DISTINCT_PAIRS = [(a, b) for a, b in itertools.product(PaStatus, PaStatus) if a != b]


def test_the_table_names_every_status() -> None:
    assert set(ALLOWED) == set(PaStatus)


@pytest.mark.parametrize(
    ("current", "wanted"), sorted(EXPECTED_ALLOWED), ids=lambda s: str(s) if isinstance(s, PaStatus) else None
)
def test_it_allows(current: PaStatus, wanted: PaStatus) -> None:
    check_transition(current, wanted, missing=[])


REFUSED = [pair for pair in DISTINCT_PAIRS if pair not in EXPECTED_ALLOWED]


@pytest.mark.parametrize(("current", "wanted"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_it_refuses(current: PaStatus, wanted: PaStatus) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, wanted, missing=[])
    assert caught.value.current == current
    assert caught.value.wanted == wanted
    assert caught.value.allowed == sorted(b for a, b in EXPECTED_ALLOWED if a == current)


def test_the_refusal_lists_the_allowed_states_sorted() -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(S.DRAFT, S.APPROVED)
    assert caught.value.allowed == [S.DOCUMENTS_NEEDED, S.READY_TO_SUBMIT, S.WITHDRAWN]
    assert "documents_needed, ready_to_submit, withdrawn" in str(caught.value)


def test_a_terminal_refusal_says_none_are_allowed() -> None:
    with pytest.raises(IllegalTransition, match="none"):
        check_transition(S.WITHDRAWN, S.DRAFT)


@pytest.mark.parametrize("current", [S.DRAFT, S.DOCUMENTS_NEEDED, S.MORE_INFORMATION_REQUESTED])
def test_it_refuses_ready_to_submit_while_items_are_missing(current: PaStatus) -> None:
    missing = ["PHQ-9 within 30 days", "psychotherapy history"]
    with pytest.raises(ChecklistIncomplete) as caught:
        check_transition(current, S.READY_TO_SUBMIT, missing=missing)
    assert caught.value.missing == missing
    assert caught.value.current == current
    assert "PHQ-9 within 30 days, psychotherapy history" in str(caught.value)
    assert isinstance(caught.value, TransitionRefused)


def test_it_requires_the_checklist_for_ready_to_submit() -> None:
    with pytest.raises(TypeError):
        check_transition(S.DOCUMENTS_NEEDED, S.READY_TO_SUBMIT)


def test_an_illegal_transition_is_refused_before_the_checklist_is_read() -> None:
    with pytest.raises(IllegalTransition):
        check_transition(S.APPROVED, S.READY_TO_SUBMIT, missing=["anything"])


def test_other_transitions_ignore_the_checklist() -> None:
    check_transition(S.READY_TO_SUBMIT, S.SUBMITTED)
    check_transition(S.MORE_INFORMATION_REQUESTED, S.SUBMITTED, missing=["ignored"])


@pytest.mark.parametrize("status", list(PaStatus))
def test_a_repeated_request_is_a_noop(status: PaStatus) -> None:
    assert same_state_is_noop(status, status)


def test_submitting_a_submitted_case_is_a_noop_not_an_error() -> None:
    assert same_state_is_noop(S.SUBMITTED, S.SUBMITTED)
    assert same_state_is_noop("submitted", S.SUBMITTED)  # type: ignore[arg-type]


@pytest.mark.parametrize(("current", "wanted"), DISTINCT_PAIRS[:20])
def test_a_change_is_not_a_noop(current: PaStatus, wanted: PaStatus) -> None:
    assert not same_state_is_noop(current, wanted)


def test_terminal_states_are_withdrawn_and_expired() -> None:
    assert frozenset({S.WITHDRAWN, S.EXPIRED}) == TERMINAL


@pytest.mark.parametrize(
    ("status", "open_"),
    [
        (S.DRAFT, True),
        (S.DOCUMENTS_NEEDED, True),
        (S.READY_TO_SUBMIT, True),
        (S.SUBMITTED, True),
        (S.PENDING_PAYER, True),
        (S.MORE_INFORMATION_REQUESTED, True),
        (S.APPEAL, True),
        (S.APPROVED, False),
        (S.DENIED, False),
        (S.WITHDRAWN, False),
        (S.EXPIRED, False),
    ],
)
def test_is_open(status: PaStatus, open_: bool) -> None:
    assert is_open(status) is open_


def test_every_state_reaches_a_terminal_or_decided_state() -> None:
    for start in PaStatus:
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in ALLOWED[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert seen & (TERMINAL | {S.APPROVED, S.DENIED}), start


def test_states_awaiting_the_payer_are_open() -> None:
    assert all(is_open(status) for status in AWAITING_PAYER)


def test_allowed_next_is_sorted_and_accepts_strings() -> None:
    assert allowed_next("denied") == [S.APPEAL]  # type: ignore[arg-type]
    assert allowed_next(S.PENDING_PAYER) == sorted(allowed_next(S.PENDING_PAYER))


SCRIPT = """
import sys
sys.modules["django"] = None  # any `import django...` now raises ImportError
import benefits.transitions, benefits.deadlines, benefits.estimates, benefits.courses
assert not any(n == "django" or n.startswith("django.") for n in sys.modules if sys.modules[n])
"""


def test_the_domain_modules_import_with_django_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    for name in ("transitions", "deadlines", "estimates"):
        source = (ROOT / "benefits" / f"{name}.py").read_text()
        assert not re.search(r"^\s*(import|from)\s+django\b", source, re.MULTILINE)
