"""First-response due dates count Japanese business days (holidays from the ``holidays`` library)."""

from __future__ import annotations

from datetime import date

import pytest

from hrcare.consultations.calendar import add_business_days, is_business_day


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 3, 2), 3, date(2026, 3, 5)),  # Monday → Thursday
        (date(2026, 3, 6), 3, date(2026, 3, 11)),  # Friday → Wednesday (weekend skipped)
        (date(2026, 4, 30), 3, date(2026, 5, 8)),  # Golden Week: 5/3–5/6 holidays, 5/6 振替休日
        (date(2026, 12, 25), 3, date(2027, 1, 5)),  # Fri → 12/28, (12/29–1/3 closed), 1/4, 1/5
        (date(2026, 9, 18), 1, date(2026, 9, 24)),  # 敬老の日 9/21, 国民の休日 9/22, 秋分の日 9/23
    ],
)
def test_due_dates_skip_weekends_and_japanese_holidays(start: date, days: int, due: date) -> None:
    assert add_business_days(start, days) == due


def test_substitute_holiday_is_not_a_business_day() -> None:
    assert not is_business_day(date(2026, 5, 6))  # 振替休日 for 5/3 (Sunday)
    assert is_business_day(date(2026, 5, 7))


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2026, 1, 5), -1)
