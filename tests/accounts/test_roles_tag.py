"""`{% roles_of user as is %}`: one flag per Role, so templates never spell a role's value."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from elevium.accounts.roles import Role
from elevium.accounts.templatetags.roles import roles_of


def test_it_sets_exactly_the_users_role() -> None:
    flags = roles_of(SimpleNamespace(role=Role.REVIEWER))
    assert flags == {member.name.lower(): member == Role.REVIEWER for member in Role}


def test_a_user_without_a_role_has_no_flag_set() -> None:
    assert not any(roles_of(AnonymousUser()).values())


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.ADMIN, "Audit trail"),
        (Role.CARE_COORDINATOR, "Worklist"),
        (Role.REVIEWER, "Re-evaluation"),
        (Role.CLINICIAN, "Patients"),
    ],
)
def test_the_main_menu_reads_the_flags(role: Role, shown: str) -> None:
    template = Template(
        "{% load roles %}{% roles_of user as is %}"
        "{% if not is.admin %}Patients {% endif %}{% if is.care_coordinator %}Worklist {% endif %}"
        "{% if is.reviewer or is.admin %}Re-evaluation {% endif %}{% if is.admin %}Audit trail{% endif %}"
    )
    html = template.render(Context({"user": SimpleNamespace(role=role)}))
    assert shown in html
    assert ("Worklist" in html) == (role == Role.CARE_COORDINATOR)
