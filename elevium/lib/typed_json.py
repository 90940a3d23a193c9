"""A JSON column read as its pydantic model, parsed once per stored value.

The column keeps the JSON exactly as stored (and its name, for queries, serializers and
templates); the model's property gives the validated object. The cache is keyed by the JSON
object itself, so assigning the column or reloading the row parses again, and never serves a
model of a value that is no longer there.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def _key(field: str) -> str:
    return f"_{field}_parsed"


def parsed(instance: models.Model, field: str, schema: type[M]) -> M:
    """``instance.<field>`` as a ``schema`` model."""
    raw = getattr(instance, field)
    cached = instance.__dict__.get(_key(field))
    if cached is not None and cached[0] is raw and isinstance(cached[1], schema):
        return cached[1]
    model = schema.model_validate(raw)
    instance.__dict__[_key(field)] = (raw, model)
    return model


def store(instance: models.Model, field: str, model: BaseModel) -> None:
    """Set ``instance.<field>`` to ``model`` as JSON, keeping ``model`` as its parsed value."""
    raw = model.model_dump(mode="json")
    setattr(instance, field, raw)
    instance.__dict__[_key(field)] = (raw, model)
