"""Plant an employee's care data, each piece carrying a unique marker."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hrcare.checklists.models import Age40Notice, IndividualNotice
from hrcare.consultations import attachments, records, services
from hrcare.consultations.models import ConsultationMessage
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee
from tests.conftest import Tenant

NOW = datetime(2026, 4, 30, 1, 0, tzinfo=UTC)


@dataclass
class Planted:
    employee: Employee
    other: Employee
    markers: list[str]  # the employee's: must all be gone after the purge
    controls: list[str]  # another employee's: must all remain


def _marker(tag: str) -> str:
    return f"MARK{tag}{secrets.token_hex(6)}"


def _actor(tenant: Tenant, role: Role) -> Actor:
    return Actor(user_id=tenant.users[role].id, role=role.value, company_id=tenant.company.id)


def _request(text: str, times: str) -> services.RequestData:
    return services.RequestData(
        topics=["leave"],
        urgency="soon",
        contact_method="reply",
        contact_times=times,
        body=f"母の介護について {text}",
        relative={"relationship": "parent"},
        is_moushide=True,
    )


def plant_consultation(tenant: Tenant, requester: Actor | None, guest: str | None) -> list[str]:
    """A consultation with every kind of record, each with its own marker."""
    m = [_marker(t) for t in ("body", "times", "reply", "note", "apply", "intent", "plan", "hand")]
    c = services.file_request(
        db.session,
        actor=requester,
        company_id=tenant.company.id,
        data=_request(m[0], m[1]),
        now=NOW,
        guest_email=guest,
    )
    db.session.flush()
    staff = _actor(tenant, Role.CONSULTATION_STAFF)
    if c.assignee_id is None:
        c.assignee_id = staff.user_id
    services.staff_reply(
        db.session,
        actor=staff,
        consultation=c,
        body=f"返信 {m[2]}",
        next_status="in_progress",
        hub_id=None,
        now=NOW,
    )
    services.add_note(db.session, actor=staff, consultation=c, body=f"メモ {m[3]}", now=NOW)
    records.record_notice(
        db.session,
        actor=staff,
        consultation=c,
        data=records.NoticeData(
            moushide_on=date(2026, 4, 28),
            notified_on=date(2026, 4, 29),
            method="meeting",
            informed_measures=True,
            informed_where_to_apply=True,
            informed_benefit=True,
            confirmed_intention=True,
            apply_to=m[4],
            intention="wants_to_use",
            intention_note=m[5],
        ),
        now=NOW,
    )
    records.save_plan(
        db.session,
        actor=staff,
        consultation=c,
        data=records.PlanData(
            situation={},
            work={},
            measures=["leave"],
            measures_note=m[6],
            handover=m[7],
            manager_summary="",
            next_review_on=None,
            follow_up="",
        ),
        now=NOW,
    )
    # A file sent with the staff's reply: its name and its bytes carry markers.
    file_marker, name_marker = _marker("file"), _marker("name")
    reply = db.session.scalars(
        select(ConsultationMessage)
        .where(ConsultationMessage.consultation_id == c.id)
        .order_by(ConsultationMessage.id.desc())
    ).first()
    upload = attachments.check(
        f"memo-{name_marker}.pdf", b"%PDF-1.4\n% " + file_marker.encode() + b"\n%%EOF\n", 1 << 20
    )
    attachments.attach(db.session, reply, upload)
    db.session.flush()
    return [*m, file_marker, name_marker]


def plant_ledger(tenant: Tenant, employee: Employee) -> list[str]:
    m = [_marker("age40"), _marker("notice")]
    db.session.add(
        Age40Notice(
            company_id=tenant.company.id,
            employee_id=employee.id,
            informed_on=date(2026, 4, 1),
            method="meeting",
            materials=m[0],
        )
    )
    db.session.add(
        IndividualNotice(
            company_id=tenant.company.id,
            employee_id=employee.id,
            reported_on=date(2026, 4, 1),
            notified_on=date(2026, 4, 2),
            method="meeting",
            note=m[1],
        )
    )
    db.session.flush()
    return m


@pytest.fixture
def planted(tenant_a: Tenant, make_employee) -> Planted:  # type: ignore[no-untyped-def]
    employee = make_employee(tenant_a.company, email="hanako@a.example.jp")
    other = make_employee(tenant_a.company, email="jiro@a.example.jp")
    user = tenant_a.users[Role.EMPLOYEE]
    user.employee_id = employee.id
    db.session.flush()
    me = _actor(tenant_a, Role.EMPLOYEE)
    markers = plant_consultation(tenant_a, me, None)
    markers += plant_consultation(tenant_a, None, "Hanako@A.example.jp")  # as a guest
    markers += plant_ledger(tenant_a, employee)
    controls = plant_consultation(tenant_a, None, "jiro@a.example.jp")
    controls += plant_ledger(tenant_a, other)
    db.session.commit()  # the notifications waiting for a commit go now, not during a purge
    return Planted(employee, other, markers, controls)
