"""Benefits gateways: how a benefits check gets done.

A gateway is a small interface so a clearinghouse (X12 270/271) connection can be added later.
The built-in :class:`ManualGateway` does not ask anyone: it records the check as a pending task
that a coordinator completes after a phone call or a portal look-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.utils import timezone

from .models import BenefitsCheck, CheckMethod, Coverage, CoverageStatus

if TYPE_CHECKING:
    from elevium.accounts.models import User


class BenefitsGateway(Protocol):
    name: str

    def request_check(self, *, actor: User, coverage: Coverage, treatment: str) -> BenefitsCheck:
        """Start (or complete) a check; the row it returns is saved. Called inside a service's transaction."""
        ...


class ManualGateway:
    """Records a pending check: a task for a coordinator, shown until a completed check follows."""

    name = "manual"

    def request_check(self, *, actor: User, coverage: Coverage, treatment: str) -> BenefitsCheck:
        return BenefitsCheck.objects.create(
            coverage=coverage,
            treatment=treatment,
            recorded_by=actor,
            recorded_at=timezone.now(),
            method=CheckMethod.PENDING,
            coverage_status=CoverageStatus.UNKNOWN,
        )


DEFAULT_GATEWAY: BenefitsGateway = ManualGateway()
