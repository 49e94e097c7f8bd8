"""Audit of reads (SECURITY.md item 12): every read of a consultation and of individual care
data (its notice and support plan, the ledger's named records, exports and printable form)
writes exactly one audit event, without the data. Reads made are counted against records."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hrcare.consultations.follow import make_token
from hrcare.consultations.models import Consultation, SupportPlan
from hrcare.core.audit import AuditEvent
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.privacy.reads import AUDITED_READS, SELF_AUDITED
from tests.conftest import Tenant, sign_in

from .conftest import Planted
from .scan import database_hits

READ_ACTIONS = ("consultation.read", "ledger.read")


def _reads_recorded() -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.in_(READ_ACTIONS))
        )
        or 0
    )


def test_every_read_is_recorded(
    app: Flask, client: FlaskClient, tenant_a: Tenant, planted: Planted
) -> None:
    slug = tenant_a.slug
    employee_user = tenant_a.users[Role.EMPLOYEE]
    own = db.session.scalars(
        select(Consultation).where(Consultation.requester_id == employee_user.id)
    ).one()
    guest = db.session.scalars(
        select(Consultation).where(Consultation.guest_email == "Hanako@A.example.jp")
    ).one()
    plan = db.session.scalars(
        select(SupportPlan).where(SupportPlan.consultation_id == own.id)
    ).one()
    plan.share_consent_at = utcnow()
    db.session.flush()
    as_role = {
        Role.CONSULTATION_STAFF: [
            f"/c/{slug}/desk/{own.id}",
            f"/c/{slug}/desk/{own.id}/notice",
            f"/c/{slug}/desk/{own.id}/plan",
            f"/c/{slug}/desk/{own.id}/plan/manager",
        ],
        Role.EMPLOYEE: [f"/c/{slug}/consultations/{own.id}"],
        Role.HR_ADMIN: [
            f"/c/{slug}/duties/",
            f"/c/{slug}/duties/notices",
            f"/c/{slug}/duties/export.csv",
            f"/c/{slug}/duties/export.xlsx",
            f"/c/{slug}/duties/print",
        ],
        None: [f"/consult/r/{make_token(guest)}"],
    }
    endpoints = set()
    made, before = 0, _reads_recorded()
    for role, urls in as_role.items():
        browser = FlaskClient(app)
        if role is not None:
            sign_in(browser, tenant_a.users[role], tenant_a.company)
        for url in urls:
            for _ in range(2):  # a second read is a second record
                response = browser.get(url)
                assert response.status_code == 200, url
                endpoints.add(_endpoint(app, url))
                made += 1
    recorded = _reads_recorded() - before
    print(f"figure: care-data reads made = {made}, audit records written = {recorded}")
    assert recorded == made
    assert set(AUDITED_READS) | set(SELF_AUDITED) <= endpoints  # every audited page was read
    hits = database_hits(db.session, planted.markers)
    assert not [column for column in hits if column.startswith("audit_events.")]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "ledger.read")).all()
    assert {e.object_id for e in events} == {
        "duties.index",
        "duties.notices",
        "duties.export_file",
        "duties.printable",
    }
    assert all(e.actor_id == tenant_a.users[Role.HR_ADMIN].id for e in events)


def test_refused_and_missing_reads_record_nothing(
    client: FlaskClient, tenant_a: Tenant, planted: Planted
) -> None:
    before = _reads_recorded()
    sign_in(client, tenant_a.users[Role.EXECUTIVE], tenant_a.company)
    assert client.get(f"/c/{tenant_a.slug}/duties/").status_code == 403
    assert client.get(f"/c/{tenant_a.slug}/desk/999999/notice").status_code in (403, 404)
    assert _reads_recorded() == before


def test_a_read_that_cannot_be_recorded_is_withheld(
    client: FlaskClient, tenant_a: Tenant, planted: Planted, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from hrcare.privacy import reads

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(reads.audit, "record", broken)
    sign_in(client, tenant_a.users[Role.HR_ADMIN], tenant_a.company)
    response = client.get(f"/c/{tenant_a.slug}/duties/notices")
    assert response.status_code == 503
    assert planted.employee.name not in response.get_data(as_text=True)


def _endpoint(app: Flask, url: str) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.match(url.split("?")[0], method="GET")[0]
