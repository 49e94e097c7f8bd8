"""The standard questionnaire (../shared/domain/SURVEY.md) as data with stable codes.

Codes are the contract: the loss engine, checklists, reports and exports read answers by
these codes and option codes, never by label. Labels may be edited per survey (Japanese and
English); core items cannot be removed and keep their meaning.

The questionnaire is versioned (SURVEY.md, "Versions"). A survey keeps the version it was
created with (``Survey.questionnaire_version``) and its questions are copies, so an open
wave goes on asking what it asked. A code that keeps its meaning keeps its name in every
version, so waves stay comparable item by item; a changed meaning gets a new code. Who is
asked an item (``asked_of``) is stored with each copy, so the form, the results and the loss
engine read it from the survey itself, whichever version it has.
"""

from __future__ import annotations

from dataclasses import replace

from hrcare.surveys.items import (
    ANXIETY,
    ASKED_OF,
    BALANCING,
    CAN_CONTINUE,
    CAN_TALK,
    CARE_HOURS,
    CARE_LEAVE_DAYS,
    CAREGIVERS,
    CARING,
    COMMENT,
    DEPENDENT_COUNT,
    DEPENDENT_FIELDS,
    DEPENDENTS,
    EVERYONE,
    HELPFUL_SUPPORT,
    KINDS,
    KNOWS_CENTER,
    KNOWS_COMPANY_SUPPORT,
    KNOWS_INSURANCE,
    KNOWS_LAW_CODES,
    KNOWS_MEASURES,
    LEGAL_SYSTEMS,
    LIKELY_FUTURE,
    MAX_DEPENDENTS,
    NON_CAREGIVERS,
    PARENTS_75_PLUS,
    PARENTS_FAR,
    PERFORMANCE,
    PREFER_NOT,
    Option,
    Question,
    _o,
)
from hrcare.surveys.questionnaire_v1 import QUESTIONS_V1

__all__ = [
    "AGE_BANDS",
    "ALL_QUESTIONS_BY_CODE",
    "ANXIETY",
    "ASKED_OF",
    "BALANCING",
    "CAN_CONTINUE",
    "CAN_TALK",
    "CAREGIVERS",
    "CARE_HOURS",
    "CARE_LEAVE_DAYS",
    "CARING",
    "COMMENT",
    "CORE_CODES",
    "CURRENT_VERSION",
    "DEPENDENTS",
    "DEPENDENT_COUNT",
    "DEPENDENT_FIELDS",
    "EVERYONE",
    "HELPFUL_SUPPORT",
    "KINDS",
    "KNOWS_CENTER",
    "KNOWS_COMPANY_SUPPORT",
    "KNOWS_INSURANCE",
    "KNOWS_LAW_CODES",
    "KNOWS_MEASURES",
    "LEGAL_SYSTEMS",
    "LIKELY_FUTURE",
    "MAX_DEPENDENTS",
    "NON_CAREGIVERS",
    "Option",
    "PARENTS_75_PLUS",
    "PARENTS_FAR",
    "PERFORMANCE",
    "PREFER_NOT",
    "QUESTIONNAIRES",
    "QUESTIONS_BY_CODE",
    "QUESTIONS_V1",
    "QUESTIONS_V2",
    "Question",
    "STANDARD_QUESTIONS",
    "age_band",
    "questions_of",
]


_V1 = {q.code: q for q in QUESTIONS_V1}


def _relabel(options: tuple[Option, ...], labels: dict[str, tuple[str, str]]) -> tuple[Option, ...]:
    """``options`` with the (ja, en) labels of some codes reworded.

    A later version that rewords a few choices keeps the codes, their order and every other
    label of the earlier table, so it names only what changed instead of copying the table.
    """
    return tuple(Option(o.code, *labels[o.code]) if o.code in labels else o for o in options)


_KNOW_LEVELS = _o(
    ("content", "内容まで知っている", "Know what it is"),
    ("name_only", "名前だけ知っている", "Name only"),
    ("no", "知らない", "Don't know it"),
)

