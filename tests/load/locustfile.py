"""A clinic day for `make load`: clinicians, care coordinators and reviewers of one clinic.

Started by tests/load/run.py (not a test module: pytest never imports it, nor locust or gevent).
Each simulated user signs in once with the form, as a browser does, and keeps its session; every
unsafe request carries the CSRF cookie's value in X-CSRFToken and an X-Request-ID of its own, which
the server stores on the audit events the request writes. Each write's ids and request id go to
``records-<pid>.jsonl`` in ELEVIUM_LOAD_OUT, for tests/load/integrity.py to check against the
database.

Status codes: each step names the ones it expects. A 409 on a PA-case write is a correct answer
when two coordinators race on one case; it is counted (a "conflict" record), not failed. Anything
else unexpected, and every 5xx, is a failure.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

from reassessment.demo import evaluation_variants

OUT = Path(os.environ["ELEVIUM_LOAD_OUT"])
SEED: dict[str, Any] = json.loads((OUT / "seed.json").read_text())
PASSWORD = os.environ["ELEVIUM_LOAD_PASSWORD"]
TODAY = dt.datetime.now(dt.UTC).date()  # the server's TIME_ZONE is UTC
_VARIANTS = evaluation_variants(assessed_on=TODAY, date_of_birth=dt.date(1970, 1, 1), sex_at_birth="female")
# No "patient" part: the server fills it in from the record (and refuses one that does not match).
DRAFT = {k: v for k, v in _VARIANTS["needs_information"].items() if k != "patient"}
COMPLETED = {k: v for k, v in _VARIANTS["eligible_with_cautions"].items() if k != "patient"}

SEARCH_TERMS = ("an", "er", "son", "li", "ma", "el", "ro", "MRN0000")
FAMILY_NAMES = ("Loadwell", "Testerman", "Synthetica", "Placeholder", "Examplar")
GIVEN_NAMES = ("Alex", "Sam", "Jordan", "Robin", "Casey")
STATUSES = ("documents_needed", "ready_to_submit", "submitted", "pending_payer", "more_information_requested")

# Shared by the users of this process (one gevent process: no locking needed between yields).
ACCOUNTS = {role: itertools.cycle(names) for role, names in SEED["accounts"].items()}
PATIENTS: list[dict[str, Any]] = list(SEED["patients"])
CREATED_PATIENTS: list[str] = []
CASES: set[str] = set(SEED["cases"])
# (evaluation, coverage) a coordinator may start a PA case from; the newest (appended last) first.
FOR_PA: list[tuple[str, str]] = [(p["evaluations"][0], p["coverage"]) for p in PATIENTS if not p["has_case"]]
# (newer, older) evaluations of one patient, for the compare page.
PAIRS: list[tuple[str, str]] = [(p["evaluations"][0], p["evaluations"][1]) for p in PATIENTS]
BATCH_STARTED = False
# TMS courses on approved cases the treatment staff record sessions on.
COURSES: list[str] = list(SEED.get("courses", []))


class Recorder:
    """One JSON line per write, flushed at once: the integrity check reads them after the run."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("a", buffering=1, encoding="utf-8")

    def __call__(self, kind: str, **fields: Any) -> None:
        self.file.write(json.dumps({"kind": kind, **fields}) + "\n")


RECORD = Recorder(OUT / f"records-{os.getpid()}.jsonl")


@events.quitting.add_listener
def _close_records(environment: Any, **_: Any) -> None:
    """Every user has stopped: close the records, and keep what went wrong for the runner."""
    RECORD.file.close()
    runner = environment.runner
    problems = {
        "exceptions": [{"count": e["count"], "message": e["msg"]} for e in runner.exceptions.values()],
        "failures": [
            {"step": e.name, "method": e.method, "error": str(e.error), "count": e.occurrences}
            for e in environment.stats.errors.values()
        ],
    }
    (OUT / f"generator-{os.getpid()}.json").write_text(json.dumps(problems, indent=1))


