"""Text typed as an identifier (an MRN) compared the way a person reads it.

NFKC folds compatibility forms into their plain letters (full-width ``ＤＥＭＯ-０００１`` is
``DEMO-0001``), and format characters (Unicode category Cf: zero-width spaces and joiners,
direction marks, the byte-order mark) are invisible, so two values that look the same on
screen are stored and searched as the same value.
"""

from __future__ import annotations

import unicodedata


def without_format_characters(value: str) -> str:
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def normalise_identifier(value: str) -> str:
    """``value`` in NFKC, without format characters, stripped of surrounding whitespace."""
    # Format characters go first: a zero-width joiner can change what NFKC composes.
    return unicodedata.normalize("NFKC", without_format_characters(value)).strip()
