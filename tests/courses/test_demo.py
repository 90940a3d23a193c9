"""The demo data: one course of each treatment, each in a different state, and a treatment-staff user."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from courses.models import Course, MonitoringForm
from elevium.accounts.models import User
from elevium.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_course_of_each_treatment_in_different_states(
    settings: object, tmp_path: object
) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    states = dict(Course.objects.values_list("treatment__slug", "status"))
    assert states == {"tms": "active", "spravato": "active", "ketamine": "completed"}
    assert len({(c.status, c.sessions_done) for c in Course.objects.all()}) == 3
    assert User.objects.get(username="technician").role == Role.TREATMENT_STAFF
    assert MonitoringForm.objects.filter(filed_at__isnull=True).exists()
    assert MonitoringForm.objects.filter(filed_at__isnull=False).exists()
    tms = Course.objects.select_related("pa_case").get(treatment__slug="tms")
    assert tms.pa_case is not None and tms.pa_case.used_units == tms.sessions_done == 15
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - again: nothing more
    assert Course.objects.count() == 3
