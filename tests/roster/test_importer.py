"""The file parser: encodings, headers (JA/EN), every error kind with row and column, limits."""

from __future__ import annotations

import codecs
from datetime import date, datetime

import pytest

from hrcare.roster.importer import ImportLimits, parse_roster
from tests.roster.conftest import JA_HEADER, TODAY, csv_bytes, person, xlsx_bytes

EN_HEADER = [
    "employee_number",
    "name",
    "department",
    "birth_date",
    "hire_date",
    "is_manager",
    "employment_type",
    "email",
]


def parse(content: bytes, filename: str = "roster.csv", **limits: int):
    return parse_roster(content, filename, today=TODAY, limits=ImportLimits(**limits))


def located(parsed) -> list[tuple[int | None, str | None]]:
    return [(e.row, e.column) for e in parsed.errors]


# --- encodings and formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932"), ("shift_jis", "cp932")],
)
def test_csv_encodings(encoding, detected) -> None:
    content = (
        csv_bytes([person(name="髙橋 ①子", department="総務部")], encoding=encoding)
        if encoding == "cp932"
        else csv_bytes([person(name="高橋 花子", department="総務部")], encoding=encoding)
    )
    parsed = parse(content)
    assert parsed.ok, parsed.errors
    assert parsed.encoding == detected
    assert parsed.records[0].department == "総務部"


def test_cp932_only_characters_survive() -> None:
    parsed = parse(csv_bytes([person(name="髙橋 ①子")], encoding="cp932"))
    assert parsed.records[0].name == "髙橋 ①子"


def test_bom_is_not_part_of_the_first_header() -> None:
    parsed = parse(codecs.BOM_UTF8 + csv_bytes([person()]))
    assert parsed.ok and parsed.columns[0] == "employee_number"


def test_undecodable_bytes_give_a_japanese_message() -> None:
    content = csv_bytes([person()]) + b"\x85\xff\xfe\x80\xa0\n"
    parsed = parse(content)
    assert not parsed.ok
    assert parsed.errors[0].row is None and "文字コード" in parsed.errors[0].message


def test_utf16_is_refused_clearly() -> None:
    parsed = parse(csv_bytes([person()], encoding="utf-16"))
    assert "UTF-16" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("filename", "fragment"), [("roster.xls", ".xls"), ("roster.pdf", "対応していない")]
)
def test_unsupported_files(filename, fragment) -> None:
    assert fragment in parse(csv_bytes([person()]), filename).errors[0].message


def test_tab_separated_text() -> None:
    content = ("\t".join(JA_HEADER) + "\n" + "\t".join(map(str, person())) + "\n").encode()
    parsed = parse(content, "roster.txt")
    assert parsed.ok and parsed.records[0].name == "山田 太郎"


def test_english_headers_any_case_and_spacing() -> None:
    header = [
        "Employee Number",
        "NAME",
        "Department",
        "birth date",
        "Hire_Date",
        "Is Manager",
        "Employment Type",
        "Email",
    ]
    parsed = parse(
        csv_bytes([person(manager="yes", kind="contract", email="t@example.jp")], header=header)
    )
    assert parsed.ok, parsed.errors
    rec = parsed.records[0]
    assert (rec.is_manager, rec.employment_type, rec.email) == (True, "contract", "t@example.jp")


def test_optional_columns_may_be_absent() -> None:
    parsed = parse(csv_bytes([["E1", "佐藤", "1990/1/2"]], header=["社員番号", "氏名", "生年月日"]))
    assert parsed.ok
    assert parsed.columns == ("employee_number", "name", "birth_date")
    rec = parsed.records[0]
    assert (rec.department, rec.hire_date, rec.is_manager, rec.employment_type, rec.email) == (
        "",
        None,
        False,
        "regular",
        None,
    )


def test_role_column_alias_and_values() -> None:
    header = ["社員番号", "氏名", "生年月日", "役職区分"]
    parsed = parse(
        csv_bytes(
            [
                ["E1", "a", "1980-01-01", "管理職"],
                ["E2", "b", "1980-01-01", ""],
                ["E3", "c", "1980-01-01", "○"],
            ],
            header=header,
        )
    )
    assert [r.is_manager for r in parsed.records] == [True, False, True]


def test_quoted_line_break_keeps_spreadsheet_row_numbers() -> None:
    content = (
        '社員番号,氏名,生年月日\r\nE1,"山田\r\n太郎",1980-01-01\r\nE2,佐藤,1980-02-30\r\n'
    ).encode()
    parsed = parse(content)
    # the name with a line break is one spreadsheet row (2), so the bad date is on row 3
    assert (2, "氏名") in located(parsed)
    assert (3, "生年月日") in located(parsed)


def test_blank_lines_are_skipped_but_counted() -> None:
    content = "社員番号,氏名,生年月日\n\nE1,a,1980-01-01\n,,\nE2,b,bad\n\n".encode()
    parsed = parse(content)
    assert located(parsed) == [(5, "生年月日")]
    assert parsed.data_rows == 2


