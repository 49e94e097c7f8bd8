"""Hostile .xlsx files: refused with a message before any XML is parsed (issue 9, items 18/21)."""

from __future__ import annotations

import io
import zipfile

import pytest

from hrcare.roster.importer import ImportLimits, parse_roster
from tests.roster.conftest import LIMITS, NOW, TODAY, person, xlsx_bytes


def _rewrite(content: bytes, member: str, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info)
            package.writestr(info.filename, change(data) if info.filename == member else data)
    return out.getvalue()


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


LAUGHS = b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
EXTERNAL = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("dtd", [LAUGHS, EXTERNAL])
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_with_a_dtd_is_a_file_message(monkeypatch, dtd, member) -> None:
    def add_dtd(data: bytes) -> bytes:
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            return data[:end] + dtd + data[end:]
        return dtd + data

    content = _rewrite(xlsx_bytes([person()]), member, add_dtd)
    _no_parsing(monkeypatch)
    parsed = parse_roster(content, "roster.xlsx", today=TODAY)
    assert [e.row for e in parsed.errors] == [None]
    assert "文書型定義（DTD）" in parsed.errors[0].msgid and parsed.records == []


def test_a_part_that_unpacks_beyond_the_limit_is_refused_before_parsing(monkeypatch) -> None:
    """A few KB that unpack to MBs of shared strings (a zip bomb, scaled down)."""
    bomb = b"<sst><si><t>" + b"a" * 2_000_000 + b"</t></si></sst>"
    content = _rewrite(xlsx_bytes([person()]), "docProps/app.xml", lambda _data: bomb)
    limits = ImportLimits(max_bytes=100_000)
    assert len(content) < limits.max_bytes < limits.max_unpacked_bytes < len(bomb)
    _no_parsing(monkeypatch)
    parsed = parse_roster(content, "roster.xlsx", today=TODAY, limits=limits)
    assert [e.row for e in parsed.errors] == [None]
    assert "展開すると大きすぎます" in parsed.errors[0].msgid
    print(f"figure: {len(content):,} bytes unpacking to {len(bomb):,} refused unparsed")


def test_an_ordinary_workbook_still_imports() -> None:
    parsed = parse_roster(xlsx_bytes([person()]), "roster.xlsx", today=TODAY)
    assert parsed.ok and len(parsed.records) == 1


def test_an_upload_is_parsed_once_for_every_preview_and_the_commit(
    session, tenant_a, monkeypatch
) -> None:
    from hrcare.roster import importer, services, stored

    calls: list[str] = []
    real = importer.parse_roster

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(stored, "parse_roster", counting)
    up = services.create_upload(
        session,
        tenant_a.company,
        filename="roster.xlsx",
        content=xlsx_bytes([person("X1"), person("X2")]),
        actor_id=None,
        now=NOW,
        limits=LIMITS,
    )
    session.flush()
    for _ in range(3):
        preview = services.preview_import(session, tenant_a.company, up, now=NOW, limits=LIMITS)
        assert preview.added == 2
    summary = services.commit_import(
        session, tenant_a.company, up, actor_id=None, now=NOW, limits=LIMITS
    )
    assert summary.added == 2
    assert calls == ["roster.xlsx"]
