"""Every operation of the OpenAPI schema, with generated input, signed in as each role.

Schemathesis reads the schema the app serves at /api/schema/ and derives requests from it (valid
and deliberately invalid), each sent through the WSGI application once per role: clinician, care
coordinator, reviewer, administrator. Every answer must be a non-5xx, with a status code the
operation documents, of the documented content type and shape.
Path parameters and body ids are now and then swapped for seeded rows (tests/api/conftest.py),
and each operation starts from one hand-written valid request, so the answers include the
successful ones, not only 404s and 400s.

Each request runs in a savepoint that is rolled back, so every example meets the same seeded
state and a failure replays as it happened.

`SCHEMATHESIS_EXAMPLES` (default 25) sets the generated examples per operation (each sent as
every role).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from schemathesis import Case, HookContext
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from elevium.accounts.roles import Role

from .conftest import Seed, Session, wsgi_requests_in_test_transaction

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
# The same examples on every run by default, so a CI run that passed passes again; HYPOTHESIS_RANDOM=1
# draws new ones (with a larger EXAMPLES, the deep run) to look for what the fixed set misses.
DERANDOMIZE = os.environ.get("HYPOTHESIS_RANDOM", "") != "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            # Valid and invalid input alike: hostile input must get a 4xx, never a 5xx.
            "mode": "all",
            # The session cookie is ours; a generated one would only sign the request out.
            "with-security-parameters": False,
            "database": "none",
        },
        "phases": {
            # The coverage phase enumerates boundary values of every field (hundreds of requests
            # per operation); the bounded fuzzing phase finds the same classes of fault in a
            # CI-sized budget.
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
    }
)


def _served_schema() -> dict[str, Any]:
    """The schema /api/schema/ serves, built in-process: the tests are collected before any user
    can sign in to fetch it (test_each_role_is_served_the_schema_under_test holds the two equal)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))


SCHEMA = _served_schema()
schema = schemathesis.openapi.from_dict(SCHEMA, config=CONFIG)

# Explicit requests and grounded cases name seeded rows by token ("seed:draft_id"); the rows exist
# only once the test runs, when `_resolve` swaps each token for the row's id.
TOKEN = "seed:"


def _token(name: str) -> str:
    return f"{TOKEN}{name}"


