"""``SurveyResults`` to JSON and back, so a release can be stored once and read many times.

The JSON is definition-driven: each question's definition (code, kind, wording, options,
section, scale) is stored once with the release, and every result refers to it by code, so
questions added later to the questionnaire (new codes, a version 2) flow through unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hrcare.surveys.questionnaire import Option
from hrcare.surveys.results.aggregates import DependentsResult, Group, SurveyResults
from hrcare.surveys.results.columns import OptionCount, QuestionResult
from hrcare.surveys.results.definitions import QuestionDef

FORMAT = 1


def _qdef(q: QuestionDef) -> dict[str, Any]:
    return {
        "code": q.code,
        "kind": q.kind,
        "text_ja": q.text_ja,
        "text_en": q.text_en,
        "section": q.section,
        "options": [[o.code, o.ja, o.en] for o in q.options],
        "caregivers_only": q.caregivers_only,
        "scale_min": q.scale_min,
        "scale_max": q.scale_max,
    }


def _options(items: tuple[OptionCount, ...]) -> list[list[Any]]:
    return [[o.code, o.ja, o.en, o.count, o.pct] for o in items]


def _result(q: QuestionResult, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    defs.setdefault(q.code, _qdef(q.question))
    return {
        "code": q.code,
        "base": q.base,
        "answered": q.answered,
        "prefer_not": q.prefer_not,
        "options": _options(q.options),
        "mean": q.mean,
        "median": q.median,
    }


def _group(g: Group, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "by": g.by,
        "value": g.value,
        "label_ja": g.label_ja,
        "label_en": g.label_en,
        "shown": g.shown,
        "reason": g.reason,
        "respondents": g.respondents,
        "invited": g.invited,
        "response_rate": g.response_rate,
        "caregivers_shown": g.caregivers_shown,
        "questions": [_result(q, defs) for q in g.questions],
        "members": list(g.members),
    }


def dump(results: SurveyResults) -> dict[str, Any]:
    """Everything a ``SurveyResults`` publishes, as JSON-ready data (no plan internals)."""
    defs: dict[str, dict[str, Any]] = {}
    data: dict[str, Any] = {
        "format": FORMAT,
        "survey_id": results.survey_id,
        "title": results.title,
        "title_en": results.title_en,
        "series": results.series,
        "wave": results.wave,
        "status": results.status,
        "threshold": results.threshold,
        "invited": results.invited,
        "shown": results.shown,
        "answers_available": results.answers_available,
        "respondents": results.respondents,
        "response_rate": results.response_rate,
        "caregivers": results.caregivers,
        "caregivers_shown": results.caregivers_shown,
        "questions": [_result(q, defs) for q in results.questions],
        "segments": {
            dim: [_group(g, defs) for g in groups] for dim, groups in results.segments.items()
        },
        "dependents": None,
    }
    if results.dependents is not None:
        dep = results.dependents
        data["dependents"] = {
            "caregivers": dep.caregivers,
            "described": dep.described,
            "fields": {name: _options(items) for name, items in dep.fields.items()},
            "prefer_not": dict(dep.prefer_not),
        }
    data["definitions"] = defs
    return data


def _load_def(raw: Mapping[str, Any]) -> QuestionDef:
    return QuestionDef(
        raw["code"],
        raw["kind"],
        raw["text_ja"],
        raw["text_en"],
        raw["section"],
        tuple(Option(*o) for o in raw["options"]),
        bool(raw["caregivers_only"]),
        int(raw["scale_min"]),
        int(raw["scale_max"]),
    )


def _load_options(raw: list[list[Any]]) -> tuple[OptionCount, ...]:
    return tuple(OptionCount(c, ja, en, int(n), float(p)) for c, ja, en, n, p in raw)


def _load_result(raw: Mapping[str, Any], defs: Mapping[str, QuestionDef]) -> QuestionResult:
    return QuestionResult(
        defs[raw["code"]],
        int(raw["base"]),
        int(raw["answered"]),
        int(raw["prefer_not"]),
        _load_options(raw["options"]),
        raw.get("mean"),
        raw.get("median"),
    )


def _load_group(raw: Mapping[str, Any], defs: Mapping[str, QuestionDef]) -> Group:
    return Group(
        raw["by"],
        raw["value"],
        raw["label_ja"],
        raw["label_en"],
        bool(raw["shown"]),
        raw.get("reason"),
        raw.get("respondents"),
        raw.get("invited"),
        raw.get("response_rate"),
        bool(raw.get("caregivers_shown")),
        tuple(_load_result(q, defs) for q in raw.get("questions", ())),
        tuple(raw.get("members") or ()),
    )


def load(data: Mapping[str, Any]) -> SurveyResults:
    """The ``SurveyResults`` that ``dump`` stored (equal to the original, plans aside)."""
    defs = {code: _load_def(raw) for code, raw in data.get("definitions", {}).items()}
    dependents = None
    if data.get("dependents"):
        dep = data["dependents"]
        dependents = DependentsResult(
            int(dep["caregivers"]),
            int(dep["described"]),
            {name: _load_options(items) for name, items in dep["fields"].items()},
            {name: int(n) for name, n in dep["prefer_not"].items()},
        )
    return SurveyResults(
        survey_id=int(data["survey_id"]),
        title=data["title"],
        title_en=data["title_en"],
        series=data["series"],
        wave=int(data["wave"]),
        status=data["status"],
        threshold=int(data["threshold"]),
        invited=int(data["invited"]),
        shown=bool(data["shown"]),
        answers_available=bool(data["answers_available"]),
        respondents=data.get("respondents"),
        response_rate=data.get("response_rate"),
        caregivers=data.get("caregivers"),
        caregivers_shown=bool(data.get("caregivers_shown")),
        questions=tuple(_load_result(q, defs) for q in data.get("questions", ())),
        segments={
            dim: tuple(_load_group(g, defs) for g in groups)
            for dim, groups in data.get("segments", {}).items()
        },
        dependents=dependents,
    )
