"""JSON nested beyond any real document is a 400 before it is parsed, on every API write: Python's
json module recurses per level, and 1,000 levels (2 KB) used to end in a RecursionError (500)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from elevium.lib.json_parser import MAX_DEPTH, TOO_DEEP, too_deep
from tests.samples import build_samples

pytestmark = pytest.mark.django_db

WRITERS = (Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER)


def _deep(levels: int, opener: str = "[") -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * levels + ("1" if opener != "[" else "") + closer * levels


def _write_operations(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/schema/?format=json").json()
    kwargs = {key: str(value) for key, value in build_samples().kwargs.items()}
    operations = []
    for template, methods in schema["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda m: kwargs[m[1]], template)
        operations += [
            (method.upper(), path)
            for method, operation in methods.items()
            if method in ("post", "put", "patch") and "requestBody" in operation  # it reads a body
        ]
    return operations


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_every_api_write_refuses_1000_levels_as_json_400(
    client_for: Callable[[Role], Client], opener: str
) -> None:
    clients = {role: client_for(role) for role in WRITERS}
    operations = _write_operations(clients[Role.CLINICIAN])
    assert len(operations) >= 15, operations
    body = _deep(1000, opener)
    assert len(body) <= 6_001  # 2 KB for lists, 6 KB for objects
    refused = []
    for method, path in operations:
        answers = []
        for role, client in clients.items():
            response = client.generic(method, path, body, "application/json")
            assert response.status_code < 500, (method, path, role, response.content[:300])
            answers.append(response)
        # At least the role allowed to write reads the body, and refuses it by its depth.
        deep = [r for r in answers if r.status_code == 400 and r.json() == {"detail": TOO_DEEP}]
        assert deep, (method, path, [(r.status_code, r.content[:100]) for r in answers])
        refused.append((method, path))
    assert len(refused) >= 15, refused


def test_a_body_at_the_limit_is_read_and_answered_by_its_fields(client_for: Callable[[Role], Client]) -> None:
    body = json.dumps({"mrn": json.loads(_deep(MAX_DEPTH - 1))})
    response = client_for(Role.CLINICIAN).post("/api/patients/", body, "application/json")
    assert response.status_code == 400
    assert "mrn" in response.json()


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (_deep(MAX_DEPTH), False),
        (_deep(MAX_DEPTH + 1), True),
        (_deep(MAX_DEPTH + 1, '{"a":'), True),
        ('{"note": "' + "[" * 5000 + '"}', False),  # brackets inside a string are text
        ('{"note": "\\"' + "[" * 5000 + '"}', False),  # after an escaped quote, still the string
        ("[" * 100 + "]" * 100 + "[" * 100 + "]" * 100, True),
        ("[]" * 5000, False),  # many lists side by side are not deep
        ("[" * 100, True),  # unterminated: still measured
    ],
)
def test_depth_is_measured_without_parsing(text: str, deep: bool) -> None:
    assert too_deep(text) is deep


def test_a_normal_body_is_parsed_as_before(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).post("/api/patients/", "{not json", "application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    ok: Any = client_for(Role.CLINICIAN).post(
        "/api/patients/search/", json.dumps({"q": "[[[{{{"}), "application/json"
    )
    assert ok.status_code == 200
