"""The API's JSON parser: DRF's, refusing bodies nested deeper than any document here needs.

Python's json module parses nested arrays and objects by recursion, so a 2 KB body of 1,000
``[`` ends in a RecursionError (a 500), and a body just under that limit would recurse again
through every serializer and validator that walks it. The deepest real body, a reassessment
document, nests about six levels; MAX_DEPTH leaves ample room. Depth is measured before
parsing, without recursion: strings are removed (a ``[`` inside one is only text), then the
running count of opening and closing brackets is read.
"""

from __future__ import annotations

import codecs
import re
from itertools import accumulate
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

MAX_DEPTH = 64
TOO_DEEP = f"The body nests lists or objects more than {MAX_DEPTH} levels deep; send a flatter document."

# A JSON string, escapes included (the unrolled form, linear on any input).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def too_deep(text: str) -> bool:
    """Whether lists and objects nest more than MAX_DEPTH levels in ``text`` (well-formed or not)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False  # too few brackets to go that deep: the usual body skips the scan
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if ch in "[{" else -1 for ch in brackets), default=0) > MAX_DEPTH


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            text = codecs.decode(stream.read() if stream is not None else b"", encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if too_deep(text):
            raise ParseError(TOO_DEEP)
        try:
            parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:  # pragma: no cover - the depth check comes first
            raise ParseError(TOO_DEEP) from None
