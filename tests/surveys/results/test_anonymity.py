"""The anonymity rules, example by example (the property tests cover random organisations)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcare.surveys.questionnaire import AGE_BANDS
from hrcare.surveys.results import anonymity, audit
from hrcare.surveys.results.anonymity import (
    COMPLEMENT,
    OVERLAP,
    SECONDARY,
    SMALL,
    ThresholdError,
    check_threshold,
    find_disclosure,
    merge_age_bands,
    plan,
)
from tests.surveys.results.checker import Person, Shown, _overlap, violations

DIMS = ("department", "age_band", "position")


def cells_of(people: list[Person]) -> dict[tuple[str, ...], int]:
    cells: dict[tuple[str, ...], int] = {}
    for p in people:
        key = (p.department, p.age_band, "manager" if p.is_manager else "non_manager")
        cells[key] = cells.get(key, 0) + 1
    return cells


def published(people: list[Person], result: anonymity.Plan) -> list[Shown]:
    return [
        Shown(dim, frozenset([v]), result.counts[dim][v]) for dim in DIMS for v in result.shown(dim)
    ]


def crowd(dept: str, band: str, n: int, manager: bool = False) -> list[Person]:
    return [Person(dept, band, manager) for _ in range(n)]


def test_threshold_defaults_to_five_and_is_never_lower() -> None:
    assert check_threshold(None) == 5
    assert check_threshold(5) == 5
    assert check_threshold(7) == 7
    for bad in (4, 0, -1, True, "5", 4.9):
        with pytest.raises(ThresholdError):
            check_threshold(bad)  # type: ignore[arg-type]
    with pytest.raises(ThresholdError):
        plan({("a", "40-44", "manager"): 10}, DIMS, 3)


def test_nothing_is_shown_below_the_threshold() -> None:
    result = plan(cells_of(crowd("営業部", "40-44", 4)), DIMS, 5)
    assert not result.total_shown
    assert all(result.shown(dim) == () for dim in DIMS)


def test_group_rule_and_secondary_suppression() -> None:
    people = (
        crowd("営業部", "40-44", 20) + crowd("開発部", "40-44", 8) + crowd("法務部", "40-44", 2)
    )
    result = plan(cells_of(people), DIMS, 5)
    assert result.reason("department", "法務部") == SMALL
    # 法務部 alone would be total − 営業部 − 開発部: the next smallest goes too.
    assert result.reason("department", "開発部") == SECONDARY
    assert result.shown("department") == ("営業部",)
    assert violations(people, published(people, result), True, 5) == []


def test_two_small_groups_are_not_enough_protection() -> None:
    """1 + 2 suppressed respondents are still recoverable: suppression continues."""
    people = (
        crowd("A", "40-44", 20)
        + crowd("B", "40-44", 9)
        + crowd("C", "40-44", 1)
        + crowd("D", "40-44", 2)
    )
    result = plan(cells_of(people), DIMS, 5)
    assert result.shown("department") == ("A",)
    hidden = sum(result.counts["department"][v] for v in ("B", "C", "D"))
    assert hidden >= 5


def test_complement_rule() -> None:
    people = crowd("営業部", "40-44", 30) + crowd("開発部", "45-49", 3)
    result = plan(cells_of(people), DIMS, 5)
    assert result.reason("department", "営業部") == COMPLEMENT
    assert result.reason("department", "開発部") == SMALL


def test_a_group_equal_to_the_whole_population_is_shown() -> None:
    people = crowd("営業部", "40-44", 12) + crowd("営業部", "50-54", 9)
    result = plan(cells_of(people), DIMS, 5)
    assert result.shown("department") == ("営業部",)
    assert result.shown("age_band") == ("40-44", "50-54")


def test_company_threshold_seven() -> None:
    people = crowd("A", "40-44", 6) + crowd("B", "50-54", 20)
    assert plan(cells_of(people), DIMS, 5).is_shown("department", "A")
    strict = plan(cells_of(people), DIMS, 7)
    assert not strict.is_shown("department", "A") and not strict.is_shown("department", "B")


def test_nested_department_inside_an_age_band_is_caught() -> None:
    """Band 40–44 = 開発部 + 2 others: band minus department would isolate those 2."""
    people = (
        crowd("開発部", "40-44", 10)
        + crowd("営業部", "40-44", 2)
        + crowd("営業部", "45-49", 10)
        + crowd("総務部", "45-49", 8)
    )
    naive = [
        Shown("department", frozenset([d]), n)
        for d, n in (("開発部", 10), ("営業部", 12), ("総務部", 8))
    ]
    naive += [Shown("age_band", frozenset([b]), n) for b, n in (("40-44", 12), ("45-49", 18))]
    assert violations(people, naive, True, 5), "the checker must see the nested attack"
    shown = {
        "department": {"開発部", "営業部", "総務部"},
        "age_band": {"40-44", "45-49"},
        "position": {"non_manager"},
    }
    assert find_disclosure(cells_of(people), DIMS, shown, 5) is not None
    result = plan(cells_of(people), DIMS, 5)
    assert OVERLAP in {result.reason(d, v) for d in DIMS for v in result.values[d]}
    assert violations(people, published(people, result), True, 5) == []
    assert result.shown("department"), "the larger breakdown is kept"


def test_swapping_one_person_between_overlapping_groups_is_caught() -> None:
    """Department A and band X differ by swapping a for b: A − X = a − b."""
    people = (
        crowd("A", "40-44", 9)
        + crowd("A", "45-49", 1)
        + crowd("B", "40-44", 1)
        + crowd("B", "45-49", 9)
    )
    naive = [Shown("department", frozenset([d]), 10) for d in "AB"]
    naive += [Shown("age_band", frozenset([b]), 10) for b in ("40-44", "45-49")]
    assert violations(people, naive, True, 5)
    result = plan(cells_of(people), DIMS, 5)
    assert violations(people, published(people, result), True, 5) == []


def test_a_well_mixed_organisation_keeps_every_breakdown() -> None:
    people = []
    for dept in ("営業部", "開発部", "総務部"):
        for band in ("30-34", "40-44", "50-54"):
            people += crowd(dept, band, 4) + crowd(dept, band, 2, manager=True)
    result = plan(cells_of(people), DIMS, 5)
    assert len(result.shown("department")) == 3
    assert len(result.shown("age_band")) == 3
    assert len(result.shown("position")) == 2
    assert violations(people, published(people, result), True, 5) == []


def test_sub_population_layer_follows_its_parent() -> None:
    cells = {("A", "40-44", "non_manager"): 8, ("B", "40-44", "non_manager"): 9}
    result = plan(
        cells, DIMS, 5, eligible={"department": {"B"}, "age_band": {"40-44"}, "position": set()}
    )
    assert result.reason("department", "A") == anonymity.PARENT
    assert result.is_shown("department", "B")  # total − B = A's 8 caregivers: fine
    cells[("A", "40-44", "non_manager")] = 3
    result = plan(
        cells, DIMS, 5, eligible={"department": {"B"}, "age_band": {"40-44"}, "position": set()}
    )
    # B would reveal A's 3 caregivers by subtraction: the layer suppresses it too.
    assert result.reason("department", "B") == COMPLEMENT


def test_groups_nobody_answered_from_are_listed_as_suppressed() -> None:
    result = plan(
        cells_of(crowd("A", "40-44", 10)), DIMS, 5, values={"department": ["A", "一人部署"]}
    )
    assert result.values["department"] == ("A", "一人部署")
    assert result.reason("department", "一人部署") == SMALL


def test_undecided_searches_suppress_rather_than_guess() -> None:
    people = []
    for i, band in enumerate(("30-34", "35-39", "40-44", "45-49", "50-54", "55-59")):
        for j in range(6):
            people += crowd(f"D{j}", band, 1 + (i + j) % 3, manager=(i + j) % 4 == 0)
    generous = plan(cells_of(people), DIMS, 5)
    stingy = plan(cells_of(people), DIMS, 5, budget=0)
    assert violations(people, published(people, stingy), True, 5) == []
    assert violations(people, published(people, generous), True, 5) == []
    assert sum(len(stingy.shown(d)) for d in DIMS) <= sum(len(generous.shown(d)) for d in DIMS)


def test_merge_age_bands() -> None:
    order = ("<=29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", ">=60")
    counts = {
        "<=29": 2,
        "30-34": 3,
        "35-39": 10,
        "40-44": 1,
        "45-49": 6,
        "50-54": 0,
        "55-59": 9,
        ">=60": 4,
    }
    groups = merge_age_bands(counts, order, 5)
    assert [b for g in groups for b in g] == list(order)
    assert all(sum(counts[b] for b in g) >= 5 for g in groups)
    assert [anonymity.band_label(g) for g in groups] == ["<=34", "35-39", "40-54", ">=55"]
    big = dict.fromkeys(order, 50)
    assert merge_age_bands(big, order, 5) == [[b] for b in order]
    assert anonymity.band_label(list(order)) == "all"


@st.composite
def audits(draw: Any) -> tuple[int, list[Person], dict[str, set[str]]]:
    """A random organisation and a random choice of shown groups (each of at least k)."""
    k = draw(st.sampled_from([5, 5, 6]))
    people = []
    for d in range(draw(st.integers(1, 7))):
        bands = draw(st.lists(st.sampled_from(AGE_BANDS[:5]), min_size=1, max_size=3, unique=True))
        for _ in range(draw(st.integers(1, 14))):
            people.append(
                Person(f"D{d}", draw(st.sampled_from(bands)), draw(st.integers(0, 3)) == 0)
            )
    result = plan(cells_of(people), DIMS, k)
    shown = {
        dim: {v for v in result.values[dim] if result.counts[dim][v] >= k and draw(st.booleans())}
        for dim in DIMS
    }
    return k, people, shown


@settings(max_examples=300, deadline=None)
@given(case=audits())
def test_audit_agrees_with_the_independent_checker(
    case: tuple[int, list[Person], dict[str, set[str]]],
) -> None:
    """Differential test of both exact searches against checker.py on arbitrary shown sets."""
    k, people, shown = case
    groups = [
        Shown(dim, frozenset([v]), sum(1 for p in people if p.value(dim) == v))
        for dim in DIMS
        for v in shown[dim]
    ]
    truth = bool(_overlap(people, groups, k))
    finding = find_disclosure(cells_of(people), DIMS, shown, k)
    assert (finding is not None) == truth or (finding is not None and not finding.proven)
    coarse: dict[tuple[str | None, ...], int] = {}
    for cell, n in cells_of(people).items():
        key = tuple(cell[i] if cell[i] in shown[dim] else None for i, dim in enumerate(DIMS))
        coarse[key] = coarse.get(key, 0) + n
    if any(n < k for n in coarse.values()):
        reduced = audit._reduced(coarse, DIMS, shown, k, anonymity.SEARCH_BUDGET)
        if reduced is not audit._UNDECIDED:
            assert (reduced is not None) == truth
        members = {key: [key] for key in coarse}
        generic = audit._generic(coarse, members, DIMS, shown, k, anonymity.SEARCH_BUDGET)  # type: ignore[arg-type]
        if generic is None or generic.proven:
            assert (generic is not None) == truth
