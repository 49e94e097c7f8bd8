"""The demo's directory and worked consultation (the done-when scenario, pre-filled)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from hrcare.checklists.services import individual_notices
from hrcare.consultations import directory, records, services
from hrcare.consultations.demo import seed_demo_consultations
from hrcare.consultations.directory_models import CATEGORY_LABELS
from hrcare.consultations.models import Consultation
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant


def test_demo_directory_and_worked_moushide(tenant_a: Tenant, tenant_b: Tenant) -> None:
    today = date(2026, 6, 15)
    for tenant in (tenant_a, tenant_b):
        seed_demo_consultations(db.session, tenant.company, today=today, rng=random.Random(1))
    entries = directory.visible_entries(db.session, tenant_a.company.id, tenant_a.hub.id)
    for category in CATEGORY_LABELS:
        assert any(category in e.categories for e in entries), category
    own = [e for e in entries if e.scope == "company"]
    assert [e.company_id for e in own] == [tenant_a.company.id]

    employee = tenant_a.users[Role.EMPLOYEE]
    worked = db.session.scalars(
        select(Consultation).where(
            Consultation.company_id == tenant_a.company.id,
            Consultation.requester_id == employee.id,
        )
    ).one()
    assert worked.is_moushide and worked.status == "waiting"
    reply = [m for m in worked.messages if m.from_staff][0]
    assert len(reply.suggestions) == 2
    assert records.notice_for(db.session, worked) is not None
    assert records.plan_for(db.session, worked).next_review_on is not None  # type: ignore[union-attr]
    ledger = individual_notices(db.session, tenant_a.company.id)
    assert [(n.source, n.consultation_id) for n in ledger] == [("consultation", worked.id)]
    figures = services.counts(db.session, company_id=tenant_a.company.id, threshold=5)
    assert figures.total == 7
    assert db.session.scalars(select(JobRun)).first() is None  # the demo mails nobody


def test_hr_admin_who_is_also_the_desk_handles_one_in_the_same_account(
    client, tenant_a: Tenant
) -> None:
    """demo-small: the HR admin holds the desk membership too; one sign-in does both."""
    from hrcare.tenants import services as tenants
    from tests.conftest import sign_in

    hr = tenant_a.users[Role.HR_ADMIN]
    tenant_a.users[Role.CONSULTATION_STAFF].is_active = False  # like demo-small: no other desk
    tenants.add_membership(
        db.session, user=hr, role=Role.CONSULTATION_STAFF, company=tenant_a.company
    )
    db.session.flush()
    seed_demo_consultations(
        db.session, tenant_a.company, today=date(2026, 6, 15), rng=random.Random(1)
    )
    mine = db.session.scalars(select(Consultation).where(Consultation.assignee_id == hr.id)).all()
    assert mine  # the company's own desk (HR) comes before anyone else
    sign_in(client, hr)
    slug = tenant_a.slug
    assert client.get(f"/c/{slug}/roster/").status_code == 200  # HR work
    page = client.get(f"/c/{slug}/desk/{mine[0].id}")  # desk work, same account
    assert page.status_code == 200 and "（デモ）" in page.get_data(as_text=True)
    assert client.get(f"/c/{slug}/desk/overview").status_code == 200
