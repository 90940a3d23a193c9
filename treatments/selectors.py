"""Every read of the treatment catalog. It holds no patient data, so reads are not audited and
not scoped to a clinic; each selector costs a fixed number of queries whatever the row count."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import BillingCode, Treatment


def _with_rows(treatments: QuerySet[Treatment]) -> QuerySet[Treatment]:
    # One query per related table; `replaces` joined so a code's predecessor costs nothing more.
    return treatments.prefetch_related(
        "protocols",
        "regulatory_statuses",
        "monitoring",
        Prefetch("billing_codes", queryset=BillingCode.objects.select_related("replaces")),
    )


def treatment_list() -> QuerySet[Treatment]:
    """The catalog in display order, each treatment with all its rows (5 queries in all)."""
    return _with_rows(Treatment.objects.all())


def treatment_get(slug: str) -> Treatment:
    """One treatment with all its rows (5 queries), or 404."""
    try:
        return _with_rows(Treatment.objects.filter(slug=slug)).get()
    except Treatment.DoesNotExist:
        raise Http404("No such treatment.") from None
