"""Every read and write of patient data leaves an audit event; every URL says whether it touches any.

CLASSIFIED names each URL in the URLconf "patient-data" or "no-patient-data", with the reason,
so a new URL fails here until someone decides. Each patient-data URL, for every method it
accepts (pages: the Allow header of a 405; the API: the OpenAPI schema), has an entry in OPS
(tests/audit/patient_data_ops.py): a request an allowed role makes successfully, and the audit
actions it must leave with the patient's id. Writes are checked twice more: a refused write
(400, 409 or a form error) leaves neither the change nor its event, and when the event cannot
be written (a PostgreSQL trigger refuses it) the change is rolled back with it: the two share
one transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import BatchRun, Evaluation
from eligibility.services import batch_run, batch_start
from tests.samples import URLS, sample_url

from .patient_data_ops import OPS, OPS_BY_ID, REFUSED, WRITES
from .patient_records import CLIN, COORD, REV, Op, World

pytestmark = pytest.mark.django_db

PATIENT_DATA = "patient-data"
NO_PATIENT_DATA = "no-patient-data"

# --- Which URLs touch patient data ------------------------------------------------------------------

APP_URLS: dict[str, tuple[str, str]] = {
    "healthz": (NO_PATIENT_DATA, "database and broker status"),
    "accounts:login": (NO_PATIENT_DATA, "the sign-in form"),
    "accounts:logout": (NO_PATIENT_DATA, "ends the session"),
    "accounts:otp-verify": (NO_PATIENT_DATA, "the second sign-in step"),
    "accounts:otp-enrol": (NO_PATIENT_DATA, "the user's own two-step sign-in"),
    "accounts:otp-disable": (NO_PATIENT_DATA, "the user's own two-step sign-in"),
    "accounts:idle": (NO_PATIENT_DATA, "an idle tab's holding page, no records"),
    "accounts:keepalive": (NO_PATIENT_DATA, "how long the session has left, no records"),
    "accounts:home": (NO_PATIENT_DATA, "a redirect to the role's home"),
    "accounts:home-clinician": (NO_PATIENT_DATA, "a search form posting to the patient list"),
    "accounts:home-reviewer": (NO_PATIENT_DATA, "a search form posting to the patient list"),
    "accounts:home-coordinator": (NO_PATIENT_DATA, "overdue and due-today counts, no case or patient"),
    "accounts:home-admin": (NO_PATIENT_DATA, "system checks, staff counts, audit events (ids, codes)"),
    "audit:export": (NO_PATIENT_DATA, "the audit trail (ids, codes); audited as audit.exported"),
    "api-schema": (NO_PATIENT_DATA, "the OpenAPI schema"),
    "treatments:treatment-list": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments:treatment-detail": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments-api:treatment-list": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments-api:treatment-detail": (NO_PATIENT_DATA, "the treatment catalog"),
    "eligibility:ruleset": (NO_PATIENT_DATA, "the rules engine's rules"),
    "eligibility:batches": (
        NO_PATIENT_DATA,
        "batch counts; a started batch's evaluations are audited per patient by the worker "
        "(test_a_batch_re_evaluation_audits_each_evaluation_it_stores)",
    ),
    "eligibility:batch": (PATIENT_DATA, "one batch's progress, change counts and the patients changed"),
    "patients:patient-list": (PATIENT_DATA, "patients listed and searched"),
    "patients:patient-detail": (PATIENT_DATA, "a patient's record"),
    "patients:patient-new": (PATIENT_DATA, "registers a patient"),
    "patients:patient-edit": (PATIENT_DATA, "edits a patient"),
    "patients-api:patient-list": (PATIENT_DATA, "patients listed, registered"),
    "patients-api:patient-search": (PATIENT_DATA, "patients searched"),
    "patients-api:patient-detail": (PATIENT_DATA, "a patient's record, edited"),
    "reassessment:start": (PATIENT_DATA, "starts a reassessment"),
    "reassessment:summary": (PATIENT_DATA, "a reassessment"),
    "reassessment:section": (PATIENT_DATA, "a reassessment section, edited"),
    "reassessment:safety-action": (PATIENT_DATA, "records a safety action"),
    "reassessment:autosave": (PATIENT_DATA, "a reassessment section, saved while typing"),
    "reassessment:transition": (PATIENT_DATA, "completes, reopens, signs or amends"),
    "reassessment-api:patient-reassessments": (PATIENT_DATA, "a patient's reassessments, a new one"),
    "reassessment-api:patient-reassessment-import": (PATIENT_DATA, "imports a document"),
    "reassessment-api:reassessment-detail": (PATIENT_DATA, "a reassessment"),
    "reassessment-api:reassessment-document": (PATIENT_DATA, "exports or replaces the document"),
    "reassessment-api:reassessment-complete": (PATIENT_DATA, "a state change"),
    "reassessment-api:reassessment-reopen": (PATIENT_DATA, "a state change"),
    "reassessment-api:reassessment-sign": (PATIENT_DATA, "a state change"),
    "reassessment-api:reassessment-amend": (PATIENT_DATA, "starts an amendment"),
    "reassessment-api:reassessment-safety-actions": (PATIENT_DATA, "records a safety action"),
    "eligibility:recommendation": (PATIENT_DATA, "a reassessment's latest evaluation"),
    "eligibility:evaluate": (PATIENT_DATA, "stores an evaluation"),
    "eligibility:evaluation": (PATIENT_DATA, "an evaluation"),
    "eligibility:compare": (PATIENT_DATA, "two evaluations side by side"),
    "eligibility:decide": (PATIENT_DATA, "accepts or overrides a conclusion"),
    "eligibility-api:reassessment-evaluations": (PATIENT_DATA, "a reassessment's evaluations, a new one"),
    "eligibility-api:evaluation-preview": (
        PATIENT_DATA,
        "a posted document's clinical facts, tied to no stored patient (event without patient id)",
    ),
    "eligibility-api:evaluation-detail": (PATIENT_DATA, "an evaluation"),
    "eligibility-api:evaluation-decisions": (PATIENT_DATA, "records a decision"),
    "benefits:worklist": (PATIENT_DATA, "PA cases listed"),
    "benefits:assign": (PATIENT_DATA, "assigns PA cases"),
    "benefits:case-new": (PATIENT_DATA, "starts a PA case"),
    "benefits:case": (PATIENT_DATA, "a PA case with its checklist and timeline"),
    "benefits:case-transition": (PATIENT_DATA, "a PA case state change"),
    "benefits:case-checklist": (PATIENT_DATA, "a checklist item"),
    "benefits:case-approval": (PATIENT_DATA, "records an approval"),
    "benefits:case-note": (PATIENT_DATA, "a note on the timeline"),
    "benefits:case-units": (PATIENT_DATA, "units used"),
    "benefits:case-letter": (PATIENT_DATA, "the letter of medical necessity"),
    "benefits:case-letter-pdf": (PATIENT_DATA, "the letter of medical necessity, as PDF"),
    "benefits:case-packet-pdf": (PATIENT_DATA, "the PA packet: checklist, letter and attachments"),
    "benefits:attachment": (PATIENT_DATA, "a checklist attachment, downloaded"),
    "benefits:attachment-upload": (PATIENT_DATA, "attaches a document to a checklist item"),
    "benefits:attachment-remove": (PATIENT_DATA, "removes a checklist attachment"),
    "benefits:case-letter-edit": (PATIENT_DATA, "the letter's narrative and versions, edited"),
    "benefits:case-letter-finalize": (PATIENT_DATA, "finalizes the letter"),
    "benefits:case-letter-amend": (PATIENT_DATA, "amends the finalized letter"),
    "benefits:case-letter-attach": (PATIENT_DATA, "attaches the finalized letter to the case"),
    "benefits:coverage": (PATIENT_DATA, "a coverage, its benefits checks and estimate"),
    "benefits:coverage-new": (PATIENT_DATA, "adds a coverage to a patient"),
    "benefits:coverage-edit": (PATIENT_DATA, "a coverage, edited"),
    "benefits:coverage-end": (PATIENT_DATA, "ends a coverage"),
    "eligibility:queue-clinician": (PATIENT_DATA, "the clinician's work queue"),
    "eligibility:queue-coordinator": (PATIENT_DATA, "accepted treatments awaiting a PA case"),
    "eligibility:queue-reviewer": (PATIENT_DATA, "current evaluations, filtered"),
    "eligibility-api:queue-clinician": (PATIENT_DATA, "the clinician's work queue"),
    "eligibility-api:queue-coordinator": (PATIENT_DATA, "accepted treatments awaiting a PA case"),
    "eligibility-api:queue-reviewer": (PATIENT_DATA, "current evaluations, filtered"),
    "eligibility:patient-reevaluate": (PATIENT_DATA, "re-evaluates a patient's out-of-date evaluations"),
    "benefits-api:pa-case-list": (PATIENT_DATA, "PA cases listed, a new one"),
    "benefits-api:pa-case-detail": (PATIENT_DATA, "a PA case"),
    "benefits-api:pa-case-assign": (PATIENT_DATA, "assigns PA cases"),
    "benefits-api:pa-case-transition": (PATIENT_DATA, "a PA case state change"),
    "benefits-api:pa-case-checklist": (PATIENT_DATA, "a checklist item"),
    "benefits-api:pa-case-approval": (PATIENT_DATA, "records an approval"),
    "benefits-api:pa-case-notes": (PATIENT_DATA, "a note on the timeline"),
    "benefits-api:pa-case-attachments": (PATIENT_DATA, "attaches a document to a checklist item"),
    "benefits-api:pa-case-attachment": (PATIENT_DATA, "a checklist attachment, read or removed"),
    "benefits-api:plan-list": (NO_PATIENT_DATA, "payers and plans"),
    "benefits-api:patient-coverages": (PATIENT_DATA, "a patient's coverages, a new one"),
    "benefits-api:coverage-detail": (PATIENT_DATA, "a coverage, edited"),
    "benefits-api:coverage-end": (PATIENT_DATA, "ends a coverage"),
    "benefits-api:coverage-benefits-checks": (PATIENT_DATA, "records a benefits check"),
    "benefits-api:coverage-estimate": (PATIENT_DATA, "a coverage's out-of-pocket estimate"),
    "courses-api:course-list": (PATIENT_DATA, "open courses listed"),
    "courses-api:patient-courses": (PATIENT_DATA, "a patient's courses, a new one"),
    "courses-api:patient-rems-enrolment": (PATIENT_DATA, "records a REMS enrolment"),
    "courses-api:schedule": (PATIENT_DATA, "the day's booked sessions with their patients"),
    "courses-api:outcomes": (NO_PATIENT_DATA, "response and remission counts per treatment, no patient"),
    "courses-api:monitoring-form-list": (PATIENT_DATA, "unfiled monitoring forms"),
    "courses-api:monitoring-form-file": (PATIENT_DATA, "files a monitoring form"),
    "courses-api:course-detail": (PATIENT_DATA, "a course with its sessions and outcomes"),
    "courses-api:course-transition": (PATIENT_DATA, "a course state change"),
    "courses-api:course-decisions": (PATIENT_DATA, "records a next-step decision"),
    "courses-api:course-relapses": (PATIENT_DATA, "records a relapse"),
    "courses-api:course-measurements": (PATIENT_DATA, "records a score"),
    "courses-api:course-slots": (PATIENT_DATA, "books a session"),
    "courses-api:course-sessions": (PATIENT_DATA, "a course's sessions, a new one"),
    "courses-api:course-deferrals": (PATIENT_DATA, "a course's deferred doses, a new one"),
    "courses-api:session-observations": (PATIENT_DATA, "records observations after dosing"),
    "courses-api:session-discharge": (PATIENT_DATA, "clears discharge"),
    "accounts:home-treatment-staff": (NO_PATIENT_DATA, "a count of today's booked sessions, no patient"),
    "courses:outcomes": (NO_PATIENT_DATA, "response and remission counts per treatment, no patient named"),
    "courses:schedule": (PATIENT_DATA, "the day's sessions, each patient listed"),
    "courses:start-from-case": (PATIENT_DATA, "starts a course on an approved PA case"),
    "courses:start-self-pay": (PATIENT_DATA, "starts a self-paid course"),
    "courses:course": (PATIENT_DATA, "a course with its sessions, scores and decisions"),
    "courses:decide": (PATIENT_DATA, "the clinician's next step"),
    "courses:status": (PATIENT_DATA, "a course's status moved by the clinician"),
    "courses:reassess": (PATIENT_DATA, "starts the patient's reassessment after a switch"),
    "courses:measurement-new": (PATIENT_DATA, "records a PHQ-9"),
    "courses:rems-enrolment": (PATIENT_DATA, "records the patient's REMS enrolment"),
    "courses:session-new": (PATIENT_DATA, "records a session"),
    "courses:session": (PATIENT_DATA, "a session with its observations and monitoring form"),
    "courses:session-observe": (PATIENT_DATA, "records observations after dosing"),
    "courses:session-discharge": (PATIENT_DATA, "clears discharge"),
    "courses:form-file": (PATIENT_DATA, "marks the monitoring form filed"),
    "courses:slot-new": (PATIENT_DATA, "books a session of the course"),
    "courses:slot-cancel": (PATIENT_DATA, "cancels a booked session"),
    "courses:relapse-new": (PATIENT_DATA, "records a relapse after a responded course"),
}

# The admin site: its own pages, then each registered model's five pages classified together.
ADMIN_SITE_URLS: dict[str, tuple[str, str]] = {
    "admin:index": (NO_PATIENT_DATA, "the list of admin models"),
    "admin:app_list": (NO_PATIENT_DATA, "one app's admin models"),
    "admin:login": (NO_PATIENT_DATA, "shadowed by the sign-in page"),
    "admin:logout": (NO_PATIENT_DATA, "shadowed by the sign-out"),
    "admin:password_change": (NO_PATIENT_DATA, "the administrator's own password"),
    "admin:password_change_done": (NO_PATIENT_DATA, "a confirmation"),
    "admin:jsi18n": (NO_PATIENT_DATA, "JavaScript translations"),
    "admin:autocomplete": (NO_PATIENT_DATA, "no admin model over patient data has search fields"),
    "admin:view_on_site": (NO_PATIENT_DATA, "a redirect to an object's own page, which audits"),
    "admin:auth_user_password_change": (NO_PATIENT_DATA, "a staff member's password"),
}
ADMIN_MODELS: dict[str, tuple[str, str]] = {
    "accounts_user": (NO_PATIENT_DATA, "staff accounts"),
    "auth_group": (NO_PATIENT_DATA, "permission groups"),
    "audit_auditevent": (NO_PATIENT_DATA, "the audit trail (ids, codes), read-only"),
    "clinics_clinic": (NO_PATIENT_DATA, "clinics and their staff"),
    "clinics_prescriber": (NO_PATIENT_DATA, "the name, credentials and NPI clinicians sign letters with"),
    "jobs_taskrun": (NO_PATIENT_DATA, "task attempts: names, ids, error classes"),
    "jobs_outboxmessage": (NO_PATIENT_DATA, "queued task names and ids"),
    "jobs_taskeffect": (NO_PATIENT_DATA, "idempotency keys"),
    "benefits_payer": (NO_PATIENT_DATA, "payers"),
    "benefits_plan": (NO_PATIENT_DATA, "plans"),
    "benefits_coveragepolicy": (NO_PATIENT_DATA, "payer policies"),
    "benefits_clinicfee": (NO_PATIENT_DATA, "the clinic's fee schedule"),
    "benefits_coverage": (PATIENT_DATA, "a patient's coverage: member id, plan, dates"),
    "treatments_treatment": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments_protocol": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments_regulatorystatus": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments_monitoringrequirement": (NO_PATIENT_DATA, "the treatment catalog"),
    "treatments_billingcode": (NO_PATIENT_DATA, "the treatment catalog"),
    "courses_remsrequirement": (NO_PATIENT_DATA, "the REMS requirements (catalog data)"),
}
ADMIN_MODEL_PAGES = ("changelist", "add", "change", "delete", "history")

CLASSIFIED: dict[str, tuple[str, str]] = {
    **APP_URLS,
    **ADMIN_SITE_URLS,
    **{
        f"admin:{model}_{page}": verdict
        for model, verdict in ADMIN_MODELS.items()
        for page in ADMIN_MODEL_PAGES
    },
}
PATIENT_DATA_URLS = sorted(name for name, (kind, _) in CLASSIFIED.items() if kind == PATIENT_DATA)

# Methods a patient-data URL accepts without touching any patient's data.
NO_PATIENT_DATA_METHODS: dict[tuple[str, str], str] = {
    ("patients:patient-new", "GET"): "a blank registration form",
    ("admin:benefits_coverage_add", "GET"): "a blank coverage form",
    ("admin:benefits_coverage_history", "POST"): "answered as GET, whose case audits it",
}


def test_every_url_is_classified() -> None:
    unclassified = sorted(set(URLS) - set(CLASSIFIED))
    stale = sorted(set(CLASSIFIED) - set(URLS))
    assert not unclassified, f"say whether these URLs touch patient data (CLASSIFIED): {unclassified}"
    assert not stale, f"classified URLs that no longer exist: {stale}"
    for name, (kind, reason) in CLASSIFIED.items():
        assert kind in (PATIENT_DATA, NO_PATIENT_DATA) and reason, name


def test_every_admin_model_over_patient_records_audits() -> None:
    from elevium.audit.admin import PatientRecordAdmin

    for model, model_admin in admin.site._registry.items():
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        patient_record = ADMIN_MODELS.get(key, ("", ""))[0] == PATIENT_DATA
        assert patient_record == isinstance(model_admin, PatientRecordAdmin), key


def test_ops_are_unique_and_name_patient_data_urls() -> None:
    assert len(OPS_BY_ID) == len(OPS), "two cases with the same method, URL and label"
    for op in OPS:
        assert CLASSIFIED.get(op.name, ("",))[0] == PATIENT_DATA, f"{op.id}: not a patient-data URL"


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


# --- Every method of every patient-data URL has a case ------------------------------------------------


def _covered() -> set[tuple[str, str]]:
    return {(op.name, op.method) for op in OPS} | set(NO_PATIENT_DATA_METHODS)


def _random_kwargs(name: str) -> dict[str, Any]:
    """Well-formed values naming no record: enough to reach a page's method check."""
    words = {"slug": "diagnosis", "action": "complete"}
    return {key: words.get(key, uuid.uuid4()) for key in URLS[name]}


