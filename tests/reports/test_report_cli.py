"""``hrcare report executive``: the same report from the command line; bad input exits 2."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.conftest import Tenant

from .conftest import pdf_text


def _invoke(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["report", "executive", *args])


def test_writes_the_pdf_and_workbook(app: Flask, planted: Tenant, tmp_path: Path) -> None:
    out, book = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    result = _invoke(
        app,
        "--company",
        planted.slug,
        "--output",
        str(out),
        "--lang",
        "en",
        "--workbook",
        str(book),
    )
    assert result.exit_code == 0, result.stderr
    assert "Summary" in pdf_text(out.read_bytes())
    assert book.read_bytes()[:2] == b"PK"
    assert result.stdout == ""


def test_bad_input_exits_2_and_writes_nothing(app: Flask, planted: Tenant, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    unknown = _invoke(app, "--company", "no-such-company", "--output", str(out))
    assert unknown.exit_code == 2 and "unknown company: no-such-company" in unknown.stderr
    french = _invoke(app, "--company", planted.slug, "--output", str(out), "--lang", "fr")
    assert french.exit_code == 2 and "'fr' is not one of them" in french.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_company_with_nothing_to_report(app: Flask, tenant_a: Tenant, tmp_path: Path) -> None:
    result = _invoke(app, "--company", tenant_a.slug, "--output", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2 and "neither a closed survey nor active employees" in result.stderr
