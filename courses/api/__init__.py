"""Courses API. Thin: parse, authorize, call one service or selector, render.

Treatment staff and clinicians record sessions, observations, measurements, REMS enrolments and
monitoring forms; clinicians and coordinators start courses and book sessions; clinicians clear
discharge, decide next steps and move courses. Every role that reads patients (and treatment
staff) reads courses. Errors are the services' (elevium/lib/errors.py) through the one handler.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from elevium.accounts.access import role_required
from elevium.accounts.roles import COURSE_DECIDERS, COURSE_STARTERS, SESSION_RECORDERS
from elevium.lib.errors import Invalid

recorder_only = role_required(
    *SESSION_RECORDERS, message="Only clinicians and treatment staff record sessions and observations."
)
starter_only = role_required(*COURSE_STARTERS, message="Only clinicians and care coordinators start courses.")
decider_only = role_required(*COURSE_DECIDERS, message="Only clinicians make this decision.")

M = TypeVar("M", bound=BaseModel)


def parsed(model: type[M], data: Any) -> M:
    """The body as the pydantic ``model`` reads it; a 400 naming every field otherwise."""
    if hasattr(data, "dict"):  # a form-encoded body (QueryDict): one value a field
        data = data.dict()
    if not isinstance(data, dict):
        raise Invalid({"non_field_errors": ["Send a JSON object."]})
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_pydantic(error) from None
