"""The guideline plan: each action's status, owner, due date, notes, practical fields and the
history of changes; progress per step and overall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import guideline
from hrcare.checklists.common import (
    ChecklistError,
    check_past_day,
    check_plan_day,
    check_text,
    company_member,
)
from hrcare.checklists.models import PLAN_STATUSES, PlanAction, PlanChange
from hrcare.core.actor import Actor
from hrcare.core.audit import record
from hrcare.core.i18n import _l
from hrcare.tenants.services import Company

#: The survey figures a company may track (2-3), and which way is better.
METRICS = ("caregiver_share", "considering_leaving_share", "knows_legal_share", "response_rate")
METRIC_LABELS = {
    "caregiver_share": _l("介護をしている人の割合"),
    "considering_leaving_share": _l("介護をしている人のうち離職を考えている人の割合"),
    "knows_legal_share": _l("法定の両立支援制度を知っている人の割合"),
    "response_rate": _l("アンケートの回答率"),
}
BETTER = {"considering_leaving_share": "down", "knows_legal_share": "up", "response_rate": "up"}
MAX_SESSIONS = 50


@dataclass(frozen=True)
class ActionState:
    action: guideline.Action
    row: PlanAction | None

    @property
    def status(self) -> str:
        return self.row.status if self.row else "not_started"

    @property
    def details(self) -> dict[str, Any]:
        return dict(self.row.details or {}) if self.row else {}

    def overdue(self, today: date) -> bool:
        return bool(
            self.row
            and self.row.due_date
            and self.row.due_date < today
            and self.status in {"not_started", "in_progress"}
        )


@dataclass(frozen=True)
class StepProgress:
    step: int
    title: object
    done: int
    applicable: int

    @property
    def pct(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100


@dataclass(frozen=True)
class Progress:
    steps: tuple[StepProgress, ...]
    done: int
    applicable: int

    @property
    def pct(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100


def _rows(session: Session, company_id: int) -> dict[str, PlanAction]:
    return {
        r.code: r
        for r in session.scalars(select(PlanAction).where(PlanAction.company_id == company_id))
    }


def plan_states(session: Session, company_id: int) -> list[ActionState]:
    rows = _rows(session, company_id)
    return [ActionState(a, rows.get(a.code)) for a in guideline.ACTIONS]


def action_state(session: Session, company_id: int, code: str) -> ActionState | None:
    action = guideline.action(code)
    if action is None:
        return None
    return ActionState(action, _rows(session, company_id).get(code))


def progress(session: Session, company_id: int) -> Progress:
    """Done over applicable (not-applicable actions leave the count) of the nine actions."""
    states = [s for s in plan_states(session, company_id) if not s.action.optional]
    steps = []
    for step in (1, 2, 3):
        mine = [s for s in states if s.action.step == step]
        steps.append(
            StepProgress(
                step,
                guideline.STEPS[step],
                sum(1 for s in mine if s.status == "done"),
                sum(1 for s in mine if s.status != "not_applicable"),
            )
        )
    return Progress(tuple(steps), sum(s.done for s in steps), sum(s.applicable for s in steps))


def ensure_row(session: Session, company_id: int, code: str) -> PlanAction:
    row = _rows(session, company_id).get(code)
    if row is None:
        row = PlanAction(company_id=company_id, code=code, status="not_started", details={})
        session.add(row)
        session.flush()
    return row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def log_change(
    session: Session, row: PlanAction, actor: Actor, field: str, old: Any, new: Any, now: datetime
) -> None:
    session.add(
        PlanChange(
            company_id=row.company_id,
            action_id=row.id,
            at=now,
            actor_id=actor.user_id,
            field=field,
            old=_text(old),
            new=_text(new),
        )
    )


def update_action(
    session: Session,
    actor: Actor,
    company: Company,
    code: str,
    *,
    status: str,
    owner_id: int | None,
    due_date: date | None,
    notes: str,
    na_reason: str,
    details: dict[str, Any],
    today: date,
    now: datetime,
) -> PlanAction:
    """Validate everything first, then write; each changed field is one history row."""
    action = guideline.action(code)
    if action is None:
        raise ChecklistError(_l("取組が見つかりません。"), "code")
    if status not in PLAN_STATUSES:
        raise ChecklistError(_l("状況を選んでください。"), "status")
    na_reason = check_text(na_reason, "na_reason")
    if status == "not_applicable" and not na_reason:
        raise ChecklistError(_l("「対象外」にする理由を入力してください。"), "na_reason")
    owner = company_member(session, company.id, owner_id)
    due = check_plan_day(due_date, "due_date", today)
    values: dict[str, Any] = {}
    for detail in action.details:
        raw = details.get(detail.name)
        if detail.kind == "date":
            values[detail.name] = check_past_day(raw, detail.name, today).isoformat() if raw else ""
        else:
            limit = 200 if detail.kind == "text" else 4000
            values[detail.name] = check_text(raw, detail.name, limit)
    new = {
        "status": status,
        "owner_id": owner.id if owner else None,
        "due_date": due,
        "notes": check_text(notes, "notes"),
        "na_reason": na_reason if status == "not_applicable" else "",
    }
    row = ensure_row(session, company.id, code)
    for field, value in new.items():
        old = getattr(row, field)
        if old != value:
            log_change(session, row, actor, field, old, value, now)
            setattr(row, field, value)
    merged = dict(row.details or {})
    for name, value in values.items():
        if merged.get(name, "") != value:
            log_change(session, row, actor, name, merged.get(name, ""), value, now)
            merged[name] = value
    row.details = merged
    row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="plan.update",
        object_type="plan_action",
        object_id=code,
    )
    return row


def set_indicators(
    session: Session,
    actor: Actor,
    company: Company,
    targets: dict[str, float | None],
    *,
    chosen: set[str],
    now: datetime,
) -> PlanAction:
    """2-3: the tracked indicators and their targets (percent, 0–100)."""
    if chosen - set(METRICS):
        raise ChecklistError(_l("指標が不正です。"), "indicators")
    indicators: dict[str, float | None] = {}
    for metric in METRICS:
        if metric not in chosen:
            continue
        target = targets.get(metric)
        if target is not None and not 0 <= target <= 100:
            raise ChecklistError(_l("目標値は0〜100の範囲で入力してください。"), metric)
        indicators[metric] = target
    row = ensure_row(session, company.id, "2-3")
    details = dict(row.details or {})
    old = details.get("indicators", {})
    if old != indicators:
        log_change(session, row, actor, "indicators", _fmt(old), _fmt(indicators), now)
        details["indicators"] = indicators
        row.details = details
        row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    return row


def _fmt(indicators: dict[str, Any]) -> str:
    return ", ".join(f"{m}={'' if t is None else t}" for m, t in sorted((indicators or {}).items()))


def tracked_indicators(session: Session, company_id: int) -> dict[str, float | None]:
    state = action_state(session, company_id, "2-3")
    return dict(state.details.get("indicators", {})) if state else {}


def add_training_session(
    session: Session,
    actor: Actor,
    company: Company,
    *,
    held_on: date | None,
    title: str,
    attendees: int | None,
    invited: int | None,
    today: date,
    now: datetime,
) -> PlanAction:
    """3-2: one training session and its attendance."""
    day = check_past_day(held_on, "held_on", today)
    title = check_text(title, "title", 200)
    if not title:
        raise ChecklistError(_l("研修の名前を入力してください。"), "title")
    if attendees is None or attendees < 0 or attendees > 100_000:
        raise ChecklistError(_l("参加者数は0以上の整数で入力してください。"), "attendees")
    if invited is not None and not attendees <= invited <= 100_000:
        raise ChecklistError(_l("対象者数は参加者数以上にしてください。"), "invited")
    row = ensure_row(session, company.id, "3-2")
    details = dict(row.details or {})
    sessions = list(details.get("sessions", []))
    if len(sessions) >= MAX_SESSIONS:
        raise ChecklistError(_l("研修の記録が多すぎます。"), "title")
    entry = {"held_on": day.isoformat(), "title": title, "attendees": attendees, "invited": invited}
    sessions.append(entry)
    sessions.sort(key=lambda s: s["held_on"])
    details["sessions"] = sessions
    row.details = details
    log_change(session, row, actor, "sessions", "", f"{day.isoformat()} {title} ({attendees})", now)
    row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    return row


def history(session: Session, company_id: int, code: str) -> list[PlanChange]:
    row = _rows(session, company_id).get(code)
    if row is None:
        return []
    return list(
        session.scalars(
            select(PlanChange)
            .where(PlanChange.company_id == company_id, PlanChange.action_id == row.id)
            .order_by(PlanChange.at.desc(), PlanChange.id.desc())
        )
    )
