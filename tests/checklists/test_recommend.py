"""Every recommendation rule: fires on its figure, stays quiet otherwise, never on a hidden one."""

from __future__ import annotations

import pytest

from hrcare.checklists import recommend
from hrcare.checklists.figures import Figure, WaveFigures

EVERYTHING_FINE = {
    "knows_legal_share": Figure(72.0, 120),
    "response_rate": Figure(81.0, 150),
    "far_relatives_share": Figure(12.0, 25),
    "considering_leaving_share": Figure(0.0, 12),
}
INDICATORS = {"response_rate": 80.0}


def wave(**figures: Figure) -> WaveFigures:
    merged = {**EVERYTHING_FINE, **figures}
    return WaveFigures(
        1, "調査", "Survey", 1, True, 150, 121, {k: v for k, v in merged.items() if v}
    )


def fired(latest: WaveFigures | None, indicators=INDICATORS) -> list[str]:
    return [r.rule.code for r in recommend.evaluate(latest, indicators)]


def test_the_table_lists_each_rule_once() -> None:
    codes = [r.code for r in recommend.RULES]
    assert len(codes) == len(set(codes)) == 6


def test_nothing_fires_when_everything_is_fine() -> None:
    assert fired(wave()) == []


@pytest.mark.parametrize(
    ("code", "metric", "firing", "quiet", "actions"),
    [
        ("knowledge_low", "knows_legal_share", 49.9, 50.0, ("3-1", "3-2")),
        ("response_low", "response_rate", 49.0, 50.0, ("2-1",)),
        ("relatives_far", "far_relatives_share", 30.0, 29.9, ("measure:telework", "opt-external")),
        (
            "leaving_high",
            "considering_leaving_share",
            recommend.NATIONAL_LEAVING_PCT,
            recommend.NATIONAL_LEAVING_PCT - 0.1,
            ("opt-consult", "opt-hr"),
        ),
    ],
)
def test_figure_rules(code, metric, firing, quiet, actions) -> None:
    [rec] = recommend.evaluate(wave(**{metric: Figure(firing, 40)}), INDICATORS)
    assert rec.rule.code == code and rec.rule.actions == actions
    assert f"{firing:g}" in rec.because and "40" in rec.because  # the figure behind the rule
    assert fired(wave(**{metric: Figure(quiet, 40)})) == []
    # a figure that is not published (under the threshold) never fires
    assert code not in fired(wave(**{metric: None}))


def test_national_share_comes_from_the_loss_model() -> None:
    assert recommend.NATIONAL_LEAVING_PCT == 3.5  # METI: 112,500 leavers / 3,180,000 caregivers


def test_no_released_wave() -> None:
    [rec] = recommend.evaluate(None, INDICATORS)
    assert rec.rule.code == "no_release" and rec.rule.actions == ("2-1",)
    assert "0" in rec.because


def test_no_indicators() -> None:
    [rec] = recommend.evaluate(wave(), {})
    assert rec.rule.code == "no_indicators" and rec.rule.actions == ("2-3",)


def test_rules_fire_together_in_table_order() -> None:
    latest = wave(knows_legal_share=Figure(30.0, 100), response_rate=Figure(20.0, 500))
    assert fired(latest, {}) == ["knowledge_low", "response_low", "no_indicators"]


def test_every_rule_links_to_an_action_that_exists() -> None:
    from hrcare.checklists import guideline
    from hrcare.checklists.models import MEASURE_CODES

    for rule in recommend.RULES:
        for target in rule.actions:
            kind, _, code = target.partition(":")
            assert guideline.action(target) or (kind == "measure" and code in MEASURE_CODES), target
