"""The NPI's check digit (Luhn over 80840 and the first nine digits), table-driven."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clinics.models import Prescriber
from clinics.npi import npi_problem
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("npi", "problem"),
    [
        ("1234567893", None),  # CMS's worked example
        ("1245319599", None),
        ("1234567890", "check digit"),
        ("1234567894", "check digit"),
        ("123456789", "ten digits"),
        ("12345678931", "ten digits"),
        ("12345678a3", "ten digits"),
        ("１２３４５６７８９３", "ten digits"),  # full-width digits are digits to isdigit()
        ("3234567893", "starts with 1 or 2"),
        ("", "ten digits"),
    ],
)
def test_the_npi_check_digit(npi: str, problem: str | None) -> None:
    found = npi_problem(npi)
    assert (found is None) if problem is None else (found is not None and problem in found)
    if found:
        assert found.endswith(".") and "_" not in found


@pytest.mark.django_db
def test_a_prescriber_with_a_mistyped_npi_is_refused_on_its_field() -> None:
    prescriber = Prescriber(user=UserFactory(username="npi-doc"), credentials="MD", npi="1234567890")
    with pytest.raises(ValidationError) as caught:
        prescriber.full_clean()
    assert list(caught.value.message_dict) == ["npi"]
    prescriber.npi = "1234567893"
    prescriber.full_clean()
