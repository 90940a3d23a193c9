from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from clinics.models import Clinic
from elevium.lib.admin import TabularInline

from .lockout import login_lockout_unlock, login_lockout_until
from .models import User
from .totp import confirmed_device, totp_reset

if TYPE_CHECKING:  # generic in django-stubs only (see elevium/lib/admin.py)
    UserAdminBase = BaseUserAdmin[User]
else:
    UserAdminBase = BaseUserAdmin


class ClinicMembershipInline(TabularInline[Model, User]):
    """Which clinics' patients the user sees (patients/selectors.py)."""

    model = Clinic.members.through
    extra = 0
    verbose_name = "clinic membership"
    verbose_name_plural = "Clinic memberships (the patients this user may see)"


@admin.register(User)
class UserAdmin(UserAdminBase):
    inlines = (ClinicMembershipInline,)
    list_display = ("username", "first_name", "last_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Role", {"fields": ("role",)}),
        ("Sign-in security", {"fields": ("sign_in_lock", "two_step_sign_in")}),
    )
    readonly_fields = ("sign_in_lock", "two_step_sign_in")
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    actions = ("unlock_sign_in", "reset_two_step")

    @admin.display(description="Sign-in lock")
    def sign_in_lock(self, user: User) -> str:
        until = login_lockout_until(user=user) if user.pk else None
        return f"Locked until {until:%Y-%m-%d %H:%M} UTC" if until else "Not locked"

    @admin.display(description="Two-step sign-in")
    def two_step_sign_in(self, user: User) -> str:
        device = confirmed_device(user) if user.pk else None
        return f"On since {device.confirmed_at:%Y-%m-%d}" if device and device.confirmed_at else "Not set up"

    @admin.action(description="Unlock sign-in for the selected users")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        unlocked = sum(login_lockout_unlock(actor=actor, user=user) for user in queryset)
        self.message_user(
            request, f"Unlocked {unlocked} of {queryset.count()} selected users (the others were not locked)."
        )

    @admin.action(description="Reset two-step sign-in (lost phone) for the selected users")
    def reset_two_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        reset = sum(totp_reset(actor=actor, user=user) for user in queryset if user.pk != actor.pk)
        if queryset.filter(pk=actor.pk).exists():
            # Removing one's own second factor would let a stolen administrator session enrol the
            # thief's phone: another administrator has to do it.
            self.message_user(
                request,
                "Your own two-step sign-in was not reset: ask another administrator.",
                messages.WARNING,
            )
        self.message_user(
            request, f"Reset two-step sign-in for {reset} users; they set it up again at their next sign-in."
        )
