"""A faster ``to_representation`` for the read-only serializers of list pages.

A page of 50 patients cost ~6 ms in DRF's generic per-field path (``get_attribute`` walking the
source, ``PKOnlyObject`` for a foreign key, a try/except per field): a fifth of the patient
list API's time (docs/PERFORMANCE.md). For a field whose source is a plain column of the model
(or a foreign key's ``*_id``, or a primary-key related field on a foreign key), this reads the
attribute directly and calls the field's own ``to_representation``: the same output, as the
tests check against DRF's path. Every other field (dotted sources, methods, nested
serializers) goes through DRF's path unchanged.

A second profile (issue 14) found half of what was left in the datetime columns (DRF looks up
the current time zone for every value) and in building the serializer's fields for every
request: datetimes are written here with the zone read once per row, and a plan whose fields
depend on nothing but the value is built once per serializer class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

# Any DRF field, whatever it reads and writes.
AnyField = serializers.Field[Any, Any, Any, Any]


def _identity(value: Any) -> Any:
    return value


# Fields whose output depends on the value alone (never on the serializer's context, the
# request or the parent): a plan made of these is built once per serializer class and shared.
_CONTEXT_FREE = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.IntegerField,
    serializers.PrimaryKeyRelatedField,
    serializers.ReadOnlyField,
    serializers.UUIDField,
)

# (output name, plain attribute or None, how to represent it, the field, a DRF datetime field
# written as ISO 8601 in the current time zone: represented here with the row's time zone)
_Step = tuple[str, str | None, Callable[[Any], Any], AnyField, bool]


def _iso_datetime(field: AnyField) -> bool:
    """A ``DateTimeField`` that DRF writes as ISO 8601 in the current time zone: represented by
    ``_datetime`` below with the same output, reading the time zone once per row, not per field."""
    return (
        isinstance(field, serializers.DateTimeField)
        and not hasattr(field, "timezone")
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and settings.USE_TZ
    )


def _datetime(value: dt.datetime, zone: Any, field: AnyField) -> Any:
    """DRF's ``DateTimeField.to_representation`` for an aware datetime and the current zone."""
    try:
        text = value.astimezone(zone).isoformat()
    except OverflowError:
        return field.to_representation(value)  # DRF's own refusal
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class FastReadMixin:
    """Mix into a ``ModelSerializer`` used to render (never to validate) many rows."""

    _shared_plans: ClassVar[dict[type, list[_Step]]] = {}

    @cached_property
    def _read_plan(self) -> list[_Step]:
        shared = FastReadMixin._shared_plans.get(type(self))
        if shared is not None:
            return shared
        model = self.Meta.model  # type: ignore[attr-defined]
        plan: list[_Step] = []
        for field in self._readable_fields:  # type: ignore[attr-defined]
            attribute = self._plain_attribute(model, field)
            represent = (
                _identity
                if isinstance(field, serializers.PrimaryKeyRelatedField)
                else field.to_representation
            )
            plan.append((field.field_name, attribute, represent, field, _iso_datetime(field)))
        # Building the fields costs more than rendering a page's rows with them (ModelSerializer
        # inspects the model each time), so a plan that needs nothing of this instance is kept.
        if all(type(step[3]) in _CONTEXT_FREE for step in plan):
            FastReadMixin._shared_plans[type(self)] = plan
        return plan

    @staticmethod
    def _plain_attribute(model: Any, field: AnyField) -> str | None:
        """The model attribute the field reads as is, or None when DRF's path is needed."""
        if len(field.source_attrs) != 1 or isinstance(field, serializers.BaseSerializer):
            return None
        source = field.source_attrs[0]
        try:
            model_field = model._meta.get_field(source)
        except FieldDoesNotExist:
            return None
        if not model_field.concrete:
            return None
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            plain = model_field.many_to_one and field.pk_field is None
            return model_field.attname if plain else None
        if isinstance(field, serializers.RelatedField | serializers.SerializerMethodField):
            return None
        if model_field.is_relation and source != model_field.attname:
            return None
        return source

    def to_representation(self, instance: Any) -> dict[str, Any]:
        ret: dict[str, Any] = {}
        zone = None
        for name, attribute, represent, field, iso_datetime in self._read_plan:
            if attribute is not None:
                value = getattr(instance, attribute)
                if value is None:
                    ret[name] = None
                elif iso_datetime and isinstance(value, dt.datetime) and value.tzinfo is not None:
                    if zone is None:
                        zone = timezone.get_current_timezone()
                    ret[name] = _datetime(value, zone, field)
                else:
                    ret[name] = represent(value)
                continue
            try:  # DRF's own path (Serializer.to_representation)
                value = field.get_attribute(instance)
            except SkipField:
                continue
            check = value.pk if isinstance(value, PKOnlyObject) else value
            ret[name] = None if check is None else field.to_representation(value)
        return ret
