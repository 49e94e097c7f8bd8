"""Tenant B's data marked with a unique string, and ordinary data for tenant A to crawl."""

from __future__ import annotations

import random
import uuid
from datetime import date

from sqlalchemy import select

from hrcare.checklists import evidence, ledger, plan
from hrcare.consultations.demo import seed_demo_consultations
from hrcare.consultations.directory_models import OutsideService
from hrcare.consultations.models import Consultation, ConsultationMessage, SupportPlan
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee, RosterUpload
from hrcare.surveys.demo import seed_demo_surveys
from hrcare.surveys.models import Survey, SurveyComment, SurveyInvitation
from tests.conftest import Tenant

CANARY = "CANARY-7f3a9c"
TODAY = date(2026, 11, 26)
DEPARTMENTS = ("営業部", "製造部", "総務部")


def _roster(tenant: Tenant, size: int, marker: str) -> list[Employee]:
    rng = random.Random(tenant.slug)
    employees = []
    for n in range(size):
        employee = Employee(
            company_id=tenant.company.id,
            employee_number=f"{marker or 'A'}{n:04d}",
            name=f"{marker}社員{n}",
            department=f"{marker}{DEPARTMENTS[n % len(DEPARTMENTS)]}",
            birth_date=date(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            hire_date=date(2020, 4, 1),
            is_manager=n % 7 == 0,
            employment_type="regular",
            email=f"{marker.lower() or 'a'}{n}@example.jp",
        )
        db.session.add(employee)
        employees.append(employee)
    db.session.flush()
    return employees


def plant_canaries(tenant_a: Tenant, tenant_b: Tenant) -> dict[str, list[object]]:
    """Fill both tenants; return tenant B's object ids by URL argument name."""
    _roster(tenant_a, 40, "")
    seed_demo_surveys(db.session, tenant_a.company, today=TODAY, rng=random.Random(1))

    employees_b = _roster(tenant_b, 40, CANARY)
    seed_demo_surveys(db.session, tenant_b.company, today=TODAY, rng=random.Random(2))
    surveys_b = list(
        db.session.scalars(select(Survey).where(Survey.company_id == tenant_b.company.id))
    )
    for survey in surveys_b:
        survey.title = f"{CANARY} 調査 {survey.wave}"
        db.session.add(
            SurveyComment(
                company_id=tenant_b.company.id,
                survey_id=survey.id,
                question_code="comment",
                text=f"{CANARY} 自由記述",
            )
        )
    upload = RosterUpload(
        company_id=tenant_b.company.id,
        filename=f"{CANARY}.csv",
        content=f"社員番号,氏名\n1,{CANARY}\n".encode(),
    )
    db.session.add(upload)
    db.session.flush()
    checklist_ids = _plant_checklists(tenant_b, employees_b)
    invitation_ids = list(
        db.session.scalars(
            select(SurveyInvitation.id)
            .where(SurveyInvitation.company_id == tenant_b.company.id)
            .limit(3)
        )
    )
    survey_ids: list[object] = [s.id for s in surveys_b]
    consultation_ids = _consultations(tenant_a, tenant_b)
    ids: dict[str, list[object]] = {
        "consultation_id": consultation_ids,
        "employee_id": [e.id for e in employees_b[:3]],
        "survey_id": survey_ids,
        "upload_id": [upload.id],
        "user_id": [u.id for u in tenant_b.users.values()],
        "invitation_id": list(invitation_ids),
        "fmt": ["csv", "xlsx"],
        "format": ["csv", "xlsx"],
        "job_id": [str(uuid.uuid4())],
        "evidence_id": checklist_ids,
        "code": ["1-2", "3-2", "training", "desk"],
    }
    ids["_any"] = sorted({v for values in ids.values() for v in values}, key=str)
    return ids


def _plant_checklists(tenant: Tenant, employees: list[Employee]) -> list[object]:
    """Tenant B's plan, evidence and ledger, every text marked."""
    from datetime import UTC, datetime

    user = tenant.users[Role.HR_ADMIN]
    actor = Actor(user.id, "hr_admin", tenant.company.id)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    company = tenant.company
    plan.update_action(
        db.session,
        actor,
        company,
        "1-2",
        status="done",
        owner_id=None,
        due_date=None,
        notes=f"{CANARY} メモ",
        na_reason="",
        details={"message": f"{CANARY} メッセージ"},
        today=TODAY,
        now=now,
    )
    note = evidence.add_note(db.session, actor, company, "action:1-2", f"{CANARY} 証跡", now=now)
    link = evidence.add_link(
        db.session, actor, company, "measure:desk", f"https://example.jp/{CANARY}", CANARY, now=now
    )
    ledger.save_measure(
        db.session,
        actor,
        company,
        code="desk",
        in_place=True,
        since=date(2025, 4, 1),
        note=f"{CANARY} 窓口",
        today=TODAY,
        now=now,
    )
    ledger.record_individual_notice(
        db.session,
        actor,
        company,
        employee_id=employees[0].id,
        reported_on=date(2026, 11, 1),
        notified_on=date(2026, 11, 2),
        method="meeting",
        items=ledger.NOTICE_ITEMS,
        intention="considering",
        note=f"{CANARY} 面談",
        today=TODAY,
        now=now,
    )
    for e in employees:
        win = ledger.age40.window(e.birth_date, company.age40_window)
        if win.start <= TODAY and win.end.year >= 2020:
            ledger.record_age40_notice(
                db.session,
                actor,
                company,
                employee_id=e.id,
                informed_on=min(TODAY, win.end),
                method="letter",
                materials=f"{CANARY} 資料",
                today=TODAY,
                now=now,
            )
            break
    db.session.flush()
    return [note.id, link.id]


def _consultations(tenant_a: Tenant, tenant_b: Tenant) -> list[object]:
    """Both tenants get the demo's consultations and directory; tenant B's carry the marker."""
    seed_demo_consultations(db.session, tenant_a.company, today=TODAY, rng=random.Random(1))
    seed_demo_consultations(db.session, tenant_b.company, today=TODAY, rng=random.Random(2))
    company_b = tenant_b.company.id
    for message in db.session.scalars(
        select(ConsultationMessage).where(ConsultationMessage.company_id == company_b)
    ):
        message.body = f"{CANARY} {message.body}"
    for support in db.session.scalars(
        select(SupportPlan).where(SupportPlan.company_id == company_b)
    ):
        support.manager_summary = f"{CANARY} 上司への共有"
    for entry in db.session.scalars(
        select(OutsideService).where(OutsideService.company_id == company_b)
    ):
        entry.name = f"{CANARY} B社の窓口"
    db.session.flush()
    return list(
        db.session.scalars(select(Consultation.id).where(Consultation.company_id == company_b))
    )
