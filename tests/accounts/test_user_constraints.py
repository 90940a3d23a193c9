from __future__ import annotations

import pytest
from django.db import IntegrityError

from elevium.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER])
def test_only_administrators_can_be_staff(role: Role) -> None:
    with pytest.raises(IntegrityError):
        UserFactory(username="x", role=role, is_staff=True)


def test_a_user_must_have_a_known_role() -> None:
    with pytest.raises(IntegrityError):
        UserFactory(username="x", role="superhero")
