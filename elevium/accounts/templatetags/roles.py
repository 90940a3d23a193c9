"""``{% roles_of user as is %}``: one flag per Role, so templates never spell a role's value.

``{% if is.admin %}`` reads the Role enum (member names, lower-cased); a role added there gets
its flag here, and a misspelt flag is simply false, as any missing template variable is.
"""

from __future__ import annotations

from django import template

from elevium.accounts.roles import Role

register = template.Library()


@register.simple_tag
def roles_of(user: object) -> dict[str, bool]:
    role = getattr(user, "role", None)
    return {member.name.lower(): role == member for member in Role}
