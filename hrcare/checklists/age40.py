"""早期の情報提供 (age 40, 育児・介護休業法 from 2025-04-01): the window of each employee.

The employer informs every employee within a window it chooses (the company setting
``age40_window``):

- ``fiscal_year``: the 年度 (1 April – 31 March) containing the day the employee reaches 40;
- ``one_year`` (printed as ``birthday_year``): one year from the day after the day the
  employee reaches 40, i.e. from the 40th birthday (1 March for a 29 February birthday in a
  common year), ending the day before the same date a year later (民法143条; when that date
  does not exist, at the end of February).

A person reaches an age at the end of the day before the birthday (年齢計算ニ関スル法律), which
``roster.services.day_reaching_age`` computes. Every count and list of the product (the
dashboard, the ledger, its export, the command line) goes through ``window``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hrcare.roster.services import day_reaching_age, fiscal_year

#: The company setting's values → the names the command line prints.
RULE_NAMES = {"fiscal_year": "fiscal_year", "one_year": "birthday_year"}
#: How far ahead the ledger looks (the command line's "opens within the following 365 days").
LOOKAHEAD_DAYS = 365
#: The duty is in force from this day; windows that ended before it owe nothing.
IN_FORCE = date(2025, 4, 1)


@dataclass(frozen=True)
class Window:
    reached: date  # the day the employee legally reaches 40
    start: date
    end: date  # inclusive: the due date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _one_year_end(start: date) -> date:
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # started on 29 February: no such day next year → end of February
        return date(start.year + 1, 2, 28)


def window(birth_date: date, rule: str) -> Window:
    reached = day_reaching_age(birth_date, 40)
    if rule == "fiscal_year":
        year = fiscal_year(reached)
        return Window(reached, date(year, 4, 1), date(year + 1, 3, 31))
    if rule == "one_year":
        start = reached + timedelta(days=1)
        return Window(reached, start, _one_year_end(start))
    raise ValueError(f"unknown age-40 window rule {rule!r}")


def in_horizon(win: Window, on: date) -> bool:
    """Open on ``on`` or opening within the following 365 days."""
    return win.end >= on and win.start <= on + timedelta(days=LOOKAHEAD_DAYS)


def overdue(win: Window, on: date) -> bool:
    """The window has closed (after the law came into force) without the information."""
    return IN_FORCE <= win.end < on


def _first_birth(predicate, last: date) -> int:  # type: ignore[no-untyped-def]
    """The first birth date's ordinal, up to ``last``, whose window meets ``predicate``
    (false, then true, as birth dates grow); ``last`` + 1 when none does."""
    lo, hi = date(1900, 1, 1).toordinal(), last.toordinal() + 1
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(date.fromordinal(mid)):
            hi = mid
        else:
            lo = mid + 1
    return lo


def listed_births(rule: str, on: date, *, past: bool) -> tuple[date, date]:
    """The birth dates whose window a ledger list may hold on ``on``: open, or opening within
    ``LOOKAHEAD_DAYS`` (``in_horizon``), and with ``past`` also those closed since the law
    came into force (``overdue``). An interval, because a window's start and end never move
    earlier for a later birth date; found by bisection with ``window`` itself, so a query can
    read only these employees and still apply the exact rule to each."""
    ends_from = min(on, IN_FORCE) if past else on
    opens_by = on + timedelta(days=LOOKAHEAD_DAYS)
    last = opens_by  # nobody born later reaches 40 within the horizon
    low = _first_birth(lambda born: window(born, rule).end >= ends_from, last)
    high = _first_birth(lambda born: window(born, rule).start > opens_by, last) - 1
    return date.fromordinal(low), date.fromordinal(max(high, low - 1))