def test_every_method_a_patient_data_page_accepts_has_a_case(client_for: Callable[[Role], Client]) -> None:
    """Pages declare their methods (require_GET, require_http_methods): a TRACE gets a 405 whose
    Allow header lists them. The admin site's pages take GET and POST."""
    missing = []
    for name in PATIENT_DATA_URLS:
        if "-api:" in name:
            continue
        if name.startswith("admin:"):
            methods = {"GET", "POST"}
        else:
            role = next(op.role for op in OPS if op.name == name)
            response = client_for(role).generic("TRACE", sample_url(name, _random_kwargs(name)))
            assert response.status_code == 405, f"{name}: declare the HTTP methods the page accepts"
            methods = {m.strip() for m in response["Allow"].split(",")} - {"HEAD", "OPTIONS"}
        missing += [f"{method} {name}" for method in sorted(methods) if (name, method) not in _covered()]
    assert not missing, f"patient-data requests with no audit case in OPS: {missing}"


def _schema_operations(client: Client) -> list[tuple[str, str]]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    operations = []
    for template, methods in schema["paths"].items():
        path = re.sub(
            r"\{(\w+)\}", lambda m: "spravato" if m[1] == "treatment_slug" else str(uuid.uuid4()), template
        )
        name = resolve(path).view_name
        operations += [(name, method.upper()) for method in methods if method not in ("parameters",)]
    return operations


