"""The checklist's evidence rules, pure: ticking a payer criterion the evaluation found unmet,
what stops a submission, the refusal's sentence, and what an uploaded file is from its bytes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from benefits.attachment_types import JPEG, PDF, PNG, size_words, sniff
from benefits.checklist import (
    EVIDENCE_RULES,
    EVIDENCE_SECTIONS,
    ITEM_CODES,
    REQUIREMENT_ITEMS,
    blockers_sentence,
    tick_problem,
    unjustified,
)
from tests.visible_text import SNAKE_CASE


@dataclass(frozen=True)
class Item:
    code: str = "augmentation"
    label: str = "A failed augmentation trial in the current episode"
    required: bool = True
    satisfied: bool = False
    finding: str = ""
    justification: str = ""


WHY = "Lithium augmentation was refused by the patient; the payer accepts a documented refusal."


@pytest.mark.parametrize(
    ("finding", "justification", "refused"),
    [
        ("", "", False),  # not a payer criterion: the evidence note rules apply, not this one
        ("met", "", False),
        ("unmet", "", True),
        ("unmet", "   ", True),
        ("unmet", "ok", True),  # a word is not a justification
        ("unmet", WHY, False),
    ],
)
def test_an_unmet_payer_criterion_is_ticked_only_with_a_justification(
    finding: str, justification: str, refused: bool
) -> None:
    problem = tick_problem(Item(finding=finding), justification=justification)
    assert (problem is not None) == refused
    if problem:
        assert problem.endswith(".") and problem[0].isupper() and not SNAKE_CASE.search(problem)


@pytest.mark.parametrize(
    ("item", "blocks"),
    [
        (Item(satisfied=True, finding="met"), False),
        (Item(satisfied=True, finding=""), False),
        (Item(satisfied=True, finding="unmet", justification=WHY), False),
        (Item(satisfied=True, finding="unmet"), True),  # ticked before justifications existed
        (Item(satisfied=False, finding="unmet", justification=WHY), True),
        (Item(satisfied=False), True),
        (Item(satisfied=False, required=False), False),
    ],
)
def test_what_stops_a_submission(item: Item, blocks: bool) -> None:
    assert unjustified([item]) == ([item.label] if blocks else [])


def test_the_refusal_names_the_items_in_words() -> None:
    one = blockers_sentence(["A failed augmentation trial in the current episode"])
    assert one == (
        "This request cannot be submitted: 1 required checklist item is not done, or marked done "
        "against the evaluation without a justification: A failed augmentation trial in the current episode."
    )
    two = blockers_sentence(["PHQ-9 within 30 days", "Letter of medical necessity"])
    assert "2 required checklist items are" in two and "PHQ-9 within 30 days; Letter" in two
    assert "(s)" not in one + two and not SNAKE_CASE.search(one + two)


def test_every_payer_criterion_links_to_its_rule_and_every_record_item_to_a_section() -> None:
    assert set(EVIDENCE_RULES) == {code for code, _ in REQUIREMENT_ITEMS}
    assert set(EVIDENCE_SECTIONS) <= ITEM_CODES
    assert set(EVIDENCE_RULES) <= set(EVIDENCE_SECTIONS) | {"min_age"}


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"<html><script>alert(1)</script>", None),  # a page renamed scan.pdf
        (b"PK\x03\x04", None),  # a zip (or docx)
        (b" %PDF-1.7", None),  # the signature must come first
        (b"\x89PNG", None),  # truncated signature
        (b"", None),
    ],
)
def test_the_kind_comes_from_the_bytes(head: bytes, kind: object) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize(
    ("size", "words"),
    [(900, "900 bytes"), (2048, "2 KB"), (10 * 1024 * 1024, "10 MB"), (1536 * 1024, "1.5 MB")],
)
def test_sizes_in_words(size: int, words: str) -> None:
    assert size_words(size) == words
