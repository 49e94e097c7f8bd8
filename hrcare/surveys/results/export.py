"""Results as CSV (UTF-8 with BOM, for Excel), .xlsx and JSON — from one ``SurveyResults``.

The exports render the same object as the page, so the suppression is the same by
construction: a suppressed group appears as a row saying so, with no count. Text cells that
begin with ``= + - @`` (or a tab or carriage return) are prefixed with ``'`` so a spreadsheet
never runs them as formulas (SECURITY.md item 10, ASVS 1.2.10); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import Workbook

from hrcare.core.formatting import escape_formula
from hrcare.core.i18n import _
from hrcare.surveys.questionnaire import DEPENDENT_FIELDS
from hrcare.surveys.results.aggregates import Group, QuestionResult, SurveyResults
from hrcare.surveys.results.definitions import DIMENSIONS

_COLUMNS = 14  # len(_headers()); every row has this many cells, 備考 last


def escape_cell(value: Any) -> Any:
    return escape_formula(value) if isinstance(value, str) else value


def _headers() -> list[str]:
    return [
        _("区分"),
        _("集団"),
        _("回答者数"),
        _("対象者数"),
        _("回答率（%）"),
        _("設問コード"),
        _("設問"),
        _("回答数"),
        _("選択肢コード"),
        _("選択肢"),
        _("人数"),
        _("割合（%）"),
        _("値"),
        _("備考"),
    ]


def _note_row(cells: list[Any], note: str | None = None) -> list[Any]:
    """A row with only its leading ``cells`` and the last column (備考) filled in."""
    return [*cells, *[None] * (_COLUMNS - 1 - len(cells)), note]


def _dimension_label(by: str) -> str:
    return {
        "department": _("部署"),
        "age_band": _("年代"),
        "position": _("役職"),
        "all": _("全体"),
    }[by]


def _question_rows(prefix: list[Any], q: QuestionResult, lang: str) -> Iterator[list[Any]]:
    text = q.question.text_en if lang == "en" else q.question.text_ja
    head = [*prefix, q.code, text, q.answered]
    for option in q.options:
        label = option.en if lang == "en" else option.ja
        yield [*head, option.code, label, option.count, option.pct, None, None]
    yield [*head, "prefer_not", _("答えたくない"), q.prefer_not, None, None, None]
    if q.mean is not None:
        yield [*head, "mean", _("平均"), None, None, q.mean, None]
        yield [*head, "median", _("中央値"), None, None, q.median, None]


def _group_rows(group: Group, lang: str) -> Iterator[list[Any]]:
    by = _dimension_label(group.by)
    label = group.label_en if lang == "en" else group.label_ja
    if not group.shown:
        yield _note_row([by, label], _("非表示（匿名性の基準）"))
        return
    prefix = [by, label, group.respondents, group.invited, group.response_rate]
    if not group.questions:
        yield _note_row(prefix)
    for q in group.questions:
        yield from _question_rows(prefix, q, lang)


def table_rows(
    results: SurveyResults, lang: str = "ja", dimensions: Sequence[str] = DIMENSIONS
) -> list[list[Any]]:
    """The long table every export writes: overall, then each breakdown, then relatives."""
    rows: list[list[Any]] = []
    overall = _dimension_label("all")
    if not results.shown:
        rows.append(
            _note_row(
                [overall, overall, None, results.invited],
                _("回答者が基準人数に満たないため表示できません"),
            )
        )
        return rows
    prefix = [overall, overall, results.respondents, results.invited, results.response_rate]
    if not results.answers_available:
        rows.append(_note_row(prefix, _("回答受付中のため、回答の集計は締切後に表示します")))
    for q in results.questions:
        rows.extend(_question_rows(prefix, q, lang))
    for dim in dimensions:
        for group in results.segments.get(dim, ()):
            rows.extend(_group_rows(group, lang))
    if results.dependents is not None:
        dep = results.dependents
        carers = _("介護対象の家族")
        for name, options in dep.fields.items():
            for option in options:
                rows.append(
                    [
                        carers,
                        _dependent_field(name),
                        results.caregivers,
                        None,
                        None,
                        name,
                        _dependent_field(name),
                        dep.described,
                        option.code,
                        option.en if lang == "en" else option.ja,
                        option.count,
                        option.pct,
                        None,
                        None,
                    ]
                )
    return rows


def _dependent_field(name: str) -> str:
    return {
        "relationship": _("続柄"),
        "age_band": _("年齢"),
        "residence": _("居住地"),
        "care_level": _("要介護度"),
        "main_carer": _("主な介護者"),
    }[name]


def to_csv(results: SurveyResults, lang: str = "ja") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in _headers()])
    for row in table_rows(results, lang):
        writer.writerow(["" if v is None else escape_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(results: SurveyResults, lang: str = "ja") -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("概要"))
    title = results.title_en if lang == "en" else results.title
    for label, value in (
        (_("調査"), title),
        (_("回"), results.wave),
        (_("匿名性の基準（人）"), results.threshold),
        (_("対象者数"), results.invited),
        (_("回答者数"), results.respondents),
        (_("回答率（%）"), results.response_rate),
    ):
        summary.append([escape_cell(label), escape_cell(value)])
    sheet = workbook.create_sheet(_("集計"))
    sheet.append([escape_cell(h) for h in _headers()])
    for row in table_rows(results, lang):
        sheet.append([escape_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- JSON (the CLI) ----------------------------------------------------------------------
def _question_dict(q: QuestionResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": q.code,
        "kind": q.question.kind,
        "section": q.question.section,
        "text": {"ja": q.question.text_ja, "en": q.question.text_en},
        "base": q.base,
        "answered": q.answered,
        "prefer_not": q.prefer_not,
        "options": [
            {"code": o.code, "label": {"ja": o.ja, "en": o.en}, "count": o.count, "pct": o.pct}
            for o in q.options
        ],
    }
    if q.question.kind == "scale":
        data["mean"], data["median"] = q.mean, q.median
    return data


def group_dict(group: Group) -> dict[str, Any]:
    data: dict[str, Any] = {
        "by": group.by,
        "value": group.value,
        "label": {"ja": group.label_ja, "en": group.label_en},
    }
    if group.members:
        data["age_bands"] = list(group.members)
    if not group.shown:
        data["suppressed"] = True
        return data
    data.update(
        respondents=group.respondents,
        invited=group.invited,
        response_rate=group.response_rate,
        questions=[_question_dict(q) for q in group.questions],
    )
    return data


def results_dict(results: SurveyResults, by: str | None = None) -> dict[str, Any]:
    """What HR sees for one breakdown (``by``), or for all of them when ``by`` is None."""
    dims = DIMENSIONS if by is None else (by,)
    data: dict[str, Any] = {
        "survey": {
            "id": results.survey_id,
            "title": {"ja": results.title, "en": results.title_en},
            "series": results.series,
            "wave": results.wave,
            "status": results.status,
        },
        "threshold": results.threshold,
        "invited": results.invited,
        "respondents": results.respondents,
        "response_rate": results.response_rate,
        "suppressed": not results.shown,
        "answers_available": results.answers_available,
        "caregivers": results.caregivers,
        "questions": [_question_dict(q) for q in results.questions],
        "segments": [group_dict(g) for dim in dims for g in results.segments.get(dim, ())],
        "dependents": None,
    }
    if by is not None:
        data["by"] = by
    if results.dependents is not None:
        dep = results.dependents
        data["dependents"] = {
            "caregivers": dep.caregivers,
            "described": dep.described,
            "fields": {
                name: [
                    {
                        "code": o.code,
                        "label": {"ja": o.ja, "en": o.en},
                        "count": o.count,
                        "pct": o.pct,
                    }
                    for o in dep.fields[name]
                ]
                for name in DEPENDENT_FIELDS
            },
            "prefer_not": dict(dep.prefer_not),
        }
    return data
