"""The age-40 duty counts people by the day they legally reach 40 and the 年度 it falls in."""

from __future__ import annotations

from datetime import date

import pytest

from hrcare.roster.services import day_reaching_age, fiscal_year, headcount


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        (date(1986, 6, 15), date(2026, 6, 14)),
        (date(1986, 4, 1), date(2026, 3, 31)),  # reaches 40 in the previous 年度
        (date(1988, 2, 29), date(2028, 2, 28)),  # leap year: the day before the birthday
        (date(1987, 2, 28), date(2027, 2, 27)),
    ],
)
def test_day_reaching_age(birth: date, reached: date) -> None:
    assert day_reaching_age(birth, 40) == reached


def test_day_reaching_age_for_29_february_in_a_common_year() -> None:
    # Born 29 February 1984; 2024 is a leap year, 2025 is not (reaches 41 on 28 February).
    assert day_reaching_age(date(1984, 2, 29), 41) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026), (date(2026, 3, 31), 2025)],
)
def test_fiscal_year(day: date, year: int) -> None:
    assert fiscal_year(day) == year


def test_headcount_counts_those_reaching_40_in_this_fiscal_year(
    tenant_a, make_employee, session
) -> None:
    today = date(2026, 11, 26)  # 年度 2026: 2026-04-01 .. 2027-03-31
    inside = [date(1986, 4, 2), date(1986, 12, 1), date(1987, 4, 1)]  # reach 40 on 4/1, 11/30, 3/31
    outside = [date(1986, 4, 1), date(1987, 4, 2), date(1990, 1, 1)]
    for birth in inside + outside:
        make_employee(tenant_a.company, birth_date=birth)
    counts = headcount(session, tenant_a.company.id, today)
    assert counts.reaching_40_this_fiscal_year == len(inside)
    assert counts.employees == 6