def document_sha(document: Any) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class StaffUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)  # reading, typing, talking to the patient

    def on_start(self) -> None:
        self.username = next(ACCOUNTS[self.role])
        self.call("GET", "/login/", "sign in: form")
        form = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf_token()}
        response, _ = self.call(
            "POST",
            "/login/",
            "sign in: submit",
            expect=(302,),
            data=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        # Staff without a second factor are signed in at once; anything else is a broken scenario.
        if response.status_code == 302 and "/login/" in (response.headers.get("Location") or ""):
            raise RuntimeError(f"sign-in of {self.username} did not complete")

    def csrf_token(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def call(
        self,
        method: str,
        path: str,
        step: str,
        *,
        expect: Iterable[int] = (200,),
        conflicts: bool = False,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, str]:
        """One request, counted under ``step``; returns the response and its request id."""
        request_id = uuid.uuid4().hex
        all_headers = {"X-Request-ID": request_id, **(headers or {})}
        if method != "GET":
            all_headers["X-CSRFToken"] = self.csrf_token()
        with self.client.request(
            method, path, name=step, headers=all_headers, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code in expect:
                response.success()
            elif conflicts and response.status_code == 409:
                response.success()
                RECORD("conflict", step=step, request_id=request_id, user=self.username)
            else:
                # The status only: a body could hold patient data.
                response.failure(f"unexpected {response.status_code}")
        return response, request_id

    @staticmethod
    def ok(response: Any, *codes: int) -> bool:
        return response.status_code in (codes or (200,))


class Clinician(StaffUser):
    role = "clinician"
    weight = 5

    def _patient(self) -> tuple[str, str | None, str | None]:
        """A patient to work on: mostly one with a coverage, sometimes one registered today."""
        if CREATED_PATIENTS and random.random() < 0.25:
            return random.choice(CREATED_PATIENTS), None, None
        patient = random.choice(PATIENTS)
        return patient["id"], patient["coverage"], patient["evaluations"][0]

    @task(4)
    def list_patients(self) -> None:
        self.call("GET", f"/patients/?page={random.randint(1, 3)}", "patients: list page")
        self.call("GET", "/api/patients/", "patients: list (api)")

    @task(3)
    def search_patients(self) -> None:
        term = random.choice(SEARCH_TERMS)
        # POSTed, page and API alike: names and MRNs stay out of URLs.
        self.call(
            "POST",
            "/patients/",
            "patients: search page",
            data=urlencode({"q": term}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        self.call("POST", "/api/patients/search/", "patients: search (api)", json={"q": term})

    @task(4)
    def open_patient(self) -> None:
        patient_id, _, _ = self._patient()
        self.call("GET", f"/patients/{patient_id}/", "patient: open page")
        self.call("GET", f"/api/patients/{patient_id}/reassessments/", "patient: reassessments (api)")

    @task(1)
    def register_patient(self) -> None:
        body = {
            "mrn": f"LOAD-{uuid.uuid4().hex[:12].upper()}",
            "family_name": random.choice(FAMILY_NAMES),
            "given_name": random.choice(GIVEN_NAMES),
            "date_of_birth": dt.date(random.randint(1945, 1995), random.randint(1, 12), 15).isoformat(),
            "sex_at_birth": random.choice(["female", "male"]),
        }
        response, request_id = self.call(
            "POST", "/api/patients/", "patient: register (api)", expect=(201,), json=body
        )
        if self.ok(response, 201):
            patient_id = response.json()["id"]
            RECORD("patient", id=patient_id, request_id=request_id, user=self.username)
            CREATED_PATIENTS.append(patient_id)

    @task(3)
    def reassess(self) -> None:
        """Start a reassessment, complete its document, evaluate it, read the result, accept TMS."""
        patient_id, coverage_id, previous = self._patient()
        response, request_id = self.call(
            "POST",
            f"/api/patients/{patient_id}/reassessments/",
            "reassessment: create (api)",
            expect=(201,),
            json=DRAFT,
        )
        if not self.ok(response, 201):
            return
        body = response.json()
        reassessment_id = body["id"]
        RECORD(
            "reassessment",
            id=reassessment_id,
            patient=patient_id,
            request_id=request_id,
            revision=body["revision"],
            user=self.username,
        )
        self.call("GET", f"/api/reassessments/{reassessment_id}/", "reassessment: open (api)")

        document = copy.deepcopy(COMPLETED)
        document["logistics"] = {**document["logistics"], "notes": f"Load run, {self.username}"}
        response, request_id = self.call(
            "PUT",
            f"/api/reassessments/{reassessment_id}/document/",
            "reassessment: save document (api)",
            json={"revision": body["revision"], "document": document},
        )
        if not self.ok(response):
            return
        saved = response.json()
        RECORD(
            "reassessment_update",
            id=reassessment_id,
            request_id=request_id,
            revision=saved["revision"],
            document_sha=document_sha(saved["document"]),
            user=self.username,
        )

        response, request_id = self.call(
            "POST",
            f"/api/reassessments/{reassessment_id}/evaluations/",
            "evaluation: run (api)",
            expect=(201,),
        )
        if not self.ok(response, 201):
            return
        evaluation = response.json()
        RECORD(
            "evaluation",
            id=evaluation["id"],
            reassessment=reassessment_id,
            patient=patient_id,
            request_id=request_id,
            revision=saved["revision"],
            document_sha=document_sha(saved["document"]),
            user=self.username,
        )
        self.call("GET", f"/api/evaluations/{evaluation['id']}/", "evaluation: read (api)")
        self.call("GET", f"/eligibility/evaluations/{evaluation['id']}/", "evaluation: read page")

        response, request_id = self.call(
            "POST",
            f"/api/evaluations/{evaluation['id']}/decisions/",
            "decision: accept (api)",
            expect=(201,),
            json={"treatment": "tms", "kind": "accept"},
        )
        if self.ok(response, 201):
            RECORD(
                "decision",
                evaluation=evaluation["id"],
                patient=patient_id,
                treatment="tms",
                decision="accept",
                request_id=request_id,
                user=self.username,
            )
        if coverage_id is not None and previous is not None:
            FOR_PA.append((evaluation["id"], coverage_id))
            PAIRS.append((evaluation["id"], previous))


class Coordinator(StaffUser):
    role = "care_coordinator"
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.queue: list[str] = []  # the last worklist page read, most urgent first

    def _case(self) -> str | None:
        """Mostly one of the most urgent cases on the worklist last read, as a coordinator works;
        coordinators reading the same list pick the same cases, and sometimes race for one."""
        if self.queue and random.random() < 0.8:
            return random.choice(self.queue[:10])
        return random.choice(sorted(CASES)) if CASES else None

    @task(4)
    def worklist(self) -> None:
        filters = random.choice(
            [{}, {"status": random.choice(STATUSES)}, {"treatment": "tms"}, {"overdue": "yes"}]
        )
        query = f"?{urlencode(filters)}" if filters else ""
        self.call("GET", f"/benefits/worklist/{query}", "worklist: page (filtered)")
        api_filters = {**filters, "overdue": "true"} if "overdue" in filters else filters
        api_query = f"?{urlencode(api_filters)}" if api_filters else ""
        response, _ = self.call("GET", f"/api/benefits/pa-cases/{api_query}", "worklist: list (api)")
        if self.ok(response):
            self.queue = [row["id"] for row in response.json()["results"]]
            CASES.update(self.queue)

    @task(3)
    def open_case(self) -> None:
        case_id = self._case()
        if case_id:
            self.call("GET", f"/benefits/cases/{case_id}/", "pa case: open page")

    @task(2)
    def read_letter(self) -> None:
        case_id = self._case()
        if not case_id:
            return
        self.call("GET", f"/benefits/cases/{case_id}/letter/", "pa case: letter page")
        if random.random() < 0.2:
            self.call("GET", f"/benefits/cases/{case_id}/letter.pdf", "pa case: letter pdf")

    @task(2)
    def start_case(self) -> None:
        if not FOR_PA:
            return
        evaluation_id, coverage_id = FOR_PA.pop()
        response, request_id = self.call(
            "POST",
            "/api/benefits/pa-cases/",
            "pa case: create from evaluation (api)",
            expect=(201,),
            json={"evaluation_id": evaluation_id, "coverage_id": coverage_id, "treatment": "tms"},
        )
        if self.ok(response, 201):
            case = response.json()
            RECORD(
                "pa_case",
                id=case["id"],
                evaluation=evaluation_id,
                coverage=coverage_id,
                patient=case["patient"],
                request_id=request_id,
                user=self.username,
            )
            CASES.add(case["id"])

    @task(5)
    def work_case(self) -> None:
        """Read a case and take its next step; another coordinator may be doing the same."""
        case_id = self._case()
        if not case_id:
            return
        response, _ = self.call("GET", f"/api/benefits/pa-cases/{case_id}/", "pa case: open (api)")
        if not self.ok(response):
            return
        case = response.json()
        status, revision = case["status"], case["revision"]
        if status in ("draft", "documents_needed"):
            for item in case["checklist"]:
                if item["required"] and not item["satisfied"]:
                    self._write(case_id, "checklist", revision, code=item["code"])
            self._write(case_id, "transition", revision, to="ready_to_submit")
        elif status == "ready_to_submit":
            self._write(
                case_id, "transition", revision, to="withdrawn" if random.random() < 0.05 else "submitted"
            )
        elif status in ("submitted", "more_information_requested"):
            self._write(
                case_id, "transition", revision, to="pending_payer" if status == "submitted" else "submitted"
            )
        elif status in ("pending_payer", "appeal"):
            draw = random.random()
            if draw < 0.5:
                self._write(case_id, "approval", revision)
            elif draw < 0.7 or status == "appeal":
                self._write(case_id, "transition", revision, to="denied")
            else:
                self._write(case_id, "transition", revision, to="more_information_requested")
        elif status == "denied":
            self._write(case_id, "transition", revision, to="appeal")

    def _write(self, case_id: str, action: str, revision: int, *, to: str = "", code: str = "") -> None:
        base = f"/api/benefits/pa-cases/{case_id}"
        if action == "checklist":
            path, step = f"{base}/checklist/", "pa case: checklist item (api)"
            body: dict[str, Any] = {"code": code, "satisfied": True, "note": "Received by fax"}
        elif action == "approval":
            path, step, to = f"{base}/approval/", "pa case: record approval (api)", "approved"
            body = {
                "authorization_number": f"LOAD-AUTH-{uuid.uuid4().hex[:10]}",
                "approved_units": 36,
                "valid_from": TODAY.isoformat(),
                "valid_until": (TODAY + dt.timedelta(days=90)).isoformat(),
                "revision": revision,
            }
        else:
            path, step = f"{base}/transition/", f"pa case: to {to} (api)"
            body = {"to": to, "revision": revision}
        response, request_id = self.call("POST", path, step, conflicts=True, json=body)
        if response.status_code in (200, 409):
            answer = response.json()
            RECORD(
                "pa_write",
                case=case_id,
                action=action,
                to=to,
                code=code,
                revision_sent=revision,
                status_code=response.status_code,
                status_after=answer["status"],
                revision_after=answer.get("revision"),
                request_id=request_id,
                user=self.username,
            )


class Reviewer(StaffUser):
    role = "reviewer"
    weight = 2

    @task(5)
    def read_evaluation(self) -> None:
        newer, _ = random.choice(PAIRS)
        self.call("GET", f"/eligibility/evaluations/{newer}/", "evaluation: read page")
        self.call("GET", f"/api/evaluations/{newer}/", "evaluation: read (api)")

    @task(3)
    def compare(self) -> None:
        newer, older = random.choice(PAIRS)
        self.call("GET", f"/eligibility/evaluations/{newer}/compare/{older}/", "evaluation: compare page")

    @task(2)
    def rules(self) -> None:
        self.call("GET", "/eligibility/rules/", "rules page")

    @task(1)
    def re_evaluate_all(self) -> None:
        """Once a run: re-evaluate every reassessment (the Celery worker does it), then watch it."""
        global BATCH_STARTED
        if BATCH_STARTED:
            return
        BATCH_STARTED = True
        response, request_id = self.call("POST", "/eligibility/batches/", "batch: start page", expect=(302,))
        location = response.headers.get("Location") or ""
        if response.status_code == 302 and "/eligibility/batches/" in location:
            batch_id = location.rstrip("/").rsplit("/", 1)[-1]
            RECORD("batch", id=batch_id, request_id=request_id, user=self.username)
            self.call("GET", f"/eligibility/batches/{batch_id}/", "batch: progress page")


class TreatmentStaff(StaffUser):
    """A TMS technician: today's schedule, then the next session of a course, signed by them
    (each session draws one unit on the course's approval)."""

    role = "treatment_staff"
    weight = 1

    @task(2)
    def schedule(self) -> None:
        self.call("GET", "/courses/schedule/", "course: schedule")

    @task(1)
    def open_course(self) -> None:
        if COURSES:
            self.call("GET", f"/courses/{random.choice(COURSES)}/", "course: page")

    @task(4)
    def record_session(self) -> None:
        if not COURSES:
            return
        course = random.choice(COURSES)
        body = {
            "given_at": dt.datetime.now(dt.UTC).isoformat(),
            "motor_threshold_percent": 55,
            "intensity_percent_mt": 120,
            "pulses": 3000,
            "tms_protocol": "10hz",
        }
        response, request_id = self.call(
            "POST",
            f"/api/courses/{course}/sessions/",
            "course: record session (api)",
            expect=(201,),
            json=body,
        )
        if self.ok(response, 201):
            RECORD(
                "session", course=course, id=response.json()["id"], request_id=request_id, user=self.username
            )
