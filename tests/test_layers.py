"""The layer order (README, "Layers"; contracts in pyproject.toml) holds, and the check
really fails on a violation: lint-imports runs on a copy of the package with one bad import
added, and must name it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "hrcare",
        tmp_path / "hrcare",
        ignore=shutil.ignore_patterns("templates", "static", "translations", "__pycache__"),
    )
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/contracts.py", tmp_path / "scripts/contracts.py")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports, fixed arguments
        [str(LINT), "--no-cache"], cwd=folder, capture_output=True, text=True, check=False
    )


def test_the_code_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # core reaching up into a feature
        ("core/clock.py", "import hrcare.surveys.services", "core (and extensions"),
        # a lower feature importing a higher one
        ("roster/fields.py", "import hrcare.surveys.services", "Features in layers"),
        # a feature reaching into another feature's models instead of its services
        ("reports/models.py", "import hrcare.roster.models", "only through its services"),
        # a cycle inside a feature
        ("surveys/common.py", "import hrcare.surveys.mailing", "No cycles"),
    ],
)
def test_the_check_fails_on_a_bad_import(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    folder = _copy(tmp_path)
    target = folder / "hrcare" / module
    target.write_text(target.read_text() + f"\n{line}  # deliberately wrong\n")
    result = _lint(folder)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout[-3000:]
    imported = line.removeprefix("import ")
    assert imported in broken or "." + imported.rsplit(".", 1)[-1] in broken
