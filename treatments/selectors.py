"""Every read of the treatment catalog. It holds no patient data, so reads are not audited and
not scoped to a clinic; each selector costs a fixed number of queries whatever the row count."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .facts import (
    BillingCodeFacts,
    CatalogFacts,
    MonitoringFacts,
    ProtocolFacts,
    RegulatoryFacts,
    TreatmentFacts,
)
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


def treatment_facts() -> CatalogFacts:
    """The catalog as frozen pydantic facts for the eligibility engine and benefits (5 queries).

    Pure code takes the result as an argument, e.g. ``facts["spravato"].observation_minutes``
    or ``facts["spravato"].codes_in_effect(as_of=date)``.
    """
    return CatalogFacts(treatments={t.slug: _facts(t) for t in treatment_list()})


def _facts(treatment: Treatment) -> TreatmentFacts:
    return TreatmentFacts(
        slug=treatment.slug,
        name=treatment.name,
        requires_daily_visits=treatment.requires_daily_visits,
        requires_driver=treatment.requires_driver,
        controlled_substance_schedule=treatment.controlled_substance_schedule,
        rems_program=treatment.rems_program,
        protocols=tuple(
            ProtocolFacts(
                slug=p.slug,
                name=p.name,
                phase=p.phase,
                sessions=p.sessions,
                frequency=p.frequency,
                weeks=p.weeks,
                dose=p.dose,
                session_minutes=p.session_minutes,
                confirmed=p.confirmed,
            )
            for p in treatment.protocols.all()
        ),
        regulatory=tuple(
            RegulatoryFacts(
                indication=r.indication,
                status=r.status,
                population=r.population,
                product=r.product,
                since=r.since,
                since_date=r.since_date,
                confirmed=r.confirmed,
            )
            for r in treatment.regulatory_statuses.all()
        ),
        monitoring=tuple(
            MonitoringFacts(
                requirement=m.requirement,
                when=m.when,
                minimum_minutes=m.minimum_minutes,
                confirmed=m.confirmed,
            )
            for m in treatment.monitoring.all()
        ),
        billing_codes=tuple(
            BillingCodeFacts(
                code_system=c.code_system,
                code=c.code,
                description=c.description,
                notes=c.notes,
                effective_from=c.effective_from,
                replaces=c.replaces.code if c.replaces else None,
                confirmed=c.confirmed,
            )
            for c in treatment.billing_codes.all()
        ),
    )
