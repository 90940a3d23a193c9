"""Argon2id for new password hashes; older PBKDF2 hashes still verify and are upgraded on sign-in.

The suite hashes with MD5 for speed (tests/conftest.py); these tests put the project's own
PASSWORD_HASHERS back, so they check the setting that production runs.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client

from elevium import settings as project_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_hashers(settings: Any) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_the_setting_puts_argon2_first_and_keeps_pbkdf2() -> None:
    hashers = project_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers


def test_a_new_password_is_hashed_with_argon2id() -> None:
    user = UserFactory(username="staff")
    assert user.password.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, user.password)


def test_a_pbkdf2_hash_still_signs_in_and_is_rehashed_with_argon2id(client: Client) -> None:
    user = UserFactory(username="staff")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post("/login/", {"username": "staff", "password": PASSWORD})
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, user.password)


def test_a_wrong_password_leaves_a_pbkdf2_hash_as_it_was(client: Client) -> None:
    user = UserFactory(username="staff")
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.password = old_hash
    user.save(update_fields=["password"])
    client.post("/login/", {"username": "staff", "password": "not-the-password"})
    user.refresh_from_db()
    assert user.password == old_hash