S = _token
VALID_DOCUMENT = S("document")
VALID_REQUESTS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("GET", "/api/patients/"): [{}],
    ("POST", "/api/patients/"): [
        {
            "body": {
                "mrn": "SCHEMA-1",
                "family_name": "Example",
                "given_name": "Ada",
                "date_of_birth": "1980-02-03",
                "sex_at_birth": "female",
            }
        }
    ],
    ("POST", "/api/patients/search/"): [{"body": {"q": "MRN"}}],
    ("GET", "/api/patients/{patient_id}/"): [{"path": {"patient_id": S("patient_id")}}],
    ("PATCH", "/api/patients/{patient_id}/"): [
        {"path": {"patient_id": S("patient_id")}, "body": {"gender_identity": "woman", "revision": 1}}
    ],
    ("GET", "/api/patients/{patient_id}/reassessments/"): [{"path": {"patient_id": S("patient_id")}}],
    ("POST", "/api/patients/{patient_id}/reassessments/"): [
        {"path": {"patient_id": S("patient_id")}, "body": VALID_DOCUMENT}
    ],
    ("POST", "/api/patients/{patient_id}/reassessments/import/"): [
        {"path": {"patient_id": S("patient_id")}, "body": VALID_DOCUMENT}
    ],
    ("GET", "/api/reassessments/{reassessment_id}/"): [{"path": {"reassessment_id": S("signed_id")}}],
    ("GET", "/api/reassessments/{reassessment_id}/document/"): [{"path": {"reassessment_id": S("draft_id")}}],
    ("PUT", "/api/reassessments/{reassessment_id}/document/"): [
        {
            "path": {"reassessment_id": S("draft_id")},
            "body": {"revision": S("revision"), "document": VALID_DOCUMENT},
        }
    ],
    ("POST", "/api/reassessments/{reassessment_id}/complete/"): [
        {"path": {"reassessment_id": S("draft_id")}, "body": {"revision": S("revision")}}
    ],
    ("POST", "/api/reassessments/{reassessment_id}/reopen/"): [
        {"path": {"reassessment_id": S("complete_id")}, "body": {"revision": S("revision")}}
    ],
    ("POST", "/api/reassessments/{reassessment_id}/sign/"): [
        {"path": {"reassessment_id": S("complete_id")}, "body": {"revision": S("revision")}}
    ],
    ("POST", "/api/reassessments/{reassessment_id}/amend/"): [{"path": {"reassessment_id": S("signed_id")}}],
    ("POST", "/api/reassessments/{reassessment_id}/safety-actions/"): [
        {
            "path": {"reassessment_id": S("draft_id")},
            "body": {"kind": "safety_plan", "note": "Safety plan reviewed with the patient."},
        }
    ],
    ("GET", "/api/reassessments/{reassessment_id}/evaluations/"): [
        {"path": {"reassessment_id": S("signed_id")}}
    ],
    ("POST", "/api/reassessments/{reassessment_id}/evaluations/"): [
        {"path": {"reassessment_id": S("signed_id")}}
    ],
    ("POST", "/api/evaluations/preview/"): [{"body": VALID_DOCUMENT}],
    ("GET", "/api/evaluations/{evaluation_id}/"): [{"path": {"evaluation_id": S("evaluation_id")}}],
    ("POST", "/api/evaluations/{evaluation_id}/decisions/"): [
        {"path": {"evaluation_id": S("evaluation_id")}, "body": {"treatment": "tms", "kind": "accept"}}
    ],
    ("GET", "/api/benefits/pa-cases/"): [{}, {"query": {"status": "pending_payer", "overdue": "false"}}],
    ("POST", "/api/benefits/pa-cases/"): [
        {
            "body": {
                "evaluation_id": S("evaluation_id"),
                "coverage_id": S("coverage_id"),
                "treatment": "spravato",
            }
        }
    ],
    ("GET", "/api/benefits/pa-cases/{case_id}/"): [{"path": {"case_id": S("open_case_id")}}],
    ("POST", "/api/benefits/pa-cases/{case_id}/transition/"): [
        {"path": {"case_id": S("open_case_id")}, "body": {"to": "withdrawn", "revision": S("revision")}}
    ],
    ("POST", "/api/benefits/pa-cases/{case_id}/checklist/"): [
        {
            "path": {"case_id": S("open_case_id")},
            "body": {"code": S("open_item"), "satisfied": True, "note": "scanned"},
        }
    ],
    ("POST", "/api/benefits/pa-cases/{case_id}/approval/"): [
        {
            "path": {"case_id": S("pending_case_id")},
            "body": {
                "authorization_number": "AUTH-1",
                "approved_units": 36,
                "valid_from": "2026-01-01",
                "valid_until": "2026-06-30",
                "revision": S("revision"),
            },
        }
    ],
    ("POST", "/api/benefits/pa-cases/{case_id}/notes/"): [
        {"path": {"case_id": S("open_case_id")}, "body": {"text": "Called the payer."}}
    ],
    ("POST", "/api/benefits/pa-cases/assign/"): [
        {"body": {"case_ids": [S("open_case_id"), S("pending_case_id")], "owner": S("coordinator_id")}}
    ],
    ("POST", "/api/benefits/coverages/{coverage_id}/benefits-checks/"): [
        {
            "path": {"coverage_id": S("coverage_id")},
            "body": {
                "treatment": "tms",
                "method": "phone",
                "coverage_status": "covered",
                "deductible": "500",
            },
        }
    ],
    ("POST", "/api/benefits/coverages/{coverage_id}/estimate/"): [
        {
            "path": {"coverage_id": S("coverage_id")},
            "body": {"treatment": "tms", "price_initial": "300.00", "price_subsequent": "250.00"},
        }
    ],
    ("GET", "/api/treatments/"): [{}],
    ("GET", "/api/treatments/{treatment_slug}/"): [{"path": {"treatment_slug": "spravato"}}],
}

# Seeded rows each path parameter may name, by token.
PATH_VALUES = {
    "patient_id": [S("patient_id"), S("foreign_patient_id")],
    "reassessment_id": [S("draft_id"), S("complete_id"), S("signed_id")],
    "evaluation_id": [S("evaluation_id")],
    "coverage_id": [S("coverage_id")],
    "case_id": [S("open_case_id"), S("pending_case_id")],
    "treatment_slug": ["tms", "spravato", "ketamine"],
}
# Body fields that name rows, and what to put there.
BODY_VALUES = {
    "evaluation_id": S("evaluation_id"),
    "coverage_id": S("coverage_id"),
    "case_ids": [S("open_case_id"), S("pending_case_id")],
    "owner": S("coordinator_id"),
    "revision": S("revision"),
    "code": S("open_item"),
}


