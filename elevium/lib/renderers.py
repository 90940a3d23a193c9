"""The API's JSON renderer: orjson where it gives the same document, DRF's own otherwise.

Serialising the evaluate-preview report (47 KB) with the standard library took 39 % of that
request in the profile (docs/PERFORMANCE.md); orjson writes the same bytes about four times
faster. orjson is used only for data it renders as DRF's encoder would: plain JSON types and
UUIDs (byte for byte, except that a float in exponent form is written 1e-7, not 1e-07: the same
number). Anything else (datetimes, whose format DRF shortens to milliseconds, decimals, lazy
strings, non-string keys, out-of-range integers), an ``indent`` asked for, or a NaN (which DRF
refuses and orjson would write as null) goes to DRF's renderer unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel
from rest_framework import renderers

# Datetimes and dataclasses go to DRF: orjson would format them differently.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class _NotPlain(TypeError):
    pass


def _refuse(value: Any) -> Any:
    raise _NotPlain


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if isinstance(data, RenderedJSON):
            if not indent:
                return data.content
            data = orjson.loads(data.content)  # an indented copy asked for: DRF writes it
        if data is None or indent:
            return self._drf(data, accepted_media_type, renderer_context)
        try:
            rendered = orjson.dumps(data, default=_refuse, option=_OPTIONS)
        except (_NotPlain, TypeError, orjson.JSONEncodeError):
            return self._drf(data, accepted_media_type, renderer_context)
        if b"null" in rendered and _has_nan(data):
            return self._drf(data, accepted_media_type, renderer_context)  # DRF refuses it
        return rendered

    def _drf(
        self, data: Any, accepted_media_type: str | None, renderer_context: Mapping[str, Any] | None
    ) -> bytes:
        rendered: bytes = super().render(data, accepted_media_type, renderer_context)
        return rendered


class RenderedJSON:
    """A response body written as JSON already: the renderer sends its bytes as they are."""

    __slots__ = ("content",)

    def __init__(self, content: bytes) -> None:
        self.content = content


def rendered_model(model: BaseModel) -> RenderedJSON:
    """``model`` written as JSON once, by pydantic, for ``Response(rendered_model(model))``.

    A large typed result (the 47 KB preview report) is then not first dumped to Python objects,
    written by orjson and walked for NaNs: 0.29 → 0.18 ms, issue 14. pydantic writes the bytes
    DRF would write for ``model_dump(mode="json")`` (tests/api/test_json_renderer.py compares
    them), except that it would write a NaN float as null where DRF refuses it: use it only for
    models without float fields."""
    return RenderedJSON(model.model_dump_json().encode())


def _has_nan(value: Any) -> bool:
    """Whether a NaN or an infinity is anywhere in ``value``: a walk with a stack rather than
    recursion. Each container's items are scanned in one loop that passes over the common
    scalars by exact type and stacks only nested containers (the 47 KB preview report has ~5,000
    values: 0.15–0.17 → 0.10 ms, issue 14); subclasses (DRF's ReturnDict and ReturnList) are matched
    by isinstance when popped."""
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            items: Any = item.values()
        elif kind is list or kind is tuple:
            items = item
        elif isinstance(item, float):
            if not math.isfinite(item):
                return True
            continue
        elif isinstance(item, dict):
            items = item.values()
        elif isinstance(item, list | tuple):
            items = item
        else:
            continue
        for child in items:
            kind = type(child)
            if kind is str or kind is int or kind is bool or child is None:
                continue
            if kind is float:
                if not math.isfinite(child):
                    return True
            else:
                push(child)  # a container, or a subclass of a scalar: looked at when popped
    return False
