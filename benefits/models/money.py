"""The field options every amount of money shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator

# Ten digits with cents, never negative: benefits checks' amounts and the clinic's prices.
MONEY: dict[str, Any] = {
    "max_digits": 10,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}
