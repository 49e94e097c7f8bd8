"""Synthetic survey answers for the demo, shaped like the national data.

The shape follows 総務省 就業構造基本調査 2022 and the METI/MHLW surveys behind the guideline:
the share of working carers rises with age (≈2 % under 40, ≈6 % in the 40s, ≈12 % in the
50s, ≈15 % from 60), most cared-for relatives are parents or parents-in-law aged 75 and over,
about a third of carers struggle, a few consider leaving, and knowledge of the public system
is patchy (介護保険 known by ≈60 %, how to use the 地域包括支援センター by ≈20 %). Wave 2 shows
a modest improvement in knowledge, as a company would hope after providing information.
Pure: everything is drawn from ``rng``.
"""

from __future__ import annotations

import random
from typing import Any

from hrcare.surveys.questionnaire import KNOWS_LAW_CODES, PREFER_NOT
from hrcare.surveys.regions import PREFECTURES

PREFER_NOT_RATE = 0.02
COMMENTS = (
    "親が遠方に住んでおり、帰省のたびに有給休暇を使っています。制度をもっと知りたいです。",
    "介護休業と介護休暇の違いがよくわかりません。説明会があると助かります。",
    "上司に介護のことを話しにくい雰囲気があります。",
    "テレワークができる日を増やしてもらえると、通院の付き添いと両立しやすいです。",
    "将来の親の介護が不安です。何から準備すればよいか知りたいです。",
    "地域包括支援センターに相談して、ケアマネジャーを紹介してもらえました。",
    "時間単位で介護休暇を取れるのがありがたいです。",
    "夜間の呼び出しが続いて睡眠不足です。業務量の調整を相談したいです。",
    "介護のために退職した先輩がいました。同じことにならないよう制度を整えてほしいです。",
    "短時間勤務を使うと評価が下がるのではと心配です。",
    "社内に同じ立場の人と話せる場があるとよいと思います。",
    "介護保険外のサービスの情報も教えてほしいです。",
)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe(rng: random.Random, value: Any) -> Any:
    return PREFER_NOT if rng.random() < PREFER_NOT_RATE else value


def _caring_rate(age: int) -> float:
    if age < 40:
        return 0.02
    if age < 50:
        return 0.06
    if age < 60:
        return 0.12
    return 0.15


def _dependent(rng: random.Random, age: int) -> dict[str, str]:
    relationship = _pick(
        rng,
        {
            "mother": 34,
            "father": 22,
            "mother_in_law": 15,
            "father_in_law": 10,
            "grandparent": 5 if age < 45 else 1,
            "spouse": 5,
            "sibling": 2,
            "child": 2,
            "other": 2,
        },
    )
    if relationship in ("spouse", "sibling", "child"):
        band = _pick(rng, {"under_65": 60, "65_74": 30, "75_84": 10})
    elif age < 45:
        band = _pick(rng, {"under_65": 10, "65_74": 40, "75_84": 35, "85_plus": 15})
    else:
        band = _pick(rng, {"under_65": 3, "65_74": 15, "75_84": 42, "85_plus": 40})
    residence = _pick(rng, {"same_household": 38, "near": 37, "far": 25})
    person = {
        "relationship": relationship,
        "age_band": band,
        "residence": residence,
        "care_level": _maybe(
            rng,
            _pick(
                rng,
                {
                    "support_1": 8,
                    "support_2": 8,
                    "care_1": 20,
                    "care_2": 17,
                    "care_3": 12,
                    "care_4": 8,
                    "care_5": 5,
                    "not_certified": 10,
                    "applying": 5,
                    "unknown": 7,
                },
            ),
        ),
        "main_carer": _maybe(
            rng,
            _pick(
                rng,
                {"me": 33, "spouse": 12, "other_relatives": 25, "professional": 25, "nobody": 5},
            ),
        ),
    }
    if rng.random() < 0.6:
        near = ("13", "11", "12", "14")
        person["prefecture"] = (
            rng.choice(near) if residence != "far" else rng.choice(PREFECTURES).code
        )
    return person


def _caregiver_answers(rng: random.Random, age: int, manager: bool, wave: int) -> dict[str, Any]:
    count = _pick(rng, {"1": 72, "2": 22, "3_plus": 4, "0": 1, PREFER_NOT: 1})
    slots = {"1": 1, "2": 2, "3_plus": 3}.get(count, 0)
    better = 0.03 * (wave - 1)
    balancing = _pick(
        rng,
        {
            "balancing_well": 0.35 + better,
            "managing": 0.40,
            "very_hard": 0.18 - better * 0.6,
            "considering_leaving": 0.07 - better * 0.4,
        },
    )
    centre = {"balancing_well": 8.3, "managing": 7.3, "very_hard": 6.1, "considering_leaving": 5.3}[
        balancing
    ]
    score = round(rng.gauss(centre + (0.4 if manager else -0.05), 1.2))
    return {
        "dependent_count": count,
        "dependents": [_dependent(rng, age) for _ in range(slots)],
        "balancing_status": _maybe(rng, balancing),
        "performance": _maybe(rng, max(0, min(10, score))),
        "care_hours": _maybe(
            rng, _pick(rng, {"under_5": 30, "5_10": 31, "10_20": 23, "20_plus": 16})
        ),
        "care_leave_days": _maybe(rng, _pick(rng, {"0": 45, "1_5": 31, "6_20": 16, "21_plus": 8})),
    }


def _likely_future(rng: random.Random, age: int, caring: bool) -> str:
    if caring:
        very = 0.5
    elif age < 30:
        very = 0.05
    elif age < 40:
        very = 0.10
    elif age < 45:
        very = 0.18
    elif age < 60:
        very = 0.30
    else:
        very = 0.22
    possible = min(0.5, 0.95 - very)
    return _pick(rng, {"very_likely": very, "possible": possible, "no": 1 - very - possible})


