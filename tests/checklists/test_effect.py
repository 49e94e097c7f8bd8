"""効果検証: the change between waves and whether it exceeds noise; the SVG chart."""

from __future__ import annotations

import math

import pytest

from hrcare.checklists import effect
from hrcare.checklists.figures import Figure, WaveFigures


def test_difference_of_proportions_interval() -> None:
    change = effect.difference(Figure(40.0, 200), Figure(55.0, 220))
    se = math.sqrt(0.4 * 0.6 / 200 + 0.55 * 0.45 / 220)
    assert change.diff == 15.0
    assert change.low == pytest.approx(round(100 * (0.15 - 1.959964 * se), 1))
    assert change.high == pytest.approx(round(100 * (0.15 + 1.959964 * se), 1))
    assert change.beyond_noise


def test_small_groups_are_noise() -> None:
    change = effect.difference(Figure(40.0, 12), Figure(55.0, 11))
    assert change.low < 0 < change.high and not change.beyond_noise


def test_no_respondents_no_change() -> None:
    assert effect.difference(Figure(40.0, 0), Figure(50.0, 10)) is None


def _wave(n: int, closed: bool, **figures: Figure) -> WaveFigures:
    return WaveFigures(n, "<script>調査</script>", "", n, closed, 100, 80, figures)


def test_series_and_chart() -> None:
    waves = [
        _wave(1, True, knows_legal_share=Figure(38.0, 90), response_rate=Figure(60.0, 100)),
        _wave(2, True, knows_legal_share=Figure(61.0, 95), response_rate=Figure(75.0, 110)),
        _wave(3, False, response_rate=Figure(40.0, 120)),
    ]
    [knows, rate] = effect.series(waves, {"knows_legal_share": 60.0, "response_rate": None})
    assert knows.change is not None and knows.change.diff == 23.0 and knows.change.beyond_noise
    assert knows.target_met is True and knows.latest.pct == 61.0
    assert rate.change.diff == 15.0  # closed waves only: the open wave is still collecting
    svg = str(knows.chart())
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    assert "61%" in svg and "stroke-dasharray" in svg  # the value and the target line
    assert svg.count("<circle") == 2  # the open wave shows no knowledge figure
