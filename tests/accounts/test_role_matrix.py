"""Every URL in the URLconf, every role (and the signed-out visitor): the expected answer.

The cases are generated from the URLconf, so a new URL without a row in EXPECTED fails
here until someone decides who may reach it. Admin-site URLs follow one rule: only
administrators get past the admin's gate.
"""

from __future__ import annotations

from typing import Any

import pytest

from elevium.accounts.roles import Role
from elevium.accounts.sign_in import SECOND_FACTOR_KEY
from tests.factories import UserFactory
from tests.samples import URLS, build_samples, sample_url

ANON = "anonymous"
CLIN, COORD, REV, ADMIN = Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER, Role.ADMIN
STAFF = Role.TREATMENT_STAFF
WHO = (ANON, CLIN, COORD, REV, ADMIN, STAFF)

LOGIN = "login"  # a redirect to the sign-in page
HOME = "home"  # a redirect to the visitor's own home page


def answers(anon: Any, clin: Any, coord: Any, rev: Any, admin: Any, staff: Any = None) -> dict[str, Any]:
    """Treatment staff, unless given, get what every other role gets where they all agree (the
    sign-in pages, the catalog), and 403 elsewhere: they reach only the courses' URLs."""
    if staff is None:
        staff = clin if clin == coord == rev == admin else 403
    return dict(zip(WHO, (anon, clin, coord, rev, admin, staff), strict=True))


PATIENT_READ = answers(LOGIN, 200, 200, 200, 403)
PATIENT_WRITE = answers(LOGIN, 200, 200, 403, 403)
API_PATIENT_READ = answers(401, 200, 200, 200, 403)

