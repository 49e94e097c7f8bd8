"""The 個別の周知・意向確認 record for a 申出 and the support plan.

The notice record keeps what the law asks (date of the 申出, date and method of the notice,
the four items, the stated intention). The form offers the legal information ready to send
(``legal_information``) and no wording that discourages use: the intentions to choose from
are all neutral or positive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.checklists.services import IndividualNotice
from hrcare.consultations.models import (
    AGE_BANDS,
    CARE_LEVELS,
    MEASURES,
    RELATIONSHIPS,
    RESIDENCES,
    Consultation,
    SupportPlan,
)
from hrcare.consultations.services import ConsultationError
from hrcare.core import audit
from hrcare.core.actor import Actor
from hrcare.core.clock import today_jst
from hrcare.core.i18n import _, _l
from hrcare.tenants.services import Company

MAX_NOTE = 4000


def legal_information(apply_to: str) -> str:
    """The four items, exact, in the reader's language: ready to send as a reply."""
    return _(
        "介護に直面していることをお知らせいただき、ありがとうございます。"
        "育児・介護休業法にもとづき、次の制度をご案内します。どの制度も、必要なときに遠慮なく利用できます。\n\n"
        "① 介護休業・介護両立支援制度等\n"
        "・介護休業：対象家族1人につき通算93日まで、3回まで分割して取得できます。\n"
        "・介護休暇：対象家族が1人なら年5日、2人以上なら年10日。時間単位でも取得できます。\n"
        "・所定外労働の制限（残業免除）、時間外労働の制限（月24時間・年150時間まで）、深夜業の制限。\n"
        "・所定労働時間の短縮等の措置：利用開始から3年の間で2回以上利用できます。\n\n"
        "② 申出先：%(apply_to)s\n\n"
        "③ 介護休業給付金（雇用保険）：介護休業中、休業開始時賃金の67%%が、93日を限度に支給されます。\n\n"
        "④ 意向の確認：これらの制度を利用したいか、お考えをお聞かせください。"
        "まだ決めていなくても構いません。いつでも相談できます。\n\n"
        "介護の最初の相談先は、介護を受ける方がお住まいの市区町村の地域包括支援センターです。",
        apply_to=apply_to,
    )


@dataclass(frozen=True)
class NoticeData:
    """The desk's form, in the desk's words; stored as the ledger's ``IndividualNotice``."""

    moushide_on: date
    notified_on: date
    method: str
    informed_measures: bool
    informed_where_to_apply: bool
    informed_benefit: bool
    confirmed_intention: bool
    apply_to: str
    intention: str
    intention_note: str
    employee_requested: bool = False


#: The desk form's four items → the ledger's (checklists.services.NOTICE_ITEMS).
ITEMS = {
    "informed_measures": "told_measures",
    "informed_where_to_apply": "told_where",
    "informed_benefit": "told_benefit",
    "confirmed_intention": "asked_intention",
}


def notice_for(session: Session, consultation: Consultation) -> IndividualNotice | None:
    return checklists.consultation_notice(session, consultation.company_id, consultation.id)


def notice_form_data(notice: IndividualNotice) -> dict[str, Any]:
    """The stored record as the desk form's values (to correct it)."""
    values: dict[str, Any] = {desk: getattr(notice, item) for desk, item in ITEMS.items()}
    values.update(
        moushide_on=notice.reported_on,
        notified_on=notice.notified_on,
        method=notice.method,
        apply_to=notice.apply_to,
        intention=notice.intention,
        intention_note=notice.note,
        employee_requested=notice.method in ("fax", "email"),
    )
    return values


