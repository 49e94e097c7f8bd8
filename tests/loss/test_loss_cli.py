"""The ``loss estimate`` command contract: stdout on success, exit 2 on bad input."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hrcare.loss.cli import loss

from .conftest import FLAT, PER_LEAVER, RATE, V

HEADER = (
    "employee_id,age,is_manager,responded,is_caregiver,balancing_status,"
    "performance_score,value_added_yen"
)
# Two respondent caregivers aged 45 and 61 (one considering leaving, score 6),
# one respondent non-caregiver aged 52, one non-respondent aged 33 whose band
# has no respondents, so it counts at the company rate 2/3.
GOOD_ROWS = [
    "1,45,0,1,1,considering_leaving,6,",
    "2,52,1,1,0,,,",
    "3,33,0,0,,,,",
    "4,61,0,1,1,managing,,10000000",
]
CAREGIVERS = 2 + 2 / 3


def runner() -> CliRunner:
    """Keep stderr apart on click < 8.2 too (8.2 removed ``mix_stderr``)."""
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def csv_text(rows: list[str], header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def run(*args: str) -> Result:
    return runner().invoke(loss, ["estimate", *args], catch_exceptions=False)


def test_json_output_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "roster.csv", csv_text(GOOD_ROWS), bom=True)
    result = run("--input", str(path))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    productivity = FLAT * (V + 10_000_000 + (2 / 3) * V)
    leavers = CAREGIVERS * RATE
    assert data["method"] == "flat"
    assert data["separation_method"] == "national_rate"
    assert data["parameter_set"]["name"] == "meti-2030"
    assert data["parameters"]["tenure_years"] == 35
    assert data["caregivers_observed"] == 2
    assert data["caregivers_estimated"] == pytest.approx(CAREGIVERS)
    assert data["leavers_expected"] == pytest.approx(leavers)
    assert data["productivity_loss_yen"] == round(productivity)
    assert data["separation_labour_loss_yen"] == round(leavers * V)
    assert data["training_cost_loss_yen"] == round(leavers * 32_746 * 35)
    assert data["replacement_cost_yen"] == round(leavers * 1_033_000)
    assert abs(data["total_yen"] - (productivity + leavers * PER_LEAVER)) <= 2
    for key in ("productivity_loss_yen", "total_yen", "caregivers_estimated"):
        assert isinstance(data[key], (int, float)) and not isinstance(data[key], bool)


def test_methods_separation_and_params(tmp_path: Path) -> None:
    path = write(tmp_path, "roster.csv", csv_text(GOOD_ROWS))
    params = write(tmp_path, "p.json", json.dumps({"non_manager_drop_rate": 0.3}))
    result = run(
        "--input",
        str(path),
        "--method",
        "position",
        "--separation",
        "survey_intent",
        "--params",
        str(params),
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # All caregivers and the non-respondent are non-managers.
    assert data["productivity_loss_yen"] == round(0.3 * (V + 10_000_000 + (2 / 3) * V))
    assert data["leavers_expected"] == pytest.approx(CAREGIVERS / 2)
    assert data["parameter_set"]["overridden"] == ["non_manager_drop_rate"]


def test_text_output_is_japanese(tmp_path: Path) -> None:
    path = write(tmp_path, "roster.csv", csv_text(GOOD_ROWS))
    result = run("--input", str(path), "--format", "text")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "仕事と介護の両立困難による労働生産性損失額" in out
    assert "合計" in out and "万" in out and "円" in out and "¥" in out
    assert "meti-2030" in out


def test_aggregate_json(tmp_path: Path) -> None:
    path = write(tmp_path, "agg.json", json.dumps({"caregivers": 10, "leavers": 0.5}))
    data = json.loads(run("--input", str(path)).stdout)
    assert data["basis"] == "aggregate"
    assert data["total_yen"] == round(10 * V * FLAT + 0.5 * PER_LEAVER)
    path = write(tmp_path, "agg2.json", json.dumps({"caregivers": 10}))
    data = json.loads(run("--input", str(path)).stdout)
    assert data["leavers_expected"] == pytest.approx(10 * RATE)


def test_extra_columns_and_blank_lines_are_fine(tmp_path: Path) -> None:
    rows = [row + ",営業" for row in GOOD_ROWS]
    text = "\n" + csv_text(rows, HEADER + ",department").replace("\n2,", "\n\n2,")
    path = write(tmp_path, "roster.csv", text)
    result = run("--input", str(path))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["employees"] == 4


def assert_bad(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("rows", "line", "column"),
    [
        (["1,45,0,1,1,managing,6,", "2,52,1,1,0,,,-100"], 3, "value_added_yen"),
        (["1,-45,0,1,1,managing,6,"], 2, "age"),
        (["1,45,0,1,1,managing,6,", "2,45,0,1,1,managing,11,"], 3, "performance_score"),
        (["1,45,0,1,1,on_fire,6,"], 2, "balancing_status"),
        (["1,45,0,1,1,managing,6,", "2,45,yes,1,0,,,"], 3, "is_manager"),
        (["1,45,0,2,1,managing,6,"], 2, "responded"),
        (["1,45,0,1,1,managing,six,"], 2, "performance_score"),
        (["1,45,0,1,1,managing,6,", "1,46,0,1,0,,,"], 3, "employee_id"),
    ],
)
def test_bad_values(tmp_path: Path, rows: list[str], line: int, column: str) -> None:
    path = write(tmp_path, "bad.csv", csv_text(rows))
    assert_bad(run("--input", str(path)), "bad.csv", f"line {line}", f"column '{column}'")


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    text = csv_text(["1,45,0,1,1,managing,6,", "", "", "2,45,0,1,1,managing,12,"])
    path = write(tmp_path, "gap.csv", text)
    assert_bad(run("--input", str(path)), "line 5", "performance_score")


def test_missing_column(tmp_path: Path) -> None:
    header = HEADER.replace(",value_added_yen", "")
    path = write(tmp_path, "cols.csv", csv_text(["1,45,0,1,1,managing,6"], header))
    assert_bad(run("--input", str(path)), "cols.csv", "line 1", "column 'value_added_yen'")


def test_ragged_row(tmp_path: Path) -> None:
    path = write(tmp_path, "ragged.csv", csv_text(["1,45,0,1,1,managing,6,,extra"]))
    assert_bad(run("--input", str(path)), "ragged.csv", "line 2", "expected 8 fields")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    assert_bad(run("--input", str(tmp_path / "nope.csv")), "nope.csv", "not found")
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n1,45,0,1,1,managing,6,\xe9\n").encode("latin-1"))
    assert_bad(run("--input", str(latin)), "latin.csv", "line 2", "UTF-8")
    empty = write(tmp_path, "empty.csv", "")
    assert_bad(run("--input", str(empty)), "empty.csv", "empty")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"caregivers": 10,', "invalid JSON"),
        ('{"caregivers": -1}', "column 'caregivers'"),
        ('{"caregiver": 10}', "column 'caregiver'"),
        ("[1, 2]", "JSON object"),
        ('{"leavers": 1}', "caregivers"),
    ],
)
def test_bad_aggregate_json(tmp_path: Path, content: str, fragment: str) -> None:
    path = write(tmp_path, "agg.json", content)
    assert_bad(run("--input", str(path)), "agg.json", fragment)


def test_aggregate_rejects_per_employee_methods(tmp_path: Path) -> None:
    path = write(tmp_path, "agg.json", '{"caregivers": 3}')
    assert_bad(run("--input", str(path), "--method", "age_band"), "agg.json", "age_band")
    assert_bad(run("--input", str(path), "--separation", "survey_intent"), "agg.json", "leavers")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"caregiver_separation_rate": 1.5}', "between 0 and 1"),
        ('{"tenure_years": -3}', "negative"),
        ('{"tenure": 3}', "unknown parameter 'tenure'"),
        ("{oops}", "invalid JSON"),
    ],
)
def test_bad_params_file(tmp_path: Path, content: str, fragment: str) -> None:
    roster_path = write(tmp_path, "roster.csv", csv_text(GOOD_ROWS))
    params = write(tmp_path, "params.json", content)
    assert_bad(run("--input", str(roster_path), "--params", str(params)), "params.json", fragment)


def test_unknown_method_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "roster.csv", csv_text(GOOD_ROWS))
    result = runner().invoke(loss, ["estimate", "--input", str(path), "--method", "guess"])
    assert result.exit_code == 2
    assert result.stdout == ""
