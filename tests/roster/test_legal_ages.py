"""The age-40 duty counts people by the day they legally reach 40 and the 年度 it falls in."""

from __future__ import annotations

from datetime import date

import pytest

from hrcare.roster.services import age_on, day_reaching_age, fiscal_year, headcount


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


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1986, 6, 15), date(2026, 6, 13), 39),
        (date(1986, 6, 15), date(2026, 6, 14), 40),  # the legal day of reaching 40
        (date(1986, 6, 15), date(2026, 6, 15), 40),  # the birthday itself
        (date(1988, 2, 29), date(2028, 2, 28), 40),  # leap year: the day before 29 February
        (date(1984, 2, 29), date(2025, 2, 27), 40),
        (date(1984, 2, 29), date(2025, 2, 28), 41),  # common year: reached on 28 February
        (date(1986, 4, 1), date(2026, 3, 31), 40),
    ],
)
def test_age_on_counts_the_new_age_from_the_legal_day(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age
    assert age_on(birth, day_reaching_age(birth, age)) == age


def test_headcount_counts_40_plus_from_the_legal_day(tenant_a, make_employee, session) -> None:
    today = date(2026, 6, 14)
    make_employee(tenant_a.company, birth_date=date(1986, 6, 15))  # reaches 40 today
    make_employee(tenant_a.company, birth_date=date(1986, 6, 16))  # tomorrow
    assert headcount(session, tenant_a.company.id, today).aged_40_plus == 1