def record_notice(
    session: Session, *, actor: Actor, consultation: Consultation, data: NoticeData, now: datetime
) -> IndividualNotice:
    """Create or correct the record of the individual notice for this 申出: written through
    the checklists feature, so the ledger holds it (without the employee's name: the ledger
    says a 申出 was answered as the law asks, not who consulted the desk)."""
    if not consultation.is_moushide:
        raise ConsultationError(_l("この相談は申出として扱われていません。"))
    company = session.get(Company, consultation.company_id)
    try:
        notice = checklists.record_individual_notice(
            session,
            actor,
            company,  # type: ignore[arg-type]
            employee_id=None,
            reported_on=data.moushide_on,
            notified_on=data.notified_on,
            method=data.method,
            items=[item for desk, item in ITEMS.items() if getattr(data, desk)],
            intention=data.intention,
            today=today_jst(now),
            now=now,
            employee_requested_method=data.employee_requested,
            note=data.intention_note,
            apply_to=data.apply_to,
            consultation_id=consultation.id,
            source="consultation",
        )
    except checklists.ChecklistError as error:
        raise ConsultationError(error.message) from None
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=consultation.company_id,
        action="consultation.notice",
        object_type="consultation",
        object_id=consultation.id,
    )
    session.flush()
    return notice


SITUATION_CHOICES: dict[str, tuple[str, ...]] = {
    "relationship": RELATIONSHIPS,
    "age_band": AGE_BANDS,
    "residence": RESIDENCES,
    "care_level": CARE_LEVELS,
    "dementia": ("yes", "no", "unknown"),
}
SITUATION_TEXT = ("other_helpers", "services_used")
WORK_TEXT = ("role", "hours", "wishes")


@dataclass(frozen=True)
class PlanData:
    situation: dict[str, str]
    work: dict[str, str]
    measures: list[str]
    measures_note: str
    handover: str
    manager_summary: str
    next_review_on: date | None
    follow_up: str


def plan_for(session: Session, consultation: Consultation) -> SupportPlan | None:
    return session.scalars(
        select(SupportPlan).where(
            SupportPlan.company_id == consultation.company_id,
            SupportPlan.consultation_id == consultation.id,
        )
    ).first()


def _clean(values: dict[str, str], allowed: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for key in allowed:
        text = (values.get(key) or "").strip()
        if len(text) > MAX_NOTE:
            raise ConsultationError(_l("入力が長すぎます。"))
        if text:
            out[key] = text
    return out


def save_plan(
    session: Session, *, actor: Actor, consultation: Consultation, data: PlanData, now: datetime
) -> SupportPlan:
    for key, choices in SITUATION_CHOICES.items():
        value = data.situation.get(key)
        if value and value not in choices:
            raise ConsultationError(_l("選択肢から選んでください。"))
    if any(m not in MEASURES for m in data.measures):
        raise ConsultationError(_l("選択肢から選んでください。"))
    if data.next_review_on is not None and data.next_review_on < today_jst(now):
        raise ConsultationError(_l("次回の見直し日は今日以降の日付にしてください。"))
    texts = (data.measures_note, data.handover, data.manager_summary, data.follow_up)
    if any(len(t) > MAX_NOTE for t in texts):
        raise ConsultationError(_l("入力が長すぎます。"))
    plan = plan_for(session, consultation)
    if plan is None:
        plan = SupportPlan(company_id=consultation.company_id, consultation_id=consultation.id)
        session.add(plan)
    plan.situation = {
        **_clean(data.situation, tuple(SITUATION_CHOICES)),
        **_clean(data.situation, SITUATION_TEXT),
    }
    plan.work = _clean(data.work, WORK_TEXT)
    plan.measures = [m for m in MEASURES if m in data.measures]
    plan.measures_note = data.measures_note.strip()
    plan.handover = data.handover.strip()
    plan.manager_summary = data.manager_summary.strip()
    plan.next_review_on = data.next_review_on
    plan.follow_up = data.follow_up.strip()
    plan.updated_by_id = actor.user_id
    plan.updated_at = now
    session.flush()
    return plan


def set_share_consent(
    session: Session,
    *,
    actor_id: int | None,
    consultation: Consultation,
    consent: bool,
    now: datetime,
) -> SupportPlan:
    """The employee (only) records or withdraws consent to tell their manager the summary."""
    plan = plan_for(session, consultation)
    if plan is None:
        raise ConsultationError(_l("支援プランはまだ作成されていません。"))
    plan.share_consent_at = now if consent else None
    audit.record(
        session,
        actor_id=actor_id,
        company_id=consultation.company_id,
        action="consultation.share_consent" if consent else "consultation.share_withdrawn",
        object_type="consultation",
        object_id=consultation.id,
    )
    session.flush()
    return plan
