"""The hub console: the hub's own clients only, totals, sorting, filtering, CSV, and a
number of SQL statements that does not grow with the number of clients."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import services
from hrcare.tenants import services as tenants
from tests.conftest import Tenant
from tests.surveys.results.conftest import SurveyFactory, simple_org

TODAY = date(2026, 11, 26)


def _client(tenant: Tenant, slug: str, name: str, employees: int, make_employee):  # type: ignore[no-untyped-def]
    company = tenants.create_company(db.session, slug=slug, name=name, hub=tenant.hub)
    for _ in range(employees):
        make_employee(company)
    return company


def test_lists_the_hubs_own_clients_with_totals(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, make_employee
) -> None:
    for _ in range(3):
        make_employee(tenant_a.company)
    _client(tenant_a, "co-a2", "有限会社二番", 4, make_employee)
    make_employee(tenant_b.company)
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/").get_data(as_text=True)
    assert tenant_a.company.name in page and "有限会社二番" in page
    assert tenant_b.company.name not in page  # another hub's client
    board = services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    assert {r.slug: r.employees for r in board.rows} == {tenant_a.slug: 3, "co-a2": 4}
    assert board.totals.clients == 2 and board.totals.employees == 7


def test_sorts_and_filters(client, login_as, tenant_a: Tenant, make_employee) -> None:
    _client(tenant_a, "co-big", "大きな会社", 5, make_employee)
    _client(tenant_a, "co-small", "小さな会社", 1, make_employee)
    board = services.dashboard(
        db.session, tenant_a.hub.id, today=TODAY, sort="employees", descending=True
    )
    assert [r.slug for r in board.rows] == ["co-big", "co-small", tenant_a.slug]
    board = services.dashboard(db.session, tenant_a.hub.id, today=TODAY, query="小さな")
    assert [r.slug for r in board.rows] == ["co-small"]
    assert board.totals.clients == 1
    # An unknown column falls back to the name; nothing breaks.
    assert (
        services.dashboard(db.session, tenant_a.hub.id, today=TODAY, sort="drop table").sort
        == "name"
    )
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/?sort=employees&dir=desc&q=%E5%B0%8F").get_data(as_text=True)
    assert "小さな会社" in page and "大きな会社" not in page


def test_csv_export_escapes_formulas(client, login_as, tenant_a: Tenant, make_employee) -> None:
    _client(tenant_a, "co-formula", "=HYPERLINK(1)", 2, make_employee)
    login_as(Role.HUB_OPERATOR)
    response = client.get("/hub/clients.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in names and tenant_a.company.name in names
    assert len(rows[0]) == len(rows[1])


def test_other_roles_do_not_reach_the_console(client, login_as) -> None:
    for role in (Role.HR_ADMIN, Role.EXECUTIVE, Role.EMPLOYEE, Role.CONSULTATION_STAFF):
        login_as(role)
        assert client.get("/hub/").status_code == 403
        assert client.get("/hub/clients.csv").status_code == 403


@contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def _count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def test_statements_do_not_grow_with_the_number_of_clients(tenant_a: Tenant, make_employee) -> None:
    factory = SurveyFactory()

    def add_client(n: int) -> None:
        company = _client(tenant_a, f"co-x{n}", f"追加{n}", 0, make_employee)
        for status in ("closed", "open"):
            wave = factory.survey(company, status=status, wave=1 if status == "closed" else 2)
            factory.populate(company, wave, simple_org({"営業部": 6}), seed=n)

    add_client(0)
    with _statements() as few:
        services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    for n in range(1, 7):
        add_client(n)
    with _statements() as many:
        board = services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    assert len(board.rows) == 8
    assert len(many) == len(few) > 0


def test_figures_come_from_releases_and_open_waves_show_participation_only(
    tenant_a: Tenant, make_employee
) -> None:
    factory = SurveyFactory()
    closed = factory.survey(tenant_a.company, status="closed")
    factory.populate(tenant_a.company, closed, simple_org({"営業部": 12, "製造部": 8}))
    second = _client(tenant_a, "co-open", "回答受付中の会社", 0, make_employee)
    open_wave = factory.survey(second, status="open")
    factory.populate(second, open_wave, simple_org({"総務部": 9}), release=False)

    rows = {r.slug: r for r in services.dashboard(db.session, tenant_a.hub.id, today=TODAY).rows}
    released = services_release(tenant_a.company.id, closed.id)
    assert rows[tenant_a.slug].respondents == released.respondents == 20
    assert rows[tenant_a.slug].caregivers == released.caregivers
    assert rows[tenant_a.slug].caregiver_share == round(100 * released.caregivers / 20, 1)
    assert not rows[tenant_a.slug].has_open_wave
    assert rows["co-open"].has_open_wave and rows["co-open"].open_response_rate == 100.0
    # An open wave gives no answer figure and no respondents count per group.
    assert rows["co-open"].wave_title is None and rows["co-open"].caregivers is None


def services_release(company_id: int, survey_id: int):  # type: ignore[no-untyped-def]
    from hrcare.surveys.results import services as survey_results

    release = survey_results.release_for(db.session, company_id, survey_id)
    assert release is not None
    return release.results
