"""After the load: does PostgreSQL hold exactly what the simulated staff were told it holds?

Reads the load generator's records (one JSON line per write, with the ids the server answered and
the X-Request-ID the request carried) and checks them against the database:

- every patient, reassessment, evaluation, decision and PA case the scenario created exists,
  belongs to the patient it was created for, and has its audit event from that very request;
- no such row exists that the scenario was not told about (a write without an answer);
- each reassessment's revision counts its saves, and its stored document is the last one saved;
  each evaluation names the revision it evaluated and holds that revision's document;
- each PA-case write answered 200 has its audit event (or repeated a move another coordinator had
  just made, which is a no-op); each 409 left nothing behind; every case's timeline is one chain
  from its creation to its current status, with one audit event per move and one revision per move;
- re-evaluation batches finished, one evaluation per reassessment;
- across the whole database, rows that repeat a patient id agree with the rows they point to.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from benefits.models import PaCase, PaEvent, PaEventKind
from benefits.transitions import PaStatus
from courses.models import Course, Session
from elevium.audit.models import AuditEvent
from eligibility.models import BatchRun, BatchStatus, Decision, Evaluation
from patients.models import Patient
from reassessment.models import Reassessment, ScoreObservation

MOVES = {f"pa_case.{status}" for status in PaStatus}
STATUS_EVENTS = (PaEventKind.CREATED, PaEventKind.STATUS_CHANGED, PaEventKind.APPROVAL)


@dataclass
class Check:
    name: str
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)


def document_sha(document: Any) -> str:
    """As the load generator computes it (tests/load/locustfile.py)."""
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class Audit:
    """The audit events the scenario's writes produced, by request id."""

    def __init__(self, request_ids: Iterable[str]) -> None:
        self.by_request: dict[str, list[AuditEvent]] = defaultdict(list)
        for event in AuditEvent.objects.filter(request_id__in=list(request_ids)):
            self.by_request[event.request_id].append(event)

    def find(self, request_id: str, action: str, object_id: str | None = None) -> list[AuditEvent]:
        return [
            e
            for e in self.by_request.get(request_id, [])
            if e.action == action and (object_id is None or e.object_id == object_id)
        ]


def check(records: list[dict[str, Any]], *, since: Any, clinic_id: str) -> list[Check]:
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        kinds[record["kind"]].append(record)
    audit = Audit(r["request_id"] for r in records if "request_id" in r)
    return [
        _patients(kinds["patient"], audit, since, clinic_id),
        _reassessments(kinds["reassessment"], kinds["reassessment_update"], audit, since),
        _evaluations(kinds["evaluation"], audit, since),
        _decisions(kinds["decision"], audit, since),
        _pa_cases(kinds["pa_case"], audit, since),
        _pa_writes(kinds["pa_write"], audit),
        _pa_timelines(),
        _batches(kinds["batch"], audit),
        _sessions(kinds["session"], audit, since),
        _consistency(since, clinic_id),
    ]


def _sessions(recs: list[dict[str, Any]], audit: Audit, since: Any) -> Check:
    """Each session answered 201 is stored once, signed by who recorded it, audited once; every
    course's sessions done and its approval's units used equal its sessions stored."""
    result = Check("course sessions recorded, units used", len(recs))
    for r in recs:
        events = audit.find(r["request_id"], "course.session_recorded", r["id"])
        result.expect(len(events) == 1, f"session {r['id']}: {len(events)} audit event(s)")
        stored = Session.objects.filter(
            pk=r["id"], course_id=r["course"], given_by__username=r["user"]
        ).exists()
        result.expect(stored, f"session {r['id']}: not stored on {r['course']} as given by its recorder")
    stored = Session.objects.filter(created_at__gte=since).count()
    result.expect(stored == len(recs), f"{stored} session(s) stored, {len(recs)} answered 201")
    for course in Course.objects.select_related("pa_case").annotate(n=Count("sessions")):
        used = course.pa_case.used_units if course.pa_case else course.n
        result.expect(
            course.sessions_done == course.n == used,
            f"course {course.pk}: {course.sessions_done} done, {course.n} stored, {used} units used",
        )
    numbers = Session.objects.values("course_id", "number").annotate(c=Count("id")).filter(c__gt=1).count()
    result.expect(numbers == 0, f"{numbers} session number(s) given twice on a course")
    return result


