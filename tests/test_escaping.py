"""Hostile free text is inert wherever it is shown.

Every field a person can type into (patient demographics, the reassessment's free-text answers,
safety actions, override reasons, prior-authorization notes, denial and appeal text, approvals,
benefits checks, coverage ids, payer, plan, policy and clinic names, staff names, the treatment
catalog) holds a script or markup payload. Each page that shows them, for the roles that see
them, must contain the payload escaped and never as markup, and no inline script, event
attribute, ``javascript:`` URL or style attribute at all (tests/inline_code.py). The PDF letter
must carry no link or script action and try to load nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from benefits import seed as benefits_seed
from benefits.models import Coverage, PaCase, Plan
from benefits.policies import policy_for
from benefits.services import (
    benefits_check_record,
    pa_case_assign,
    pa_case_checklist_mark,
    pa_case_create_from_evaluation,
    pa_case_note,
    pa_case_record_approval,
    pa_case_transition,
)
from elevium.accounts.roles import Role
from eligibility.services import STATUSES, decision_record, evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create, safety_action_record
from tests.factories import PatientFactory, UserFactory, default_clinic
from tests.inline_code import inline_code
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "url": "javascript:alert(1)",
}
# For the few fields of 16 to 20 characters (a lab unit).
SHORT = '"><svg onload=1>'
# Markup that must never reach a page as markup, whichever payload is stored.
RAW = ("<script>alert(1)", "<img src=x", "<svg onload=1>")


@dataclass
class Hostile:
    payload: str
    values: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def __call__(self, key: str) -> str:
        """The stored value for ``key``: the payload first (where a URL would start), then the key,
        so each page can be checked for the fields it shows."""
        self.values[key] = f"{self.payload}#{key}"
        return self.values[key]


def store_hostile_text(payload: str) -> Hostile:
    v = Hostile(payload)
    today = timezone.localdate()

    clinic = default_clinic()
    clinic.name = v("clinic")
    clinic.save(update_fields=["name"])
    clinician = UserFactory(
        username="hostile-clin", role=Role.CLINICIAN, first_name=v("cf"), last_name=v("cl")
    )
    coordinator = UserFactory(
        username="hostile-coord", role=Role.CARE_COORDINATOR, first_name=v("kf"), last_name=v("kl")
    )
    patient = PatientFactory(
        mrn=v("M"), family_name=v("family"), given_name=v("given"), gender_identity=v("gender")
    )

    # Item 9 above 0 raises the safety flag, so the banner shows the recorded action's note.
    document = full_document(assessed_on=today, date_of_birth=patient.date_of_birth, item9=1)
    document["co_occurring"]["other"] = v("other")
    document["safety"]["safety_plan"] = v("plan")
    document["medical"]["implants"][0]["notes"] = v("implant")
    document["medical"]["relevant_current_medications"] = v("meds")
    document["labs"][0]["unit"] = v.values.setdefault("unit", f"{SHORT}#u")
    document["reversible_contributors"][0]["notes"] = v("contrib")
    document["logistics"]["notes"] = v("logistics")
    reassessment = reassessment_create(actor=clinician, patient=patient, document=document)
    safety_action_record(
        actor=clinician, reassessment=reassessment, kind="crisis_evaluation", note=v("action")
    )

    evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    engine = evaluation.statuses["tms"]
    decision_record(
        actor=clinician,
        evaluation=evaluation,
        treatment="tms",
        kind="override",
        clinician_status=next(s for s in STATUSES if s != engine),
        reason=v("reason"),
    )

    plan = Plan.objects.select_related("payer").get(payer__name=benefits_seed.MA_EAST)
    # The policy's source is copied onto checklist items when the case is created.
    policy = policy_for(plan=plan, treatment="tms")
    assert policy is not None
    policy.source = v("policy-source")
    policy.save(update_fields=["source"])
    coverage = Coverage.objects.create(
        patient=patient,
        plan=plan,
        member_id=v("member"),
        group_number=v("group"),
        valid_from=dt.date(2025, 1, 1),
    )
    case = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )
    plan.name = v("plan-name")
    plan.save(update_fields=["name"])
    plan.payer.name = v("payer")
    plan.payer.save(update_fields=["name"])
    policy.name = v("policy")
    policy.save(update_fields=["name"])

    pa_case_assign(actor=coordinator, cases=[case], owner=coordinator)
    for item in case.checklist.filter(satisfied=False):
        pa_case_checklist_mark(
            actor=coordinator, case=case, code=item.code, satisfied=True, note=v("evidence")
        )

    def move(to: str, note: str = "") -> None:
        current = PaCase.objects.get(pk=case.pk)
        pa_case_transition(actor=coordinator, case=current, to=to, revision=current.revision, note=note)

    move("ready_to_submit")
    move("submitted")
    move("pending_payer")
    move("denied", v("denial"))
    move("appeal", v("appeal"))
    current = PaCase.objects.get(pk=case.pk)
    pa_case_record_approval(
        actor=coordinator,
        case=current,
        authorization_number=v("auth"),
        approved_units=30,
        valid_from=today,
        valid_until=today + dt.timedelta(days=90),
        revision=current.revision,
        note=v("approval"),
    )
    pa_case_note(actor=coordinator, case=case, text=v("case-note"))
    benefits_check_record(
        actor=coordinator,
        coverage=coverage,
        treatment="tms",
        method="phone",
        coverage_status="active",
        reference=v("ref"),
        note=v("check-note"),
    )

    treatment = Treatment.objects.get(slug="spravato")
    for name in (
        "name",
        "summary",
        "time_to_effect",
        "patient_must_arrange",
        "rems_program",
        "common_side_effects",
        "sources",
    ):
        setattr(treatment, name, v(f"t-{name}"))
    treatment.save()
    children = {
        "p": (treatment.protocols.first(), ("name", "frequency", "dose", "notes", "source")),
        "r": (
            treatment.regulatory_statuses.first(),
            ("indication", "population", "product", "since", "notes", "source"),
        ),
        "m": (treatment.monitoring.first(), ("requirement", "notes", "source")),
        "b": (treatment.billing_codes.first(), ("description", "notes", "source")),
    }
    for prefix, (row, names) in children.items():
        assert row is not None, f"the seeded catalog has {prefix} rows for Spravato"
        for name in names:
            setattr(row, name, v(f"{prefix}-{name}"))
        row.save()

    v.ids = {
        "patient_id": patient.id,
        "reassessment_id": reassessment.id,
        "evaluation_id": evaluation.id,
        "case_id": case.id,
        "coverage_id": coverage.id,
        "treatment_slug": treatment.slug,
        "clinician": clinician,
        "coordinator": coordinator,
    }
    return v


@pytest.fixture(params=sorted(PAYLOADS))
def hostile(request: pytest.FixtureRequest) -> Hostile:
    return store_hostile_text(PAYLOADS[request.param])


PATIENT = ("family", "given", "M")
CATALOG = ("t-name", "t-summary", "p-name")
CATALOG_DETAIL = (
    *(f"t-{n}" for n in ("name", "summary", "time_to_effect", "patient_must_arrange", "common_side_effects")),
    "t-rems_program",
    "t-sources",
    *(f"p-{n}" for n in ("name", "frequency", "dose", "notes", "source")),
    *(f"r-{n}" for n in ("indication", "population", "product", "since", "notes", "source")),
    *(f"m-{n}" for n in ("requirement", "notes", "source")),
    *(f"b-{n}" for n in ("description", "notes", "source")),
)
ANSWERS = ("other", "plan", "implant", "meds", "unit", "contrib", "logistics")
CASE_TEXT = (
    *("payer", "plan-name", "member", "policy", "policy-source", "auth"),
    *("evidence", "denial", "appeal", "approval"),
)

# (who, URL name, URL kwargs taken from the stored ids, keys whose values the page must show)
PAGES: tuple[tuple[Role, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (Role.CLINICIAN, "accounts:home-clinician", (), ("cf", "cl")),
    (Role.CLINICIAN, "patients:patient-list", (), PATIENT),
    (Role.CLINICIAN, "patients:patient-detail", ("patient_id",), (*PATIENT, "gender", "cf", "cl")),
    (Role.CLINICIAN, "patients:patient-edit", ("patient_id",), (*PATIENT, "gender")),
    (
        Role.CLINICIAN,
        "reassessment:summary",
        ("reassessment_id",),
        (*PATIENT, "cf", "cl", "action", *ANSWERS),
    ),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "co-occurring"), (*PATIENT, "other")),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "safety"), (*PATIENT, "plan", "action")),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "medical"), ("meds",)),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "implants"), ("implant",)),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "labs"), ("unit",)),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "contributors"), ("contrib",)),
    (Role.CLINICIAN, "reassessment:section", ("reassessment_id", "logistics"), ("logistics",)),
    (Role.CLINICIAN, "eligibility:evaluation", ("evaluation_id",), (*PATIENT, "reason", "cf", "cl")),
    (Role.CLINICIAN, "benefits:case", ("case_id",), (*PATIENT, *CASE_TEXT, "case-note", "kf", "kl")),
    (Role.CLINICIAN, "benefits:case-letter", ("case_id",), (*PATIENT, "payer", "member", "plan", "cf", "cl")),
    (
        Role.CLINICIAN,
        "benefits:coverage",
        ("coverage_id",),
        (*PATIENT, "payer", "plan-name", "member", "group"),
    ),
    (Role.CLINICIAN, "benefits:coverage-edit", ("coverage_id",), (*PATIENT, "member", "group")),
    (Role.CLINICIAN, "benefits:coverage-new", ("patient_id",), PATIENT),
    (Role.CLINICIAN, "eligibility:queue-clinician", (), ()),
    (Role.CARE_COORDINATOR, "eligibility:queue-coordinator", (), ()),
    (Role.REVIEWER, "eligibility:queue-reviewer", (), ()),
    (Role.CLINICIAN, "treatments:treatment-list", (), CATALOG),
    (Role.CLINICIAN, "treatments:treatment-detail", ("treatment_slug",), CATALOG_DETAIL),
    # The case is approved by now: out of the default "open cases" view.
    (
        Role.CARE_COORDINATOR,
        "benefits:worklist",
        ("?status=approved",),
        ("family", "given", "payer", "kf", "kl"),
    ),
    (Role.CARE_COORDINATOR, "benefits:case", ("case_id",), (*PATIENT, *CASE_TEXT, "case-note", "kf", "kl")),
    (Role.CARE_COORDINATOR, "benefits:coverage", ("coverage_id",), (*PATIENT, "payer", "member", "ref")),
    (Role.CARE_COORDINATOR, "eligibility:evaluation", ("evaluation_id",), (*PATIENT, "payer", "plan-name")),
    (Role.REVIEWER, "reassessment:summary", ("reassessment_id",), (*PATIENT, "action", *ANSWERS)),
    (Role.REVIEWER, "benefits:case-letter", ("case_id",), (*PATIENT, "plan")),
    (Role.ADMIN, "admin:accounts_user_changelist", (), ("cf", "cl", "kf", "kl")),
    (Role.ADMIN, "admin:benefits_coverage_changelist", (), ()),
    (Role.ADMIN, "admin:treatments_treatment_change", ("treatment_pk",), ("t-name", "t-summary")),
    (Role.ADMIN, "admin:clinics_clinic_changelist", (), ("clinic",)),
)


def _signed_in(role: Role, hostile: Hostile, client_for: Any) -> Client:
    """The clinician and coordinator whose own names are hostile; the conftest's user otherwise
    (an administrator's session there has passed the second factor)."""
    user = {Role.CLINICIAN: hostile.ids["clinician"], Role.CARE_COORDINATOR: hostile.ids["coordinator"]}.get(
        role
    )
    if user is None:
        return client_for(role)
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, args: tuple[str, ...], hostile: Hostile) -> str:
    kwargs: dict[str, Any] = {}
    query = ""
    for arg in args:
        if arg.startswith("?"):
            query = arg
        elif arg == "treatment_pk":
            kwargs["object_id"] = Treatment.objects.get(slug=hostile.ids["treatment_slug"]).pk
        elif arg in hostile.ids:
            kwargs[arg] = hostile.ids[arg]
        else:
            kwargs["slug"] = arg
    return reverse(name, kwargs=kwargs) + query


