"""Deletion on request (SECURITY.md item 14): an employee's care data is purged, verifiably.

Every record that holds the employee's care data carries a unique marker; after the purge
the whole database (every text column of every table), the Redis database of the tests and
the file store are searched: none of the markers is left, while another employee's markers
(the control: proves the search finds what is there) and everything else stay.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hrcare.core import files
from hrcare.core.audit import AuditEvent
from hrcare.core.db import Base, utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.privacy import purge
from tests.conftest import TEST_REDIS_URL, Tenant, sign_in

from .conftest import Planted
from .scan import database_hits, file_hits, redis_hits

PURGED_TABLES = {
    "consultations",
    "consultation_messages",
    "consultation_suggestions",
    "consultation_attachments",
    "consultation_plans",
    "age40_notices",
    "individual_notices",
}


def _row_counts() -> dict[str, int]:
    return {
        t.name: db.session.scalar(
            select(func.count()).select_from(t).execution_options(all_tenants=True)
        )
        or 0
        for t in Base.metadata.sorted_tables
    }


def _redis_hits(markers: list[str]) -> int:
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(TEST_REDIS_URL).ping()
    except RedisDown:
        pytest.skip(f"Redis not reachable at {TEST_REDIS_URL}: the Redis search was not run")
    return redis_hits(TEST_REDIS_URL, markers)


def _verify(app: Flask, planted: Planted, before: dict[str, int]) -> None:
    store = app.extensions["hrcare.settings"].file_store_path
    left = database_hits(db.session, planted.markers)
    controls = database_hits(db.session, planted.controls)
    in_files = file_hits(store, planted.markers)
    in_redis = _redis_hits(planted.markers)
    print(
        f"figure: purge markers planted = {len(planted.markers)}, found after purge = "
        f"{sum(left.values()) + len(in_files) + in_redis} (db {sum(left.values())}, "
        f"files {len(in_files)}, redis {in_redis})"
    )
    assert left == {} and in_files == [] and in_redis == 0
    # The search does find markers: every control is in the database or the file store.
    assert sum(controls.values()) + len(file_hits(store, planted.controls)) >= len(planted.controls)
    after = _row_counts()
    changed = {t for t in after if after[t] != before[t]}
    assert changed <= PURGED_TABLES | {"audit_events"}  # survey data and releases stay
    assert after["audit_events"] == before["audit_events"] + 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == purge.ACTION)).one()
    assert (event.object_type, event.object_id) == ("employee", str(planted.employee.id))


def test_service_purges_every_marker(app: Flask, tenant_a: Tenant, planted: Planted) -> None:
    store = app.extensions["hrcare.settings"].file_store_path
    control_file = files.store(f"evidence {planted.controls[0]}".encode(), "test/evidence")
    assert database_hits(db.session, planted.markers)  # planted everywhere first
    assert file_hits(store, planted.controls) != []
    before = _row_counts()
    summary = purge.purge_employee(
        db.session,
        actor_id=tenant_a.users[Role.HR_ADMIN].id,
        employee=planted.employee,
        now=utcnow(),
    )
    assert summary.rows["consultations"] == 2 and summary.rows["age40_notices"] == 1
    db.session.commit()
    assert purge.remove_files(summary.file_keys) == 2  # the two attachments, after the commit
    _verify(app, planted, before)
    assert file_hits(store, planted.controls) != []
    files.remove(control_file)


def test_preview_counts_without_deleting(tenant_a: Tenant, planted: Planted) -> None:
    before = _row_counts()
    planned = purge.preview(db.session, planted.employee)
    assert planned.rows["consultations"] == 2 and planned.total_rows >= 10
    assert _row_counts() == before


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hr_admin_confirms_then_purges(
    app: Flask, client: FlaskClient, tenant_a: Tenant, planted: Planted, lang: str
) -> None:
    sign_in(client, tenant_a.users[Role.HR_ADMIN], tenant_a.company)
    client.post("/language", data={"locale": lang})
    url = f"/c/{tenant_a.slug}/privacy/employees/{planted.employee.id}/purge"
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert planted.employee.employee_number in text
    assert ("完全に削除する" in text) == (lang == "ja")
    assert ("Delete permanently" in text) == (lang == "en")
    before = _row_counts()
    wrong = client.post(url, data={"confirm_number": "nope"})
    assert wrong.status_code == 200 and _row_counts() == before
    done = client.post(url, data={"confirm_number": planted.employee.employee_number})
    assert done.status_code == 302
    _verify(app, planted, before)


def test_other_roles_and_tenants_cannot_purge(
    client: FlaskClient, tenant_a: Tenant, tenant_b: Tenant, planted: Planted
) -> None:
    url = f"/c/{tenant_a.slug}/privacy/employees/{planted.employee.id}/purge"
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF], tenant_a.company)
    assert (
        client.post(url, data={"confirm_number": planted.employee.employee_number}).status_code
        == 403
    )
    other = FlaskClient(client.application)
    sign_in(other, tenant_b.users[Role.HR_ADMIN], tenant_b.company)
    foreign = f"/c/{tenant_b.slug}/privacy/employees/{planted.employee.id}/purge"
    assert other.get(foreign).status_code == 404
    assert database_hits(db.session, planted.markers)


def test_cli_purges(app: Flask, tenant_a: Tenant, planted: Planted) -> None:
    before = _row_counts()
    result = app.test_cli_runner().invoke(
        args=[
            "privacy",
            "purge",
            "--company",
            tenant_a.slug,
            "--employee",
            planted.employee.employee_number,
            "--yes",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "consultations 2" in result.output
    _verify(app, planted, before)
    unknown = app.test_cli_runner().invoke(
        args=["privacy", "purge", "--company", tenant_a.slug, "--employee", "X", "--yes"]
    )
    assert unknown.exit_code == 2