# URL name -> (method, expected answer per visitor).
EXPECTED: dict[str, tuple[str, dict[str, Any]]] = {
    "healthz": ("GET", answers(200, 200, 200, 200, 200)),
    "accounts:login": ("GET", answers(200, HOME, HOME, HOME, HOME)),
    "accounts:logout": ("POST", answers(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
    "accounts:home": ("GET", answers(LOGIN, HOME, HOME, HOME, HOME)),
    "accounts:home-clinician": ("GET", answers(LOGIN, 200, 403, 403, 403)),
    "accounts:home-coordinator": ("GET", answers(LOGIN, 403, 200, 403, 403)),
    "accounts:home-reviewer": ("GET", answers(LOGIN, 403, 403, 200, 403)),
    "accounts:home-admin": ("GET", answers(LOGIN, 403, 403, 403, 200)),
    "accounts:home-treatment-staff": ("GET", answers(LOGIN, 403, 403, 403, 403, staff=200)),
    # Two-step sign-in: every signed-in role may set it up (administrators must); the matrix's
    # users have no device, so turning it off sends them back to the set-up page. The code step
    # needs a pending password step (tests/accounts/test_two_step.py), else it is the sign-in page.
    "accounts:otp-enrol": ("GET", answers(LOGIN, 200, 200, 200, 200)),
    "accounts:otp-disable": ("POST", answers(LOGIN, 302, 302, 302, 302)),
    "accounts:otp-verify": ("GET", answers(LOGIN, HOME, HOME, HOME, HOME)),
    # Where an idle tab's refresh lands: a session still in use elsewhere is told so.
    "accounts:idle": ("GET", answers(LOGIN, 200, 200, 200, 200)),
    "accounts:keepalive": ("POST", answers(LOGIN, 200, 200, 200, 200)),
    "patients:patient-list": ("GET", PATIENT_READ),
    "patients:patient-detail": ("GET", PATIENT_READ),
    "patients:patient-new": ("GET", PATIENT_WRITE),
    "patients:patient-edit": ("GET", PATIENT_WRITE),
    "patients-api:patient-list": ("GET", API_PATIENT_READ),
    "patients-api:patient-detail": ("GET", API_PATIENT_READ),
    "patients-api:patient-search": ("POST", API_PATIENT_READ),
    "api-schema": ("GET", answers(401, 200, 200, 200, 200)),
    # Reassessment pages: clinicians write, coordinators and reviewers read.
    "reassessment:start": ("POST", answers(LOGIN, 302, 403, 403, 403)),
    "reassessment:summary": ("GET", PATIENT_READ),
    "reassessment:section": ("GET", answers(LOGIN, 200, 403, 403, 403)),
    # An empty form is refused: the summary again with it, status 400, nothing written.
    "reassessment:safety-action": ("POST", answers(LOGIN, 400, 403, 403, 403)),
    # An empty form names no revision: refused as stale (409), nothing written.
    "reassessment:autosave": ("POST", answers(LOGIN, 409, 403, 403, 403)),
    # Completing a blank draft is refused with messages and a redirect back to the summary.
    "reassessment:transition": ("POST", answers(LOGIN, 302, 403, 403, 403)),
    "reassessment-api:patient-reassessments": ("GET", API_PATIENT_READ),
    # The matrix posts a body that is not a document: 400 for the clinician, who may import.
    "reassessment-api:patient-reassessment-import": ("POST", answers(401, 400, 403, 403, 403)),
    "reassessment-api:reassessment-detail": ("GET", API_PATIENT_READ),
    "reassessment-api:reassessment-document": ("GET", API_PATIENT_READ),
    "reassessment-api:reassessment-complete": ("POST", answers(401, 400, 403, 403, 403)),
    "reassessment-api:reassessment-reopen": ("POST", answers(401, 400, 403, 403, 403)),
    "reassessment-api:reassessment-sign": ("POST", answers(401, 400, 403, 403, 403)),
    "reassessment-api:reassessment-amend": ("POST", answers(401, 409, 403, 403, 403)),
    "reassessment-api:reassessment-safety-actions": ("POST", answers(401, 400, 403, 403, 403)),
    # Eligibility: everyone but administrators reads; clinicians and reviewers evaluate;
    # clinicians decide; reviewers and administrators run batches (counts only, no patient data).
    "eligibility:recommendation": ("GET", answers(LOGIN, 302, 302, 302, 403)),
    "eligibility:evaluate": ("POST", answers(LOGIN, 302, 403, 302, 403)),
    "eligibility:evaluation": ("GET", PATIENT_READ),
    "eligibility:compare": ("GET", PATIENT_READ),
    # An empty form is refused: the evaluation page again, status 400, nothing written.
    "eligibility:decide": ("POST", answers(LOGIN, 400, 403, 403, 403)),
    # Re-evaluating after a coverage change: any member of staff who reads the patient.
    # Work queues, one per role (the coordinator's beside the PA worklist).
    "eligibility:queue-clinician": ("GET", answers(LOGIN, 200, 403, 403, 403)),
    "eligibility:queue-coordinator": ("GET", answers(LOGIN, 403, 200, 403, 403)),
    "eligibility:queue-reviewer": ("GET", answers(LOGIN, 403, 403, 200, 403)),
    "eligibility-api:queue-clinician": ("GET", answers(401, 200, 403, 403, 403)),
    "eligibility-api:queue-coordinator": ("GET", answers(401, 403, 200, 403, 403)),
    "eligibility-api:queue-reviewer": ("GET", answers(401, 403, 403, 200, 403)),
    "eligibility:patient-reevaluate": ("POST", answers(LOGIN, 302, 302, 302, 403)),
    "eligibility:ruleset": ("GET", answers(LOGIN, 200, 200, 200, 200, staff=403)),
    "eligibility:batches": ("GET", answers(LOGIN, 403, 403, 200, 200)),
    "eligibility:batch": ("GET", answers(LOGIN, 403, 403, 200, 200)),
    "eligibility-api:reassessment-evaluations": ("GET", API_PATIENT_READ),
    # The matrix posts a body that is not a document.
    "eligibility-api:evaluation-preview": ("POST", answers(401, 400, 403, 400, 403)),
    "eligibility-api:evaluation-detail": ("GET", API_PATIENT_READ),
    "eligibility-api:evaluation-decisions": ("POST", answers(401, 400, 403, 403, 403)),
    # Benefits: coordinators work cases; clinicians and reviewers read them and their letters.
    "benefits:worklist": ("GET", answers(LOGIN, 403, 200, 403, 403)),
    "benefits:assign": ("POST", answers(LOGIN, 403, 302, 403, 403)),
    "benefits:case-new": ("POST", answers(LOGIN, 403, 302, 403, 403)),
    "benefits:case": ("GET", PATIENT_READ),
    "benefits:case-transition": ("POST", answers(LOGIN, 403, 400, 403, 403)),  # refused: the page again
    "benefits:case-checklist": ("POST", answers(LOGIN, 403, 400, 403, 403)),  # refused: the page again
    "benefits:attachment-upload": ("POST", answers(LOGIN, 403, 302, 403, 403)),
    "benefits:attachment-remove": ("POST", answers(LOGIN, 403, 302, 403, 403)),
    "benefits:attachment": ("GET", PATIENT_READ),
    "benefits:case-packet-pdf": ("GET", PATIENT_READ),
    # An empty approval is refused: the case page again, status 400, nothing written.
    "benefits:case-approval": ("POST", answers(LOGIN, 403, 400, 403, 403)),
    "benefits:case-note": ("POST", answers(LOGIN, 403, 400, 403, 403)),  # an empty note: refused, shown again
    "benefits:case-units": ("POST", answers(LOGIN, 403, 302, 403, 403)),
    "benefits:case-letter": ("GET", PATIENT_READ),
    "benefits:coverage": ("GET", PATIENT_READ),
    # A patient's coverages: coordinators and clinicians add, edit and end them; reviewers read.
    "benefits:coverage-new": ("GET", PATIENT_WRITE),
    "benefits:coverage-edit": ("GET", PATIENT_WRITE),
    # The matrix's body has no date: a message and a redirect back to the patient.
    "benefits:coverage-end": ("POST", answers(LOGIN, 400, 400, 403, 403)),  # refused: the end form again
    "benefits:case-letter-pdf": ("GET", PATIENT_READ),
    # The letter: everyone but administrators reads it; clinicians write, finalize and amend it
    # (refused with 409 here: nothing is saved yet); coordinators attach it (409: not finalized).
    "benefits:case-letter-edit": ("GET", PATIENT_READ),
    "benefits:case-letter-finalize": ("POST", answers(LOGIN, 409, 403, 403, 403)),
    "benefits:case-letter-amend": ("POST", answers(LOGIN, 409, 403, 403, 403)),
    "benefits:case-letter-attach": ("POST", answers(LOGIN, 403, 409, 403, 403)),
    "benefits-api:pa-case-list": ("GET", API_PATIENT_READ),
    "benefits-api:pa-case-detail": ("GET", API_PATIENT_READ),
    # The matrix posts {"q": "x"}: 400 for the coordinator, who may write.
    "benefits-api:pa-case-assign": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-transition": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-checklist": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-approval": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-notes": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-attachments": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:pa-case-attachment": ("GET", API_PATIENT_READ),
    "benefits-api:plan-list": ("GET", answers(401, 200, 200, 200, 403)),
    "benefits-api:patient-coverages": ("GET", API_PATIENT_READ),
    "benefits-api:coverage-detail": ("GET", API_PATIENT_READ),
    # The matrix's body has no date: 400 for those who may end a coverage.
    "benefits-api:coverage-end": ("POST", answers(401, 400, 400, 403, 403)),
    "benefits-api:coverage-benefits-checks": ("POST", answers(401, 403, 400, 403, 403)),
    "benefits-api:coverage-estimate": ("POST", answers(401, 400, 400, 400, 403)),
    # Treatment catalog: reference data, no patient data; every role reads it.
    "treatments:treatment-list": ("GET", answers(LOGIN, 200, 200, 200, 200)),
    "treatments:treatment-detail": ("GET", answers(LOGIN, 200, 200, 200, 200)),
    "treatments-api:treatment-list": ("GET", answers(401, 200, 200, 200, 200)),
    "treatments-api:treatment-detail": ("GET", answers(401, 200, 200, 200, 200)),
    # Treatment courses (issue 15): treatment staff and the patient readers read; staff and
    # clinicians record sessions; clinicians and coordinators start courses and book sessions;
    # clinicians decide. The matrix posts {"q": "x"}: 400 for those who may write.
    "courses-api:course-list": ("GET", answers(401, 200, 200, 200, 403, staff=200)),
    "courses-api:patient-courses": ("POST", answers(401, 400, 400, 403, 403, staff=403)),
    "courses-api:patient-rems-enrolment": ("POST", answers(401, 400, 403, 403, 403, staff=400)),
    "courses-api:schedule": ("GET", answers(401, 200, 200, 200, 403, staff=200)),
    "courses-api:outcomes": ("GET", answers(401, 200, 200, 200, 403, staff=403)),
    "courses-api:monitoring-form-list": ("GET", answers(401, 200, 200, 200, 403, staff=200)),
    "courses-api:monitoring-form-file": ("POST", answers(401, 200, 403, 403, 403, staff=200)),
    "courses-api:course-detail": ("GET", answers(401, 200, 200, 200, 403, staff=200)),
    "courses-api:course-transition": ("POST", answers(401, 400, 403, 403, 403, staff=403)),
    "courses-api:course-decisions": ("POST", answers(401, 400, 403, 403, 403, staff=403)),
    "courses-api:course-relapses": ("POST", answers(401, 400, 403, 403, 403, staff=403)),
    "courses-api:course-measurements": ("POST", answers(401, 400, 403, 403, 403, staff=400)),
    "courses-api:course-slots": ("POST", answers(401, 400, 400, 403, 403, staff=400)),
    "courses-api:course-sessions": ("POST", answers(401, 400, 403, 403, 403, staff=400)),
    "courses-api:course-deferrals": ("POST", answers(401, 400, 403, 403, 403, staff=400)),
    "courses-api:session-observations": ("POST", answers(401, 400, 403, 403, 403, staff=400)),
    # The sample session was discharged already: clearing again answers the session unchanged.
    "courses-api:session-discharge": ("POST", answers(401, 200, 403, 403, 403, staff=403)),
    # The course pages: the schedule and session recording for clinicians and treatment
    # staff; courses read by everyone who reads patients; starting one by clinicians and
    # coordinators; the next step and discharge by clinicians; outcomes (counts) by reviewers and
    # clinicians. The matrix's body ({"q": "x"}) is no form: 400 where the role may post, except
    # discharge and filing, refused as a message on the session page (a redirect).
    "courses:schedule": ("GET", answers(LOGIN, 200, 403, 403, 403, staff=200)),
    "courses:outcomes": ("GET", answers(LOGIN, 200, 403, 200, 403, staff=403)),
    "courses:start-from-case": ("GET", answers(LOGIN, 200, 200, 403, 403, staff=403)),
    "courses:start-self-pay": ("GET", answers(LOGIN, 200, 200, 403, 403, staff=403)),
    "courses:course": ("GET", answers(LOGIN, 200, 200, 200, 403, staff=200)),
    "courses:decide": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=403)),
    "courses:status": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=403)),
    "courses:reassess": ("POST", answers(LOGIN, 409, 403, 403, 403, staff=403)),
    "courses:measurement-new": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=400)),
    "courses:rems-enrolment": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=400)),
    "courses:session-new": ("GET", answers(LOGIN, 200, 403, 403, 403, staff=200)),
    "courses:session": ("GET", answers(LOGIN, 200, 200, 200, 403, staff=200)),
    "courses:session-observe": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=400)),
    "courses:session-discharge": ("POST", answers(LOGIN, 302, 403, 403, 403, staff=403)),
    "courses:form-file": ("POST", answers(LOGIN, 302, 403, 403, 403, staff=302)),
    # Booking from the course page: clinicians, coordinators and treatment staff (SLOT_BOOKERS);
    # a relapse after a responded course: clinicians (the sample course has not responded: 400).
    "courses:slot-new": ("POST", answers(LOGIN, 400, 400, 403, 403, staff=400)),
    "courses:slot-cancel": ("POST", answers(LOGIN, 302, 302, 403, 403, staff=302)),
    "courses:relapse-new": ("POST", answers(LOGIN, 400, 403, 403, 403, staff=403)),
    # The audit export: administrators only (ids and action codes, no patient records).
    "audit:export": ("GET", answers(LOGIN, 403, 403, 403, 200)),
}

