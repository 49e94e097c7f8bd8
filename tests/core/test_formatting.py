"""The project's one yen formatter: 億/万 for reading, full values for tables."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from flask import Flask, render_template_string

from hrcare.core.formatting import yen_full, yen_ja


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (9_179_200_000_000, "9兆1,792億円"),
        (9_179_249_999_999, "9兆1,792億円"),
        (9_179_250_000_000, "9兆1,793億円"),  # halves round up
        (624_000_000, "6億2,400万円"),
        (123_456_789, "1億2,346万円"),
        (1_234_567_890, "12億3,500万円"),  # from 10億, 万 in hundreds
        (1_234_500_000, "12億3,500万円"),  # exact half of 100万: up
        (1_233_500_000, "12億3,400万円"),  # and up again, not to even
        (100_000_000, "1億円"),
        (7_730_000, "773万円"),
        (208_000, "20万8,000円"),
        (77_300, "7万7,300円"),
        (8_000, "8,000円"),
        (0, "0円"),
        (0.4, "0円"),
        (-0.4, "0円"),
        (2.5, "3円"),
        (999_999_999_999, "1兆円"),  # carry into the next unit
        (999_999_999_999.9, "1兆円"),
        (99_999_999.6, "1億円"),
        (99_995_000, "1億円"),  # 9,999.5万 rounds up to 1億
        (55_701_635, "5,570万円"),  # from 100万 the yen below 万 are dropped
        (193_408, "19万3,408円"),
        (-120_000_000, "-1億2,000万円"),
        (2_000_000_000_000, "2兆円"),
    ],
)
def test_yen_ja(amount: float, text: str) -> None:
    assert yen_ja(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (624_000_000, "¥624,000,000"),
        (123_456_789, "¥123,456,789"),
        (0.5, "¥1"),
        (2.5, "¥3"),
        (-1_234.4, "-¥1,234"),
        (-1_234.5, "-¥1,235"),
        (-0.4, "¥0"),
        (0, "¥0"),
    ],
)
def test_yen_full(amount: float, text: str) -> None:
    assert yen_full(amount) == text


def test_numpy_and_decimal_amounts() -> None:
    assert yen_ja(np.int64(624_000_000)) == "6億2,400万円"
    assert yen_ja(np.float64(77_300.0)) == "7万7,300円"
    assert yen_full(np.int64(9_007_199_254_740_993)) == "¥9,007,199,254,740,993"  # exact
    assert yen_ja(Decimal("9179250000000")) == "9兆1,793億円"
    assert yen_full(Decimal("2.5")) == "¥3"


def test_missing_values_print_a_dash() -> None:
    for missing in (None, float("nan"), np.nan, Decimal("NaN")):
        assert yen_ja(missing) == "—"
        assert yen_full(missing) == "—"


def test_infinite_and_non_numbers_are_errors() -> None:
    with pytest.raises(ValueError):
        yen_ja(float("inf"))
    with pytest.raises(ValueError):
        yen_full(float("-inf"))
    with pytest.raises(TypeError):
        yen_ja("100")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        yen_full(True)  # type: ignore[arg-type]


def test_jinja_filters(app: Flask) -> None:
    with app.test_request_context():
        out = render_template_string(
            "{{ a|yen_ja }} {{ a|yen }} {{ b|yen_ja }}", a=999_999_999_999, b=None
        )
    assert out == "1兆円 ¥999,999,999,999 —"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (9_179_200_000_000, "¥9.18 trillion"),
        (624_000_000, "¥624 million"),
        (57_670_000, "¥57.7 million"),
        (1_234_567_890, "¥1.23 billion"),
        (77_300, "¥77,300"),
        (-2_500_000, "-¥2.5 million"),
        (None, "—"),
    ],
)
def test_yen_en_reads_in_millions_and_trillions(amount: object, expected: str) -> None:
    from hrcare.core.formatting import yen_en

    assert yen_en(amount) == expected  # type: ignore[arg-type]


def test_yen_read_follows_the_page_language(app) -> None:  # type: ignore[no-untyped-def]
    from flask_babel import force_locale

    from hrcare.core.formatting import yen_read

    with app.test_request_context():
        with force_locale("ja"):
            assert yen_read(624_000_000) == "6億2,400万円"
        with force_locale("en"):
            assert yen_read(624_000_000) == "¥624 million"
