from __future__ import annotations

import re

from django import template

from eligibility.engine.sources import in_words
from reassessment.labels import describe_path, value_label

register = template.Library()

# A criteria.md anchor with its optional source keys, as rule sources and some notes write them:
# "criteria.md §3.3 [NS-IFU]", "criteria.md §2.3, §4.2", "(§6.2)".
_ANCHOR = re.compile(r"(?:criteria\.md\s*)?§\s*\d+(?:\.\d+)*(?:\s*,\s*§\s*\d+(?:\.\d+)*)*(?:\s*\[[^\]]+\])?")


@register.filter
def words(value: object) -> str:
    """``moderately_severe`` -> ``moderately severe``: codes shown as plain words."""
    return str(value).replace("_", " ") if value is not None else ""


@register.filter
def answer(value: object, field: str = "") -> str:
    """A coded answer as the intake labels it: "within_30cm_of_head" -> "Within 30 cm of the head"."""
    return value_label(value, field)


@register.filter
def path_words(path: object) -> str:
    """A document path in words: "medical.implants.0.location" -> "Medical history, implants, …"."""
    return describe_path(str(path).strip("."))


# What is left of a source once its anchors are gone that still says nothing of its own.
_NOTHING_LEFT = re.compile(
    r"\b(?:project policy|clinic parameter|project|unconfirmed)\b|[()\[\]\s;,:.]", re.I
)


@register.filter
def source_words(source: object) -> str:
    """A rule's source named for clinicians and payers, never as a criteria.md anchor.

    A bare anchor ("criteria.md §3.3 [NS-IFU]") becomes the source's name; a source that also
    says something ("criteria.md §3.7 [AETNA-0469]: FDA-cleared device …", a payer policy) keeps
    its words with the anchor named in place.
    """
    if not source:
        return ""
    text = str(source)
    if _NOTHING_LEFT.sub("", _ANCHOR.sub("", text)):
        return cited(text)
    return in_words(text)


@register.filter
def cited(text: object) -> str:
    """Free text with any criteria.md anchor replaced by the source it stands for, in words.

    The engine's and the staging module's sentences should not carry anchors at all; this keeps
    a page readable if one slips through ("… (criteria.md §3.2)" -> "… (TMS device labeling …)").
    """
    if text is None:
        return ""
    return _ANCHOR.sub(
        lambda m: in_words(m[0] if "criteria.md" in m[0] else f"criteria.md {m[0]}"), str(text)
    )


TREATMENT_NAMES = {"tms": "TMS", "spravato": "Spravato", "ketamine": "Ketamine", "ect": "ECT"}


@register.filter
def treatment_name(value: object) -> str:
    """ "spravato" -> "Spravato"; "ect" -> "ECT" (a referral, never a scored candidacy)."""
    return TREATMENT_NAMES.get(str(value), str(value).replace("_", " "))
