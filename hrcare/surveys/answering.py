"""The employee's form: pages, what each page asks, and validating what comes back.

Pure functions over a survey's questions and the answers so far — no database, no request —
so the answer views, the HR preview and the tests share one definition of the form.

Pages (one section each, a progress indicator "2 / 5"): 現在の介護 (Q1) → ご家族の状況
(questionnaire version 2: relatives, asked of everyone) → 介護の状況 (only when Q1 is "yes")
→ 介護が必要なご家族 (only when there is someone to describe, and in version 1 only for
caregivers) → これからの介護 → 制度と職場 → その他 (HR's own items and the free comment,
last, so free text never has to be carried between pages). Each item says whom it is asked
of (``asked_of``, stored with the survey's copy), and a page shows only the items asked of
this respondent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from hrcare.core.i18n import _l
from hrcare.surveys.models import SurveyQuestion
from hrcare.surveys.questionnaire import (
    ASKED_OF,
    CAREGIVERS,
    CARING,
    DEPENDENT_COUNT,
    DEPENDENT_FIELDS,
    DEPENDENTS,
    EVERYONE,
    MAX_DEPENDENTS,
    NON_CAREGIVERS,
    PREFER_NOT,
)
from hrcare.surveys.regions import PREFECTURES

MAX_TEXT = 2000
PAGE_KEYS = ("now", "relatives", "care", "dependents", "ahead", "knowledge", "other")
PAGE_TITLES = {
    "now": _l("現在の介護"),
    "relatives": _l("ご家族の状況"),
    "care": _l("介護の状況"),
    "dependents": _l("介護が必要なご家族"),
    "ahead": _l("これからの介護"),
    "knowledge": _l("制度と職場について"),
    "other": _l("その他"),
}
DEPENDENT_SLOTS = {"1": 1, "2": 2, "3_plus": 3}
PREFECTURE_CODES = frozenset(p.code for p in PREFECTURES)


class FormData(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


@dataclass(frozen=True)
class Page:
    key: str
    questions: tuple[SurveyQuestion, ...]

    @property
    def title(self) -> str:
        return str(PAGE_TITLES[self.key])


@dataclass
class PageResult:
    answers: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    tampered: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def asked_of(question: SurveyQuestion) -> str:
    """Whom the item is asked of; items saved before version 2 only say "caregivers_only"."""
    settings = question.settings or {}
    value = settings.get("asked_of")
    if value in ASKED_OF:
        return str(value)
    return CAREGIVERS if settings.get("caregivers_only") else EVERYONE


def is_asked(question: SurveyQuestion, answers: dict[str, Any]) -> bool:
    who = asked_of(question)
    if who == CAREGIVERS:
        return answers.get(CARING) == "yes"
    if who == NON_CAREGIVERS:
        return answers.get(CARING) == "no"
    return True


def page_of(question: SurveyQuestion) -> str:
    settings = question.settings or {}
    if question.code == DEPENDENTS:
        return "dependents"
    if asked_of(question) == CAREGIVERS:
        return "care"
    if question.kind == "text":
        return "other"
    section = settings.get("section", "custom")
    return section if section in ("now", "relatives", "ahead", "knowledge") else "other"


def all_pages(questions: Iterable[SurveyQuestion]) -> list[Page]:
    """Every page the survey can have, in order (one pass: each item's page is read once)."""
    grouped: dict[str, list[SurveyQuestion]] = {key: [] for key in PAGE_KEYS}
    for q in sorted(questions, key=lambda q: q.position):
        grouped[page_of(q)].append(q)
    return [Page(key, tuple(items)) for key, items in grouped.items() if items]


def dependent_slots(answers: dict[str, Any]) -> int:
    return min(MAX_DEPENDENTS, DEPENDENT_SLOTS.get(str(answers.get(DEPENDENT_COUNT)), 0))


def is_caregiver(answers: dict[str, Any]) -> bool:
    return answers.get(CARING) == "yes"


def visible_pages(questions: Iterable[SurveyQuestion], answers: dict[str, Any]) -> list[Page]:
    """The pages this respondent sees, given the answers so far (skip logic on the server):
    each page with only the items asked of them, and no page left empty."""
    return visible_among(all_pages(questions), answers)


def visible_among(every: list[Page], answers: dict[str, Any]) -> list[Page]:
    """``visible_pages`` from the survey's pages (``all_pages``) worked out once already."""
    pages = []
    for page in every:
        if page.key == "dependents" and dependent_slots(answers) == 0:
            continue
        asked = tuple(q for q in page.questions if is_asked(q, answers))
        if asked:
            pages.append(Page(page.key, asked))
    return pages


def allows_prefer_not(question: SurveyQuestion) -> bool:
    return bool((question.settings or {}).get("allow_prefer_not", True)) and question.code != CARING


def option_codes(question: SurveyQuestion) -> set[str]:
    codes = {str(o["code"]) for o in question.options or []}
    if allows_prefer_not(question):
        codes.add(PREFER_NOT)
    return codes


def scale_bounds(question: SurveyQuestion) -> tuple[int, int]:
    settings = question.settings or {}
    return int(settings.get("min", 0)), int(settings.get("max", 10))


def dependent_field_name(slot: int, name: str) -> str:
    return f"dep{slot}_{name}"


TAMPERED = _l("選択肢にない値が送信されました。表示されている選択肢から選び直してください。")


def _parse_single(q: SurveyQuestion, form: FormData, result: PageResult) -> None:
    raw = form.get(q.code)
    if raw in (None, ""):
        result.errors[q.code] = _l("いずれかを選択してください。")
    elif raw not in option_codes(q):
        result.errors[q.code], result.tampered = str(TAMPERED), True
    else:
        result.answers[q.code] = raw


# A multiple-choice option that means "none of these" (the standard question's 特になし).
EXCLUSIVE_OPTION = "none"


def _parse_multiple(q: SurveyQuestion, form: FormData, result: PageResult) -> None:
    raws = [r for r in form.getlist(q.code) if r != ""]
    allowed = option_codes(q)
    if not raws:
        result.errors[q.code] = _l(
            "1つ以上選択してください（答えたくない場合は「答えたくない」を選択）。"
        )
    elif any(r not in allowed for r in raws):
        result.errors[q.code], result.tampered = str(TAMPERED), True
    elif PREFER_NOT in raws and len(set(raws)) > 1:
        result.errors[q.code] = _l("「答えたくない」は他の選択肢と同時には選べません。")
    elif EXCLUSIVE_OPTION in raws and len(set(raws) - {EXCLUSIVE_OPTION}) > 0:
        result.errors[q.code] = _l("「特になし」は他の選択肢と同時には選べません。")
    else:
        order = [str(o["code"]) for o in q.options or []] + [PREFER_NOT]
        result.answers[q.code] = [c for c in order if c in raws]


def _parse_scale(q: SurveyQuestion, form: FormData, result: PageResult) -> None:
    raw = form.get(q.code)
    low, high = scale_bounds(q)
    if raw in (None, ""):
        result.errors[q.code] = _l("いずれかを選択してください。")
        return
    if raw == PREFER_NOT and allows_prefer_not(q):
        result.answers[q.code] = PREFER_NOT
        return
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high or str(value) != raw:
        result.errors[q.code], result.tampered = str(TAMPERED), True
    else:
        result.answers[q.code] = value


def _parse_text(q: SurveyQuestion, form: FormData, result: PageResult) -> None:
    text = str(form.get(q.code) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TEXT:
        result.errors[q.code] = _l(
            "%(max)s文字以内で入力してください（現在 %(n)s 文字）。",
            max="2,000",
            n=f"{len(text):,}",
        )
        result.comments[q.code] = text  # shown again so nothing typed is lost
    elif text:
        result.comments[q.code] = text


def _parse_dependents(slots: int, form: FormData, result: PageResult) -> None:
    dependents = []
    for slot in range(1, slots + 1):
        person: dict[str, str] = {}
        for name, options in DEPENDENT_FIELDS.items():
            key = dependent_field_name(slot, name)
            raw = form.get(key)
            if raw in (None, ""):
                result.errors[key] = _l("いずれかを選択してください。")
            elif raw not in {o.code for o in options} | {PREFER_NOT}:
                result.errors[key], result.tampered = str(TAMPERED), True
            else:
                person[name] = raw
        key = dependent_field_name(slot, "prefecture")
        prefecture = form.get(key) or ""
        if prefecture and prefecture not in PREFECTURE_CODES:
            result.errors[key], result.tampered = str(TAMPERED), True
        elif prefecture:
            person["prefecture"] = prefecture
        dependents.append(person)
    result.answers[DEPENDENTS] = dependents


PARSERS = {
    "single": _parse_single,
    "multiple": _parse_multiple,
    "scale": _parse_scale,
    "text": _parse_text,
}


def parse_page(page: Page, form: FormData, answers: dict[str, Any]) -> PageResult:
    """Validate one page's fields. ``answers`` (earlier pages) decides the dependents slots."""
    result = PageResult()
    for q in page.questions:
        if q.kind == "dependents":
            _parse_dependents(dependent_slots(answers), form, result)
        else:
            PARSERS[q.kind](q, form, result)
    return result


def first_incomplete(questions: Iterable[SurveyQuestion], answers: dict[str, Any]) -> str | None:
    """The first page with a required answer missing, or None when the form is complete."""
    for page in visible_pages(list(questions), answers):
        for q in page.questions:
            if q.kind == "text":
                continue
            if q.kind == "dependents":
                if len(answers.get(DEPENDENTS) or []) < dependent_slots(answers):
                    return page.key
            elif q.code not in answers:
                return page.key
    return None


def final_answers(questions: Iterable[SurveyQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """Only what the visible pages asked: items not asked of this respondent (caregiver items
    unless Q1 is "yes", the five-year item of version 2 unless Q1 is "no") are dropped, and
    dependents beyond the stated number are dropped."""
    questions = list(questions)
    asked = {q.code for page in visible_pages(questions, answers) for q in page.questions}
    kept = {code: value for code, value in answers.items() if code in asked}
    if DEPENDENTS in kept:
        kept[DEPENDENTS] = list(kept[DEPENDENTS])[: dependent_slots(answers)]
    return kept


def label(item: SurveyQuestion | dict[str, Any], locale: str) -> str:
    """The wording in the reader's language (English falls back to Japanese when missing)."""
    if isinstance(item, dict):
        return str(item.get("en") or item.get("ja")) if locale == "en" else str(item.get("ja", ""))
    return item.text_en or item.text_ja if locale == "en" else item.text_ja


DEPENDENT_LABELS = {
    "relationship": _l("続柄"),
    "age_band": _l("年齢"),
    "residence": _l("お住まい"),
    "care_level": _l("要介護度"),
    "main_carer": _l("主に介護している人"),
}


@dataclass
class FormContext:
    """What the form templates need, for the answer pages and HR's preview alike."""

    locale: str
    answers: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    slots: int = 0
    preview: bool = False
    dependent_fields: dict[str, Any] = field(default_factory=lambda: DEPENDENT_FIELDS)
    dependent_labels: dict[str, Any] = field(default_factory=lambda: DEPENDENT_LABELS)
    prefectures: tuple[Any, ...] = PREFECTURES

    @staticmethod
    def allows_prefer_not(question: SurveyQuestion) -> bool:
        return allows_prefer_not(question)

    @staticmethod
    def scale_bounds(question: SurveyQuestion) -> tuple[int, int]:
        return scale_bounds(question)
