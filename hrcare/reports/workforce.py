"""The workforce picture and the change since the last wave, from published survey figures.

Only what ``SurveyResults`` shows is used: a group the anonymity rules hide is listed as
hidden with its reason, never drawn. Charts and tables carry the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from hrcare.core.i18n import _
from hrcare.reports import charts
from hrcare.reports.sources import SurveyFigures
from hrcare.reports.tables import Table, table
from hrcare.surveys.services import BALANCING, CARING, DEPENDENT_COUNT, Group, QuestionResult

RELATIVE_FIELDS = ("relationship", "age_band", "residence", "care_level")


@dataclass(frozen=True)
class Figure:
    title: str
    chart: Markup
    table: Table
    note: str = ""


@dataclass(frozen=True)
class HiddenFigure:
    what: str
    reason: str


def _loc(ja: str, en: str, language: str) -> str:
    return en if language == "en" else ja


def reason_text(code: str | None) -> str:
    if code == "small":
        return _("回答者が基準人数未満のため非表示")
    return _("他の集団の回答を守るため非表示")


def _share_by(
    groups: tuple[Group, ...], title: str, key: str, language: str
) -> tuple[Figure, list[HiddenFigure]]:
    rows, chart_rows, hidden = [], [], []
    for group in groups:
        label = _loc(group.label_ja, group.label_en, language)
        caring = group.question(CARING) if group.shown else None
        share = caring.pct("yes") if caring is not None else None
        if share is None:
            why = reason_text(group.reason) if not group.shown else _("回答がないため非表示")
            hidden.append(HiddenFigure(f"{title}: {label}", why))
            rows.append((label, None, None, why))
            chart_rows.append(charts.Row(label, None, why))
        else:
            rows.append((label, group.respondents, share, ""))
            chart_rows.append(charts.Row(label, share, f"{share:.1f}%"))
    figure = Figure(
        title,
        charts.hbars(
            chart_rows,
            title=title,
            width=640,
            label_width=110,
            largest=100.0 if not any(r.value for r in chart_rows) else None,
        ),
        table(
            key,
            title,
            [
                (_("区分"), "text"),
                (_("回答者数"), "int"),
                (_("介護中の割合"), "pct"),
                (_("備考"), "text"),
            ],
            rows,
        ),
    )
    return figure, hidden


def _distribution(q: QuestionResult, title: str, key: str, language: str) -> Figure:
    segments = _segments(q, language)
    rows = [(label, pct) for label, pct in segments]
    return Figure(
        title,
        charts.stacked(segments, title=title),
        table(key, title, [(_("回答"), "text"), (_("割合"), "pct")], rows),
        _("回答 %(n)s 人", n=f"{q.answered:,}"),
    )


def workforce_figures(
    survey: SurveyFigures | None, language: str
) -> tuple[tuple[Figure, ...], tuple[HiddenFigure, ...], str]:
    """(figures, hidden figures, a note when there is nothing to show)."""
    if survey is None:
        return (
            (),
            (),
            _(
                "公開済みのアンケート結果がないため、従業員の状況は表示できません。"
                "経済損失は従業員名簿と全国平均の割合による推計です。"
            ),
        )
    results = survey.results
    if not results.answers_available:
        return (), (), _("回答者が匿名性の閾値に満たないため、調査結果は表示しません。")
    figures: list[Figure] = []
    hidden: list[HiddenFigure] = []
    for dim, title, key in (
        ("age_band", _("年齢層別の介護中の割合"), "carers_by_age"),
        ("position", _("役職別の介護中の割合"), "carers_by_position"),
    ):
        figure, lost = _share_by(results.segments.get(dim, ()), title, key, language)
        figures.append(figure)
        hidden += lost
    if results.caregivers_shown:
        q = results.question(BALANCING)
        if q is not None and q.answered:
            figures.append(
                _distribution(
                    q, _loc(q.question.text_ja, q.question.text_en, language), "balancing", language
                )
            )
    else:
        hidden.append(
            HiddenFigure(_("介護中の回答者への設問"), _("介護中の回答者が基準人数未満のため非表示"))
        )
    # Relatives: the relatives items (version 2 asks everyone; version 1 the caregivers).
    for q in _section(results.questions, "relatives", also=(DEPENDENT_COUNT,)):
        figures.append(
            _distribution(
                q, _loc(q.question.text_ja, q.question.text_en, language), q.code, language
            )
        )
    if results.dependents is not None and results.dependents.described:
        for name in RELATIVE_FIELDS:
            counts = results.dependents.fields.get(name, ())
            title = _relative_title(name)
            segments = [(_loc(o.ja, o.en, language), o.pct) for o in counts]
            figures.append(
                Figure(
                    title,
                    charts.stacked(segments, title=title),
                    table(
                        f"relatives_{name}",
                        title,
                        [(_("回答"), "text"), (_("割合"), "pct")],
                        segments,
                    ),
                    _(
                        "介護を受けている家族 %(n)s 人について",
                        n=f"{results.dependents.described:,}",
                    ),
                )
            )
    knowledge = _section(results.questions, "knowledge")
    if knowledge:
        figures.append(_knowledge(knowledge, language))
    return tuple(figures), tuple(hidden), ""


def _section(
    questions: tuple[QuestionResult, ...], section: str, also: tuple[str, ...] = ()
) -> list[QuestionResult]:
    """The answered questions of one questionnaire section (both versions), in order."""
    return [
        q
        for q in questions
        if (q.question.section == section or q.code in also)
        and q.answered
        and q.question.kind == "single"
    ]


def _segments(q: QuestionResult, language: str) -> list[tuple[str, float]]:
    segments = [(_loc(o.ja, o.en, language), o.pct) for o in q.options]
    if q.prefer_not:
        segments.append((_("答えたくない"), q.prefer_pct))
    return segments


def _knowledge(questions: list[QuestionResult], language: str) -> Figure:
    """Knowledge of each legal system and of the company's support: one chart, one table."""
    title = _("制度の認知")
    rows = [
        (_loc(q.question.text_ja, q.question.text_en, language), _segments(q, language))
        for q in questions
    ]
    table_rows = [(label, name, pct) for label, segments in rows for name, pct in segments]
    answered = max(q.answered for q in questions)
    return Figure(
        title,
        charts.stacked_rows(rows, title=title),
        table(
            "knowledge",
            title,
            [(_("設問"), "text"), (_("回答"), "text"), (_("割合"), "pct")],
            table_rows,
        ),
        _("回答 %(n)s 人", n=f"{answered:,}"),
    )