def _patients(recs: list[dict[str, Any]], audit: Audit, since: Any, clinic_id: str) -> Check:
    result = Check("patients registered", len(recs))
    rows = {str(p.id): p for p in Patient.objects.filter(id__in=[r["id"] for r in recs])}
    for r in recs:
        row = rows.get(r["id"])
        result.expect(row is not None, f"patient {r['id']} answered 201 but is not stored")
        if row is None:
            continue
        result.expect(str(row.clinic_id) == clinic_id, f"patient {r['id']} is not in the load clinic")
        result.expect(
            bool(audit.find(r["request_id"], "patient.created", r["id"])),
            f"patient {r['id']}: no patient.created event from its request",
        )
    extra = Patient.objects.filter(created_at__gte=since).exclude(id__in=list(rows)).count()
    result.expect(extra == 0, f"{extra} patient(s) stored that no answer reported")
    return result


def _reassessments(
    recs: list[dict[str, Any]], updates: list[dict[str, Any]], audit: Audit, since: Any
) -> Check:
    result = Check("reassessments created and saved", len(recs) + len(updates))
    rows = {str(r.id): r for r in Reassessment.objects.filter(id__in=[r["id"] for r in recs])}
    saves: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for update in updates:
        saves[update["id"]].append(update)
        result.expect(
            bool(audit.find(update["request_id"], "reassessment.updated", update["id"])),
            f"reassessment {update['id']}: a save answered 200 has no reassessment.updated event",
        )
    for r in recs:
        row = rows.get(r["id"])
        result.expect(row is not None, f"reassessment {r['id']} answered 201 but is not stored")
        if row is None:
            continue
        result.expect(str(row.patient_id) == r["patient"], f"reassessment {r['id']} is on another patient")
        result.expect(
            bool(audit.find(r["request_id"], "reassessment.created", r["id"])),
            f"reassessment {r['id']}: no reassessment.created event from its request",
        )
        # Only the clinician who started it saves it in this scenario: one revision per save.
        mine = sorted(saves.get(r["id"], []), key=lambda u: u["revision"])
        result.expect(
            row.revision == r["revision"] + len(mine),
            f"reassessment {r['id']}: revision {row.revision} after {len(mine)} save(s) from {r['revision']}",
        )
        if mine:
            result.expect(
                document_sha(row.document) == mine[-1]["document_sha"],
                f"reassessment {r['id']}: the stored document is not the last one saved",
            )
    extra = Reassessment.objects.filter(created_at__gte=since).exclude(id__in=list(rows)).count()
    result.expect(extra == 0, f"{extra} reassessment(s) stored that no answer reported")
    return result


def _evaluations(recs: list[dict[str, Any]], audit: Audit, since: Any) -> Check:
    result = Check("evaluations run", len(recs))
    rows = {
        str(e.id): e
        for e in Evaluation.objects.filter(id__in=[r["id"] for r in recs]).select_related(
            "reassessment", "requested_by"
        )
    }
    for r in recs:
        row = rows.get(r["id"])
        result.expect(row is not None, f"evaluation {r['id']} answered 201 but is not stored")
        if row is None:
            continue
        result.expect(
            str(row.reassessment_id) == r["reassessment"], f"evaluation {r['id']}: another reassessment"
        )
        result.expect(
            str(row.patient_id) == r["patient"] == str(row.reassessment.patient_id),
            f"evaluation {r['id']}: another patient",
        )
        result.expect(
            row.reassessment_revision == r["revision"],
            f"evaluation {r['id']}: evaluated revision {row.reassessment_revision}, not {r['revision']}",
        )
        result.expect(
            document_sha(row.input_snapshot) == r["document_sha"],
            f"evaluation {r['id']}: its input is not the document of the revision it names",
        )
        result.expect(row.requested_by.username == r["user"], f"evaluation {r['id']}: another requester")
        result.expect(
            bool(audit.find(r["request_id"], "evaluation.created", r["id"])),
            f"evaluation {r['id']}: no evaluation.created event from its request",
        )
    extra = (
        Evaluation.objects.filter(created_at__gte=since, batch__isnull=True)
        .exclude(id__in=list(rows))
        .count()
    )
    result.expect(extra == 0, f"{extra} evaluation(s) stored that no answer reported")
    return result


