"""Japanese yen formatting."""

from __future__ import annotations

import pytest

from hrcare.loss.format import format_yen_full, format_yen_ja


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (9_179_200_000_000, "9兆1,792億円"),
        (9_179_249_999_999, "9兆1,792億円"),
        (9_179_250_000_000, "9兆1,793億円"),  # halves round up
        (624_000_000, "6億2,400万円"),
        (123_456_789, "1億2,346万円"),
        (1_234_567_890, "12億3,500万円"),  # from 10億, 万 in hundreds
        (100_000_000, "1億円"),
        (7_730_000, "773万円"),
        (208_000, "20万8,000円"),
        (77_300, "7万7,300円"),
        (8_000, "8,000円"),
        (0, "0円"),
        (0.4, "0円"),
        (999_999_999_999.9, "1兆円"),  # carry into the next unit
        (99_999_999.6, "1億円"),
        (-120_000_000, "-1億2,000万円"),
    ],
)
def test_format_yen_ja(amount: float, text: str) -> None:
    assert format_yen_ja(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (624_000_000, "¥624,000,000"),
        (123_456_789, "¥123,456,789"),
        (0.5, "¥1"),
        (2.5, "¥3"),
        (-1_234.4, "-¥1,234"),
        (0, "¥0"),
    ],
)
def test_format_yen_full(amount: float, text: str) -> None:
    assert format_yen_full(amount) == text


def test_non_finite_is_an_error() -> None:
    with pytest.raises(ValueError):
        format_yen_ja(float("nan"))
    with pytest.raises(ValueError):
        format_yen_full(float("inf"))
