"""Reads for the administrator's home page."""

from __future__ import annotations

from django.db.models import QuerySet

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent

RECENT_EVENTS = 15


def audit_event_recent() -> QuerySet[AuditEvent]:
    """The latest events of the trail, newest first, with who did them."""
    return AuditEvent.objects.select_related("actor")[:RECENT_EVENTS]


def staff_count_by_role() -> list[tuple[str, int]]:
    """(role label, active staff in it) for every role, in the Role enum's order."""
    return [(Role(role).label, User.objects.filter(role=role, is_active=True).count()) for role in Role]