def _decisions(recs: list[dict[str, Any]], audit: Audit, since: Any) -> Check:
    result = Check("decisions recorded", len(recs))
    for r in recs:
        events = audit.find(r["request_id"], f"evaluation.{r['decision']}")
        result.expect(len(events) == 1, f"decision on {r['evaluation']}: {len(events)} audit event(s)")
        if len(events) != 1:
            continue
        decision = (
            Decision.objects.select_related("evaluation", "decided_by").filter(pk=events[0].object_id).first()
        )
        result.expect(decision is not None, f"decision on {r['evaluation']}: audited but not stored")
        if decision is None:
            continue
        result.expect(
            str(decision.evaluation_id) == r["evaluation"]
            and str(decision.evaluation.patient_id) == r["patient"]
            and decision.treatment == r["treatment"]
            and decision.kind == r["decision"]
            and decision.decided_by.username == r["user"],
            f"decision {decision.pk}: not the one requested on {r['evaluation']}",
        )
    own = Decision.objects.filter(decided_at__gte=since)
    stored = own.filter(carried_from__isnull=True).count()
    result.expect(stored == len(recs), f"{stored} decision(s) stored, {len(recs)} answered 201")
    # A re-evaluation whose status did not change carries the clinician's decision onto the new
    # evaluation (eligibility.services.decisions_carry): a row no answer reports, so it is checked
    # apart. Each copies a decision on an earlier evaluation of the same patient and treatment,
    # and is audited once as decision.carried.
    carried = list(
        own.filter(carried_from__isnull=False).select_related("evaluation", "carried_from__evaluation")
    )
    audited = Counter(
        AuditEvent.objects.filter(
            action="decision.carried", object_id__in=[str(d.pk) for d in carried]
        ).values_list("object_id", flat=True)
    )
    for decision in carried:
        source = decision.carried_from
        assert source is not None
        result.expect(
            source.evaluation.patient_id == decision.evaluation.patient_id
            and source.treatment == decision.treatment
            and source.kind == decision.kind
            and source.decided_by_id == decision.decided_by_id
            and source.evaluation.created_at <= decision.evaluation.created_at,
            f"carried decision {decision.pk}: not a copy of an earlier decision on the same patient",
        )
        result.expect(audited[str(decision.pk)] == 1, f"carried decision {decision.pk}: not audited once")
    if carried:
        result.notes.append(f"{len(carried)} decision(s) carried by re-evaluations, each checked")
    return result


def _pa_cases(recs: list[dict[str, Any]], audit: Audit, since: Any) -> Check:
    result = Check("PA cases created", len(recs))
    rows = {
        str(c.id): c
        for c in PaCase.objects.filter(id__in=[r["id"] for r in recs]).select_related(
            "evaluation", "coverage"
        )
    }
    for r in recs:
        row = rows.get(r["id"])
        result.expect(row is not None, f"PA case {r['id']} answered 201 but is not stored")
        if row is None:
            continue
        result.expect(
            str(row.evaluation_id) == r["evaluation"] and str(row.coverage_id) == r["coverage"],
            f"PA case {r['id']}: another evaluation or coverage",
        )
        result.expect(
            str(row.patient_id)
            == r["patient"]
            == str(row.evaluation.patient_id)
            == str(row.coverage.patient_id),
            f"PA case {r['id']}: its patient, evaluation and coverage disagree",
        )
        result.expect(
            bool(audit.find(r["request_id"], "pa_case.created", r["id"])),
            f"PA case {r['id']}: no pa_case.created event from its request",
        )
    extra = PaCase.objects.filter(created_at__gte=since).exclude(id__in=list(rows)).count()
    result.expect(extra == 0, f"{extra} PA case(s) stored that no answer reported")
    return result


def _pa_writes(recs: list[dict[str, Any]], audit: Audit) -> Check:
    result = Check("PA case writes (200 or 409)", len(recs))
    repeats = conflicts = 0
    for w in recs:
        events = audit.by_request.get(w["request_id"], [])
        if w["status_code"] == 409:
            conflicts += 1
            result.expect(not events, f"PA case {w['case']}: a 409 left {len(events)} audit event(s)")
            continue
        if w["action"] == "checklist":
            result.expect(
                bool(audit.find(w["request_id"], "pa_case.checklist_marked", w["case"])),
                f"PA case {w['case']}: a checklist mark answered 200 has no audit event",
            )
            continue
        action = f"pa_case.{w['to']}"
        mine = audit.find(w["request_id"], action, w["case"])
        result.expect(
            w["status_after"] == w["to"], f"PA case {w['case']}: 200 to {w['to']} left it elsewhere"
        )
        if mine:
            result.expect(
                mine[0].data.get("revision") == w["revision_after"],
                f"PA case {w['case']}: the audited revision differs from the answer",
            )
            continue
        # No event from this request: it repeated a move another coordinator had just made (a
        # same-state no-op), so that coordinator's event must exist at the answered revision.
        repeats += 1
        result.expect(
            AuditEvent.objects.filter(
                object_id=w["case"], action=action, data__revision=w["revision_after"]
            ).exists(),
            f"PA case {w['case']}: a move to {w['to']} answered 200 is on record nowhere",
        )
    result.notes.append(f"{conflicts} answered 409 (a race lost), {repeats} repeated a move just made")
    return result