# --- header errors -------------------------------------------------------------------------


def test_missing_required_column_is_one_error_naming_it() -> None:
    parsed = parse(csv_bytes([["E1", "a"], ["E2", "b"]], header=["社員番号", "氏名"]))
    assert parsed.error_count == 1
    error = parsed.errors[0]
    assert (error.row, error.column) == (1, "生年月日")
    assert "生年月日" in error.message


def test_unknown_column_is_refused_by_name() -> None:
    parsed = parse(csv_bytes([person() + ["x"]], header=[*JA_HEADER, "マイナンバー"]))
    assert located(parsed) == [(1, "マイナンバー")]
    assert "取り込めません" in parsed.errors[0].message


def test_two_columns_for_the_same_field() -> None:
    parsed = parse(
        csv_bytes([["E1", "a", "b", "1980-01-01"]], header=["社員番号", "氏名", "name", "生年月日"])
    )
    assert located(parsed) == [(1, "name")]


def test_values_under_a_blank_header_are_an_error() -> None:
    content = "社員番号,氏名,,生年月日\nE1,a,,1980-01-01\nE2,b,x,1980-01-01\n".encode()
    parsed = parse(content)
    assert located(parsed) == [(3, "C")]


def test_extra_cells_beyond_the_header() -> None:
    content = "社員番号,氏名,生年月日\nE1,a,1980-01-01,oops\nE2,b,1980-01-01,\n".encode()
    assert located(parse(content)) == [(2, "D")]


# --- row errors: each names its row and column -------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (person(number=""), "社員番号", "必須"),
        (person(name=""), "氏名", "必須"),
        (person(birth=""), "生年月日", "必須"),
        (person(birth="2023-02-30"), "生年月日", "存在しない日付"),
        (person(birth="2030-01-01", hire=""), "生年月日", "未来"),
        (person(birth="2015-01-01", hire=""), "生年月日", "15〜100"),
        (person(birth="1900-01-01"), "生年月日", "15〜100"),
        (person(birth="sometime"), "生年月日", "形式"),
        (person(hire="2005-02-29"), "入社日", "存在しない日付"),
        (person(hire="1970-01-01"), "入社日", "生年月日より前"),
        (person(manager="部長"), "管理職", "管理職/非管理職"),
        (person(kind="役員"), "雇用形態", "雇用形態"),
        (person(email="not-an-address"), "メール", "メールアドレス"),
        (person(number="E" * 33), "社員番号", "32文字"),
        (person(name="山" * 101), "氏名", "100文字"),
    ],
)
def test_row_errors_name_row_and_column(row, column, fragment) -> None:
    parsed = parse(csv_bytes([person(number="E000"), row]))
    assert located(parsed) == [(3, column)]
    assert fragment in parsed.errors[0].message
    assert parsed.records == []  # all-or-nothing: no rows from a file with errors


def test_every_error_is_reported_not_just_the_first() -> None:
    rows = [person(number=f"E{i}", birth="2023-02-30") for i in range(50)]
    rows[10] = person(number="E10", birth="1980-01-01", kind="???")
    parsed = parse(csv_bytes(rows))
    assert parsed.error_count == 50
    assert (12, "雇用形態") in located(parsed)


def test_headers_as_written_are_used_in_errors() -> None:
    header = ["Employee No", "Name", "Birth_Date"]
    parsed = parse(csv_bytes([["E1", "a", "bad"]], header=header))
    assert located(parsed) == [(2, "Birth_Date")]


def test_duplicate_employee_numbers_flag_every_occurrence() -> None:
    rows = [person(number="E1"), person(number="E2"), person(number="E1"), person(number="Ｅ１")]
    parsed = parse(csv_bytes(rows))
    assert located(parsed) == [(2, "社員番号"), (4, "社員番号"), (5, "社員番号")]
    assert "4、5" in parsed.errors[0].message
    assert parsed.records == []


def test_empty_and_header_only_files() -> None:
    assert "空" in parse(b"").errors[0].message
    assert "空" in parse(b"\r\n\r\n").errors[0].message
    only_header = parse(csv_bytes([]))
    assert (
        only_header.errors[0].row == 2 and "従業員の行がありません" in only_header.errors[0].message
    )


def test_malformed_csv_quote() -> None:
    content = '社員番号,氏名,生年月日\nE1,"a"b"c,1980-01-01\n'.encode()
    # the csv module is lenient here; the value is taken as written, without crashing
    assert parse(content).data_rows == 1


def test_control_characters_are_refused() -> None:
    parsed = parse(csv_bytes([person(name="山田\x07太郎")]))
    assert located(parsed) == [(2, "氏名")]


