"""Issue 13: files on consultation messages — type checked by content, size-limited, kept in
the shared file store, readable only by the employee and the assigned staff (each download
audited); an oversize or mismatched file is refused with no message written."""

from __future__ import annotations

import dataclasses
import io

import pytest
from sqlalchemy import select

from hrcare.consultations.models import ConsultationMessage, MessageAttachment
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, sign_in

PDF = b"%PDF-1.4\n% care certificate\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LIMIT = 1024


@pytest.fixture
def file_store(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Files go to a folder of this test; the size limit is 1 KiB."""
    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions,
        "hrcare.settings",
        dataclasses.replace(settings, file_store=str(tmp_path), evidence_max_bytes=LIMIT),
    )
    return tmp_path


def _stored(root) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name for p in root.rglob("*") if p.is_file()]


def _staff_reply(client, tenant: Tenant, cid: int, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/c/{tenant.slug}/desk/{cid}/reply",
        data={
            "body": "書類をお送りします。",
            "next_status": "waiting",
            "attachment": (io.BytesIO(data), name),
        },  # fmt: skip
        content_type="multipart/form-data",
    )


def test_staff_sends_a_file_the_employee_downloads_it(
    client, tenant_a: Tenant, file_request, file_store
) -> None:
    c = file_request()
    slug = tenant_a.slug
    staff, employee = tenant_a.users[Role.CONSULTATION_STAFF], tenant_a.users[Role.EMPLOYEE]
    sign_in(client, staff)
    assert _staff_reply(client, tenant_a, c.id, "介護休業申出書.pdf", PDF).status_code == 302
    item = db.session.scalars(select(MessageAttachment)).one()
    assert (item.filename, item.content_type, item.size) == (
        "介護休業申出書.pdf",
        "application/pdf",
        len(PDF),
    )
    assert len(_stored(file_store)) == 1 and item.file_key.startswith(f"c{tenant_a.company.id}/")
    detail = client.get(f"/c/{slug}/desk/{c.id}").get_data(as_text=True)
    assert f"/desk/{c.id}/attachments/{item.id}" in detail
    assert client.get(f"/c/{slug}/desk/{c.id}/attachments/{item.id}").data == PDF
    client.post("/logout")

    sign_in(client, employee)
    page = client.get(f"/c/{slug}/consultations/{c.id}").get_data(as_text=True)
    assert "介護休業申出書.pdf" in page
    got = client.get(f"/c/{slug}/consultations/{c.id}/attachments/{item.id}")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["Cache-Control"] == "no-store"
    # the employee answers with a photo
    response = client.post(
        f"/c/{slug}/consultations/{c.id}/reply",
        data={"body": "認定通知の写真です。", "attachment": (io.BytesIO(PNG), "通知.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalars(select(MessageAttachment.content_type)).all() == [
        "application/pdf",
        "image/png",
    ]
    client.post("/logout")

    reads = db.session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.action == "consultation.read")
    ).all()
    assert {staff.id, employee.id} <= set(reads)

    # nobody else: another employee, another staff member, HR (not the desk) → 404 / 403
    for key, role in (("emp2", Role.EMPLOYEE), ("staff2", Role.CONSULTATION_STAFF)):
        other = tenants.create_user(
            db.session, email=f"{key}@a.example.jp", role=role, name=key,
            company=tenant_a.company, hub=tenant_a.hub,
        )  # fmt: skip
        db.session.flush()
        sign_in(client, other)
        assert (
            client.get(f"/c/{slug}/consultations/{c.id}/attachments/{item.id}").status_code == 404
        )
        assert client.get(f"/c/{slug}/desk/{c.id}/attachments/{item.id}").status_code in (403, 404)
        client.post("/logout")
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    assert client.get(f"/c/{slug}/desk/{c.id}/attachments/{item.id}").status_code == 403


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("大きな書類.pdf", PDF + b"0" * LIMIT, "ファイルが大きすぎます"),
        ("偽物.pdf", PNG, "ファイルの中身が拡張子（pdf）と一致しません"),
        ("script.html", b"<script>alert(1)</script>", "PDF・画像"),
        ("空.pdf", b"", "ファイルが空です"),
    ],
)
def test_refused_files_leave_no_message(
    client, tenant_a: Tenant, file_request, file_store, name: str, data: bytes, message: str
) -> None:
    c = file_request()
    before = db.session.scalars(select(ConsultationMessage.id)).all()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    response = _staff_reply(client, tenant_a, c.id, name, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    assert db.session.scalars(select(ConsultationMessage.id)).all() == before
    assert db.session.scalars(select(MessageAttachment)).first() is None
    assert _stored(file_store) == []
    assert c.status == "new"  # the reply was not sent
