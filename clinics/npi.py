"""The National Provider Identifier's check digit (45 CFR 162.406): ten digits, the last a Luhn
check digit computed over the card-issuer prefix 80840 followed by the first nine digits.

Plain Python, no Django: the model field's validator and the tests call ``npi_problem``.
"""

from __future__ import annotations

# The health-industry prefix the NPI's check digit is computed with (CMS, "NPI check digit").
_PREFIX = "80840"


def _luhn_check_digit(digits: str) -> int:
    """The Luhn digit that completes ``digits`` (every second digit doubled from the right)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


def npi_problem(value: str) -> str | None:
    """A sentence saying what is wrong with ``value`` as an NPI, or None when it is valid."""
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return "An NPI is ten digits."
    if value[0] not in "12":
        return "An NPI starts with 1 or 2."
    if _luhn_check_digit(_PREFIX + value[:9]) != int(value[9]):
        return "This NPI's last digit does not match its check digit: check it against the NPI registry."
    return None