# Admin-site URLs whose answer to an administrator is a refusal: read-only models, and
# the autocomplete endpoint called without its parameters.
ADMIN_REFUSES_ADMINISTRATOR = {
    "admin:audit_auditevent_add",
    "admin:audit_auditevent_delete",
    "admin:jobs_taskrun_add",
    "admin:jobs_outboxmessage_add",
    "admin:jobs_taskeffect_add",
    "admin:autocomplete",
}

HOME_PATHS = {
    CLIN: "/home/clinician/",
    COORD: "/home/coordinator/",
    REV: "/home/reviewer/",
    ADMIN: "/home/admin/",
    STAFF: "/home/treatment/",
}


ADMIN_URLS = sorted(name for name in URLS if name.startswith("admin:"))
APP_URLS = sorted(name for name in URLS if not name.startswith("admin:"))


def test_every_url_has_an_expected_answer_per_role() -> None:
    missing = sorted(set(APP_URLS) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(APP_URLS))
    assert not missing, f"URLs with no expected answer per role: {missing}"
    assert not stale, f"expectations for URLs that no longer exist: {stale}"


@pytest.fixture
def sample_kwargs(db: None) -> dict[str, Any]:
    return build_samples().kwargs


def _client(client: Any, who: str) -> Any:
    if who != ANON:
        client.force_login(UserFactory(username=f"matrix-{who}", role=who))
    if who == ADMIN:
        # Past the code step, as tests/conftest.py's client_for; without it, see test_two_step.py.
        session = client.session
        session[SECOND_FACTOR_KEY] = True
        session.save()
    return client