#: Version 2: share knowing each legal system's content (name only: about as many again).
LAW_KNOWN = {
    "knows_law_care_leave": 0.35,
    "knows_law_care_days": 0.30,
    "knows_law_no_overtime": 0.12,
    "knows_law_overtime_night": 0.12,
    "knows_law_short_hours": 0.18,
    "knows_law_benefit": 0.15,
}


def _relatives_v2(rng: random.Random, age: int, caring: str) -> dict[str, Any]:
    """Version 2 asks everyone about relatives who need care (and parents who do not yet)."""
    if caring == "yes":
        count = _pick(rng, {"1": 72, "2": 22, "3_plus": 4, "0": 1, PREFER_NOT: 1})
    else:
        need = 0.03 if age < 40 else 0.10 if age < 50 else 0.16
        count = _pick(rng, {"0": 1 - need - 0.02, "1": need * 0.85, "2": need * 0.15, "3_plus": 0})
        count = count if rng.random() > PREFER_NOT_RATE else PREFER_NOT
    slots = {"1": 1, "2": 2, "3_plus": 3}.get(count, 0)
    dependents = [_dependent(rng, age) for _ in range(slots)]
    if caring != "yes":
        for person in dependents:
            if person.get("main_carer") == "me":
                person["main_carer"] = _pick(rng, {"other_relatives": 50, "nobody": 50})
    old = 0.05 if age < 35 else 0.25 if age < 45 else 0.55 if age < 55 else 0.45
    parents = _pick(rng, {"0": 1 - old, "1": old * 0.55, "2": old * 0.35, "3_plus": old * 0.10})
    return {
        "dependent_count": count,
        "dependents": dependents,
        "parents_75_plus": _maybe(rng, parents),
        "parents_far": _maybe(rng, _pick(rng, {"yes": 30, "no": 55, "none": 15})),
    }


def _knowledge_v2(rng: random.Random, lift: float) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for code in KNOWS_LAW_CODES:
        known = LAW_KNOWN[code] + lift
        answers[code] = _maybe(
            rng, _pick(rng, {"content": known, "name_only": 0.35, "no": 0.65 - known})
        )
    answers["knows_company_support"] = _maybe(
        rng, _pick(rng, {"yes": 0.20 + lift, "some": 0.35, "no": 0.30, "unsure_exist": 0.15})
    )
    return answers


def _knows_measures(rng: random.Random, lift: float) -> str:
    weights = {
        "yes": 0.25 + lift * 1.5,
        "some": 0.40,
        "no": 0.25 - lift,
        "unsure_exist": 0.10 - lift * 0.5,
    }
    return str(_maybe(rng, _pick(rng, weights)))


def synthetic_answers(
    rng: random.Random, age: int, manager: bool, wave: int, version: int = 1
) -> dict[str, Any]:
    """One respondent's answers, by stable codes, as the employee form would store them for
    the questionnaire ``version`` (1: relatives and hours asked of caregivers, the five-year
    question of everyone, one mixed "measures" item; 2: see ``questionnaire.QUESTIONS_V2``)."""
    lift = 0.05 * (wave - 1)
    if rng.random() < 0.015:
        caring = PREFER_NOT
    else:
        caring = "yes" if rng.random() < _caring_rate(age) else "no"
    answers: dict[str, Any] = {"caring_now": caring}
    if caring == "yes":
        answers.update(_caregiver_answers(rng, age, manager, wave))
    if version >= 2:
        answers.update(_relatives_v2(rng, age, caring))
    insurance_yes = max(0.3, min(0.85, 0.60 + (age - 43) * 0.006)) + lift
    centre_how = (0.50 if caring == "yes" else 0.18) + lift
    support = [
        code
        for code, p in (
            ("flexible_hours", 0.55),
            ("telework", 0.45),
            ("leave", 0.35),
            ("information", 0.30),
            ("consultation", 0.25),
            ("external_services", 0.15),
        )
        if rng.random() < p
    ]
    answers.update(
        {
            "likely_future": _maybe(rng, _likely_future(rng, age, caring == "yes")),
            "anxiety": _maybe(
                rng,
                _pick(
                    rng,
                    {
                        "very_anxious": 25 + (10 if caring == "yes" else 0),
                        "anxious": 35,
                        "a_little": 28,
                        "not_anxious": 12,
                    },
                ),
            ),
            "knows_insurance": _maybe(
                rng,
                _pick(
                    rng,
                    {
                        "yes": insurance_yes,
                        "name_only": (1 - insurance_yes) * 0.7,
                        "no": (1 - insurance_yes) * 0.3,
                    },
                ),
            ),
            "knows_center": _maybe(
                rng,
                _pick(rng, {"knows_how": centre_how, "name_only": 0.35, "no": 0.65 - centre_how}),
            ),
            # Version 1's mixed item, drawn where it always was (the demo stays reproducible).
            **({} if version >= 2 else {"knows_measures": _knows_measures(rng, lift)}),
            "can_talk": _maybe(
                rng, _pick(rng, {"yes": 42 + (8 if manager else 0), "no": 25, "not_sure": 33})
            ),
            "can_continue": _maybe(rng, _pick(rng, {"yes": 35, "no": 20, "dont_know": 45})),
            "helpful_support": [PREFER_NOT]
            if rng.random() < PREFER_NOT_RATE
            else (support or ["none"]),
        }
    )
    if version >= 2:
        answers.update(_knowledge_v2(rng, lift))
        if caring != "no":
            del answers["likely_future"]  # asked only of those not caring now
    return answers