def test_every_api_operation_on_patient_data_has_a_case(client_for: Callable[[Role], Client]) -> None:
    operations = _schema_operations(client_for(CLIN))
    assert len(operations) >= 30, operations  # the walk found the API
    names = {name for name, _ in operations}
    assert not names - set(CLASSIFIED), f"schema operations on unclassified URLs: {names - set(CLASSIFIED)}"
    missing = [
        f"{method} {name}"
        for name, method in operations
        if CLASSIFIED[name][0] == PATIENT_DATA and (name, method) not in _covered()
    ]
    assert not missing, f"API operations on patient data with no audit case in OPS: {missing}"


def test_every_patient_data_api_url_is_in_the_schema(client_for: Callable[[Role], Client]) -> None:
    in_schema = {name for name, _ in _schema_operations(client_for(CLIN))}
    api_urls = {name for name in PATIENT_DATA_URLS if "-api:" in name}
    assert api_urls <= in_schema, sorted(api_urls - in_schema)


# --- Each case leaves its events ------------------------------------------------------------------------


def _client(client_for: Callable[[Role], Client], role: Role) -> Client:
    """Signed in after the records are built: building them may save the same user again, which
    (a new password hash) would end a session started earlier."""
    return client_for(role)


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.id)
def test_a_patient_data_request_records_who_read_or_wrote_which_patient(
    op: Op, world: World, client_for: Callable[[Role], Client]
) -> None:
    if op.prepare:
        op.prepare(world)
    body = op.body(world) if op.body else None
    url = op.url(world)  # builds the records before counting events
    client = _client(client_for, op.role)
    since = _last_event_id()
    response = op.request(client, world, body, HTTP_X_REQUEST_ID="req-audit-coverage")
    assert response.status_code == op.status, (
        url,
        response.status_code,
        getattr(response, "content", b"")[:500],
    )

    events = list(AuditEvent.objects.filter(id__gt=since).select_related("actor"))
    patient_id = op.patient(world)
    for action in op.actions:
        matching = [e for e in events if e.action == action and e.patient_id == patient_id]
        got = [(e.action, e.patient_id) for e in events]
        assert matching, f"{op.id}: no {action} event for patient {patient_id}; got {got}"
    for event in events:
        # Every event of the request says who, in which role, and which request.
        assert event.actor is not None and event.actor.role == op.role, (event.action, event.actor)
        assert event.actor_role == op.role.value
        assert event.request_id == "req-audit-coverage"
        assert event.patient_id in (patient_id, None), (event.action, event.patient_id)
    if "events_at_least" in op.extra:
        assert len([e for e in events if e.action in op.actions]) >= op.extra["events_at_least"]


