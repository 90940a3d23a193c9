"""Benefits and prior-authorization API. Thin: parse, authorize, call one service or selector, render.

Care coordinators work PA cases and record benefits checks; clinicians and reviewers read them;
coverages are changed by coordinators and clinicians. Errors (elevium/lib/errors.py, answered by
the one handler): every field by name (400), a missing checklist (400 listing the items),
illegal transitions and stale revisions (409 with the allowed next states), an unknown or
invisible record (404).

- ``pa_cases``: the worklist and each case's reads and changes; ``pa_case_serializers`` their bodies.
- ``benefits_checks``: a coverage's benefits checks and the course estimate.
- ``coverages``: a patient's coverages and the plans to choose from.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from elevium.accounts.access import role_required
from elevium.accounts.roles import PA_WORKERS

# Clinicians and reviewers read cases and checks; every change is a care coordinator's.
coordinator_only = role_required(*PA_WORKERS, message="Only care coordinators change benefits and PA cases.")


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """The body (or query) as ``serializer_class`` validates it; a 400 with every error otherwise."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
