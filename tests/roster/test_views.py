"""Roster pages: list and search, one-employee forms, the upload → preview → commit flow, export."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrcare.core.roles import Role
from hrcare.roster.models import Employee, RosterUpload
from tests.conftest import Tenant, sign_in
from tests.roster.conftest import NOW, csv_bytes, person, roster, xlsx_bytes


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr("hrcare.roster.views.utcnow", lambda: NOW)


@pytest.fixture
def hr(client, tenant_a: Tenant):
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    return client


@pytest.fixture
def base(tenant_a: Tenant) -> str:
    return f"/c/{tenant_a.slug}/roster"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def upload(hr, base: str, content: bytes, filename: str = "roster.csv"):
    return hr.post(
        f"{base}/import",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


# --- list ------------------------------------------------------------------------------------


def test_list_search_and_left_tab(hr, base, tenant_a, make_employee) -> None:
    c = tenant_a.company
    make_employee(c, employee_number="A-100", name="山田 太郎", department="営業部")
    make_employee(c, employee_number="A-200", name="佐藤 花子", department="100%達成課")
    make_employee(c, employee_number="A-300", name="鈴木 一郎", department="総務部", left_at=NOW)
    page = text_of(hr.get(f"{base}/"))
    assert "山田 太郎" in page and "佐藤 花子" in page and "鈴木 一郎" not in page
    assert "在籍者 2 名" in page and "退職者 1 名" in page
    assert "佐藤" not in text_of(hr.get(f"{base}/?q=山田"))
    assert "山田" in text_of(hr.get(f"{base}/?q=a-100"))  # number, case-insensitive
    assert "佐藤" in text_of(hr.get(f"{base}/?q=100%25"))  # % is literal
    assert "山田" not in text_of(hr.get(f"{base}/?q=%25"))
    left = text_of(hr.get(f"{base}/?status=left"))
    assert "鈴木 一郎" in left and "山田" not in left and "2025-06-01" in left


def test_pagination(hr, base, tenant_a, make_employee) -> None:
    for i in range(55):
        make_employee(tenant_a.company, employee_number=f"N{i:03d}")
    first, second = text_of(hr.get(f"{base}/")), text_of(hr.get(f"{base}/?page=2"))
    assert "N049" in first and "N050" not in first
    assert "N050" in second and "N054" in second and "N000" not in second
    assert "1 / 2" in first and hr.get(f"{base}/?page=abc").status_code == 200
    assert "N054" in text_of(hr.get(f"{base}/?page=99"))  # clamped to the last page


# --- one employee ---------------------------------------------------------------------------

VALID = {
    "employee_number": "Ｅ１２",
    "name": "田中 一",
    "department": "開発部",
    "birth_date": "1990-05-05",
    "hire_date": "2015-04-01",
    "employment_type": "contract",
    "email": "t@example.jp",
    "is_manager": "y",
}


def test_new_employee(hr, base, tenant_a) -> None:
    response = hr.post(f"{base}/new", data=VALID)
    assert response.status_code == 302
    e = roster(hr.application.extensions["hrcare.db"].session, tenant_a.company)["E12"]
    assert (e.name, e.employment_type, e.is_manager, e.birth_date) == (
        "田中 一",
        "contract",
        True,
        date(1990, 5, 5),
    )


def test_new_employee_duplicate_number_is_a_field_error(hr, base, tenant_a, make_employee) -> None:
    make_employee(tenant_a.company, employee_number="E12")
    response = hr.post(f"{base}/new", data=VALID)
    assert response.status_code == 200
    assert "この社員番号は既に登録されています" in text_of(response)


def test_same_number_in_another_company_is_fine(hr, base, tenant_b, make_employee) -> None:
    make_employee(tenant_b.company, employee_number="E12")
    assert hr.post(f"{base}/new", data=VALID).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("birth_date", "2015-01-01", "15〜100"),
        ("birth_date", "2030-01-01", "未来"),
        ("hire_date", "1980-01-01", "生年月日より前"),
        ("name", "", "入力してください"),
        ("email", "nope", "メールアドレスの形式"),
        ("name", "a\x07b", "制御文字"),
    ],
)
def test_new_employee_validation(hr, base, field, value, fragment) -> None:
    response = hr.post(f"{base}/new", data={**VALID, field: value})
    assert response.status_code == 200
    assert fragment in text_of(response)


def test_edit_employee_and_mark_left(hr, base, tenant_a, make_employee, session) -> None:
    e = make_employee(tenant_a.company, employee_number="E1", name="旧姓")
    page = text_of(hr.get(f"{base}/{e.id}"))
    assert 'value="旧姓"' in page
    data = {**VALID, "employee_number": "E1", "name": "新姓", "left": "y"}
    assert hr.post(f"{base}/{e.id}", data=data).status_code == 302
    session.expire_all()
    assert (e.name, e.left_at) == ("新姓", NOW)
    data.pop("left")
    hr.post(f"{base}/{e.id}", data=data)
    session.expire_all()
    assert e.left_at is None


def test_edit_to_a_taken_number(hr, base, tenant_a, make_employee, session) -> None:
    make_employee(tenant_a.company, employee_number="E1")
    e2 = make_employee(tenant_a.company, employee_number="E2")
    response = hr.post(f"{base}/{e2.id}", data={**VALID, "employee_number": "E1"})
    assert "この社員番号は既に登録されています" in text_of(response)
    session.expire_all()
    assert e2.employee_number == "E2"


# --- import flow -----------------------------------------------------------------------------


def _yamada(make_employee, company):  # type: ignore[no-untyped-def]
    """Employee E1 as the files below list him: sales, born 1980, hired 2005."""
    return make_employee(
        company,
        employee_number="E1",
        name="山田 太郎",
        department="営業部",
        birth_date=date(1980, 4, 1),
        hire_date=date(2005, 4, 1),
    )


def test_upload_preview_commit(hr, base, tenant_a, make_employee, session) -> None:
    _yamada(make_employee, tenant_a.company)
    make_employee(tenant_a.company, employee_number="OLD", name="退職予定")
    content = csv_bytes(
        [person("E1", department="企画部"), person("E2", name="新人 花子")], encoding="cp932"
    )
    response = upload(hr, base, content, "社員名簿.csv")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = text_of(hr.get(preview_url))
    numbers = re.findall(r'class="value">([\d,]+)<', page)
    assert numbers == ["1", "1", "0", "1"]  # added, updated, unchanged, left
    assert "社員名簿.csv" in page and "営業部 → 企画部" in page and "退職予定" in page
    commit_url = preview_url + "/commit"
    refused = hr.post(commit_url, data={})
    assert refused.status_code == 302 and refused.headers["Location"].endswith(
        preview_url.split("/roster")[1]
    )
    assert roster(session, tenant_a.company)["OLD"].left_at is None
    done = hr.post(commit_url, data={"confirm_left": "y"}, follow_redirects=True)
    assert "追加 1 名、更新 1 名、変更なし 0 名、退職扱い 1 名" in text_of(done)
    people = roster(session, tenant_a.company)
    assert people["E1"].department == "企画部" and people["E2"].name == "新人 花子"
    assert people["OLD"].left_at is not None
    assert session.scalars(select(RosterUpload)).all() == []
    # committing again: the upload is gone
    assert hr.post(commit_url, data={"confirm_left": "y"}).status_code == 404


def test_preview_lists_every_error_by_row_and_column(hr, base, session, tenant_a) -> None:
    content = xlsx_bytes(
        [person("E1", birth="2023-02-30"), person("E2", kind="役員"), person("E1")]
    )
    page = text_of(hr.get(upload(hr, base, content, "r.xlsx").headers["Location"]))
    assert "エラーが 4 件あります" in page
    rows = re.findall(r'<td class="num">(\d+)</td><td>([^<]+)</td>', page)
    assert rows == [("2", "社員番号"), ("2", "生年月日"), ("3", "雇用形態"), ("4", "社員番号")]
    assert "この内容で取り込む" not in page
    assert roster(session, tenant_a.company) == {}


def test_commit_of_a_file_with_errors_writes_nothing(hr, base, session, tenant_a) -> None:
    location = upload(hr, base, csv_bytes([person("E1"), person("E2", birth="x")])).headers[
        "Location"
    ]
    response = hr.post(location + "/commit", data={})
    assert response.status_code == 302
    assert roster(session, tenant_a.company) == {}


def test_unchanged_file_offers_no_commit(hr, base, tenant_a, make_employee) -> None:
    _yamada(make_employee, tenant_a.company)
    page = text_of(hr.get(upload(hr, base, csv_bytes([person("E1")])).headers["Location"]))
    assert "取り込む変更はありません" in page


def test_discard(hr, base, session) -> None:
    location = upload(hr, base, csv_bytes([person()])).headers["Location"]
    assert hr.post(location + "/discard").status_code == 302
    assert session.scalars(select(RosterUpload)).all() == []
    assert hr.get(location).status_code == 404


def test_expired_upload_sends_back_to_the_form(hr, base, monkeypatch) -> None:
    location = upload(hr, base, csv_bytes([person()])).headers["Location"]
    monkeypatch.setattr("hrcare.roster.views.utcnow", lambda: NOW + timedelta(days=2))
    response = hr.get(location)
    assert response.status_code == 302 and response.headers["Location"].endswith("/roster/import")
    assert hr.post(location + "/commit", data={}).status_code == 302


@pytest.mark.parametrize(
    ("filename", "fragment"), [("roster.pdf", "CSV（.csv）または Excel"), ("", "ファイルを選んで")]
)
def test_upload_form_errors(hr, base, filename, fragment) -> None:
    data = {"file": (io.BytesIO(b"x"), filename)} if filename else {}
    response = hr.post(f"{base}/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and fragment in text_of(response)


def test_upload_over_the_size_limit(hr, base, app, monkeypatch, session) -> None:
    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, upload_max_bytes=1024)
    )
    response = upload(hr, base, csv_bytes([person(f"E{i}") for i in range(100)]))
    assert response.status_code == 200 and "上限 1 KB" in text_of(response)
    assert session.scalars(select(RosterUpload)).all() == []


def test_request_over_max_content_length(hr, base, app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = upload(hr, base, b"x" * 10_000)
    assert response.status_code == 413
    assert "上限 10 MB" in text_of(response)


def test_commit_needs_csrf_token(hr, base, app, monkeypatch, session, tenant_a) -> None:
    location = upload(hr, base, csv_bytes([person()])).headers["Location"]
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert hr.post(location + "/commit", data={}).status_code == 400
    assert roster(session, tenant_a.company) == {}


# --- export ----------------------------------------------------------------------------------


def test_export_download(hr, base, tenant_a, make_employee) -> None:
    make_employee(tenant_a.company, employee_number="E1", name="=cmd|' /C calc'!A0")
    response = hr.get(f"{base}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="roster-co-a-')
    assert response.headers["Cache-Control"] == "no-store"
    body = response.data.decode("utf-8-sig")
    assert "'=cmd" in body and "\n=cmd" not in body
    xlsx = hr.get(f"{base}/export.xlsx")
    assert xlsx.data.startswith(b"PK") and "spreadsheetml" in xlsx.headers["Content-Type"]


@pytest.mark.parametrize(("encoding", "charset"), [("utf-8", "utf-8"), ("cp932", "shift_jis")])
def test_export_names_one_charset(hr, base, tenant_a, make_employee, encoding, charset) -> None:
    make_employee(tenant_a.company, employee_number="E1", name="＝SUM(A1)")
    response = hr.get(f"{base}/export.csv?encoding={encoding}")
    assert response.headers["Content-Type"] == f"text/csv; charset={charset}"
    body = response.data.decode("cp932" if encoding == "cp932" else "utf-8-sig")
    assert "'＝SUM(A1)" in body


def test_cp932_export_of_an_unencodable_name(hr, base, tenant_a, make_employee) -> None:
    make_employee(tenant_a.company, employee_number="E1", name="𠮷田")
    response = hr.get(f"{base}/export.csv?encoding=cp932", follow_redirects=True)
    assert "社員番号 E1 の「氏名」" in text_of(response)


def test_foreign_employees_never_appear(hr, base, tenant_b, make_employee) -> None:
    make_employee(tenant_b.company, employee_number="CANARY-B", name="カナリア")
    for url in (f"{base}/", f"{base}/?q=CANARY", f"{base}/?status=left", f"{base}/export.csv"):
        body = hr.get(url).data.decode("utf-8-sig")
        assert "カナリア" not in body and "CANARY-B" not in body
    xlsx = hr.get(f"{base}/export.xlsx").data
    assert "カナリア".encode() not in xlsx and b"CANARY" not in xlsx


def test_employee_form_model_field_lengths_match() -> None:
    assert Employee.__table__.c.employee_number.type.length == 32


def test_request_over_max_content_length_before_the_tenant_is_known(
    hr, base, app, monkeypatch
) -> None:
    """With CSRF on, the form is read (and refused) before the tenant is resolved."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = upload(hr, base, b"x" * 10_000)
    assert response.status_code == 413 and "上限 10 MB" in text_of(response)