@pytest.mark.parametrize(
    ("url", "role", "action"),
    [
        ("/patients/", REV, "patient.listed"),
        ("/api/patients/", CLIN, "patient.listed"),
        ("/benefits/worklist/", COORD, "pa_case.listed"),
        ("/api/benefits/pa-cases/", REV, "pa_case.listed"),
    ],
)
def test_a_list_page_audits_every_patient_shown_in_one_insert(
    world: World, client_for: Callable[[Role], Client], url: str, role: Role, action: str
) -> None:
    cases = [world.case]
    for _ in range(3):
        other = World(world.user_of)
        cases.append(other.case)
    patients = [case.patient_id for case in cases]
    client = _client(client_for, role)
    since = _last_event_id()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 1, inserts
    listed = AuditEvent.objects.filter(id__gt=since, action=action).values_list("patient_id", flat=True)
    assert sorted(map(str, listed)) == sorted(map(str, patients))


# --- A refused write leaves neither the change nor its event -------------------------------------------

# The tables of patient records and of work queued about them.
RECORD_APPS = ("patients", "reassessment", "eligibility", "benefits", "courses", "jobs")


def _fingerprint() -> dict[str, str]:
    """Each record table's whole content as one hash: any row added, changed or removed shows."""
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


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


@pytest.mark.parametrize("op", REFUSED, ids=lambda op: op.id)
def test_a_refused_write_records_nothing(op: Op, world: World, client_for: Callable[[Role], Client]) -> None:
    if op.prepare:
        op.prepare(world)
    body = op.bad_body(world)  # type: ignore[misc]
    op.url(world)
    client = _client(client_for, op.role)
    before, since = _fingerprint(), _last_event_id()
    response = op.request(client, world, body)
    assert response.status_code == op.bad_status, getattr(response, "content", b"")[:500]
    refused = op.write or op.actions[-1]
    assert not AuditEvent.objects.filter(id__gt=since, action=refused).exists()
    assert not _changed(before, _fingerprint()), f"{op.id}: a refused request changed records"