def _pa_timelines() -> Check:
    """Every case, seeded or created: one chain of moves from creation to its current status."""
    cases = {c.pk: c for c in PaCase.objects.only("id", "status", "revision")}
    result = Check("PA case timelines", len(cases))
    events: dict[Any, list[PaEvent]] = defaultdict(list)
    for event in PaEvent.objects.filter(kind__in=STATUS_EVENTS).order_by("case_id", "at", "id"):
        events[event.case_id].append(event)
    audited: dict[str, Counter[str]] = defaultdict(Counter)
    for object_id, action in AuditEvent.objects.filter(action__in=MOVES).values_list("object_id", "action"):
        audited[object_id][action.removeprefix("pa_case.")] += 1
    # A session recorded on a course draws a unit: a revision without a move (audited apart).
    units = Counter(
        AuditEvent.objects.filter(action="pa_case.units_recorded").values_list("object_id", flat=True)
    )
    for pk, case in cases.items():
        chain = events.get(pk, [])
        if not chain or chain[0].kind != PaEventKind.CREATED or chain[0].to_status != PaStatus.DRAFT:
            result.problems.append(f"PA case {pk}: the timeline does not start with its creation")
            continue
        broken = [b for a, b in zip(chain, chain[1:], strict=False) if b.from_status != a.to_status]
        result.expect(not broken, f"PA case {pk}: a move starts from a status the case was not in")
        result.expect(
            chain[-1].to_status == case.status,
            f"PA case {pk}: status {case.status}, timeline ends at {chain[-1].to_status}",
        )
        # Moves the service makes by itself (checklist incomplete) carry the missing items; the one at
        # creation does not count a revision.
        automatic = [e for e in chain[1:] if "missing" in e.data]
        at_creation = sum(1 for e in automatic if e.at == chain[0].at)
        result.expect(
            case.revision == len(chain) - at_creation + units[str(pk)],
            f"PA case {pk}: revision {case.revision} for {len(chain) - 1 - at_creation} recorded move(s)"
            f" and {units[str(pk)]} unit record(s)",
        )
        requested = Counter(e.to_status for e in chain[1:] if "missing" not in e.data)
        result.expect(
            requested == audited.get(str(pk), Counter()),
            f"PA case {pk}: timeline moves and audit events disagree",
        )
    return result


def _batches(recs: list[dict[str, Any]], audit: Audit) -> Check:
    result = Check("re-evaluation batches", len(recs))
    for r in recs:
        batch = BatchRun.objects.filter(pk=r["id"]).first()
        result.expect(batch is not None, f"batch {r['id']} was started but is not stored")
        if batch is None:
            continue
        result.expect(
            bool(audit.find(r["request_id"], "evaluation_batch.requested", r["id"])),
            f"batch {r['id']}: no evaluation_batch.requested event from its request",
        )
        evaluated = Evaluation.objects.filter(batch=batch)
        result.expect(batch.status == BatchStatus.DONE, f"batch {r['id']} is {batch.status}, not done")
        result.expect(
            batch.processed == batch.total == evaluated.count()
            and evaluated.values("reassessment_id").distinct().count() == batch.total,
            f"batch {r['id']}: {batch.processed}/{batch.total} processed, {evaluated.count()} evaluations",
        )
    return result


def _consistency(since: Any, clinic_id: str) -> Check:
    """Rows that repeat a patient or a document agree with the rows they point to, everywhere."""
    result = Check("cross-row consistency (whole database)")
    queries = {
        "evaluations on another patient than their reassessment": Evaluation.objects.exclude(
            patient_id=F("reassessment__patient_id")
        ),
        "evaluations of a revision their reassessment never reached": Evaluation.objects.filter(
            reassessment_revision__gt=F("reassessment__revision")
        ),
        "evaluations of the current revision holding another document": Evaluation.objects.filter(
            reassessment_revision=F("reassessment__revision")
        ).exclude(input_snapshot=F("reassessment__document")),
        "score observations on another patient than their reassessment": ScoreObservation.objects.exclude(
            patient_id=F("reassessment__patient_id")
        ),
        "PA cases whose patient, evaluation and coverage disagree": PaCase.objects.filter(
            ~Q(patient_id=F("evaluation__patient_id")) | ~Q(patient_id=F("coverage__patient_id"))
        ),
        "patients outside the load clinic": Patient.objects.exclude(clinic_id=clinic_id),
    }
    for problem, queryset in queries.items():
        result.checked += 1
        count = queryset.count()
        result.expect(count == 0, f"{count} {problem}")
    created = {
        "patient.created": Patient,
        "reassessment.created": Reassessment,
        "evaluation.created": Evaluation,
        "pa_case.created": PaCase,
    }
    for action, model in created.items():
        result.checked += 1
        ids = set(
            AuditEvent.objects.filter(action=action, occurred_at__gte=since).values_list(
                "object_id", flat=True
            )
        )
        stored = model.objects.filter(pk__in=ids).count()
        result.expect(stored == len(ids), f"{len(ids) - stored} {action} event(s) name no stored row")
    return result
