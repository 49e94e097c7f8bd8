"""Waves of one survey series side by side: did support measures change anything?

Each wave's figures come from that wave's own ``SurveyResults``, so each wave keeps its own
suppression: a segment hidden in a wave shows as hidden in that wave's column, whatever the
other waves show. Differences are between consecutive waves that both show the figure, in
percentage points; a wave still taking answers is marked and never differenced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hrcare.surveys.questionnaire import (
    ANXIETY,
    BALANCING,
    CAN_CONTINUE,
    CAN_TALK,
    CARING,
    EVERYONE,
    KNOWS_CENTER,
    KNOWS_COMPANY_SUPPORT,
    KNOWS_INSURANCE,
    KNOWS_LAW_CODES,
    KNOWS_MEASURES,
    LIKELY_FUTURE,
    PREFER_NOT,
    Option,
)
from hrcare.surveys.results.aggregates import SurveyResults
from hrcare.surveys.results.columns import QuestionResult

#: The figures compared: caregiver share, balancing status, the outlook and knowledge items
#: (questionnaire version 1's mixed "measures" item, or version 2's legal systems one by one
#: and the company's own support: a wave shows the ones it asked).
KEY_QUESTIONS: tuple[str, ...] = (
    CARING,
    BALANCING,
    LIKELY_FUTURE,
    ANXIETY,
    KNOWS_INSURANCE,
    KNOWS_CENTER,
    KNOWS_MEASURES,
    *KNOWS_LAW_CODES,
    KNOWS_COMPANY_SUPPORT,
    CAN_TALK,
    CAN_CONTINUE,
)


@dataclass(frozen=True)
class WaveColumn:
    survey_id: int
    wave: int
    title: str
    title_en: str
    status: str
    shown: bool
    answers_available: bool
    respondents: int | None
    invited: int | None
    response_rate: float | None


@dataclass(frozen=True)
class FigureRow:
    code: str
    label_ja: str
    label_en: str
    values: tuple[float | None, ...]
    diffs: tuple[float | None, ...]  # against the previous wave; None for the first


@dataclass(frozen=True)
class FigureBlock:
    code: str
    text_ja: str
    text_en: str
    base: str  # "respondents", "caregivers" or "non_caregivers"
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class WaveComparison:
    series: str
    by: str | None
    value: str | None
    label_ja: str
    label_en: str
    waves: tuple[WaveColumn, ...]
    blocks: tuple[FigureBlock, ...]


def _diffs(values: Sequence[float | None]) -> tuple[float | None, ...]:
    out: list[float | None] = [None]
    for before, after in zip(values, values[1:], strict=False):
        out.append(round(after - before, 1) if before is not None and after is not None else None)
    return tuple(out)


def compare(
    waves: Sequence[SurveyResults], by: str | None = None, value: str | None = None
) -> WaveComparison:
    """Key figures of each wave (oldest first), overall or for one segment."""
    columns: list[WaveColumn] = []
    questions: list[dict[str, QuestionResult]] = []
    label_ja = label_en = ""
    for results in waves:
        respondents = invited = rate = None
        found: dict[str, QuestionResult] = {}
        shown = results.shown
        if by is None:
            respondents, invited, rate = results.respondents, results.invited, results.response_rate
            found = {q.code: q for q in results.questions}
        else:
            group = next((g for g in results.segments.get(by, ()) if g.value == value), None)
            shown = shown and group is not None and group.shown
            if group is not None:
                label_ja, label_en = group.label_ja, group.label_en
            if shown and group is not None:
                respondents, invited, rate = group.respondents, group.invited, group.response_rate
                found = {q.code: q for q in group.questions}
        columns.append(
            WaveColumn(
                results.survey_id,
                results.wave,
                results.title,
                results.title_en,
                results.status,
                shown,
                results.answers_available and shown,
                respondents,
                invited,
                rate,
            )
        )
        questions.append(found)
    blocks = []
    for code in KEY_QUESTIONS:
        present = [per[code] for per in questions if code in per]
        if not present:
            continue
        latest = present[-1].question
        rows = []
        for option in (*latest.options, Option(PREFER_NOT, "答えたくない", "Prefer not to say")):
            values = tuple(per[code].pct(option.code) if code in per else None for per in questions)
            if option.code == PREFER_NOT and not any(values):
                continue
            rows.append(FigureRow(option.code, option.ja, option.en, values, _diffs(values)))
        blocks.append(
            FigureBlock(
                code,
                latest.text_ja,
                latest.text_en,
                "respondents" if latest.base == EVERYONE else latest.base,
                tuple(rows),
            )
        )
    series = waves[0].series if waves else ""
    return WaveComparison(series, by, value, label_ja, label_en, tuple(columns), tuple(blocks))


def response_rate_diffs(comparison: WaveComparison) -> tuple[float | None, ...]:
    """Like with like: a wave still taking answers has no final rate, so no difference is
    computed against it (its rate is shown, marked as provisional)."""
    final = [w.response_rate if w.status == "closed" else None for w in comparison.waves]
    return _diffs(final)