def test_formula_escape_is_undone_on_import() -> None:
    parsed = parse(csv_bytes([person(number="'-001", department="'=営業")]))
    assert parsed.ok
    assert (parsed.records[0].employee_number, parsed.records[0].department) == ("-001", "=営業")


# --- limits ----------------------------------------------------------------------------------


def test_size_limit_states_the_limit() -> None:
    parsed = parse(csv_bytes([person()] * 200), max_bytes=2048)
    assert parsed.error_count == 1
    assert "2 KB" in parsed.errors[0].message and parsed.errors[0].row is None


def test_row_limit_states_the_limit() -> None:
    rows = [person(number=f"E{i}") for i in range(11)]
    parsed = parse(csv_bytes(rows), max_rows=10)
    assert parsed.error_count == 1
    assert "10行" in parsed.errors[0].message
    assert parse(csv_bytes(rows[:10]), max_rows=10).ok


def test_default_limits_come_from_settings_defaults() -> None:
    from hrcare.config import Settings

    assert ImportLimits() == ImportLimits(Settings().upload_max_bytes, Settings().upload_max_rows)


# --- Excel -----------------------------------------------------------------------------------


def test_xlsx_with_typed_cells() -> None:
    rows = [
        [
            1001,
            "山田 太郎",
            "営業部",
            datetime(1980, 4, 1),
            datetime(2005, 4, 1),
            True,
            "正社員",
            None,
        ],
        ["00123", "佐藤", None, "S55.4.1", None, "はい", "パート", "s@example.jp"],
        ["E3", "鈴木", "総務", 29312, 38443, 0, None, None],
    ]
    parsed = parse(xlsx_bytes(rows), "名簿.xlsx")
    assert parsed.ok, [e.message for e in parsed.errors]
    assert parsed.kind == "xlsx"
    a, b, c = parsed.records
    assert (a.employee_number, a.birth_date, a.hire_date, a.is_manager) == (
        "1001",
        date(1980, 4, 1),
        date(2005, 4, 1),
        True,
    )
    assert (b.employee_number, b.birth_date, b.employment_type, b.is_manager) == (
        "00123",
        date(1980, 4, 1),
        "part_time",
        True,
    )
    assert (c.birth_date, c.hire_date, c.department) == (date(1980, 4, 1), date(2005, 4, 1), "総務")


def test_xlsx_errors_use_sheet_rows() -> None:
    rows = [person(number="E1"), [], person(number="E2", birth="2023-02-30")]
    parsed = parse(xlsx_bytes(rows, leading_blank_rows=2), "roster.xlsx")
    # header on sheet row 3, the bad date on row 6
    assert located(parsed) == [(6, "生年月日")]


def test_xlsx_english_headers_and_unknown_column() -> None:
    parsed = parse(xlsx_bytes([person() + ["x"]], header=[*EN_HEADER, "salary"]), "r.xlsx")
    assert located(parsed) == [(1, "salary")]


def test_xlsx_row_limit() -> None:
    rows = [person(number=f"E{i}") for i in range(6)]
    assert "5行" in parse(xlsx_bytes(rows), "r.xlsx", max_rows=5).errors[0].message


def test_corrupt_xlsx() -> None:
    content = b"PK\x03\x04" + b"\x00" * 100
    assert "Excel" in parse(content, "r.xlsx").errors[0].message


def test_zip_named_csv_is_refused() -> None:
    assert "拡張子" in parse(xlsx_bytes([person()]), "r.csv").errors[0].message


def _damaged_sheet(content: bytes, damage) -> bytes:  # type: ignore[no-untyped-def]
    """The same workbook with its first sheet's bytes passed through ``damage``."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("worksheets/sheet1.xml"):
                data = damage(data)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-xml"),
        pytest.param(
            lambda data: data.replace(b"<sheetData>", b"<sheetData><row><c>"), id="bad-xml"
        ),
    ],
)
def test_xlsx_with_a_damaged_sheet_is_a_message_not_a_crash(damage) -> None:  # type: ignore[no-untyped-def]
    """The workbook opens but its sheet is broken: found while reading the rows."""
    content = _damaged_sheet(xlsx_bytes([person(number=f"E{i}") for i in range(20)]), damage)
    parsed = parse(content, "r.xlsx")
    assert not parsed.ok and parsed.records == []
    assert "Excel" in parsed.errors[-1].message


def test_xlsx_numeric_yyyymmdd_dates() -> None:
    """Payroll exports often hold 19800401 as a number; the CSV text form is accepted too."""
    parsed = parse(xlsx_bytes([person(birth=19800401, hire=20050401.0)]), "r.xlsx")
    assert parsed.ok, [e.message for e in parsed.errors]
    assert (parsed.records[0].birth_date, parsed.records[0].hire_date) == (
        date(1980, 4, 1),
        date(2005, 4, 1),
    )
    bad = parse(xlsx_bytes([person(birth=19800231)]), "r.xlsx")
    assert located(bad) == [(2, "生年月日")]
