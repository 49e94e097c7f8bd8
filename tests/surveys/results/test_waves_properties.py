"""SECURITY.md item 4 on the waves comparison page: random organisations over several waves.

Subtracting one wave's figures from another's is allowed (different answers, given at
different times); what must not happen is that the comparison publishes, for any one wave,
a figure that wave's own results would hide, or a combination of groups within one wave that
isolates fewer than ``threshold`` respondents. For every segment the page offers (the union
of every wave's groups, as the view builds its selector) and for everyone, each wave's
column must show exactly what that wave's results show for the group — nothing when the
group is suppressed there — and the independent checker must find no isolation among the
groups the page revealed for that wave, for respondents and for caregivers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcare.surveys.questionnaire import BALANCING
from hrcare.surveys.results.aggregates import Group, SurveyResults
from hrcare.surveys.results.definitions import DIMENSIONS
from hrcare.surveys.results.waves import compare
from tests.surveys.results.checker import Person, Shown, violations
from tests.surveys.results.conftest import wave_results
from tests.surveys.results.test_properties import organisations


def segment_choices(waves: list[SurveyResults]) -> list[tuple[str | None, str | None]]:
    """What the page's selector offers: everyone, then every group of any wave."""
    choices: list[tuple[str | None, str | None]] = [(None, None)]
    for dim in DIMENSIONS:
        for results in waves:
            for group in results.segments.get(dim, ()):
                if (dim, group.value) not in choices:
                    choices.append((dim, group.value))
    return choices


def expected_value(source: Group | SurveyResults, code: str, option: str) -> float | None:
    question = source.question(code)
    return None if question is None else question.pct(option)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    orgs=st.lists(organisations(), min_size=2, max_size=3),
    statuses=st.lists(st.sampled_from(["closed", "closed", "open"]), min_size=3, max_size=3),
    seed=st.integers(0, 10_000),
)
def test_waves_comparison_shows_only_what_each_wave_shows(
    app: Any, orgs: list[tuple[int, list[Person]]], statuses: list[str], seed: int
) -> None:
    threshold = orgs[0][0]  # one company, one threshold; each wave its own organisation
    waves = [
        wave_results(i + 1, statuses[i], threshold, people, seed + i)
        for i, (_k, people) in enumerate(orgs)
    ]
    revealed: list[list[Shown]] = [[] for _ in waves]
    revealed_carers: list[list[Shown]] = [[] for _ in waves]
    for by, value in segment_choices(waves):
        comparison = compare(waves, by, value)
        assert len(comparison.waves) == len(waves)
        for i, (column, results) in enumerate(zip(comparison.waves, waves, strict=True)):
            if by is None:
                source: Group | SurveyResults | None = results if results.shown else None
            else:
                group = next((g for g in results.segments[by] if g.value == value), None)
                source = group if group is not None and group.shown and results.shown else None
            if source is None:
                assert (
                    not column.shown and column.respondents is None and column.response_rate is None
                )
                assert all(row.values[i] is None for b in comparison.blocks for row in b.rows)
                continue
            assert column.shown and column.respondents == source.respondents
            assert column.response_rate == source.response_rate
            for block in comparison.blocks:
                for row in block.rows:
                    assert row.values[i] == expected_value(source, block.code, row.code), (
                        by,
                        value,
                        i,
                        block.code,
                        row.code,
                    )
            if by is not None and isinstance(source, Group):
                members = frozenset(source.members or (source.value,))
                revealed[i].append(Shown(by, members, int(source.respondents or 0)))
                carer_q = source.question(BALANCING)
                if carer_q is not None and any(
                    row.values[i] is not None
                    for b in comparison.blocks
                    if b.code == BALANCING
                    for row in b.rows
                ):
                    revealed_carers[i].append(Shown(by, members, carer_q.base))
    for i, (_k, people) in enumerate(orgs):
        respondents = [p for p in people if p.responded]
        carers = [p for p in respondents if p.caring == "yes"]
        assert violations(respondents, revealed[i], waves[i].shown, threshold) == []
        assert violations(carers, revealed_carers[i], bool(revealed_carers[i]), threshold) == []
        if waves[i].status != "closed":
            assert all(row.values[i] is None for b in compare(waves).blocks for row in b.rows)
