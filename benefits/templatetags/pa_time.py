"""A case's times in the plan's time zone, the zone named ("2026-12-04 23:59 EST"): the decision
clock is counted in that zone (benefits/deadlines.py), so a bare "23:59" would be read in the
reader's own zone and mislead by hours (issue 12)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def in_zone(value: dt.datetime | None, zone_name: str) -> str:
    """``value`` in ``zone_name`` (the clinic's zone when that is not a known zone), or ""."""
    if value is None:
        return ""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(settings.TIME_ZONE)
    local = value.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
