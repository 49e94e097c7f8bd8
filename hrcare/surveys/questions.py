"""Editing a draft survey's questions.

Core items (the standard questionnaire) keep their codes, kinds and option codes — the loss
engine, checklists and reports read them — so HR may only reword them (Japanese and English)
and cannot delete or move them. HR's own items get generated codes (``custom_1``, …), may be
reworded, reordered among themselves and deleted. Nothing changes once the survey is open:
answers already given must keep meaning what they meant.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from hrcare.core.i18n import _l
from hrcare.surveys.common import SurveyError
from hrcare.surveys.models import Survey, SurveyQuestion

CUSTOM_KINDS = ("single", "multiple", "scale", "text")
CUSTOM_SECTION = "custom"
MAX_OPTIONS = 20
MAX_LABEL = 200
CUSTOM_POSITION_BASE = 10_000  # HR's items come after the standard ones, in their own order


def _require_draft(survey: Survey) -> None:
    if survey.status != "draft":
        raise SurveyError(_l("質問を変更できるのは下書きのアンケートだけです。"))


def parse_option_lines(text: str) -> list[tuple[str, str]]:
    """「日本語 | English」 one per line → [(ja, en)]; blank lines ignored."""
    options: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        ja, _sep, en = line.partition("|")
        ja, en = ja.strip(), en.strip()
        if not ja:
            raise SurveyError(_l("選択肢の%(n)s行目：日本語の表記がありません。", n=number))
        if len(ja) > MAX_LABEL or len(en) > MAX_LABEL:
            raise SurveyError(_l("選択肢の%(n)s行目が長すぎます（200文字まで）。", n=number))
        options.append((ja, en))
    if len(options) > MAX_OPTIONS:
        raise SurveyError(_l("選択肢は%(n)s個までです。", n=MAX_OPTIONS))
    return options


def _custom_options(kind: str, options: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if kind not in ("single", "multiple"):
        return []
    if len(options) < 2:
        raise SurveyError(_l("選択式の質問には選択肢を2つ以上入力してください。"))
    if len({ja for ja, _en in options}) != len(options):
        raise SurveyError(_l("同じ選択肢が重複しています。"))
    return [{"code": f"opt_{i}", "ja": ja, "en": en} for i, (ja, en) in enumerate(options, start=1)]


def _custom_settings(kind: str, scale_min: int | None, scale_max: int | None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "section": CUSTOM_SECTION,
        "caregivers_only": False,
        "allow_prefer_not": kind != "text",
    }
    if kind == "scale":
        low = 0 if scale_min is None else scale_min
        high = 10 if scale_max is None else scale_max
        if not (0 <= low < high <= 10):
            raise SurveyError(_l("尺度は0〜10の範囲で、最小値を最大値より小さくしてください。"))
        settings.update({"min": low, "max": high})
    return settings


def _next_custom_code(survey: Survey) -> str:
    numbers = [
        int(m.group(1)) for q in survey.questions if (m := re.fullmatch(r"custom_(\d+)", q.code))
    ]
    return f"custom_{max(numbers, default=0) + 1}"


def custom_questions(survey: Survey) -> list[SurveyQuestion]:
    return [q for q in survey.questions if not q.is_core]


def add_custom_question(
    session: Session,
    survey: Survey,
    *,
    kind: str,
    text_ja: str,
    text_en: str = "",
    options: list[tuple[str, str]] | None = None,
    scale_min: int | None = None,
    scale_max: int | None = None,
) -> SurveyQuestion:
    _require_draft(survey)
    if kind not in CUSTOM_KINDS:
        raise SurveyError(_l("質問の形式が正しくありません。"))
    if not text_ja.strip():
        raise SurveyError(_l("質問文（日本語）を入力してください。"))
    existing = custom_questions(survey)
    question = SurveyQuestion(
        company_id=survey.company_id,
        code=_next_custom_code(survey),
        kind=kind,
        position=max((q.position for q in existing), default=CUSTOM_POSITION_BASE) + 10,
        is_core=False,
        text_ja=text_ja.strip(),
        text_en=text_en.strip(),
        options=_custom_options(kind, options or []),
        settings=_custom_settings(kind, scale_min, scale_max),
    )
    survey.questions.append(question)
    session.flush()
    return question


def update_question(
    session: Session,
    question: SurveyQuestion,
    *,
    text_ja: str,
    text_en: str,
    option_labels: list[tuple[str, str]] | None = None,
    kind: str | None = None,
    scale_min: int | None = None,
    scale_max: int | None = None,
) -> None:
    """Reword a question. Core items: labels of the existing options only, codes untouched.
    HR's items: also their kind, options (codes follow the order) and scale bounds."""
    _require_draft(question.survey)
    if not text_ja.strip():
        raise SurveyError(_l("質問文（日本語）を入力してください。"))
    if question.is_core:
        if kind is not None and kind != question.kind:
            raise SurveyError(_l("標準の質問の形式は変更できません。"))
        if option_labels is not None:
            if len(option_labels) != len(question.options):
                raise SurveyError(
                    _l("標準の質問の選択肢は追加・削除できません。表記だけを変更できます。")
                )
            for ja, _en in option_labels:
                if not ja.strip():
                    raise SurveyError(_l("選択肢の日本語の表記を空にはできません。"))
            question.options = [
                {**option, "ja": ja.strip(), "en": en.strip()}
                for option, (ja, en) in zip(question.options, option_labels, strict=True)
            ]
    else:
        new_kind = kind or question.kind
        if new_kind not in CUSTOM_KINDS:
            raise SurveyError(_l("質問の形式が正しくありません。"))
        question.kind = new_kind
        question.options = _custom_options(new_kind, option_labels or [])
        question.settings = _custom_settings(new_kind, scale_min, scale_max)
    question.text_ja = text_ja.strip()
    question.text_en = text_en.strip()
    session.flush()


def delete_question(session: Session, question: SurveyQuestion) -> None:
    _require_draft(question.survey)
    if question.is_core:
        raise SurveyError(_l("標準の質問（コア項目）は削除できません。"))
    question.survey.questions.remove(question)
    session.flush()


def move_question(session: Session, question: SurveyQuestion, direction: str) -> None:
    """Swap with the neighbouring item of HR's own (core items keep the standard order)."""
    _require_draft(question.survey)
    if question.is_core:
        raise SurveyError(_l("標準の質問の順序は変更できません。"))
    items = sorted(custom_questions(question.survey), key=lambda q: q.position)
    index = items.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return
    neighbour = items[other]
    question.position, neighbour.position = neighbour.position, question.position
    session.flush()
