from __future__ import annotations

from typing import Any

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from elevium.accounts.models import TotpDevice
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.CLINICIAN, "/home/clinician/"),
        (Role.CARE_COORDINATOR, "/home/coordinator/"),
        (Role.REVIEWER, "/home/reviewer/"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client: Client, role: Role, home: str) -> None:
    UserFactory(username="staff", role=role)
    response = client.post("/login/", {"username": "staff", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200


def test_an_administrator_lands_on_the_admin_home_after_the_code(client: Client) -> None:
    admin = UserFactory(username="staff", role=Role.ADMIN)
    secret = pyotp.random_base32()
    TotpDevice.objects.create(
        user=admin, secret=secret, created_at=timezone.now(), confirmed_at=timezone.now()
    )
    response = client.post("/login/", {"username": "staff", "password": PASSWORD})
    assert response["Location"] == "/login/verify/"
    response = client.post("/login/verify/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert response.redirect_chain[-1][0] == "/home/admin/"
    assert response.status_code == 200


def test_a_wrong_password_returns_to_the_form_with_a_message(client: Client) -> None:
    UserFactory(username="staff")
    response = client.post("/login/", {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "That username and password do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_are_throttled_even_with_the_right_password(client: Client, settings: Any) -> None:
    UserFactory(username="staff")
    for _ in range(settings.LOGIN_LOCKOUT_THRESHOLD):
        client.post("/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/login/", {"username": "staff", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_one_username_leaves_another_from_elsewhere_alone(settings: Any) -> None:
    UserFactory(username="victim")
    UserFactory(username="colleague")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.LOGIN_LOCKOUT_THRESHOLD):
        attacker.post("/login/", {"username": "victim", "password": "wrong"})
    colleague = Client(REMOTE_ADDR="198.51.100.4")
    response = colleague.post("/login/", {"username": "colleague", "password": PASSWORD})
    assert response.status_code == 302


def test_the_next_page_is_honoured_after_sign_in(client: Client) -> None:
    UserFactory(username="staff")
    response = client.post(
        "/login/?next=/patients/", {"username": "staff", "password": PASSWORD, "next": "/patients/"}
    )
    assert response["Location"] == "/patients/"


def test_an_inactive_user_cannot_sign_in(client: Client) -> None:
    UserFactory(username="gone", is_active=False)
    response = client.post("/login/", {"username": "gone", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_takes_post_only_and_ends_the_session(client: Client) -> None:
    client.force_login(UserFactory(username="staff"))
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert client.get("/home/clinician/").status_code == 302


def test_no_audit_event_names_a_patient_on_sign_in(client: Client) -> None:
    UserFactory(username="staff")
    client.post("/login/", {"username": "staff", "password": PASSWORD})
    assert not AuditEvent.objects.exclude(patient_id=None).exists()


def test_sign_ins_and_refusals_are_audited_without_the_typed_username(client: Client) -> None:
    UserFactory(username="staff")
    client.post("/login/", {"username": "staff", "password": "wrong"})
    client.post("/login/", {"username": "staff", "password": PASSWORD})
    refused, signed_in = AuditEvent.objects.order_by("id")
    assert (refused.action, refused.actor, refused.data) == ("auth.sign_in_refused", None, {})
    assert (signed_in.action, signed_in.actor.username, signed_in.actor_role) == (
        "auth.signed_in",
        "staff",
        "clinician",
    )
