"""The API's error answers, declared once for the OpenAPI schema.

The bodies are the ones DRF and the views already send; this module only describes them, so
every operation documents the same shapes (tests/api/test_schemathesis.py holds each answer to
its operation's list):

- 400: every invalid field by its path (``medication_trials.2.daily_dose_mg``), each with its
  messages; a nested serializer or list nests the same way. A body that is not JSON gets
  ``detail`` alone.
- 401 (not signed in), 403 (role not allowed, or CSRF check failed), 404 (no such record, or
  one of another clinic: STYLE.md answers 404 rather than 403 so its existence does not leak).
- 409: an illegal state change or a stale revision, with the current state and the allowed ones.
- 415: a body of a type the API does not read (added to every POST, PUT and PATCH by the
  schema hook below).

Usage: ``@extend_schema(responses={200: Out, **error_responses(400, 404)})``; 401 and 403 are
added to every operation, since every one of them can answer so.

The services' errors (elevium/lib/errors.py) reach the client through ``exception_handler``,
the API's one ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: no view maps them itself.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request as bad_request_page
from django.views.defaults import page_not_found
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .dbfaults import api_exception_handler
from .errors import DomainError, Invalid


class ProblemSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="What is wrong, in one sentence")


class ValidationProblemSerializer(serializers.Serializer[Any]):
    """Field errors by path; any other key is a field path with its messages (or, for a nested
    object or list, its errors by key or index)."""

    detail = serializers.CharField(required=False, help_text="A body that could not be read at all")
    non_field_errors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Errors about the body as a whole"
    )


# drf-spectacular registers extensions in an untyped __init_subclass__.
class ValidationProblemExtension(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """DRF serializers cannot declare ``additionalProperties``; the field paths are its keys."""

    target_class = ValidationProblemSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target_class, direction, bypass_extensions=True
        )
        schema["additionalProperties"] = {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}, "description": "The field's messages"},
                {"type": "object", "description": "A nested object's or list's errors, by key or index"},
            ]
        }
        return schema


class ChecklistIncompleteSerializer(serializers.Serializer[Any]):
    """A PA case cannot become ready to submit while required checklist items are open."""

    detail = serializers.CharField()
    status = serializers.CharField(help_text="The case's current state")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Codes of the open items")
    checklist = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Each open item's message"
    )


class ConflictProblemSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="Why the change is refused")
    status = serializers.CharField(help_text="The record's current state")
    allowed = serializers.ListField(
        child=serializers.CharField(), help_text="The states it may move to from here"
    )


TRANSITION_400 = PolymorphicProxySerializer(
    component_name="TransitionProblem",
    serializers=[ValidationProblemSerializer, ChecklistIncompleteSerializer],
    resource_type_field_name=None,
)

_RESPONSES: dict[int, tuple[Any, str]] = {
    400: (ValidationProblemSerializer, "Invalid input: every field error by its path"),
    401: (ProblemSerializer, "Not signed in"),
    403: (ProblemSerializer, "The role may not do this, or the CSRF check failed"),
    404: (ProblemSerializer, "No such record (or page), or not one the user's clinics may see"),
    409: (ConflictProblemSerializer, "Illegal state change or stale revision: reload and retry"),
}


def error_responses(*codes: int, bad_request: Any = None) -> dict[int, OpenApiResponse]:
    """The documented error answers: 401 and 403 always, plus ``codes``. ``bad_request`` replaces
    the 400 body where an operation has more than one kind of 400."""
    responses: dict[int, OpenApiResponse] = {}
    for code in sorted({401, 403, *codes}):
        serializer, description = _RESPONSES[code]
        if code == 400 and bad_request is not None:
            serializer = bad_request
        responses[code] = OpenApiResponse(serializer, description=description)
    return responses


def document_unsupported_media_type(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> Any:
    """drf-spectacular postprocessing hook: any POST, PUT or PATCH may answer 415. DRF refuses a
    body whose Content-Type no parser reads (or that has none), and the CSRF check reads a POST
    body before the view does, so even an operation that takes no body can."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                operation["responses"].setdefault(
                    "415",
                    {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                        "description": "The body's Content-Type is not JSON, form or multipart data",
                    },
                )
    return result


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: a path under /api/ that matches no route (``/api/patients/not-a-uuid/``)
    answers JSON like every other API 404, not the HTML page. Nothing of the path is echoed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a body Django refuses before any view runs (more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS fields, or larger than DATA_UPLOAD_MAX_MEMORY_SIZE) answers the
    API's documented 400 under /api/, and the HTML page elsewhere. Nothing of the body is echoed."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "The request body could not be read: too many fields or too large."}, status=400
        )
    return bad_request_page(request, exception)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The services' errors answer their own status and body; everything else is DRF's (with the
    503 for a database outage). ``Invalid`` goes through DRF's ValidationError, so its 400 is
    rendered exactly as a serializer's."""
    if isinstance(exc, Invalid):
        exc = ValidationError(exc.errors)
    elif isinstance(exc, DomainError):
        set_rollback()
        return Response(exc.body(), status=exc.status_code)
    return api_exception_handler(exc, context)