def _problems(html: str, policy: str, hostile: Hostile, shown: tuple[str, ...]) -> list[str]:
    problems = [f"unescaped {raw!r}" for raw in RAW if raw in html]
    problems += inline_code(html, policy=policy)
    problems += [f"{key} not shown escaped" for key in shown if escape(hostile.values[key]) not in html]
    return problems


def test_every_page_shows_hostile_text_escaped(hostile: Hostile, client_for: Any) -> None:
    problems: list[str] = []
    clients: dict[Role, Client] = {}
    for role, name, args, shown in PAGES:
        if role not in clients:
            clients[role] = _signed_in(role, hostile, client_for)
        client = clients[role]
        response = client.get(_url(name, args, hostile))
        where = f"{role} {name} {'/'.join(args)}"
        if response.status_code != 200:
            problems.append(f"{where}: answered {response.status_code}")
            continue
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        problems += [f"{where}: {p}" for p in _problems(html, policy, hostile, shown)]
    assert problems == [], "\n".join(problems)


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its Flate streams inflated: WeasyPrint packs its objects into such streams."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # a stream under another filter (none today)
    return b"\n".join(parts)


def test_the_pdf_letter_has_no_action_and_loads_nothing(
    hostile: Hostile, caplog: pytest.LogCaptureFixture
) -> None:
    client = _signed_in(Role.CARE_COORDINATOR, hostile, None)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(reverse("benefits:case-letter-pdf", kwargs={"case_id": hostile.ids["case_id"]}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = _inflated(response.content)
    assert b"/Annots" not in pdf  # a payload turned into markup could make a link here
    for action in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"javascript:"):
        assert action not in pdf, action
    # An <img> or a stylesheet link in the HTML would have been refused and logged as an error
    # (a font-subsetting warning is only about this machine's libraries).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_the_pdf_check_would_see_a_link_or_a_fetch(caplog: pytest.LogCaptureFixture) -> None:
    # The test above reads inflated objects and WeasyPrint's log; both would show markup.
    from benefits.pdf import html_to_pdf

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf('<p><a href="javascript:alert(1)">x</a><img src="https://example.org/x.png"></p>')
    assert b"/URI (javascript:" in _inflated(pdf)
    assert any("example.org" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_text_echoed_back_in_a_form_is_escaped(client_for: Any, patient: Any, payload: str) -> None:
    """What a user just typed comes back in the form (a search, a refused edit) escaped too."""
    value = PAYLOADS[payload]
    clinician = client_for(Role.CLINICIAN)
    search = clinician.post(reverse("patients:patient-list"), {"q": value})
    refused = clinician.post(
        reverse("patients:patient-edit", kwargs={"patient_id": patient.id}),
        {"mrn": "", "family_name": value, "given_name": value, "date_of_birth": "not a date"},
    )
    for response in (search, refused):
        html = response.content.decode()
        assert response.status_code in (200, 400)
        assert escape(value) in html
        assert not any(raw in html for raw in RAW)
        assert inline_code(html, policy=response["Content-Security-Policy"]) == []
