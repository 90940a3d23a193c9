"""The ketamine session form on the page: weight, dose per kilogram, route, infusion time and the
pre-dose vitals; a blood pressure above 140/90 asks for the clinician's decision; the dose in
milligrams is computed and shown; dissociation and the later pressures are recorded after."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from courses.models import Course, MonitoringForm, Session
from elevium.accounts.models import User
from tests.visible_text import assert_readable, visible_text

from .pages import client_of

pytestmark = pytest.mark.django_db

KETAMINE = {
    "given_at": "2026-03-10T09:00",
    "weight_kg": "80.0",
    "dose_mg_per_kg": "0.5",
    "route": "iv",
    "infusion_minutes": "40",
    "bp_pre_systolic": "150",
    "bp_pre_diastolic": "95",
    "heart_rate": "72",
}


def test_a_ketamine_session_asks_for_the_bp_decision_then_shows_the_computed_dose(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("ketamine")
    client = client_of(staff)
    form = client.get(f"/courses/{course.pk}/sessions/new/").content.decode()
    for label in ("Weight (kg)", "Dose (mg/kg)", "Route", "Infusion time (minutes)", "Heart rate"):
        assert label in form
    assert "the usual dose is 0.5 mg/kg" in " ".join(visible_text(form))
    assert_readable(form)
    refused = client.post(f"/courses/{course.pk}/sessions/new/", KETAMINE)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "a clinician&#x27;s decision to proceed with a blood pressure above 140/90" in html
    assert 'value="80.0"' in html and 'value="40"' in html
    decided = {**KETAMINE, "bp_decision": "proceed", "bp_decided_by": str(clinician.pk)}
    response = client.post(f"/courses/{course.pk}/sessions/new/", decided)
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(course=course)
    assert (session.route, session.infusion_minutes, session.heart_rate) == ("iv", 40, 72)
    assert not MonitoringForm.objects.filter(session=session).exists()
    observed = {
        "dissociation": "moderate",
        "sedation": "mild",
        "bp_40_systolic": "138",
        "bp_40_diastolic": "86",
    }
    assert client.post(f"/courses/sessions/{session.pk}/observations/", observed).status_code == 302
    page = client.get(f"/courses/sessions/{session.pk}/").content.decode()
    words = " ".join(visible_text(page))
    assert "40.0 mg (0.50 mg/kg for 80.0 kg), intravenous, over 40 minutes" in words
    assert "Moderate" in words and "138/86" in words and "72 beats a minute" in words
    assert_readable(page)