def _relative_title(name: str) -> str:
    titles = {
        "relationship": _("介護している家族の続柄"),
        "age_band": _("介護している家族の年齢"),
        "residence": _("介護している家族の住まい（近居・遠距離）"),
        "care_level": _("介護している家族の要介護度"),
    }
    return titles[name]


def change_tables(survey: SurveyFigures | None, language: str) -> tuple[tuple[Table, ...], str]:
    """Key figures of the previous and the latest wave with their change (効果検証)."""
    if survey is None or survey.comparison is None:
        return (), _("比較できる前回の調査がないため、変化は次回の調査から表示されます。")
    comparison = survey.comparison
    before, after = comparison.waves[0], comparison.waves[-1]
    head_before = _("第%(n)s回", n=before.wave)
    head_after = _("第%(n)s回", n=after.wave)
    tables = []
    for block in comparison.blocks:
        title = _loc(block.text_ja, block.text_en, language)
        rows = [
            (
                _loc(row.label_ja, row.label_en, language),
                row.values[0],
                row.values[-1],
                row.diffs[-1],
            )
            for row in block.rows
        ]
        tables.append(
            table(
                f"change_{block.code}",
                title,
                [(_("回答"), "text"), (head_before, "pct"), (head_after, "pct"), (_("変化"), "pt")],
                rows,
            )
        )
    return tuple(tables), ""
