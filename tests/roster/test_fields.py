"""Cell values: dates (Western, Excel, 和暦), booleans, employment types, headers, escaping."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hrcare.roster import fields as f


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1980-04-01", date(1980, 4, 1)),
        ("1980/4/1", date(1980, 4, 1)),
        ("1980.04.01", date(1980, 4, 1)),
        ("1980年4月1日", date(1980, 4, 1)),
        ("１９８０／０４／０１", date(1980, 4, 1)),
        ("19800401", date(1980, 4, 1)),
        ("1980-04-01 00:00:00", date(1980, 4, 1)),
        ("昭和55年4月1日", date(1980, 4, 1)),
        ("S55.4.1", date(1980, 4, 1)),
        ("s55/04/01", date(1980, 4, 1)),
        ("H2.4.1", date(1990, 4, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("R1.5.1", date(2019, 5, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("㍼55年4月1日", date(1980, 4, 1)),
        (datetime(1980, 4, 1, 0, 0), date(1980, 4, 1)),
        (date(1980, 4, 1), date(1980, 4, 1)),
        (29312, date(1980, 4, 1)),  # an Excel serial
        (29312.0, date(1980, 4, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts(raw, expected) -> None:
    assert f.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("2023-02-30", "存在しない日付"),
        ("1980-13-01", "存在しない日付"),
        ("S64.1.8", "元号の期間にない"),  # 昭和 ended on 1989-01-07
        ("H31.5.1", "元号の期間にない"),  # 令和 began on 2019-05-01
        ("R1.4.30", "元号の期間にない"),
        ("1980年4月", "日付の形式"),
        ("April 1 1980", "日付の形式"),
        ("80/4/1", "日付の形式"),
    ],
)
def test_parse_date_refuses(raw, fragment) -> None:
    with pytest.raises(f.CellProblem) as info:
        f.parse_date(raw)
    assert fragment in info.value.msgid


def test_birth_date_checks_future_and_age_range() -> None:
    today = date(2025, 6, 1)
    f.check_birth_date(date(2010, 6, 1), today)  # exactly 15
    f.check_birth_date(date(1925, 6, 1), today)  # exactly 100
    with pytest.raises(f.CellProblem, match="未来"):
        f.check_birth_date(date(2025, 6, 2), today)
    with pytest.raises(f.CellProblem) as young:
        f.check_birth_date(date(2010, 6, 3), today)  # legally 15 tomorrow (the day before 6/3)
    assert young.value.params["age"] == 14
    with pytest.raises(f.CellProblem) as old:
        f.check_birth_date(date(1924, 6, 1), today)
    assert old.value.params["age"] == 101


def test_hire_date_before_birth_is_refused() -> None:
    f.check_hire_date(date(2005, 4, 1), date(1980, 4, 1))
    with pytest.raises(f.CellProblem):
        f.check_hire_date(date(1979, 4, 1), date(1980, 4, 1))


@pytest.mark.parametrize(
    "raw", ["管理職", "はい", "1", "true", "TRUE", "Yes", "○", "◯", 1, 1.0, True]
)
def test_manager_true(raw) -> None:
    assert f.is_manager(raw) is True


@pytest.mark.parametrize("raw", ["非管理職", "いいえ", "0", "false", "no", "", None, "×", 0, False])
def test_manager_false(raw) -> None:
    assert f.is_manager(raw) is False


def test_manager_unknown_value_is_an_error() -> None:
    with pytest.raises(f.CellProblem):
        f.is_manager("部長")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("正社員", "regular"),
        ("契約社員", "contract"),
        ("パート", "part_time"),
        ("アルバイト", "part_time"),
        ("パート・アルバイト", "part_time"),
        ("派遣", "dispatched"),
        ("派遣社員", "dispatched"),
        ("その他", "other"),
        ("regular", "regular"),
        ("Part_Time", "part_time"),
        ("part-time", "part_time"),
        ("", "regular"),
    ],
)
def test_employment_types(raw, code) -> None:
    assert f.employment_type(raw) == code


def test_employment_type_unknown_is_an_error() -> None:
    with pytest.raises(f.CellProblem):
        f.employment_type("役員")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("社員番号", "employee_number"),
        ("Employee Number", "employee_number"),
        ("EMPLOYEE_NUMBER", "employee_number"),
        (" 氏名 ", "name"),
        ("ＮＡＭＥ", "name"),
        ("Birth Date", "birth_date"),
        ("役職区分", "is_manager"),
        ("管理職", "is_manager"),
        ("e-mail", "email"),
        ("メール", "email"),
        ("雇用 形態", "employment_type"),
    ],
)
def test_headers_are_case_width_and_space_insensitive(written, name) -> None:
    assert f.HEADER_KEYS[f.normalize_header(written)] == name


@pytest.mark.parametrize(
    "value", ["=1+1", "+81", "-3", "@SUM(A1)", "\tx", "\rx", "＝SUM(A1)", "＋81", "－3", "＠x"]
)
def test_formula_escape_round_trips(value) -> None:
    escaped = f.escape_formula(value)
    assert escaped == "'" + value
    assert f.unescape_formula(escaped) == value


def test_plain_values_are_not_escaped() -> None:
    assert f.escape_formula("山田") == "山田"
    assert f.unescape_formula("'quoted") == "'quoted"  # only a formula prefix is removed


def test_employee_number_keeps_leading_zeros_and_narrows_width() -> None:
    assert f.employee_number(" ００１２３ ") == "00123"
    assert f.employee_number(1001.0) == "1001"
