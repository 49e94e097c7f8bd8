"""What results are computed over: the survey's own questions and the fixed segments.

Pure data, no DB: ``aggregates`` computes from these, ``queries`` builds them from rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hrcare.surveys.questionnaire import (
    AGE_BANDS,
    ASKED_OF,
    CAREGIVERS,
    CURRENT_VERSION,
    EVERYONE,
    PREFER_NOT,
    QUESTIONS_V1,
    STANDARD_QUESTIONS,
    Option,
    questions_of,
)

#: The only segments offered, one dimension at a time (no combined filters: see anonymity).
DIMENSIONS: tuple[str, ...] = ("department", "age_band", "position")
POSITIONS: tuple[str, ...] = ("manager", "non_manager")
SECTIONS: tuple[str, ...] = ("now", "relatives", "ahead", "knowledge", "custom", "other")
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
    #: Whose answers are counted: everyone | caregivers | non_caregivers (questionnaire).
    base: str = EVERYONE
    scale_min: int = 0
    scale_max: int = 10

    @property
    def caregivers_only(self) -> bool:
        return self.base == CAREGIVERS


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


_V1_BY_CODE = {q.code: q for q in QUESTIONS_V1}
_STANDARD_BY_CODE = {q.code: q for q in STANDARD_QUESTIONS}


def _base(settings: Mapping[str, Any], standard: Any) -> str:
    if settings.get("counted_among") in ASKED_OF:
        return str(settings["counted_among"])
    if settings.get("asked_of") in ASKED_OF:
        return str(settings["asked_of"])
    if standard is not None:
        return str(standard.base)
    return CAREGIVERS if settings.get("caregivers_only") else EVERYONE


def question_defs(rows: Sequence[Any], version: int = CURRENT_VERSION) -> tuple[QuestionDef, ...]:
    """Countable questions from a survey's ``SurveyQuestion`` rows (the standard ones of
    questionnaire ``version`` if there are none).

    Whose answers are counted comes from the row (``asked_of``, stored from questionnaire
    version 2 on); rows without it are version 1 and read version 1's definition for core
    codes (their meaning is fixed) and the row's "caregivers_only" for HR's own questions.
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
                q.base,
                q.scale_min,
                q.scale_max,
            )
            for q in questions_of(version)
            if q.kind in COUNTED_KINDS
        )
    result = []
    for row in sorted(rows, key=lambda r: (r.position, r.id or 0)):
        if row.kind not in COUNTED_KINDS:
            continue
        settings = row.settings if isinstance(row.settings, Mapping) else {}
        standard = (_STANDARD_BY_CODE if "asked_of" in settings else _V1_BY_CODE).get(row.code)
        section = str(settings.get("section") or (standard.section if standard else "custom"))
        if section not in SECTIONS:
            section = "custom"
        base = _base(settings, standard)
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
                base,
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
