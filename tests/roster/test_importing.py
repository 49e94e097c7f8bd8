"""Import services: added/updated/unchanged/left, all-or-nothing, reappearing employees,
uploads between preview and commit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hrcare.core.audit import AuditEvent
from hrcare.core.clock import today_jst
from hrcare.roster import services
from hrcare.roster.models import RosterUpload
from tests.roster.conftest import LIMITS, NOW, TODAY, csv_bytes, person, roster


def upload(session, tenant, content: bytes, filename: str = "roster.csv", now=NOW) -> RosterUpload:
    return services.create_upload(
        session,
        tenant.company,
        filename=filename,
        content=content,
        actor_id=tenant.users["hr_admin"].id,
        now=now,
    )


def commit(session, tenant, content: bytes, **kwargs):
    up = upload(session, tenant, content)
    return services.commit_import(
        session,
        tenant.company,
        up,
        actor_id=tenant.users["hr_admin"].id,
        now=NOW,
        limits=LIMITS,
        **kwargs,
    )


@pytest.fixture
def existing(session, tenant_a, make_employee):
    """E1 unchanged, E2 to update, E3 to leave, E4 already left (reappears)."""
    c = tenant_a.company
    make_employee(
        c,
        employee_number="E1",
        name="山田",
        department="営業部",
        birth_date=date(1980, 4, 1),
        hire_date=date(2005, 4, 1),
    )
    make_employee(
        c,
        employee_number="E2",
        name="佐藤",
        department="総務部",
        birth_date=date(1975, 1, 1),
        hire_date=None,
    )
    make_employee(c, employee_number="E3", name="鈴木", birth_date=date(1970, 1, 1))
    make_employee(
        c,
        employee_number="E4",
        name="高橋",
        birth_date=date(1985, 1, 1),
        left_at=NOW - timedelta(days=30),
    )


FILE = csv_bytes(
    [
        person("E1", "山田", "営業部", "1980-04-01", "2005-04-01", "非管理職", "正社員", ""),
        person("E2", "佐藤", "人事部", "1975-01-01", "", "管理職", "正社員", "sato@example.jp"),
        person("E4", "高橋", "営業部", "1985-01-01", "2010-04-01", "", "契約社員", ""),
        person("E5", "田中", "開発部", "1995-05-05", "2020-04-01", "", "", ""),
    ]
)


def test_preview_counts_against_the_roster(session, tenant_a, existing) -> None:
    up = upload(session, tenant_a, FILE)
    preview = services.preview_import(session, tenant_a.company, up, now=NOW, limits=LIMITS)
    assert preview.ok
    assert (preview.added, preview.updated, preview.unchanged, preview.left, preview.rejoined) == (
        1,
        2,
        1,
        1,
        1,
    )
    kinds = {(c.kind, c.employee_number) for c in preview.samples}
    assert kinds == {("added", "E5"), ("updated", "E2"), ("updated", "E4"), ("left", "E3")}
    e2 = next(c for c in preview.samples if c.employee_number == "E2")
    assert {c.field: (c.old, c.new) for c in e2.changes} == {
        "department": ("総務部", "人事部"),
        "is_manager": (False, True),
        "email": (None, "sato@example.jp"),
    }
    # a preview writes nothing
    assert set(roster(session, tenant_a.company)) == {"E1", "E2", "E3", "E4"}


def test_commit_applies_the_preview(session, tenant_a, existing) -> None:
    summary = commit(session, tenant_a, FILE)
    assert summary.as_dict() == {"added": 1, "updated": 2, "unchanged": 1, "left": 1, "rejoined": 1}
    people = roster(session, tenant_a.company)
    assert people["E5"].name == "田中" and people["E5"].employment_type == "regular"
    assert people["E5"].left_at is None
    assert (people["E2"].department, people["E2"].is_manager, people["E2"].email) == (
        "人事部",
        True,
        "sato@example.jp",
    )
    assert people["E3"].left_at == NOW  # left: kept, flagged
    assert people["E4"].left_at is None and people["E4"].employment_type == "contract"  # came back
    assert people["E1"].updated_at != NOW  # unchanged rows are not touched


def test_reimport_is_idempotent(session, tenant_a, existing) -> None:
    commit(session, tenant_a, FILE)
    again = commit(session, tenant_a, FILE)
    assert again.as_dict() == {"added": 0, "updated": 0, "unchanged": 4, "left": 0, "rejoined": 0}


def test_file_with_any_error_writes_nothing(session, tenant_a, existing) -> None:
    bad = csv_bytes([person("E1"), person("E9", name="新人"), person("E10", birth="2023-02-30")])
    up = upload(session, tenant_a, bad)
    before = {n: (e.name, e.left_at) for n, e in roster(session, tenant_a.company).items()}
    with pytest.raises(services.RosterImportError) as info:
        services.commit_import(session, tenant_a.company, up, actor_id=None, now=NOW, limits=LIMITS)
    assert [(e.row, e.column) for e in info.value.preview.errors] == [(4, "生年月日")]
    after = {n: (e.name, e.left_at) for n, e in roster(session, tenant_a.company).items()}
    assert after == before
    assert session.get(RosterUpload, up.id) is not None  # kept so the errors can be shown
    imports = (
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "roster.import")
    )
    assert session.scalar(imports) == 0


def test_columns_missing_from_the_file_are_left_alone(session, tenant_a, make_employee) -> None:
    make_employee(
        tenant_a.company,
        employee_number="E1",
        name="山田",
        department="営業部",
        email="y@example.jp",
        is_manager=True,
    )
    content = csv_bytes(
        [["E1", "山田 太郎", "1980-04-01"]], header=["社員番号", "氏名", "生年月日"]
    )
    summary = commit(session, tenant_a, content)
    assert summary.updated == 1
    e1 = roster(session, tenant_a.company)["E1"]
    assert (e1.name, e1.department, e1.email, e1.is_manager) == (
        "山田 太郎",
        "営業部",
        "y@example.jp",
        True,
    )


def test_other_companies_are_untouched(session, tenant_a, tenant_b, make_employee) -> None:
    make_employee(tenant_b.company, employee_number="E1", name="B社の人")
    make_employee(tenant_b.company, employee_number="B9", name="B社の別の人")
    commit(session, tenant_a, csv_bytes([person("E1", name="A社の人")]))
    b = roster(session, tenant_b.company)
    assert b["E1"].name == "B社の人" and b["B9"].left_at is None
    assert roster(session, tenant_a.company)["E1"].name == "A社の人"


def test_commit_deletes_the_upload_and_records_an_audit_event(session, tenant_a) -> None:
    up = upload(session, tenant_a, csv_bytes([person("E1")]))
    upload_id = up.id
    services.commit_import(
        session,
        tenant_a.company,
        up,
        actor_id=tenant_a.users["hr_admin"].id,
        now=NOW,
        limits=LIMITS,
    )
    assert session.get(RosterUpload, upload_id) is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "roster.import")).one()
    assert (event.company_id, event.actor_id, event.object_id) == (
        tenant_a.company.id,
        tenant_a.users["hr_admin"].id,
        str(upload_id),
    )
    # no personal data in the event
    assert "山田" not in f"{event.object_type}{event.object_id}"


def test_second_commit_of_the_same_upload_is_refused(session, tenant_a) -> None:
    up = upload(session, tenant_a, csv_bytes([person("E1")]))
    stale = RosterUpload(
        id=up.id,
        company_id=up.company_id,
        filename=up.filename,
        content=up.content,
        created_at=up.created_at,
    )
    services.commit_import(session, tenant_a.company, up, actor_id=None, now=NOW, limits=LIMITS)
    with pytest.raises(services.UploadGone):
        services.commit_import(
            session, tenant_a.company, stale, actor_id=None, now=NOW, limits=LIMITS
        )
    assert len(roster(session, tenant_a.company)) == 1


def test_foreign_or_expired_upload_is_refused(session, tenant_a, tenant_b) -> None:
    up = upload(session, tenant_a, csv_bytes([person("E1")]))
    with pytest.raises(services.UploadGone):
        services.commit_import(session, tenant_b.company, up, actor_id=None, now=NOW, limits=LIMITS)
    with pytest.raises(services.UploadGone):
        services.preview_import(session, tenant_b.company, up, now=NOW, limits=LIMITS)
    with pytest.raises(services.UploadGone):
        services.commit_import(
            session, tenant_a.company, up, actor_id=None, now=NOW + timedelta(days=2), limits=LIMITS
        )
    assert roster(session, tenant_b.company) == {}


def test_leaving_employees_need_confirmation(session, tenant_a, existing) -> None:
    up = upload(session, tenant_a, FILE)
    with pytest.raises(services.LeftNotConfirmed) as info:
        services.commit_import(
            session, tenant_a.company, up, actor_id=None, now=NOW, limits=LIMITS, confirm_left=False
        )
    assert info.value.count == 1
    assert roster(session, tenant_a.company)["E3"].left_at is None
    assert session.get(RosterUpload, up.id) is not None


def test_old_uploads_are_purged_on_a_new_upload(session, tenant_a, tenant_b) -> None:
    old_a = upload(session, tenant_a, b"x", now=NOW - timedelta(days=2))
    old_b = upload(session, tenant_b, b"x", now=NOW - timedelta(hours=25))
    recent = upload(session, tenant_b, b"x", now=NOW - timedelta(hours=2))
    ids = (old_a.id, old_b.id, recent.id)
    upload(session, tenant_a, b"y", now=NOW)
    session.expire_all()
    remaining = set(session.scalars(select(RosterUpload.id).where(RosterUpload.id.in_(ids))))
    assert remaining == {recent.id}


def test_filename_is_reduced_to_its_base_name(session, tenant_a) -> None:
    up = upload(session, tenant_a, b"x", filename="C:\\Users\\hr\\従業員名簿.csv")
    assert up.filename == "従業員名簿.csv"


def test_ages_use_the_japanese_calendar_day(session, tenant_a) -> None:
    """At 20:00 UTC on 31 May it is already 1 June in Japan: a person born 1 June 2010 is 15."""
    from datetime import UTC, datetime

    late = datetime(2025, 5, 31, 20, 0, tzinfo=UTC)
    assert today_jst(late) == TODAY
    content = csv_bytes([person("E1", birth="2010-06-01", hire="")])
    preview = services.preview_file(
        session, tenant_a.company, "r.csv", content, today=today_jst(late), limits=LIMITS
    )
    assert preview.ok


def test_commit_file_without_upload(session, tenant_a) -> None:
    summary = services.commit_file(
        session,
        tenant_a.company,
        "r.csv",
        csv_bytes([person("E1")]),
        actor_id=None,
        now=NOW,
        limits=LIMITS,
    )
    assert summary.added == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "roster.import")).one()
    assert (event.object_type, event.object_id) == ("company", str(tenant_a.company.id))
