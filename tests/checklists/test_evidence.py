"""Evidence: notes, links and files checked by content, size-limited, stored atomically."""

from __future__ import annotations

import io
import zipfile

import pytest

from hrcare.checklists import evidence
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.models import Evidence, PlanChange
from hrcare.core import files
from hrcare.core.roles import Role
from tests.checklists.conftest import NOW

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, files.PDF),
        (PNG, files.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, files.JPEG),
        (b"GIF89a" + b"\x00" * 10, files.GIF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", files.WEBP),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, files.OLE),
        (_docx(), files.DOCX),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"<html><script>", None),
        (b"PK\x03\x04 not a zip", None),
    ],
)
def test_sniff_reads_the_content(data: bytes, kind: str | None) -> None:
    assert files.sniff(data) == kind


def test_store_is_atomic_and_keys_are_checked(tmp_path) -> None:
    key = files.store(b"hello", "c1/evidence", base=tmp_path)
    assert files.read(key, base=tmp_path) == b"hello"
    assert [p.name for p in (tmp_path / "c1/evidence").iterdir()] == [key.rsplit("/", 1)[1]]
    for bad in ("../secret_key", "c1/evidence/../../x", "/etc/passwd"):
        with pytest.raises(files.BadKey):
            files.read(bad, base=tmp_path)


def test_file_evidence_is_stored_and_logged(session, hr, tenant_a, file_store) -> None:
    item = evidence.add_file(
        session,
        hr,
        tenant_a.company,
        "action:1-2",
        filename="メッセージ.pdf",
        data=PDF,
        max_bytes=1024,
        now=NOW,
    )
    assert (item.kind, item.content_type, item.size) == ("file", files.PDF, len(PDF))
    assert (file_store / item.file_key).read_bytes() == PDF
    assert item.file_key.startswith(f"c{tenant_a.company.id}/evidence/")
    assert [c.new for c in session.query(PlanChange)] == ["メッセージ.pdf"]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("report.pdf", PNG, "一致しません"),  # content does not match the name
        ("photo.png", PDF, "一致しません"),
        ("tool.exe", b"MZ\x90\x00", "のみ添付できます"),
        ("notes.txt", b"hello", "のみ添付できます"),
        ("big.pdf", PDF + b"0" * 2048, "大きすぎます"),
        ("empty.pdf", b"", "空です"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    session, hr, tenant_a, file_store, filename, data, message
) -> None:
    with pytest.raises(ChecklistError) as error:
        evidence.add_file(
            session,
            hr,
            tenant_a.company,
            "action:1-2",
            filename=filename,
            data=data,
            max_bytes=1024,
            now=NOW,
        )
    assert message in str(error.value)
    assert session.query(Evidence).count() == 0
    assert list(file_store.rglob("*")) == []


def test_links_must_be_http(session, hr, tenant_a) -> None:
    for url in ("javascript:alert(1)", "ftp://example.jp/x", "example.jp", "https://"):
        with pytest.raises(ChecklistError):
            evidence.add_link(session, hr, tenant_a.company, "measure:training", url, now=NOW)
    item = evidence.add_link(
        session,
        hr,
        tenant_a.company,
        "measure:training",
        "https://intra.example.jp/kenshu",
        "研修資料",
        now=NOW,
    )
    assert item.kind == "link"


def test_unknown_subject_is_refused(session, hr, tenant_a) -> None:
    with pytest.raises(ChecklistError):
        evidence.add_note(session, hr, tenant_a.company, "action:9-9", "メモ", now=NOW)


def test_upload_download_and_foreign_404(
    client, login_as, tenant_a, tenant_b, session, file_store
) -> None:
    login_as(Role.HR_ADMIN)
    response = client.post(
        f"/c/{tenant_a.slug}/plan/evidence/file",
        data={"subject": "action:3-1", "file": (io.BytesIO(PDF), "情報パック.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = session.query(Evidence).one()
    download = client.get(f"/c/{tenant_a.slug}/plan/evidence/{item.id}/file")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.mimetype == "application/pdf"
    # the same id under another company's URL is not found
    login_as(Role.HR_ADMIN)
    assert client.get(f"/c/{tenant_b.slug}/plan/evidence/{item.id}/file").status_code == 404
    forged = client.post(
        f"/c/{tenant_a.slug}/plan/evidence/file",
        data={"subject": "action:3-1", "file": (io.BytesIO(PDF), "virus.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "一致しません" in forged.get_data(as_text=True)
    assert session.query(Evidence).count() == 1


def test_other_company_cannot_delete(client, tenant_a, tenant_b, session, hr, file_store) -> None:
    from tests.conftest import sign_in

    item = evidence.add_note(
        session, hr, tenant_a.company, "action:1-1", "経営者研修に参加", now=NOW
    )
    sign_in(client, tenant_b.users[Role.HR_ADMIN])
    assert client.post(f"/c/{tenant_b.slug}/plan/evidence/{item.id}/delete").status_code == 404
    session.info.pop("company_id", None)  # the request left tenant B in the session
    assert session.query(Evidence).count() == 1
