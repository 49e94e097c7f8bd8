"""Business days in Japan: weekends, national holidays (the ``holidays`` library, JP) and
the year-end days government offices close (12/29–1/3, 行政機関の休日に関する法律)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _national(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("JP", years=year))


def is_business_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3):
        return False
    return day not in _national(day.year)


def add_business_days(start: date, days: int) -> date:
    """The ``days``-th business day after ``start`` (a request on Friday, 3 days: Wednesday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day