def _ground(case: Case, path: dict[str, str]) -> Case:
    """The generated case aimed at seeded rows: real ids in the path and in the body's id fields."""
    case.path_parameters = {**(case.path_parameters or {}), **path}
    if isinstance(case.body, dict):
        case.body = {**case.body, **{k: v for k, v in BODY_VALUES.items() if k in case.body}}
    return case


@schema.hook
def flatmap_case(context: HookContext, case: Case) -> st.SearchStrategy[Case]:
    """Half the generated cases as drawn, half aimed at seeded rows (otherwise every path
    parameter is a random UUID and every answer a 404)."""
    names = [name for name in (case.path_parameters or {}) if name in PATH_VALUES]
    paths = [{name: value} for name in names for value in PATH_VALUES[name]]
    if not paths and not isinstance(case.body, dict):
        return st.just(case)
    return st.one_of(st.just(case), st.sampled_from(paths or [{}]).map(lambda path: _ground(case, path)))


@schema.hook
def before_add_examples(context: HookContext, examples: list[Case]) -> None:
    """One request per operation that succeeds for a role allowed to make it."""
    operation = context.operation
    assert operation is not None
    for request in VALID_REQUESTS.get((operation.method.upper(), operation.path), []):
        kwargs: dict[str, Any] = {"path_parameters": request.get("path", {}), "query": request.get("query")}
        if "body" in request:
            kwargs |= {"body": request["body"], "media_type": "application/json"}
        examples.append(operation.Case(**kwargs))


def _resolve(case: Case, seed: Seed) -> None:
    """Swap every token for the seeded row's value; ``seed:revision`` is the current revision of
    the object the path names."""
    path = case.path_parameters or {}
    named = next((seed.value(v) for v in path.values() if isinstance(v, str) and v.startswith(TOKEN)), None)

    def value(item: Any) -> Any:
        if isinstance(item, list):
            return [value(i) for i in item]
        if not (isinstance(item, str) and item.startswith(TOKEN)):
            return item
        if item == S("revision"):
            return seed.revisions.get(str(named), 1)
        return seed.value(item)

    case.path_parameters = {k: value(v) for k, v in path.items()}
    if isinstance(case.body, dict):
        case.body = {k: value(v) for k, v in case.body.items()}
    elif case.body == VALID_DOCUMENT:
        case.body = seed.document


@pytest.fixture
def sessions(api_seed: Seed, session_for: Callable[[Role], Session]) -> list[Session]:
    return [session_for(role) for role in Role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_is_served_the_schema_under_test(
    role: Role, session_for: Callable[[Role], Session]
) -> None:
    served = session_for(role).client.get("/api/schema/", {"format": "json"})
    assert served.status_code == 200
    assert served.json() == SCHEMA


def test_the_schema_declares_the_error_answers_of_every_operation() -> None:
    """Sign-in and role refusals can answer any operation, a path parameter can name nothing, a
    body can be invalid or of a type the API does not read: generated requests reach these only
    now and then."""
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if "requestBody" in operation:
                assert "400" in codes, (method, path)
            if method in ("post", "put", "patch"):
                assert "415" in codes, (method, path)


@pytest.fixture(scope="session")
def wsgi_application() -> Any:
    """Requests go in-process through the project's WSGI application, every middleware included."""
    from elevium.wsgi import application

    return application


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    # The sessions and the seed are meant to outlive the examples; each request's own writes are
    # rolled back in the test body.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_documented(
    case: Case, sessions: list[Session], api_seed: Seed, wsgi_application: Any
) -> None:
    """Each generated request is sent once per role: generating it costs as much as sending it."""
    _resolve(case, api_seed)
    for session in sessions:
        note(f"signed in as {session.role.value}")  # in the report of a failing example: the last one
        # A savepoint per request, rolled back: every request meets the seed as it was built.
        with wsgi_requests_in_test_transaction(), transaction.atomic():
            case.call_and_validate(
                app=wsgi_application, cookies=session.cookies, headers=session.headers, checks=CHECKS
            )
            transaction.set_rollback(True)
