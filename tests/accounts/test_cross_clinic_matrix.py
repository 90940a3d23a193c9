"""The role-by-URL matrix again, from another clinic: every URL naming a patient's record answers
a member of staff of a different clinic as if the record did not exist.

The URL list and the expected answers come from the role matrix, so a new URL that takes a
record's id is covered here as soon as it has its row there.
"""

from __future__ import annotations

from typing import Any

import pytest

from elevium.accounts.roles import Role
from tests.accounts.test_role_matrix import APP_URLS, EXPECTED, URLS, _url, sample_kwargs  # noqa: F401
from tests.factories import ClinicFactory, UserFactory, default_clinic

# URL parameters that name a record belonging to one patient, hence to one clinic.
RECORD_PARAMS = frozenset(
    {
        "patient_id", "reassessment_id", "evaluation_id", "other_id", "case_id", "coverage_id",
        "course_id", "session_id", "form_id", "slot_id",
    }
)  # fmt: skip
STAFF = (Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER, Role.TREATMENT_STAFF)
RECORD_URLS = sorted(name for name in APP_URLS if URLS[name] & RECORD_PARAMS)


def test_the_cross_clinic_matrix_covers_every_record_url() -> None:
    # A guard against the walk finding nothing (and every case below passing vacuously).
    assert len(RECORD_URLS) >= 40, RECORD_URLS


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("name", RECORD_URLS)
def test_staff_of_another_clinic_get_404_for_every_record_url(
    client: Any,
    sample_kwargs: dict[str, Any],  # noqa: F811 - the role matrix's fixture
    name: str,
    role: Role,
) -> None:
    method, expected_by_who = EXPECTED[name]
    own_clinic_answer = expected_by_who[role]
    outsider = UserFactory(username=f"outsider-{role.value}", role=role, clinics=[ClinicFactory()])
    client.force_login(outsider)
    url = _url(name, sample_kwargs)
    response = client.post(url, {"q": "x"}) if method == "POST" else client.get(url)
    if own_clinic_answer == 403:
        # Refused by role before the record is looked up: the same answer from any clinic.
        assert response.status_code == 403, f"{role} {method} {name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{role} {method} {name}: {response.status_code}"


@pytest.mark.parametrize("role", STAFF)
def test_a_member_of_both_clinics_reaches_the_record(
    client: Any,
    sample_kwargs: dict[str, Any],  # noqa: F811 - the role matrix's fixture
    role: Role,
) -> None:
    both = UserFactory(username=f"both-{role.value}", role=role, clinics=[ClinicFactory(), default_clinic()])
    client.force_login(both)
    # Treatment staff read courses, not the patient page.
    name = "courses-api:course-detail" if role == Role.TREATMENT_STAFF else "patients:patient-detail"
    response = client.get(_url(name, sample_kwargs))
    assert response.status_code == 200
