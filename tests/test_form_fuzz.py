"""Hostile values in every HTML form, posted as the role the form is for.

tests/api/test_fuzz_document.py and the schemathesis run do this to the API; the pages (sign-in included) are
boundaries too (STYLE.md, "Forms are boundaries too"). Each form's fields get, one or several
at a time, what a careless or hostile browser sends: NUL bytes, megabytes, brackets a thousand
deep, characters outside the Basic Multilingual Plane, invisible format characters, numbers and
dates out of any range. The promises:

- never a 5xx;
- never a partial write: the records change only together with the write's own audit event,
  and no text longer than the API's limit for it is stored.

`FORM_FUZZ_EXAMPLES` (default 20 a form) deepens a run; HYPOTHESIS_RANDOM=1 draws new examples.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from elevium.lib import limits
from eligibility.services import STATUSES
from reassessment.sections import BY_SLUG, SECTIONS, _form_class
from tests.audit.patient_records import ADMIN, CLIN, COORD, REV, World
from tests.samples import sample_url

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "20"))
DERANDOMIZE = os.environ.get("HYPOTHESIS_RANDOM", "") != "1"

HOSTILE = [
    "\x00",
    "a note\x00with a NUL inside",
    "x" * 5_000,
    "y" * 65,
    "[" * 1_000 + "]" * 1_000,
    '{"a":' * 1_000 + "1" + "}" * 1_000,
    "😀" * 100 + "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u200b\u200e\u202e\ufeff\u2066",
    "ＤＥＭＯ-０００１\u200b",
    "",
    " ",
    "-1",
    "0",
    "99999999999999999999",
    "2147483648",
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "NaN",
    "1e400",
    "\r\n\t",
    "<script>alert(1)</script>",
    "/benefits/\x00",
    "//evil.example/",
]
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
repeated = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["\x00", "😀", "\u200b", "x", "[", "ǅ"]),
    st.integers(min_value=1, max_value=3_000),
)
hostile = st.one_of(st.sampled_from(HOSTILE), texts, repeated)

DIAGNOSIS = {"icd10_code": "F33.2", "severity": "severe", "psychotic_features": "no", "then": "stay"}


def _section_fields(slug: str) -> list[str]:
    return list(_form_class(BY_SLUG[slug]).base_fields)


@dataclass(frozen=True)
class Form:
    """One HTML form: where it posts, as whom, a body it accepts, and the fields to spoil."""

    name: str
    role: Role | None  # None: signed out
    body: Callable[[World], dict[str, Any]]
    fields: tuple[str, ...]
    writes: tuple[str, ...] = ()  # audit actions of the write it makes; () for a read
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    label: str = ""
    method: str = "POST"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}{' ' + self.label if self.label else ''}"


PATIENT = {
    "mrn": "FUZZ-0001",
    "family_name": "Okafor",
    "given_name": "Ada",
    "date_of_birth": "1980-01-01",
    "sex_at_birth": "female",
    "gender_identity": "",
}
PATIENT_FIELDS = ("mrn", "family_name", "given_name", "date_of_birth", "sex_at_birth", "gender_identity")
CHECK = {"form": "check", "treatment": "tms", "method": "phone", "coverage_status": "active"}
CHECK_FIELDS = (
    "treatment",
    "method",
    "coverage_status",
    "pa_required",
    "deductible",
    "deductible_met",
    "coinsurance_pct",
    "copay",
    "oop_max",
    "oop_met",
    "visit_limit",
    "visits_used",
    "reference",
    "note",
)
PRICES = {"form": "estimate", "treatment": "tms", "price_initial": "400.00", "price_subsequent": "250.00"}
PRICE_FIELDS = (
    "treatment",
    "price_initial",
    "price_subsequent",
    "price_g2082",
    "price_g2083",
    "dose_mg",
    "maintenance_dose_mg",
    "maintenance_sessions",
    "price_infusion",
)


COVERAGE_FIELDS = ("plan", "member_id", "group_number", "rank", "valid_from", "valid_to")


def COVERAGE(w: World) -> dict[str, Any]:  # noqa: N802 - read like the constant bodies beside it
    w.coverage  # noqa: B018 - the coverage the edit and end forms name
    return {
        "plan": str(w.plan.pk),
        "member_id": "M-FUZZ",
        "group_number": "",
        "rank": "secondary",
        "valid_from": "2026-01-01",
        "valid_to": "",
    }


def _approval(w: World) -> dict[str, Any]:
    return {
        "authorization_number": "AUTH-9",
        "approved_units": "36",
        "valid_from": "2026-03-01",
        "valid_until": "2026-05-31",
        "revision": w.revision_of(w.pending_case),
        "note": "",
    }


def _override(w: World) -> dict[str, Any]:
    status = next(s for s in STATUSES if s != w.evaluation.statuses["tms"])
    return {
        "treatment": "tms",
        "kind": "override",
        "clinician_status": status,
        "reason": "Seizure last week.",
    }


SINGLE_FORM_SECTIONS = [s.slug for s in SECTIONS if not s.many]

FORMS = [
    Form(
        "accounts:login",
        None,
        lambda w: {"username": "nobody", "password": "wrong-password"},
        ("username", "password", "next"),
    ),
    Form("patients:patient-list", REV, lambda w: {"q": "Okafor"}, ("q",), label="search"),
    Form("patients:patient-new", CLIN, lambda w: PATIENT, PATIENT_FIELDS, ("patient.created",)),
    Form(
        "patients:patient-new",
        COORD,
        lambda w: {**PATIENT, **{f"coverage-{k}": v for k, v in COVERAGE(w).items()}},
        (*PATIENT_FIELDS, *(f"coverage-{name}" for name in COVERAGE_FIELDS)),
        ("patient.created", "coverage.created"),
        label="with coverage",
    ),
    Form(
        "patients:patient-edit",
        COORD,
        lambda w: {**PATIENT, "mrn": w.patient.mrn, "revision": w.revision_of(w.patient)},
        (*PATIENT_FIELDS, "revision"),
        ("patient.updated",),
    ),
    *(
        Form(
            "reassessment:section",
            CLIN,
            (
                lambda w, slug=slug: {
                    **(DIAGNOSIS if slug == "diagnosis" else {}),
                    "then": "stay",
                    "revision": w.revision_of(w.draft),
                }
            ),
            (*_section_fields(slug), "revision", "then"),
            ("reassessment.updated",),
            kwargs=lambda w, slug=slug: {"slug": slug},
            label=slug,
        )
        for slug in SINGLE_FORM_SECTIONS
    ),
    # The intake's autosave takes the same section forms, posted by intake.js while typing.
    *(
        Form(
            "reassessment:autosave",
            CLIN,
            (
                lambda w, slug=slug: {
                    **(DIAGNOSIS if slug == "diagnosis" else {}),
                    "revision": w.revision_of(w.draft),
                }
            ),
            (*_section_fields(slug), "revision"),
            ("reassessment.updated",),
            kwargs=lambda w, slug=slug: {"slug": slug},
            label=slug,
        )
        for slug in ("diagnosis", "logistics")
    ),
    Form(
        "reassessment:safety-action",
        CLIN,
        lambda w: {"kind": "safety_plan", "note": "Safety plan written with the patient today."},
        ("kind", "note", "back"),
        ("safety_action.recorded",),
    ),
    Form(
        "reassessment:transition",
        CLIN,
        lambda w: {"revision": w.revision_of(w.full_draft)},
        ("revision",),
        ("reassessment.completed",),
        kwargs=lambda w: {"reassessment_id": w.full_draft.id, "action": "complete"},
        label="complete",
    ),
    Form(
        "eligibility:decide",
        CLIN,
        _override,
        ("treatment", "kind", "clinician_status", "reason"),
        ("evaluation.override", "evaluation.accept"),
    ),
    Form(
        "benefits:worklist",
        COORD,
        lambda w: {},
        ("status", "payer", "treatment", "owner", "overdue", "page"),
        method="GET",
    ),
    Form(
        "benefits:assign",
        COORD,
        lambda w: {
            "case_ids": [str(w.case.id)],
            "owner": str(w.coordinator.pk),
            "back": "/benefits/worklist/",
        },
        ("case_ids", "owner", "back"),
        ("pa_case.assigned",),
    ),
    Form(
        "benefits:case-new",
        COORD,
        lambda w: {"coverage": str(w.coverage.id), "treatment": "tms", "priority": "normal"},
        ("coverage", "treatment", "priority", "expedited"),
        ("pa_case.created",),
    ),
    Form(
        "benefits:case-transition",
        COORD,
        lambda w: {
            "to": "withdrawn",
            "revision": w.revision_of(w.case),
            "note": "The patient chose another clinic.",
            "confirm": "on",
        },
        ("to", "revision", "note", "confirm"),
        ("pa_case.withdrawn",),
    ),
    Form(
        "benefits:case-checklist",
        COORD,
        lambda w: {"code": w.open_item(), "satisfied": "yes", "note": "on file"},
        ("code", "satisfied", "note"),
        ("pa_case.checklist_marked",),
    ),
    Form(
        "benefits:case-approval",
        COORD,
        _approval,
        ("authorization_number", "approved_units", "valid_from", "valid_until", "revision", "note"),
        ("pa_case.approved",),
        kwargs=lambda w: {"case_id": w.pending_case.id},
    ),
    Form(
        "benefits:case-units",
        COORD,
        lambda w: {"used_units": "3", "revision": w.revision_of(w.approved_case)},
        ("used_units", "revision"),
        ("pa_case.units_recorded",),
        kwargs=lambda w: {"case_id": w.approved_case.id},
    ),
    Form("benefits:case-note", COORD, lambda w: {"text": "Called the payer."}, ("text",), ("pa_case.noted",)),
    Form(
        "benefits:coverage",
        COORD,
        lambda w: CHECK,
        ("form", *CHECK_FIELDS),
        ("benefits_check.recorded",),
        label="check",
    ),
    Form("benefits:coverage", CLIN, lambda w: PRICES, ("form", *PRICE_FIELDS), label="estimate"),
    Form(
        "benefits:coverage-new",
        COORD,
        lambda w: COVERAGE(w),
        COVERAGE_FIELDS,
        ("coverage.created",),
    ),
    Form(
        "benefits:coverage-edit",
        CLIN,
        lambda w: {**COVERAGE(w), "member_id": "M-EDITED", "revision": w.revision_of(w.coverage)},
        (*COVERAGE_FIELDS, "revision"),
        ("coverage.updated",),
    ),
    Form(
        "benefits:case-letter-edit",
        CLIN,
        lambda w: {"narrative": "I ask that TMS be authorized.", "justification": "", "revision": "0"},
        ("narrative", "justification", "revision"),
        ("letter.version_saved",),
    ),
    Form(
        "benefits:coverage-end",
        COORD,
        lambda w: {"valid_to": "2026-01-31"},
        ("valid_to",),
        ("coverage.ended",),
    ),
    Form(
        "audit:export",
        ADMIN,
        lambda w: {"date_from": "2026-01-01", "date_to": "2026-01-31"},
        ("date_from", "date_to"),
    ),
]
IDS = [f.id for f in FORMS]

# Text the API caps, by the model field it is stored in: no form may store more.
STORED_LIMITS = {
    ("benefits", "PaEvent", "note"): limits.NOTE,
    ("benefits", "PaChecklistItem", "note"): limits.CHECKLIST_NOTE,
    ("benefits", "PaCase", "authorization_number"): limits.AUTHORIZATION_NUMBER,
    ("benefits", "BenefitsCheck", "note"): limits.BENEFITS_NOTE,
    ("benefits", "BenefitsCheck", "reference"): limits.BENEFITS_REFERENCE,
    ("benefits", "Coverage", "member_id"): limits.MEMBER_ID,
    ("benefits", "Coverage", "group_number"): limits.GROUP_NUMBER,
    ("eligibility", "Decision", "reason"): limits.DECISION_REASON,
    ("reassessment", "SafetyAction", "note"): limits.SAFETY_NOTE,
}
RECORD_APPS = ("patients", "reassessment", "eligibility", "benefits", "jobs")


def _fingerprint() -> dict[str, str]:
    prints = {}
    with connection.cursor() as cursor:
        for app in RECORD_APPS:
            for model in apps.get_app_config(app).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                # Table names come from the app registry, not from input.
                sql = f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"  # noqa: S608
                cursor.execute(sql)
                prints[model._meta.label] = cursor.fetchone()[0]
    return prints


def _longest_stored() -> dict[tuple[str, str, str], int]:
    from django.db.models import Max
    from django.db.models.functions import Length

    out = {}
    for app, model_name, name in STORED_LIMITS:
        model = apps.get_model(app, model_name)
        out[app, model_name, name] = model.objects.aggregate(n=Max(Length(name)))["n"] or 0
    return out


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_a_form_answers_hostile_values_without_a_5xx_or_a_partial_write(
    form: Form, world: World, client_for: Callable[[Role], Client]
) -> None:
    url = sample_url(form.name, {**_defaults(world), **form.kwargs(world)})
    form.body(world)  # builds the records the form needs before the client signs in
    client = client_for(form.role) if form.role else Client()
    client.raise_request_exception = False  # a 500 is an answer to check, not an exception here

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=DERANDOMIZE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.dictionaries(st.sampled_from(form.fields), hostile, min_size=1, max_size=3))
    def check(spoiled: dict[str, str]) -> None:
        # A savepoint per example, rolled back: every example meets the same records.
        with transaction.atomic():
            body = {**form.body(world), **spoiled}
            note(f"{form.id}: { ({k: v[:80] for k, v in spoiled.items()})!r}")
            before, since = _fingerprint(), _last_event_id()
            response = client.get(url, body) if form.method == "GET" else client.post(url, body)
            note(f"answer {response.status_code}")
            assert response.status_code < 500, response.content[:500]
            changed = [label for label, value in _fingerprint().items() if before[label] != value]
            written = AuditEvent.objects.filter(id__gt=since, action__in=form.writes).exists()
            if changed:
                assert written, f"records changed without the write's audit event: {changed}"
            too_long = {k: n for k, n in _longest_stored().items() if n > STORED_LIMITS[k]}
            assert not too_long, f"stored beyond the API's limit: {too_long}"
            transaction.set_rollback(True)

    check()


@pytest.mark.parametrize(
    "form", [f for f in FORMS if f.method == "POST"], ids=[f.id for f in FORMS if f.method == "POST"]
)
def test_no_form_stores_a_megabyte(form: Form, world: World, client_for: Callable[[Role], Client]) -> None:
    """The issue's own cases: a 1 MB decision reason and a 2 MB safety note were saved and then
    shown on every page of the record. Every field of every form, at 2 MB, is refused."""
    url = sample_url(form.name, {**_defaults(world), **form.kwargs(world)})
    form.body(world)
    client = client_for(form.role) if form.role else Client()
    huge = "z" * (2 * 1024 * 1024)
    for name in form.fields:
        with transaction.atomic():
            response = client.post(url, {**form.body(world), name: huge})
            assert response.status_code < 500, (name, response.status_code)
            assert _largest_row() < 200_000, name  # a report is ~35 KB; nothing holds the megabytes
            transaction.set_rollback(True)


def _largest_row() -> int:
    largest = 0
    with connection.cursor() as cursor:
        for app in RECORD_APPS:
            for model in apps.get_app_config(app).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT coalesce(max(length(t::text)), 0) FROM {table} t")  # noqa: S608
                largest = max(largest, cursor.fetchone()[0])
    return largest


def _defaults(w: World) -> dict[str, Any]:
    return {
        "patient_id": w.patient.id,
        "reassessment_id": w.draft.id,
        "evaluation_id": w.evaluation.id,
        "case_id": w.case.id,
        "coverage_id": w.coverage.id,
        "slug": "diagnosis",
    }
