"""Demo surveys: a closed wave 1 (about six months ago, questionnaire version 1) and an open
wave 2 (opened a week ago, version 2), so every page shows both versions.

Synthetic answers follow the shape of the national data (総務省 就業構造基本調査 2022 and the
METI/MHLW surveys behind the guideline): the share of working carers rises with age (≈2 %
under 40, ≈6 % in the 40s, ≈12 % in the 50s, ≈15 % from 60), most cared-for relatives are
parents or parents-in-law aged 75 and over, about a third of carers struggle, a few consider
leaving, and knowledge of the public system is patchy (介護保険 known by ≈60 %, how to use the
地域包括支援センター by ≈20 %). Wave 2 shows a modest improvement in knowledge, as a company
would hope after providing information. Everything is drawn from ``rng`` (reproducible) and
written with bulk inserts (a 3,000-person company takes well under a second of SQL).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hrcare.core.clock import JST
from hrcare.roster import services as roster
from hrcare.roster.services import Employee
from hrcare.surveys import campaigns, pool
from hrcare.surveys.common import hash_token
from hrcare.surveys.models import Survey, SurveyComment, SurveyInvitation, SurveyResponse
from hrcare.surveys.questionnaire import KNOWS_LAW_CODES, PREFER_NOT, age_band
from hrcare.surveys.regions import PREFECTURES
from hrcare.surveys.submission import consent_timestamp

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


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    """A plausible answering moment between two days, kept as consent is kept (to the day)."""
    day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
    local = datetime.combine(day, time(rng.randint(8, 22), rng.randint(0, 59)), tzinfo=JST)
    return consent_timestamp(local)


def _seed_wave(
    session: Session,
    survey: Survey,
    employees: list[Employee],
    *,
    rng: random.Random,
    invited_on: date,
    answered_until: date,
    rate: float,
) -> None:
    wave_at = pool.wave_timestamp(survey)
    invitations: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for e in employees:
        age = roster.age_on(e.birth_date, invited_on)
        snapshot = {
            "department": e.department or "",
            "age_band": age_band(age),
            "is_manager": bool(e.is_manager),
            "employment_type": e.employment_type,
        }
        responded = rng.random() < rate
        invitations.append(
            {
                "company_id": survey.company_id,
                "survey_id": survey.id,
                "employee_id": e.id,
                "token_hash": hash_token(f"demo:{rng.getrandbits(128):032x}"),
                "invited_on": invited_on,
                "link_issued_on": invited_on,
                "responded": responded,
                **snapshot,
            }
        )
        if not responded:
            continue
        responses.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "company_id": survey.company_id,
                "survey_id": survey.id,
                "consent_version": survey.consent_version,
                # The draw is kept so the demo's figures stay as they were; what is stored
                # is the wave's timestamp, as for real answers (pool.wave_timestamp).
                "consented_at": _moment(rng, invited_on, answered_until) and wave_at,
                "answers": synthetic_answers(
                    rng, age, bool(e.is_manager), survey.wave, survey.questionnaire_version
                ),
                **snapshot,
            }
        )
        if rng.random() < 0.04:
            comments.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "company_id": survey.company_id,
                    "survey_id": survey.id,
                    "question_code": "comment",
                    "text": rng.choice(COMMENTS),
                }
            )
    rng.shuffle(responses)  # storage order tells nothing about who answered when
    for model, rows in (
        (SurveyInvitation, invitations),
        (SurveyResponse, responses),
        (SurveyComment, comments),
    ):
        if rows:
            session.execute(insert(model), rows)


def _at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=JST)


def seed_demo_surveys(session: Session, company: Any, *, today: date, rng: random.Random) -> None:
    """A closed wave 1 (about six months ago, ~65–75 % answered) and an open wave 2 (opened a
    week ago, ~30 % answered so far) for ``company``'s active roster. Flushes, never commits."""
    employees = roster.active_employees(session, company.id)
    if not employees:
        return
    opens_1 = today - timedelta(days=182)
    closes_1 = opens_1 + timedelta(days=20)
    wave1 = campaigns.create_survey(
        session,
        company_id=company.id,
        actor_id=None,
        title=campaigns.DEFAULT_TITLE,
        title_en=campaigns.DEFAULT_TITLE_EN,
        opens_on=opens_1,
        closes_on=closes_1,
        version=1,
    )
    wave1.status, wave1.opened_at = "open", _at_nine(opens_1)
    session.flush()
    _seed_wave(
        session,
        wave1,
        employees,
        rng=rng,
        invited_on=opens_1,
        answered_until=closes_1,
        rate=rng.uniform(0.65, 0.75),
    )
    # Closed as HR closes a wave: the release is computed then, once.
    campaigns.close_survey(
        session, wave1, actor_id=None, now=_at_nine(closes_1 + timedelta(days=1))
    )

    wave2 = campaigns.new_wave(session, wave1, actor_id=None)
    opens_2 = today - timedelta(days=7)
    wave2.opens_on, wave2.closes_on = opens_2, today + timedelta(days=14)
    wave2.status, wave2.opened_at = "open", _at_nine(opens_2)
    session.flush()
    _seed_wave(
        session,
        wave2,
        employees,
        rng=rng,
        invited_on=opens_2,
        answered_until=today - timedelta(days=1),
        rate=rng.uniform(0.27, 0.33),
    )
