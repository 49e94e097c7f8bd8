"""``hrcare loss estimate`` mounted in the application's command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from hrcare.loss import FEATURE
from hrcare.loss.cli import COMMANDS, loss

from .conftest import FLAT, RATE, V

HEADER = (
    "employee_id,age,is_manager,responded,is_caregiver,balancing_status,"
    "performance_score,value_added_yen"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["loss", "estimate", *args])


def test_module_is_mounted(app: Flask) -> None:
    assert "hrcare.loss.cli" in FEATURE.commands  # the feature declares its command
    assert COMMANDS == (loss,)
    assert app.cli.get_command(None, "loss") is loss  # type: ignore[arg-type]


def test_estimate_through_the_app(app: Flask, tmp_path: Path) -> None:
    path = write(tmp_path, "roster.csv", f"{HEADER}\n1,45,0,1,1,managing,,\n2,52,1,1,0,,,\n")
    result = invoke(app, "--input", str(path))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["caregivers_observed"] == 1
    assert data["productivity_loss_yen"] == round(V * FLAT)
    assert data["leavers_expected"] == pytest.approx(RATE)
    assert isinstance(data["total_yen"], int)


def test_text_output_uses_the_project_formatter(app: Flask, tmp_path: Path) -> None:
    path = write(tmp_path, "agg.json", json.dumps({"caregivers": 3_180_000}))
    result = invoke(app, "--input", str(path), "--format", "text")
    assert result.exit_code == 0, result.stderr
    # rounded to what the inputs support (three figures), the full value beside it
    assert "合計: 約9兆1,800億円（¥9,1" in result.stdout


def test_bad_input_through_the_app(app: Flask, tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad.csv", f"{HEADER}\n1,45,0,1,1,managing,6,\n2,45,0,1,1,managing,11,\n"
    )
    result = invoke(app, "--input", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    for fragment in ("bad.csv", "line 3", "column 'performance_score'"):
        assert fragment in result.stderr


def test_about_yen_rounds_to_three_figures() -> None:
    from hrcare.loss.cli import about_yen

    assert about_yen(129_020_000_000) == "約1,290億円"
    assert about_yen(624_000_000) == "約6億2,400万円"
    assert about_yen(313_672) == "約31万4,000円"
    assert about_yen(0) == "0円"
