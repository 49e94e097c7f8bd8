"""What results are computed over: the survey's own questions and the fixed segments.

Pure data, no DB: ``aggregates`` computes from these, ``queries`` builds them from rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hrcare.surveys.questionnaire import (
    AGE_BANDS,
    PREFER_NOT,
    QUESTIONS_BY_CODE,
    STANDARD_QUESTIONS,
    Option,
)

#: The only segments offered, one dimension at a time (no combined filters: see anonymity).
DIMENSIONS: tuple[str, ...] = ("department", "age_band", "position")
POSITIONS: tuple[str, ...] = ("manager", "non_manager")
SECTIONS: tuple[str, ...] = ("now", "ahead", "knowledge", "custom", "other")
#: Kinds whose answers are counted. Free text ("text") is never part of results.
COUNTED_KINDS = frozenset({"single", "multiple", "scale"})


@dataclass(frozen=True)
class QuestionDef:
    """One countable question of one survey, with the wording HR gave it."""

    code: str
    kind: str  # single | multiple | scale
    text_ja: str
    text_en: str
    section: str
    options: tuple[Option, ...] = ()
    caregivers_only: bool = False
    scale_min: int = 0
    scale_max: int = 10


def _options(raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list):
        return ()
    result = []
    for item in raw:
        if isinstance(item, dict) and item.get("code") and item["code"] != PREFER_NOT:
            code = str(item["code"])
            result.append(
                Option(
                    code, str(item.get("ja") or code), str(item.get("en") or item.get("ja") or code)
                )
            )
    return tuple(result)


def _scale_bounds(
    options: Any, settings: Mapping[str, Any], default: tuple[int, int]
) -> tuple[int, int]:
    for source in (options, settings):
        if isinstance(source, Mapping) and "min" in source and "max" in source:
            try:
                low, high = int(source["min"]), int(source["max"])
            except (TypeError, ValueError):
                continue
            if low < high:
                return low, high
    return default


def question_defs(rows: Sequence[Any]) -> tuple[QuestionDef, ...]:
    """Countable questions from a survey's ``SurveyQuestion`` rows (standard ones if none).

    Section and "asked of caregivers only" come from the standard questionnaire for core
    codes (their meaning is fixed) and from the row's settings for HR's own questions.
    """
    if not rows:
        return tuple(
            QuestionDef(
                q.code,
                q.kind,
                q.ja,
                q.en,
                q.section,
                tuple(o for o in q.options if o.code != PREFER_NOT),
                q.caregivers_only,
                q.scale_min,
                q.scale_max,
            )
            for q in STANDARD_QUESTIONS
            if q.kind in COUNTED_KINDS
        )
    result = []
    for row in sorted(rows, key=lambda r: (r.position, r.id or 0)):
        if row.kind not in COUNTED_KINDS:
            continue
        standard = QUESTIONS_BY_CODE.get(row.code)
        settings = row.settings if isinstance(row.settings, Mapping) else {}
        section = str(settings.get("section") or (standard.section if standard else "custom"))
        if section not in SECTIONS:
            section = "custom"
        caregivers_only = bool(
            standard.caregivers_only if standard else settings.get("caregivers_only", False)
        )
        default = (standard.scale_min, standard.scale_max) if standard else (0, 10)
        low, high = _scale_bounds(row.options, settings, default)
        options = _options(row.options)
        if row.kind in ("single", "multiple") and not options:
            if standard is None:
                continue
            options = tuple(o for o in standard.options if o.code != PREFER_NOT)
        result.append(
            QuestionDef(
                row.code,
                row.kind,
                row.text_ja,
                row.text_en or row.text_ja,
                section,
                options,
                caregivers_only,
                low,
                high,
            )
        )
    return tuple(result)


# --- segment labels ----------------------------------------------------------------------
def age_band_label(code: str) -> tuple[str, str]:
    """Japanese and English label of a (possibly merged) age band code."""
    if code == "all":
        return "全年齢", "All ages"
    if code.startswith("<="):
        return f"{code[2:]}歳以下", f"{code[2:]} or younger"
    if code.startswith(">="):
        return f"{code[2:]}歳以上", f"{code[2:]} or older"
    low, high = code.split("-")
    return f"{low}〜{high}歳", f"{low}–{high}"


def segment_label(dimension: str, value: str) -> tuple[str, str]:
    if dimension == "position":
        return ("管理職", "Managers") if value == "manager" else ("非管理職", "Non-managers")
    if dimension == "age_band":
        return age_band_label(value)
    return (value, value) if value else ("（部署未設定）", "(No department)")


def position_value(is_manager: bool) -> str:
    return "manager" if is_manager else "non_manager"


FINE_AGE_BANDS: tuple[str, ...] = AGE_BANDS