def _url(name: str, sample_kwargs: dict[str, Any]) -> str:
    return sample_url(name, sample_kwargs)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", APP_URLS)
def test_app_url_answers_each_role_as_expected(
    client: Any, sample_kwargs: dict[str, Any], name: str, who: str
) -> None:
    method, expected_by_who = EXPECTED.get(name, ("GET", {}))
    assert who in expected_by_who, f"no expected answer for {who} on {name}"
    expected = expected_by_who[who]
    url = _url(name, sample_kwargs)
    client = _client(client, who)
    response = client.post(url, {"q": "x"}) if method == "POST" else client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, f"{who} {method} {name}: {response.status_code}"
        assert response["Location"].startswith("/login/"), response["Location"]
    elif expected == HOME:
        assert response.status_code == 302, f"{who} {method} {name}: {response.status_code}"
        assert response["Location"] in (HOME_PATHS[who], "/"), response["Location"]
    else:
        assert response.status_code == expected, f"{who} {method} {name}: {response.status_code}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", ADMIN_URLS)
def test_admin_site_admits_only_administrators(
    client: Any, sample_kwargs: dict[str, Any], name: str, who: str
) -> None:
    url = _url(name, sample_kwargs)
    client = _client(client, who)
    response = client.get(url)
    location = response.get("Location", "")
    if name == "admin:login":
        # Shadowed by the one sign-in page: the signed-out are sent there, the signed-in refused.
        expected = 302 if who == ANON else 403
        assert response.status_code == expected, f"{who} GET {name}: {response.status_code}"
    elif name == "admin:logout":
        # Shadowed by the app's sign-out, which takes POST only.
        expected = 302 if who == ANON else 405
        assert response.status_code == expected, f"{who} GET {name}: {response.status_code}"
    elif who == ADMIN and name in ADMIN_REFUSES_ADMINISTRATOR:
        assert response.status_code == 403, f"{who} GET {name}: {response.status_code}"
    elif who == ADMIN:
        assert response.status_code < 500, f"{who} GET {name}: {response.status_code}"
        assert response.status_code not in (401, 403), f"{who} GET {name}: {response.status_code}"
        assert "/login/" not in location, f"{who} GET {name} sent to {location}"
    else:
        assert response.status_code == 302, f"{who} GET {name}: {response.status_code}"
        assert "/admin/login/" in location, f"{who} GET {name} sent to {location}"
