"""Deleting a company's data after off-boarding (issue 14): every row of every company table,
its own accounts and its stored files go, all or nothing, after the slug is typed again; the
hub's audit log keeps a record without the data; another company is untouched.

Markers are planted in the company's records of every kind (consultations with attachments,
the ledger, the roster, a roster upload, evidence and report files); after the deletion the
whole database, the tests' Redis database and the file store are searched for them. The other
company's markers are the control: the same search finds them, before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hrcare.auth.models import User
from hrcare.core import files
from hrcare.core.audit import AuditEvent
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.privacy import company as company_purge
from hrcare.privacy import company_files
from hrcare.roster.models import RosterUpload
from hrcare.tenants.models import Company
from tests.conftest import Tenant, sign_in

from .conftest import _marker, plant_consultation, plant_ledger
from .scan import database_hits, file_hits
from .test_purge import _redis_hits


@dataclass
class World:
    gone: Tenant  # the company to delete
    stays: Tenant  # another company, with its own hub
    markers: list[str]
    controls: list[str]
    store: Path
    ids: dict[str, int]  # ids read before the deletion (the objects are gone after it)
    control_hits: tuple[dict[str, int], list[str]]  # where the search finds the controls


def _plant_company(tenant: Tenant, make_employee, store: Path) -> list[str]:  # type: ignore[no-untyped-def]
    company = tenant.company
    name = _marker("name")
    employee = make_employee(company, name=name, email=f"{name.lower()}@example.jp")
    markers = [name]
    markers += plant_consultation(tenant, None, employee.email)
    markers += plant_ledger(tenant, employee)
    upload = _marker("upload")
    db.session.add(
        RosterUpload(
            company_id=company.id,
            filename="roster.csv",
            content=f"社員番号,氏名\nE1,{upload}\n".encode(),
            created_at=utcnow(),
        )
    )
    evidence, report = _marker("evidence"), _marker("report")
    files.store(f"%PDF-1.4 {evidence}".encode(), f"c{company.id}/evidence")
    folder = store / "reports" / str(company.id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "1-abc.pdf").write_bytes(f"%PDF-1.4 {report}".encode())
    return [*markers, upload, evidence, report]


@pytest.fixture
def world(app: Flask, tenant_a: Tenant, tenant_b: Tenant, make_employee) -> World:  # type: ignore[no-untyped-def]
    store = app.extensions["hrcare.settings"].file_store_path
    markers = _plant_company(tenant_a, make_employee, store)
    controls = _plant_company(tenant_b, make_employee, store)
    db.session.commit()  # a failure must leave exactly this
    ids = {role.value: user.id for role, user in tenant_a.users.items()}
    ids |= {"company": tenant_a.company.id, "hub": tenant_a.hub.id, "other": tenant_b.company.id}
    found = (database_hits(db.session, controls), sorted(file_hits(store, controls)))
    assert sum(found[0].values()) >= 10 and len(found[1]) == 3  # the search finds them
    return World(tenant_a, tenant_b, markers, controls, store, ids, found)


def _company_rows(company_id: int) -> dict[str, int]:
    return {
        t.name: db.session.scalar(
            select(func.count())
            .select_from(t)
            .where(t.c.company_id == company_id)
            .execution_options(all_tenants=True)
        )
        or 0
        for t in company_purge.company_tables()
    }


def _snapshot(world: World) -> tuple[dict[str, int], dict[str, int], list[str], int]:
    return (
        _company_rows(world.gone.company.id),
        _company_rows(world.stays.company.id),
        sorted(file_hits(world.store, world.markers)),
        db.session.scalar(select(func.count()).select_from(User)) or 0,
    )


def _run(app: Flask, company: Company, confirm: str | None, **kw):  # type: ignore[no-untyped-def]
    return company_purge.run(
        db.session, app, company=company, confirm=confirm, actor_id=None, now=utcnow(), **kw
    )


def _verify_gone(world: World, before_other: dict[str, int]) -> None:
    left = database_hits(db.session, world.markers)
    in_files = file_hits(world.store, world.markers)
    in_redis = _redis_hits(world.markers)
    print(
        f"figure: company deletion markers planted = {len(world.markers)}, found after = "
        f"{sum(left.values()) + len(in_files) + in_redis} (db {sum(left.values())}, "
        f"files {len(in_files)}, redis {in_redis})"
    )
    assert left == {} and in_files == [] and in_redis == 0
    company_id = world.ids["company"]
    assert db.session.get(Company, company_id) is None
    assert sum(_company_rows(company_id).values()) == 0
    assert not any(p.exists() for p in company_files.company_folders(world.store, company_id))
    # The company's own accounts are gone; the hub's members keep theirs.
    for role in (Role.HR_ADMIN, Role.EMPLOYEE, Role.CONSULTATION_STAFF):
        assert db.session.get(User, world.ids[role.value]) is None
    assert db.session.get(User, world.ids[Role.HUB_OPERATOR.value]) is not None
    # The other company: every row and every marker still there.
    assert _company_rows(world.ids["other"]) == before_other
    controls = (
        database_hits(db.session, world.controls),
        sorted(file_hits(world.store, world.controls)),
    )
    assert controls == world.control_hits
    # What survives: one record in the hub's log, with the slug and no data.
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == company_purge.ACTION)
    ).all()
    assert (event.company_id, event.hub_id) == (None, world.ids["hub"])
    assert (event.object_type, event.object_id) == ("company", world.gone.slug)


def test_deletion_removes_every_row_file_and_account(app: Flask, world: World) -> None:
    gone = world.gone.company
    assert database_hits(db.session, world.markers)  # planted first
    assert len(file_hits(world.store, world.markers)) >= 3
    before_other = _company_rows(world.stays.company.id)
    planned = company_purge.preview(db.session, gone)
    assert planned.rows["consultations"] == 1 and planned.users >= 4
    summary = _run(app, gone, world.gone.slug)
    assert summary.total_rows == planned.total_rows and summary.files >= 3
    db.session.expire_all()
    _verify_gone(world, before_other)


@pytest.mark.parametrize("typed", [None, "", "co-b", "CO-A", "co-a-"])
def test_refused_without_the_typed_slug(app: Flask, world: World, typed: str | None) -> None:
    before = _snapshot(world)
    with pytest.raises(company_purge.Refused):
        _run(app, world.gone.company, typed)
    assert _snapshot(world) == before


def test_a_failure_midway_leaves_everything_as_it_was(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(world)
    assert before[2]  # the company's files are there
    real = company_purge._delete_rows
    calls = {"n": 0}

    def failing(session, table, company_id):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 12:  # after eleven tables were emptied
            raise RuntimeError("injected failure")
        return real(session, table, company_id)

    monkeypatch.setattr(company_purge, "_delete_rows", failing)
    with pytest.raises(RuntimeError, match="injected"):
        _run(app, world.gone.company, world.gone.slug)
    db.session.expire_all()
    assert calls["n"] == 12
    assert _snapshot(world) == before


def test_a_failed_commit_puts_the_files_back(app: Flask, world: World) -> None:
    before = _snapshot(world)

    def commit() -> None:
        db.session.flush()
        folders = company_files.company_folders(world.store, world.ids["company"])
        assert not any(p.exists() for p in folders)  # moved aside at this point
        raise OSError("injected: the database went away at the commit")

    with pytest.raises(OSError, match="injected"):
        _run(app, world.gone.company, world.gone.slug, commit=commit)
    db.session.expire_all()
    assert _snapshot(world) == before
    assert not list(world.store.glob(".purge-*"))


def test_hub_operator_deletes_a_client_after_the_export(
    app: Flask, client: FlaskClient, world: World
) -> None:
    slug = world.gone.slug
    before_other = _company_rows(world.stays.company.id)
    sign_in(client, world.gone.users[Role.HUB_CONSULTANT])
    assert client.get(f"/hub/clients/{slug}/delete").status_code == 403
    sign_in(client, world.gone.users[Role.HUB_OPERATOR])
    url = f"/hub/clients/{slug}/delete"
    # Another hub's client, or no such company: 404, nothing changed.
    for foreign in (world.stays.slug, "no-such-co"):
        assert client.get(f"/hub/clients/{foreign}/delete").status_code == 404
        response = client.post(f"/hub/clients/{foreign}/delete", data={"confirm_slug": foreign})
        assert response.status_code == 404
    assert _company_rows(world.stays.company.id) == before_other
    # Before the hand-over export: refused with a message.
    page = client.get(url)
    assert page.status_code == 200 and "引き継ぎ用のデータ" in page.get_data(as_text=True)
    assert client.post(url, data={"confirm_slug": slug}).status_code == 400
    assert db.session.get(Company, world.gone.company.id) is not None
    assert client.post(f"/hub/clients/{slug}/export.zip").status_code == 200
    page = client.get(url).get_data(as_text=True)
    assert "相談" in page and "consultations<" not in page and slug in page
    wrong = client.post(url, data={"confirm_slug": "co-b"})
    assert wrong.status_code == 400 and "一致しません" in wrong.get_data(as_text=True)
    assert db.session.get(Company, world.gone.company.id) is not None
    done = client.post(url, data={"confirm_slug": slug})
    assert done.status_code == 302 and done.location.endswith("/hub/")
    db.session.expire_all()
    _verify_gone(world, before_other)
    # Hub access ended at once: the client is not on the console and its pages answer 404.
    assert "をすべて削除しました" in client.get("/hub/").get_data(as_text=True)  # the flash
    assert "株式会社A" not in client.get("/hub/").get_data(as_text=True)
    assert client.get(f"/hub/clients/{slug}/leave").status_code == 404
    assert client.get(f"/c/{slug}/").status_code == 404
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == company_purge.ACTION)
    ).one()
    assert event.actor_id == world.ids[Role.HUB_OPERATOR.value]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hr_admin_deletes_the_own_company(
    app: Flask, client: FlaskClient, world: World, lang: str
) -> None:
    slug = world.gone.slug
    before_other = _company_rows(world.stays.company.id)
    sign_in(client, world.gone.users[Role.EXECUTIVE], world.gone.company)
    assert client.get(f"/c/{slug}/privacy/company/delete").status_code == 403
    sign_in(client, world.gone.users[Role.HR_ADMIN], world.gone.company)
    client.post("/language", data={"locale": lang})
    # Another company's page: 404 (the company in the URL is not the HR admin's).
    assert client.get(f"/c/{world.stays.slug}/privacy/company/delete").status_code == 404
    page = client.get(f"/c/{slug}/privacy/company/delete").get_data(as_text=True)
    assert ("企業のデータをすべて削除する" in page) == (lang == "ja")
    assert ("Delete all of the company" in page) == (lang == "en")
    # What goes is listed as HR knows its data, never by table name.
    kinds = dict(company_purge.preview(db.session, world.gone.company).by_kind())
    assert kinds[("名簿" if lang == "ja" else "Roster")] >= 1
    assert sum(kinds.values()) == company_purge.preview(db.session, world.gone.company).total_rows
    assert "consultations<" not in page and "employees<" not in page
    assert client.post(f"/c/{slug}/privacy/company/delete", data={}).status_code == 400
    done = client.post(f"/c/{slug}/privacy/company/delete", data={"confirm_slug": slug})
    assert done.status_code == 302
    db.session.expire_all()
    _verify_gone(world, before_other)
    assert client.get(f"/c/{slug}/").status_code in (302, 404)  # signed out: the account went


def test_cli_shows_counts_then_deletes_with_the_typed_slug(app: Flask, world: World) -> None:
    runner = app.test_cli_runner()
    before = _snapshot(world)
    before_other = _company_rows(world.stays.company.id)
    dry = runner.invoke(args=["privacy", "purge-company", "--company", world.gone.slug])
    assert dry.exit_code == 0 and "consultations 1" in dry.output
    wrong = runner.invoke(
        args=["privacy", "purge-company", "--company", world.gone.slug, "--confirm", "co-b"]
    )
    assert wrong.exit_code == 2 and "一致しません" in wrong.output
    db.session.expire_all()
    assert _snapshot(world) == before
    unknown = runner.invoke(args=["privacy", "purge-company", "--company", "nope"])
    assert unknown.exit_code == 2
    done = runner.invoke(
        args=[
            "privacy",
            "purge-company",
            "--company",
            world.gone.slug,
            "--confirm",
            world.gone.slug,
        ]
    )
    assert done.exit_code == 0, done.output
    assert "削除しました" in done.output
    db.session.expire_all()
    _verify_gone(world, before_other)


def test_retention_finishes_what_a_dead_process_left(app: Flask, world: World) -> None:
    """A process killed between moving the files aside and the commit (company still there):
    the retention job puts them back; killed after the commit (company gone): removes them."""
    import os
    from datetime import timedelta

    from hrcare.privacy import retention

    before = _snapshot(world)
    planned = company_purge.CompanyPurge(world.ids["company"], world.gone.slug)
    staged = company_files.stage_files(world.store, planned)  # ...and the process dies
    assert not any(
        p.exists() for p in company_files.company_folders(world.store, planned.company_id)
    )
    later = utcnow() + timedelta(hours=2)
    recent = retention.run(db.session, now=utcnow(), store=world.store)
    assert staged.trash.is_dir() and recent is not None  # in progress: left alone
    retention.run(db.session, now=later, store=world.store)
    assert not staged.trash.exists() and _snapshot(world) == before
    # After a committed deletion whose process died before removing the files.
    _run(app, world.gone.company, world.gone.slug)
    ghost = company_files.StagedFiles(world.store / f".purge-c{planned.company_id}-dead")
    ghost.trash.mkdir()
    (ghost.trash / "0").write_bytes(f"left {world.markers[0]}".encode())
    ghost.write_manifest()
    os.utime(ghost.trash, (0, 0))
    retention.run(db.session, now=later, store=world.store)
    assert not ghost.trash.exists() and file_hits(world.store, world.markers) == []
