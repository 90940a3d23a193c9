"""The decision due time is shown in the payer plan's zone with the zone named (issue 12): the
deadline is the end of a day in that zone (benefits/deadlines.py), so "23:59" alone misleads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from benefits.templatetags.pa_time import in_zone
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from tests.audit.patient_records import World

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.mark.parametrize(
    ("at", "zone", "shown"),
    [
        (dt.datetime(2026, 12, 5, 4, 59, tzinfo=UTC), "America/New_York", "2026-12-04 23:59 EST"),
        (dt.datetime(2026, 7, 5, 3, 59, tzinfo=UTC), "America/New_York", "2026-07-04 23:59 EDT"),
        (dt.datetime(2026, 12, 5, 7, 59, tzinfo=UTC), "America/Los_Angeles", "2026-12-04 23:59 PST"),
        (None, "America/New_York", ""),
    ],
)
def test_a_time_is_shown_in_the_zone_named(at: dt.datetime | None, zone: str, shown: str) -> None:
    assert in_zone(at, zone) == shown


def test_an_unknown_zone_falls_back_to_the_clinic_zone_still_named() -> None:
    shown = in_zone(dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC), "Nowhere/Atlantis")
    assert shown.startswith("2026-12-05 ") and shown.split()[-1].isalpha()


def test_the_case_page_and_worklist_name_the_zone_of_the_due_time(
    user_with_role: Callable[[Role], User], client_for: Callable[[Role], Client]
) -> None:
    world = World(user_with_role)
    case = world.pending_case
    expected = in_zone(case.decision_due_at, case.coverage.plan.time_zone)
    assert expected[-3:] in {"EST", "EDT", "CST", "CDT", "MST", "PST", "PDT", "UTC"}
    client = client_for(Role.CARE_COORDINATOR)
    page = client.get(f"/benefits/cases/{case.id}/").content.decode()
    assert f'data-testid="decision-due">{expected}' in page
    # The title names the treatment as the catalog does ("Spravato", never "SPRAVATO").
    assert f"<h1>{case.get_treatment_display()} prior authorization" in page
    assert expected in client.get("/benefits/worklist/").content.decode()


def test_the_timeline_names_the_zone_and_the_person(
    user_with_role: Callable[[Role], User], client_for: Callable[[Role], Client]
) -> None:
    world = World(user_with_role)
    case = world.pending_case
    event = case.events.exclude(actor=None).latest("at")
    event.actor.first_name, event.actor.last_name = "Dana", "Okafor"
    event.actor.save(update_fields=["first_name", "last_name"])
    page = client_for(Role.CARE_COORDINATOR).get(f"/benefits/cases/{case.id}/").content.decode()
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert f"{in_zone(event.at, case.coverage.plan.time_zone)}</span> Dana Okafor —" in timeline
