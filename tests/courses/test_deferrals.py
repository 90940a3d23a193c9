"""A dose deferred for a pre-dose blood pressure above 140/90: recorded (nothing given, no
unit used, no monitoring form, the reason and the deciding clinician kept and audited), not
refused; shown on the course page and the schedule; the same through the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from courses.clinical.checks import deferral_refusal
from courses.models import Course, DeferredDose, MonitoringForm, Session, SlotStatus
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from tests.visible_text import assert_readable, visible_text

from .pages import book_today, client_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("treatment", "systolic", "diastolic", "refused"),
    [
        ("spravato", 150, 95, ""),
        ("spravato", 141, 80, ""),
        ("ketamine", 130, 91, ""),
        (
            "spravato",
            140,
            90,
            "Dosing is deferred for a blood pressure above 140/90 only; this one is not above it.",
        ),
        ("spravato", None, 90, "Enter the blood pressure taken before dosing."),
        ("tms", 150, 95, "TMS has no dose to defer."),
    ],
)
def test_only_a_pre_dose_pressure_above_140_over_90_defers_a_dose(
    treatment: str, systolic: int | None, diastolic: int | None, refused: str
) -> None:
    assert deferral_refusal(treatment, systolic, diastolic) == refused


def _deferral_form(clinician: User, **fields: str) -> dict[str, str]:
    now = timezone.localtime(timezone.now(), timezone=dt.UTC).strftime("%Y-%m-%dT%H:%M")
    return {
        "given_at": now,
        "dose_mg": "56",
        "bp_pre_systolic": "150",
        "bp_pre_diastolic": "95",
        "bp_decision": "defer",
        "bp_decided_by": str(clinician.pk),
        "notes": "Repeat BP still high; rebook once the GP has reviewed it.",
        **fields,
    }


def test_staff_record_a_deferred_dose_shown_on_the_course_page_and_schedule(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    slot = book_today(staff, course, 9, "Chair 1")
    client = client_of(staff)
    data = _deferral_form(clinician, slot_id=str(slot.pk), given_at="2026-03-10T09:00")
    response = client.post(f"/courses/{course.pk}/sessions/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/courses/{course.pk}/"
    deferral = DeferredDose.objects.get(course=course)
    assert (deferral.number, deferral.decided_by, deferral.recorded_by) == (1, clinician, staff)
    assert not Session.objects.exists() and not MonitoringForm.objects.exists()
    assert course.pa_case is not None
    course.pa_case.refresh_from_db()
    course.refresh_from_db()
    assert (course.pa_case.used_units, course.sessions_done) == (0, 0)
    slot.refresh_from_db()
    assert slot.status == SlotStatus.DEFERRED
    assert AuditEvent.objects.filter(action="course.dose_deferred", patient_id=course.patient_id).exists()
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert (
        "Session 1 deferred on" in " ".join(visible_text(page))
        and "150/95" in page
        and "no unit was used" in page
    )
    assert_readable(page)
    schedule = client.get("/courses/schedule/").content.decode()
    assert 'data-status="deferred">Dose deferred' in schedule


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"notes": ""}, "Say in the notes why dosing was deferred."),
        ({"bp_decided_by": ""}, "Name the clinician who weighed the blood pressure risk."),
        (
            {"bp_pre_systolic": "130", "bp_pre_diastolic": "85"},
            "Dosing is deferred for a blood pressure above 140/90 only; this one is not above it.",
        ),
    ],
)
def test_a_deferral_missing_its_reason_or_decider_or_a_high_pressure_is_a_400_in_words(
    start: Callable[..., Course], staff: User, clinician: User, fields: dict[str, str], sentence: str
) -> None:
    course = start("spravato")
    response = client_of(staff).post(
        f"/courses/{course.pk}/sessions/new/", _deferral_form(clinician, **fields)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert sentence in " ".join(visible_text(html))
    assert_readable(html)
    assert not DeferredDose.objects.exists()


def test_the_api_records_a_deferral_and_refuses_one_on_tms(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    body = {
        "deferred_at": timezone.now().isoformat(),
        "bp_pre_systolic": 160,
        "bp_pre_diastolic": 100,
        "reason": "Pressure too high to dose today.",
        "bp_decided_by": clinician.pk,
    }
    url = f"/api/courses/{course.id}/deferrals/"
    response = client_of(staff).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["decided_by"] == clinician.username
    assert client_of(staff).get(url).json()[0]["reason"] == "Pressure too high to dose today."
    tms = start("tms")
    refused = client_of(clinician).post(
        f"/api/courses/{tms.id}/deferrals/", body, content_type="application/json"
    )
    assert refused.status_code == 409
    assert_readable(f"<p>{refused.json()['detail']}</p>")
