"""Ids in URLs beyond what a database column holds are simply not found (404), on every backend.

PostgreSQL raises "integer out of range" above 2**31 - 1 (ids are INTEGER), SQLite raises
OverflowError above 2**63 - 1: both used to surface as a 500.
"""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from hrcare.core.roles import Role
from hrcare.core.tenancy import get_or_404, set_current_company
from hrcare.extensions import db
from hrcare.roster.models import Employee
from tests.conftest import Tenant, sign_in

HUGE = str(2**64)


@pytest.mark.parametrize("user_id", [2**31, 2**63 - 1, 2**64, 2**31 - 1])
def test_out_of_range_id_in_a_url_is_not_found(client, tenant_a: Tenant, user_id: int) -> None:
    sign_in(client, tenant_a.users[Role.PLATFORM_ADMIN])
    assert client.post(f"/admin/users/{user_id}/toggle", data={"active": "1"}).status_code == 404


@pytest.mark.parametrize("object_id", [HUGE, "-" + HUGE, str(2**31)])
def test_scoped_getter_answers_404_for_an_unstorable_id(
    app, tenant_a: Tenant, object_id: str
) -> None:
    set_current_company(db.session, tenant_a.company)
    with pytest.raises(NotFound):
        get_or_404(db.session, Employee, object_id)


def test_scoped_getter_still_finds_rows(app, tenant_a: Tenant, make_employee) -> None:
    employee = make_employee(tenant_a.company)
    set_current_company(db.session, tenant_a.company)
    assert get_or_404(db.session, Employee, str(employee.id)) is employee
