from __future__ import annotations

from treatments.models import BillingCode, MonitoringRequirement, Protocol, RegulatoryStatus, Treatment


def add_rows(slug: str, n: int) -> None:
    """``n`` more rows of every kind under one treatment: query counts must not move."""
    treatment = Treatment.objects.get(slug=slug)
    Protocol.objects.bulk_create(
        Protocol(treatment=treatment, slug=f"extra-{i}", name=f"Extra {i}", phase="acute") for i in range(n)
    )
    RegulatoryStatus.objects.bulk_create(
        RegulatoryStatus(treatment=treatment, indication=f"Extra {i}", status="off_label") for i in range(n)
    )
    MonitoringRequirement.objects.bulk_create(
        MonitoringRequirement(treatment=treatment, requirement=f"Extra {i}", when="during") for i in range(n)
    )
    old = BillingCode.objects.get(treatment=treatment, code="S0013") if slug == "spravato" else None
    BillingCode.objects.bulk_create(
        BillingCode(
            treatment=treatment, code_system="CPT", code=f"X{i:04d}", description="Extra", replaces=old
        )
        for i in range(n)
    )