#: Version 2 (SURVEY.md): what changed from version 1 and why.
#: - Relatives are asked of everyone (METI's list: a relative who needs care is the risk,
#:   whoever cares today); the parents not yet needing care are asked for the outlook.
#: - The five-year question is asked only of those not caring now.
#: - The legal systems are asked one by one, apart from the company's own support
#:   (version 1's ``knows_measures`` mixed them: a new meaning, new codes).
#: - Hour bands that do not overlap; "which support would help (all that apply)".
#: Every other code keeps its version-1 meaning and name.
QUESTIONS_V2: tuple[Question, ...] = (
    _V1[CARING],
    replace(
        _V1[DEPENDENT_COUNT],
        ja="介護・支援が必要な親族（ご家族）の人数",
        en="Number of relatives who need care or support",
        section="relatives",
        asked_of=EVERYONE,
    ),
    replace(
        _V1[DEPENDENTS],
        ja="介護・支援が必要な親族について（最大3人）",
        en="About the relatives who need care or support (up to 3)",
        section="relatives",
        asked_of=EVERYONE,
    ),
    Question(
        PARENTS_75_PLUS,
        "single",
        "まだ介護が必要ではない親・義理の親のうち、75歳以上の人数",
        "Parents and parents-in-law not needing care yet: how many are 75 or older?",
        _relabel(_V1[DEPENDENT_COUNT].options, {"0": ("0人", "None")}),
        section="relatives",
    ),
    Question(
        PARENTS_FAR,
        "single",
        "まだ介護が必要ではない親・義理の親に、片道1時間以上離れて住んでいる人はいますか。",
        "Does any of those parents or parents-in-law live 1 hour or more away?",
        _o(
            ("yes", "いる", "Yes"),
            ("no", "いない", "No"),
            ("none", "該当する親・義理の親はいない", "No such parent"),
        ),
        section="relatives",
    ),
    _V1[BALANCING],
    _V1[PERFORMANCE],
    replace(
        _V1[CARE_HOURS],
        options=_relabel(
            _V1[CARE_HOURS].options,
            {
                "5_10": ("5時間以上10時間未満", "5 to under 10 hours"),
                "10_20": ("10時間以上20時間未満", "10 to under 20 hours"),
            },
        ),
    ),
    _V1[CARE_LEAVE_DAYS],
    replace(
        _V1[LIKELY_FUTURE],
        ja="今後5年以内にご家族の介護をする可能性",
        asked_of=NON_CAREGIVERS,
        counted_among=None,
    ),
    _V1[ANXIETY],
    _V1[KNOWS_INSURANCE],
    _V1[KNOWS_CENTER],
    *(
        Question(
            code,
            "single",
            f"法律（育児・介護休業法など）で定められた「{ja}」を知っていますか。",
            f"Do you know the legal right: {en}?",
            _KNOW_LEVELS,
            section="knowledge",
            extra={"group": "knows_law", "system_ja": ja, "system_en": en},
        )
        for code, ja, en in LEGAL_SYSTEMS
    ),
    Question(
        KNOWS_COMPANY_SUPPORT,
        "single",
        "法律の制度とは別に、会社独自の支援（独自の休暇・手当、テレワークの規程、相談窓口など）"
        "を知っていますか。",
        "Do you know the company's own support beyond the law (its own leave, allowances, "
        "telework rules, consultation desk)?",
        _relabel(
            _V1[KNOWS_MEASURES].options,
            {
                "unsure_exist": (
                    "会社独自の支援があるかわからない",
                    "Don't know whether there is any",
                )
            },
        ),
        section="knowledge",
    ),
    _V1[CAN_TALK],
    _V1[CAN_CONTINUE],
    replace(
        _V1[HELPFUL_SUPPORT],
        ja="役立つと思う支援（あてはまるものすべて）",
        en="Which support would help? (all that apply)",
    ),
    _V1[COMMENT],
)

#: Every version of the standard questionnaire; new surveys use ``CURRENT_VERSION``.
QUESTIONNAIRES: dict[int, tuple[Question, ...]] = {1: QUESTIONS_V1, 2: QUESTIONS_V2}
CURRENT_VERSION = 2
STANDARD_QUESTIONS: tuple[Question, ...] = QUESTIONNAIRES[CURRENT_VERSION]


def questions_of(version: int) -> tuple[Question, ...]:
    """The standard questions of ``version`` (unknown versions read as the current one)."""
    return QUESTIONNAIRES.get(version, STANDARD_QUESTIONS)


QUESTIONS_BY_CODE: dict[str, Question] = {q.code: q for q in STANDARD_QUESTIONS}
#: Every code any version defines, with its latest definition (for reading old waves).
ALL_QUESTIONS_BY_CODE: dict[str, Question] = {
    q.code: q for version in sorted(QUESTIONNAIRES) for q in QUESTIONNAIRES[version]
}
CORE_CODES: frozenset[str] = frozenset(q.code for q in STANDARD_QUESTIONS if q.core)

# Respondent snapshot (from the roster at invitation, never typed by the employee).
AGE_BANDS = ("<=29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", ">=60")


def age_band(age: int) -> str:
    if age <= 29:
        return "<=29"
    if age >= 60:
        return ">=60"
    low = 30 + (age - 30) // 5 * 5
    return f"{low}-{low + 4}"
