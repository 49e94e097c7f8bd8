"""Demo data: a partly completed plan, age-40 records, notices and measures for each company.

Runs after the demo surveys (so the recommendations and 効果検証 read the company's own
released wave). Goes through the same services as the pages, so the demo obeys every rule.
Flushes, never commits.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import age40, evidence, ledger, plan
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.roster import services as roster
from hrcare.tenants import services as tenants

MESSAGE = (
    "介護は誰にでも起こりうることです。会社は、介護をしながら働き続けることを応援します。"
    "一人で抱え込まず、まず人事部の相談窓口に声をかけてください。"
)
PACK = "介護休業・介護休暇などの両立支援制度、申出先、介護休業給付金、介護保険制度、地域包括支援センターの探し方"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(1, 0), tzinfo=UTC)


def _accounts(session: Session, company_id: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for row in tenants.company_accounts(session, company_id):
        for role in row.roles:
            found.setdefault(role, row.user)
    return found


def seed_demo_plan(session: Session, company: Any, *, today: date, rng: random.Random) -> None:
    accounts = _accounts(session, company.id)
    hr_user = accounts.get(Role.HR_ADMIN.value)
    if hr_user is None:
        return
    hr = Actor(hr_user.id, Role.HR_ADMIN.value, company.id)
    executive = accounts.get(Role.EXECUTIVE.value, hr_user)
    small = company.slug == "demo-small"
    _plan(session, hr, company, today=today, owner=hr_user.id, exec_id=executive.id, small=small)
    _age40(session, hr, company, today=today, rng=rng)
    _notices(session, hr, company, today=today, rng=rng)
    _measures(session, hr, company, today=today, small=small)
    session.flush()


def _plan(
    session: Session,
    hr: Actor,
    company: Any,
    *,
    today: date,
    owner: int,
    exec_id: int,
    small: bool,
) -> None:
    def update(code: str, status: str, *, days: int, who: int, **extra: Any) -> None:
        now = _moment(today - timedelta(days=days))
        plan.update_action(
            session,
            hr,
            company,
            code,
            status=status,
            owner_id=who,
            due_date=extra.pop("due", None),
            notes=extra.pop("notes", ""),
            na_reason=extra.pop("na_reason", ""),
            details=extra,
            today=today,
            now=now,
        )

    sent = today - timedelta(days=150)
    update("1-1", "done", days=170, who=exec_id, how="経済産業省ガイドラインの入門編と社内勉強会")
    update(
        "1-2",
        "done",
        days=150,
        who=exec_id,
        message=MESSAGE,
        sent_on=sent,
        channels="社内報・全社朝礼",
    )
    evidence.add_note(session, hr, company, "action:1-2", "社内報 第128号に掲載", now=_moment(sent))
    if small:
        update(
            "1-3",
            "not_applicable",
            days=140,
            who=owner,
            na_reason="従業員40名のため、社長と総務担当者で直接対応している",
        )
    else:
        update(
            "1-3",
            "done",
            days=140,
            who=owner,
            team="人事部 両立支援担当（2名）",
            reporting="四半期ごとに経営会議で報告",
        )
    update("2-1", "done", days=120, who=owner, notes="第1回調査を実施。第2回を実施中。")
    update("2-2", "in_progress", days=60, who=exec_id, due=today + timedelta(days=75))
    plan.set_indicators(
        session,
        hr,
        company,
        {"knows_legal_share": 70.0, "considering_leaving_share": 3.0, "response_rate": 80.0},
        chosen={"knows_legal_share", "considering_leaving_share", "response_rate"},
        now=_moment(today - timedelta(days=100)),
    )
    update("2-3", "done", days=100, who=owner)
    update(
        "3-1",
        "in_progress",
        days=40,
        who=owner,
        due=today - timedelta(days=10) if small else today + timedelta(days=30),
        contents=PACK,
    )
    if not small:
        plan.add_training_session(
            session,
            hr,
            company,
            held_on=today - timedelta(days=35),
            title="管理職向け 仕事と介護の両立支援研修",
            attendees=24,
            invited=30,
            today=today,
            now=_moment(today - timedelta(days=35)),
        )
        update("3-2", "in_progress", days=35, who=owner, due=today + timedelta(days=90))
    evidence.add_link(
        session,
        hr,
        company,
        "action:3-1",
        "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000130583.html",
        "厚生労働省：介護休業制度（情報パックに掲載）",
        now=_moment(today - timedelta(days=40)),
    )
    update("3-3", "done" if company.consultation_contact else "not_started", days=30, who=owner)
    update("opt-effect", "in_progress", days=20, who=owner, notes="第2回の締切後に比較する")


def _age40(session: Session, hr: Actor, company: Any, *, today: date, rng: random.Random) -> None:
    """Most employees whose window has passed or is open were informed; a few were not."""
    left_out = False
    for entry in ledger.age40_entries(session, company, today):
        win = entry.window
        if win.start > today:
            continue
        if win.end < today and not left_out:
            left_out = True  # one overdue entry, so the ledger shows how it stands out
            continue
        if rng.random() < (0.9 if win.end < today else 0.45):
            day = win.start + timedelta(
                days=rng.randint(0, max(0, (min(win.end, today) - win.start).days))
            )
            ledger.record_age40_notice(
                session,
                hr,
                company,
                employee_id=entry.employee_id,
                informed_on=day,
                method=rng.choice(("meeting", "letter", "email")),
                materials="両立支援制度の案内（社内資料）、介護保険制度のリーフレット",
                today=today,
                now=_moment(day),
            )


def _notices(session: Session, hr: Actor, company: Any, *, today: date, rng: random.Random) -> None:
    people = [
        e
        for e in roster.active_employees(session, company.id)
        if 45 <= roster.age_on(e.birth_date, today) <= 60
    ]
    if not people:
        return
    chosen = rng.sample(people, k=min(len(people), 2 if company.slug == "demo-small" else 3))
    plans = [
        ("meeting", ledger.NOTICE_ITEMS, "wants_to_use", False),
        ("email", ledger.NOTICE_ITEMS, "considering", True),
        ("letter", ("told_measures", "told_where", "told_benefit"), "undecided", False),
    ]
    for i, (employee, (method, items, intention, asked)) in enumerate(
        zip(chosen, plans, strict=False)
    ):
        reported = today - timedelta(days=90 - 30 * i)
        ledger.record_individual_notice(
            session,
            hr,
            company,
            employee_id=employee.id,
            reported_on=reported,
            notified_on=reported + timedelta(days=3),
            method=method,
            items=items,
            intention=intention,
            employee_requested_method=asked,
            today=today,
            now=_moment(reported + timedelta(days=3)),
        )


def _measures(session: Session, hr: Actor, company: Any, *, today: date, small: bool) -> None:
    in_force = max(age40.IN_FORCE, today - timedelta(days=365))
    entries = {
        "desk": ("人事部に両立支援の相談窓口を設置し、従業員ホームに表示", in_force),
        "care_days_new_staff": ("労使協定を改定し、入社6か月未満の除外を廃止", in_force),
    }
    if not small:
        entries["training"] = ("管理職向け研修を年1回実施", today - timedelta(days=35))
        entries["telework"] = (
            "介護を理由とするテレワーク申請の手順を整備",
            today - timedelta(days=100),
        )
    for code, (note, since) in entries.items():
        now = _moment(since)
        ledger.save_measure(
            session,
            hr,
            company,
            code=code,
            in_place=True,
            since=since,
            note=note,
            today=today,
            now=now,
        )
        evidence.add_note(session, hr, company, f"measure:{code}", note, now=now)
