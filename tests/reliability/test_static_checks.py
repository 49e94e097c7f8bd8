"""SECURITY.md item 19: bandit's high-severity checks, as ruff's ``S`` rules, find nothing.

``pyproject.toml`` selects ``S`` for the whole tree (scripts/test runs ruff first); this test
checks that none of the rules bandit rates high is ignored or silenced with ``noqa``, and runs
exactly those rules once more, printing the figure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# bandit's HIGH-severity plugins and their ruff codes: exec (B102), Flask debug (B201), weak
# hashes (B324), pyCrypto (B413), TLS checks off (B501-B504), unsafe YAML (B506), shell
# injection (B602, B605, B609), raw SQL (B611), Jinja2/Mako without autoescape (B701, B702).
HIGH = "S102 S201 S324 S413 S501 S502 S503 S504 S506 S602 S605 S609 S611 S701 S702".split()


def test_high_severity_rules_are_on_and_clean() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert "S" in config["select"]
    ignored = set(config.get("ignore", [])) | {
        code for codes in config.get("per-file-ignores", {}).values() for code in codes
    }
    assert not ignored & set(HIGH)
    silenced = [
        str(path.relative_to(ROOT))
        for folder in ("hrcare", "scripts", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"noqa:[^\n]*\b(" + "|".join(HIGH) + r")\b", path.read_text())
    ]
    assert silenced == []
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    result = subprocess.run(  # noqa: S603 - the project's own linter
        [
            ruff,
            "check",
            "--no-cache",
            "--select",
            ",".join(HIGH),
            "--output-format",
            "concise",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = [line for line in result.stdout.splitlines() if re.match(r"\S+:\d+:\d+: S", line)]
    print(f"figure: high-severity static findings (bandit-high as ruff S) = {len(findings)}")
    assert result.returncode == 0 and findings == [], result.stdout[-3000:]
