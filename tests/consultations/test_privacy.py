"""Only the requester and the assigned staff read a consultation; others see counts or 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrcare.consultations import services
from hrcare.consultations.models import Consultation
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, sign_in

from .conftest import request_data

BODY = "母が要介護2になりました。介護休業について教えてください。"


def _second(tenant: Tenant, role: Role, key: str):  # type: ignore[no-untyped-def]
    return tenants.create_user(
        db.session,
        email=f"{key}@a.example.jp",
        role=role,
        name=f"{key} a",
        company=tenant.company,
        hub=tenant.hub,
    )


@pytest.mark.parametrize(
    ("role", "desk", "own"),
    [
        (Role.CONSULTATION_STAFF, 200, 404),  # assigned: the desk page; not the requester
        (Role.EMPLOYEE, 403, 200),  # the requester: own page only
        (Role.HR_ADMIN, 403, 404),
        (Role.EXECUTIVE, 403, 404),
        (Role.HUB_OPERATOR, 403, 403),
        (Role.PLATFORM_ADMIN, 403, 403),
    ],
)
def test_who_reads_a_consultation(
    client, tenant_a: Tenant, file_request, role: Role, desk: int, own: int
) -> None:
    c = file_request()
    sign_in(client, tenant_a.users[role], tenant_a.company)
    slug = tenant_a.slug
    got_desk = client.get(f"/c/{slug}/desk/{c.id}")
    got_own = client.get(f"/c/{slug}/consultations/{c.id}")
    assert (got_desk.status_code, got_own.status_code) == (desk, own)
    for page in (got_desk, got_own):
        if page.status_code != 200:
            assert BODY not in page.get_data(as_text=True)


def test_other_staff_and_other_employee_get_404(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    other_staff = _second(tenant_a, Role.CONSULTATION_STAFF, "staff2")
    other_employee = _second(tenant_a, Role.EMPLOYEE, "emp2")
    db.session.flush()
    slug = tenant_a.slug
    sign_in(client, other_staff)
    assert client.get(f"/c/{slug}/desk/{c.id}").status_code == 404
    assert client.get(f"/c/{slug}/desk/{c.id}/plan").status_code == 404
    assert client.post(f"/c/{slug}/desk/{c.id}/take").status_code == 404  # already assigned
    client.post("/logout")
    sign_in(client, other_employee)
    assert client.get(f"/c/{slug}/consultations/{c.id}").status_code == 404
    assert client.post(f"/c/{slug}/consultations/{c.id}/withdraw").status_code == 404
    assert c.status == "new"


def test_foreign_company_and_tampered_ids_answer_404(
    client, tenant_a: Tenant, tenant_b: Tenant, file_request
) -> None:
    c = file_request(tenant=tenant_b)
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    for path in (
        f"/c/{tenant_a.slug}/desk/{c.id}",
        f"/c/{tenant_b.slug}/desk/{c.id}",
        f"/c/{tenant_a.slug}/desk/99999999999",
        f"/c/{tenant_a.slug}/desk/abc",
    ):
        assert client.get(path).status_code == 404, path
    before = len(c.messages)
    response = client.post(
        f"/c/{tenant_a.slug}/desk/{c.id}/reply", data={"body": "x", "next_status": "waiting"}
    )
    assert response.status_code == 404 and len(c.messages) == before


def test_unassigned_queue_shows_no_contents_until_taken(
    client, tenant_a: Tenant, file_request
) -> None:
    _second(tenant_a, Role.CONSULTATION_STAFF, "staff2")  # two staff: nobody auto-assigned
    c = file_request()
    assert c.assignee_id is None
    staff = tenant_a.users[Role.CONSULTATION_STAFF]
    sign_in(client, staff)
    slug = tenant_a.slug
    inbox = client.get(f"/c/{slug}/desk/").get_data(as_text=True)
    assert f"/desk/{c.id}/take" in inbox and BODY not in inbox
    assert client.get(f"/c/{slug}/desk/{c.id}").status_code == 404
    client.post(f"/c/{slug}/desk/{c.id}/take")
    assert c.assignee_id == staff.id
    assert BODY in client.get(f"/c/{slug}/desk/{c.id}").get_data(as_text=True)


def test_assignment_only_to_the_companys_staff(
    client, tenant_a: Tenant, tenant_b: Tenant, file_request
) -> None:
    c = file_request()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    slug = tenant_a.slug
    for bad in (tenant_a.users[Role.HR_ADMIN].id, tenant_b.users[Role.CONSULTATION_STAFF].id):
        client.post(f"/c/{slug}/desk/{c.id}/assign", data={"assignee": str(bad)})
        assert c.assignee_id == tenant_a.users[Role.CONSULTATION_STAFF].id
    colleague = _second(tenant_a, Role.CONSULTATION_STAFF, "staff2")
    db.session.flush()
    client.post(f"/c/{slug}/desk/{c.id}/assign", data={"assignee": str(colleague.id)})
    assert c.assignee_id == colleague.id
    assert client.get(f"/c/{slug}/desk/{c.id}").status_code == 404  # no longer theirs


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HR_ADMIN, 200),
        (Role.EXECUTIVE, 200),
        (Role.HUB_OPERATOR, 200),
        (Role.CONSULTATION_STAFF, 403),
        (Role.EMPLOYEE, 403),
    ],
)
def test_counts_never_contents(client, tenant_a: Tenant, file_request, role, status) -> None:
    for _ in range(5):
        file_request()
    file_request(topics=["cost"])
    sign_in(client, tenant_a.users[role], tenant_a.company)
    page = client.get(f"/c/{tenant_a.slug}/desk/overview")
    assert page.status_code == status
    text = page.get_data(as_text=True)
    assert BODY not in text
    if status == 200:
        assert "5件未満" in text  # 費用 (1 request) is suppressed
        assert ">6<" in text.replace(" ", "")  # total


def test_counts_suppress_small_cells_and_their_complement(tenant_a: Tenant, file_request) -> None:
    for _ in range(6):
        file_request(topics=["leave"])
    file_request(topics=["cost"])
    figures = services.counts(db.session, company_id=tenant_a.company.id, threshold=5)
    assert figures.total == 7 and figures.by_topic["leave"] == 6
    assert figures.by_topic["cost"] is None
    assert figures.by_status["new"] == 7


def test_a_lone_small_status_is_not_derivable_from_the_total(
    tenant_a: Tenant, file_request
) -> None:
    made = [file_request() for _ in range(8)]
    made[0].status = "withdrawn"
    db.session.flush()
    figures = services.counts(db.session, company_id=tenant_a.company.id, threshold=5)
    # withdrawn (1) is hidden; showing new (7) next to the total (8) would reveal it.
    assert figures.total == 8
    assert figures.by_status["withdrawn"] is None and figures.by_status["new"] is None


def test_every_read_is_audited(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    client.get(f"/c/{tenant_a.slug}/desk/{c.id}")
    client.get(f"/c/{tenant_a.slug}/desk/{c.id}")
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "consultation.read", AuditEvent.object_id == str(c.id)
        )
    ).all()
    assert len(events) == 2 and {e.company_id for e in events} == {tenant_a.company.id}


def test_requests_never_reference_survey_answers() -> None:
    from hrcare.consultations.models import ConsultationMessage

    for model in (Consultation, ConsultationMessage):
        targets = {fk.column.table.name for fk in model.__table__.foreign_keys}
        assert targets <= {"companies", "users", "consultations"}, targets


def test_service_refuses_unknown_topics(tenant_a: Tenant) -> None:
    from hrcare.consultations.services import ConsultationError

    from .conftest import NOW, actor_of

    with pytest.raises(ConsultationError):
        services.file_request(
            db.session,
            actor=actor_of(tenant_a, Role.EMPLOYEE),
            company_id=tenant_a.company.id,
            data=request_data(topics=["hack"]),
            now=NOW,
        )
    assert db.session.scalars(select(Consultation)).first() is None
