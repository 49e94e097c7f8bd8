"""``hrcare roster import|export``: preview, dry run, exit 2 and nothing written on errors."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import Tenant
from tests.roster.conftest import csv_bytes, person, roster, xlsx_bytes


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def _run(*args: str):
        return runner.invoke(args=list(args))

    return _run


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([person("E1"), person("E2", name="佐藤 花子")], encoding="cp932"))
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(
    cli, session, tenant_a: Tenant, good_file
) -> None:
    result = cli("roster", "import", "--company", tenant_a.slug, "--dry-run", str(good_file))
    assert result.exit_code == 0, result.output
    assert "追加 2 名 / 更新 0 名 / 変更なし 0 名 / 退職扱い 0 名" in result.stdout
    assert "cp932" in result.stdout and "dry-run" in result.stdout
    assert roster(session, tenant_a.company) == {}


def test_import_commits(cli, session, tenant_a: Tenant, good_file) -> None:
    result = cli("roster", "import", "--company", tenant_a.slug, str(good_file))
    assert result.exit_code == 0, result.output
    assert "取り込みました" in result.stdout
    assert set(roster(session, tenant_a.company)) == {"E1", "E2"}
    again = cli("roster", "import", "--company", tenant_a.slug, str(good_file))
    assert "変更なし 2 名" in again.stdout


def test_errors_exit_2_with_row_and_column(cli, session, tenant_a: Tenant, tmp_path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx_bytes([person("E1"), person("E2", birth="2023-02-30"), person("E3", kind="?")])
    )
    result = cli("roster", "import", "--company", tenant_a.slug, str(path))
    assert result.exit_code == 2
    assert "bad.xlsx: 3行目 [生年月日] 存在しない日付です: 2023-02-30" in result.stderr
    assert "bad.xlsx: 4行目 [雇用形態]" in result.stderr
    assert "エラー 2 件" in result.stderr and result.stdout == ""
    assert roster(session, tenant_a.company) == {}


def test_too_large_file(cli, app, tenant_a: Tenant, tmp_path, monkeypatch) -> None:
    import dataclasses

    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, upload_max_bytes=100)
    )
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([person(f"E{i}") for i in range(10)]))
    result = cli("roster", "import", "--company", tenant_a.slug, str(path))
    assert result.exit_code == 2 and "上限" in result.stderr


def test_unknown_company(cli, good_file) -> None:
    result = cli("roster", "import", "--company", "no-such", str(good_file))
    assert result.exit_code == 2 and "no-such" in result.output


def test_export_to_file_and_stdout(cli, tenant_a: Tenant, make_employee, tmp_path) -> None:
    make_employee(tenant_a.company, employee_number="E1", name="@山田")
    out = tmp_path / "out.xlsx"
    result = cli(
        "roster", "export", "--company", tenant_a.slug, "--format", "xlsx", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    rows = list(
        load_workbook(io.BytesIO(out.read_bytes())).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[1][:2] == ("E1", "'@山田")
    text = cli("roster", "export", "--company", tenant_a.slug, "--encoding", "cp932")
    assert text.exit_code == 0
    assert text.stdout_bytes.decode("cp932").splitlines()[1].startswith("E1,'@山田")


def test_export_cp932_failure_exits_2(cli, tenant_a: Tenant, make_employee) -> None:
    make_employee(tenant_a.company, employee_number="E1", name="𠮷田")
    result = cli("roster", "export", "--company", tenant_a.slug, "--encoding", "cp932")
    assert result.exit_code == 2 and "E1" in result.stderr
