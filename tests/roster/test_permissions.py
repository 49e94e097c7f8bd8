"""Authorization matrix of the roster routes: route × role × own/foreign tenant → status.

Only HR admins reach the roster. Other roles are refused by the policy (403) before the tenant
is looked at; HR asking for another company (its URL, or its object through our URL) gets 404;
anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import io

import pytest

from hrcare.core.roles import Role
from hrcare.roster import services
from tests.conftest import Tenant, sign_in
from tests.roster.conftest import NOW, csv_bytes, person

HR = Role.HR_ADMIN


def _file() -> dict:
    return {"file": (io.BytesIO(csv_bytes([person()])), "roster.csv")}


# (method, path template, form data factory, expected status for HR on its own company)
ROUTES = [
    ("GET", "/c/{company}/roster/", None, 200),
    ("GET", "/c/{company}/roster/?status=left&q=%25&page=2", None, 200),
    ("GET", "/c/{company}/roster/new", None, 200),
    ("POST", "/c/{company}/roster/new", dict, 200),
    ("GET", "/c/{company}/roster/{employee}", None, 200),
    ("POST", "/c/{company}/roster/{employee}", dict, 302),  # no fields sent: saved as it was
    ("GET", "/c/{company}/roster/import", None, 200),
    ("POST", "/c/{company}/roster/import", _file, 302),
    ("GET", "/c/{company}/roster/import/{upload}", None, 200),
    ("POST", "/c/{company}/roster/import/{upload}/commit", dict, 302),
    ("POST", "/c/{company}/roster/import/{upload}/discard", dict, 302),
    ("GET", "/c/{company}/roster/export.csv", None, 200),
    ("GET", "/c/{company}/roster/export.csv?encoding=cp932", None, 200),
    ("GET", "/c/{company}/roster/export.xlsx", None, 200),
]
CASES = [
    pytest.param(method, path, data, ok, role, id=f"{method} {path} {role.value}")
    for method, path, data, ok in ROUTES
    for role in Role
]


@pytest.fixture
def objects(session, tenant_a: Tenant, tenant_b: Tenant, make_employee):
    """An employee and a pending upload in each company."""
    made = {}
    for tenant in (tenant_a, tenant_b):
        employee = make_employee(tenant.company)
        upload = services.create_upload(
            session,
            tenant.company,
            filename="r.csv",
            content=csv_bytes([person(employee.employee_number)]),
            actor_id=None,
            now=NOW,
        )
        made[tenant.slug] = {"employee": employee.id, "upload": upload.id}
    return made


def _url(path: str, tenant: Tenant, objects, owner: Tenant | None = None) -> str:
    ids = objects[(owner or tenant).slug]
    return path.format(company=tenant.slug, employee=ids["employee"], upload=ids["upload"])


def _request(client, method: str, url: str, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data=data() if data else {}, content_type="multipart/form-data")


@pytest.fixture(autouse=True)
def _fresh_uploads(monkeypatch):
    """Uploads are made at NOW; keep them alive whatever today's date is."""
    monkeypatch.setattr("hrcare.roster.views.utcnow", lambda: NOW)


@pytest.mark.parametrize(("method", "path", "data", "ok", "role"), CASES)
def test_matrix(
    client, tenant_a: Tenant, tenant_b: Tenant, objects, method, path, data, ok, role: Role
) -> None:
    sign_in(client, tenant_a.users[role], tenant_a.company)
    status = _request(client, method, _url(path, tenant_a, objects), data).status_code
    assert status == (ok if role == HR else 403)
    status = _request(client, method, _url(path, tenant_b, objects), data).status_code
    assert status == (404 if role == HR else 403)


OBJECT_ROUTES = [(m, p, d) for m, p, d, _ in ROUTES if "{employee}" in p or "{upload}" in p]


@pytest.mark.parametrize(("method", "path", "data"), OBJECT_ROUTES)
def test_foreign_object_through_own_company_is_404(
    client, tenant_a, tenant_b, objects, method, path, data
) -> None:
    sign_in(client, tenant_a.users[HR])
    url = _url(path, tenant_a, objects, owner=tenant_b)
    assert _request(client, method, url, data).status_code == 404


@pytest.mark.parametrize(("method", "path", "data"), [(m, p, d) for m, p, d, _ in ROUTES])
def test_anonymous_is_sent_to_login(client, tenant_a, objects, method, path, data) -> None:
    response = _request(client, method, _url(path, tenant_a, objects), data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_export_format_is_404(client, tenant_a) -> None:
    sign_in(client, tenant_a.users[HR])
    assert client.get(f"/c/{tenant_a.slug}/roster/export.pdf").status_code == 404


def test_hub_operator_of_the_company_still_cannot_see_the_roster(client, tenant_a) -> None:
    sign_in(client, tenant_a.users[Role.HUB_OPERATOR], tenant_a.company)
    assert client.get(f"/c/{tenant_a.slug}/roster/").status_code == 403