# --- When the event cannot be written, neither is the change -------------------------------------------


def _refuse_audit_action(action: str) -> None:
    """A real PostgreSQL trigger that fails the INSERT of one audit action (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION pg_temp.refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.action = TG_ARGV[0] THEN
                    RAISE EXCEPTION 'audit refused by the test: %', NEW.action;
                END IF;
                RETURN NEW;
            END $$
            """
        )
        cursor.execute(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_auditevent "
            f"FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_audit('{action}')"
        )


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_a_write_whose_audit_event_fails_is_rolled_back(
    op: Op, world: World, client_for: Callable[[Role], Client]
) -> None:
    assert op.write is not None and re.fullmatch(r"[a-z_]+\.[a-z_]+", op.write)
    if op.prepare:
        op.prepare(world)
    body = op.body(world) if op.body else None
    op.url(world)
    client = _client(client_for, op.role)
    client.raise_request_exception = True
    before = _fingerprint()
    _refuse_audit_action(op.write)
    with pytest.raises(DatabaseError, match="audit refused by the test"):
        op.request(client, world, body)
    try:
        after = _fingerprint()
    except DatabaseError as exc:  # the failed INSERT broke the test's own transaction
        pytest.fail(f"{op.id}: {op.write} is written outside the change's transaction ({exc})")
    assert not _changed(before, after), f"{op.id}: changed without its audit event: {_changed(before, after)}"


# --- Work done outside a request -------------------------------------------------------------------------


def test_a_batch_re_evaluation_audits_each_evaluation_it_stores(world: World) -> None:
    reviewer = world.user_of(REV)
    reassessments = [world.full_draft, world.complete]
    batch = batch_start(actor=reviewer)
    since = _last_event_id()
    batch_run(str(batch.id))
    events = AuditEvent.objects.filter(id__gt=since, action="evaluation.created")
    stored = Evaluation.objects.filter(batch=batch)
    assert stored.count() == len(reassessments)
    assert sorted((e.object_id, e.patient_id, e.actor_id, e.data["batch"]) for e in events) == sorted(
        (str(ev.id), ev.patient_id, reviewer.pk, str(batch.id)) for ev in stored
    )
    assert BatchRun.objects.get(id=batch.id).status == "done"
