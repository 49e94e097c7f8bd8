"""Object-level rules beside the route policy (``core.objects``): the scoped getters apply
them, and an object a rule hides answers 404 like a missing or foreign one."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from hrcare.core import objects
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.roster.models import RosterUpload
from tests.conftest import Tenant

STAFF, HR = Role.CONSULTATION_STAFF.value, Role.HR_ADMIN.value


@pytest.fixture
def assigned(monkeypatch, tenant_a: Tenant, tenant_b: Tenant):  # type: ignore[no-untyped-def]
    """Uploads stand in for consultations: ``uploaded_by_id`` is the person assigned."""
    monkeypatch.setitem(
        objects.RULES,
        RosterUpload,
        objects.assigned_to("uploaded_by_id", role=STAFF, unrestricted=frozenset({HR})),
    )
    staff, other = tenant_a.users[Role.CONSULTATION_STAFF], tenant_a.users[Role.EMPLOYEE]
    rows = {}
    for key, tenant, person in (("mine", tenant_a, staff), ("theirs", tenant_a, other)):
        row = RosterUpload(
            company_id=tenant.company.id, filename="x.csv", content=b"", uploaded_by_id=person.id
        )
        db.session.add(row)
        rows[key] = row
    foreign = RosterUpload(
        company_id=tenant_b.company.id, filename="x.csv", content=b"", uploaded_by_id=staff.id
    )
    db.session.add(foreign)
    rows["foreign"] = foreign
    db.session.flush()
    set_current_company(db.session, tenant_a.company)
    return staff, rows


def _actor(tenant: Tenant, user_id: int, *roles: str) -> Actor:
    return Actor(user_id, roles[0], tenant.company.id, roles=frozenset(roles))


def test_staff_reach_only_what_is_assigned_to_them(app, tenant_a: Tenant, assigned) -> None:  # type: ignore[no-untyped-def]
    staff, rows = assigned
    actor = _actor(tenant_a, staff.id, STAFF)
    assert objects.get_for_or_404(db.session, RosterUpload, rows["mine"].id, actor) is rows["mine"]
    for hidden in (rows["theirs"], rows["foreign"]):
        with pytest.raises(NotFound):
            objects.get_for_or_404(db.session, RosterUpload, hidden.id, actor)
    listed = db.session.scalars(objects.select_for(db.session, RosterUpload, actor)).all()
    assert listed == [rows["mine"]]


def test_an_unrestricted_role_held_beside_it_sees_all_of_the_company(
    app, tenant_a: Tenant, assigned
) -> None:  # type: ignore[no-untyped-def]
    staff, rows = assigned
    both = _actor(tenant_a, staff.id, STAFF, HR)
    listed = set(db.session.scalars(objects.select_for(db.session, RosterUpload, both)))
    assert listed == {rows["mine"], rows["theirs"]}  # never the foreign one


def test_anyone_else_sees_nothing(app, tenant_a: Tenant, assigned) -> None:  # type: ignore[no-untyped-def]
    _staff, rows = assigned
    employee = tenant_a.users[Role.EMPLOYEE]
    actor = _actor(tenant_a, employee.id, Role.EMPLOYEE.value)
    assert db.session.scalars(objects.select_for(db.session, RosterUpload, actor)).all() == []
    with pytest.raises(NotFound):
        objects.get_for_or_404(db.session, RosterUpload, "not-an-id", actor)


def test_hub_manages_only_its_clients(tenant_a: Tenant, tenant_b: Tenant) -> None:
    assert objects.hub_manages(tenant_a.hub.id, tenant_a.company)
    assert not objects.hub_manages(tenant_a.hub.id, tenant_b.company)
    assert not objects.hub_manages(None, tenant_a.company)
