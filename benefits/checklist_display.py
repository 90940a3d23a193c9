"""Each checklist row as the case page shows it: its state in words, where on record its
evidence is (the reassessment section, the evaluation and the rule that judged it) and the
documents attached to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from .checklist import EVIDENCE_RULES, EVIDENCE_SECTIONS, NOT_MET
from .models import PaAttachment, PaCase, PaChecklistItem

# Why a payer criterion needs a justification, by what the engine found.
FINDING_WORDS = {
    "unmet": "the evaluation found it unmet",
    "unknown": "it could not be judged from the record",
}


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    text: str
    url: str


@dataclass(slots=True)
class ChecklistRow:
    item: PaChecklistItem
    state: str  # "done", "justified", "unjustified", "missing"
    state_words: str
    needs_justification: bool  # ticking it asks for a justification
    links: list[EvidenceLink] = field(default_factory=list)
    attachments: list[PaAttachment] = field(default_factory=list)


def _state(item: PaChecklistItem) -> tuple[str, str]:
    if not item.satisfied:
        return "missing", "Not done"
    if item.finding not in NOT_MET:
        return "done", "Done"
    why = FINDING_WORDS[item.finding]
    if item.justification:
        return "justified", f"Done with a justification: {why}"
    return "unjustified", f"Marked done without a justification: {why}"


def _links(case: PaCase, item: PaChecklistItem) -> list[EvidenceLink]:
    links: list[EvidenceLink] = []
    section = EVIDENCE_SECTIONS.get(item.code)
    if section is not None:
        slug, title = section
        url = reverse(
            "reassessment:section",
            kwargs={"reassessment_id": case.evaluation.reassessment_id, "slug": slug},
        )
        links.append(EvidenceLink(f"Reassessment: {title}", url))
    if item.code in EVIDENCE_RULES or item.code == "no_contraindications":
        url = reverse("eligibility:evaluation", kwargs={"evaluation_id": case.evaluation_id})
        links.append(EvidenceLink("The evaluation's finding", f"{url}#treatment-{case.treatment}"))
    if item.code == "letter_of_medical_necessity" and item.satisfied_by == "letter":
        links.append(
            EvidenceLink("The attached letter", reverse("benefits:case-letter", kwargs={"case_id": case.id}))
        )
    rule = EVIDENCE_RULES.get(item.code)
    if rule is not None:
        links.append(EvidenceLink("The payer rule", f"{reverse('eligibility:ruleset')}#rule-{rule}"))
    return links


def checklist_rows(case: PaCase, items: list[PaChecklistItem]) -> list[ChecklistRow]:
    """The rows, with the case's attachments (prefetched) grouped under their items."""
    by_item: dict[int, list[PaAttachment]] = {}
    for attachment in case.attachments.all():
        by_item.setdefault(attachment.item_id, []).append(attachment)
    rows = []
    for item in items:
        state, words = _state(item)
        rows.append(
            ChecklistRow(
                item=item,
                state=state,
                state_words=words,
                needs_justification=item.finding in NOT_MET,
                links=_links(case, item),
                attachments=by_item.get(item.pk, []),
            )
        )
    return rows
