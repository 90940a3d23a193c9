"""The worklist's filter choices (beside selectors.py, which is being split by concept)."""

from __future__ import annotations

from django.db.models import QuerySet

from elevium.accounts.models import User
from elevium.accounts.roles import Role

from .models import Payer
from .selectors import colleagues


def payer_choices() -> QuerySet[Payer, tuple[int, str]]:
    """(id, name) of every payer, by name: the worklist's payer filter."""
    return Payer.objects.order_by("name").values_list("id", "name")


def coordinator_choices(*, user: User) -> QuerySet[User]:
    """The active care coordinators of the user's clinics: the owner filter and assignees."""
    return colleagues(user=user).filter(role=Role.CARE_COORDINATOR, is_active=True)
