"""Declared dependencies are honest: every third-party module the code imports is declared in
pyproject.toml (the app's in ``dependencies``, the tests' and scripts' in the ``dev`` extra),
and requirements.lock pins each declared package at a version its range allows."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
LOCAL = {"hrcare", "tests", "setuptools"}  # setuptools: the build hook (setup.py)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*groups: list[str]) -> dict[str, Requirement]:
    return {canonical(r.name): r for group in groups for r in map(Requirement, group)}


def imported_modules(folder: Path) -> dict[str, str]:
    """Top-level third-party modules imported anywhere under ``folder`` → one place each."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, f"{path.relative_to(folder.parent)}:{node.lineno}")
    return found


def undeclared(folder: Path, declared: dict[str, Requirement]) -> list[str]:
    owners = packages_distributions()
    problems = []
    for module, where in imported_modules(folder).items():
        dists = {canonical(d) for d in owners.get(module, [])}
        if not dists & declared.keys():
            problems.append(f"{where}: {module} (from {sorted(dists) or 'nothing installed'})")
    return problems


def test_the_app_declares_every_package_it_imports() -> None:
    found = imported_modules(REPO / "hrcare")
    assert {"flask", "sqlalchemy", "numpy", "wtforms", "babel", "itsdangerous"} <= found.keys()
    assert undeclared(REPO / "hrcare", _declared(PYPROJECT["dependencies"])) == []


def test_tests_and_scripts_declare_every_package_they_import() -> None:
    declared = _declared(PYPROJECT["dependencies"], PYPROJECT["optional-dependencies"]["dev"])
    assert undeclared(REPO / "tests", declared) == []
    assert undeclared(REPO / "scripts", declared) == []


def test_the_check_notices_an_undeclared_import(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text("import numpy\nfrom flask import Flask\n")
    problems = undeclared(tmp_path, _declared(["flask>=3"]))
    assert len(problems) == 1 and "numpy" in problems[0]


def _locked() -> dict[str, list[tuple[Version, str]]]:
    pins: dict[str, list[tuple[Version, str]]] = {}
    text = (REPO / "requirements.lock").read_text()
    for match in re.finditer(
        r"^([A-Za-z0-9][\w.-]*)==([^\s;\\]+)\s*(?:;\s*([^\\\n]+))?", text, re.M
    ):
        pins.setdefault(canonical(match.group(1)), []).append(
            (Version(match.group(2)), (match.group(3) or "").strip())
        )
    return pins


def test_the_lock_pins_every_declared_package_within_its_range() -> None:
    pins = _locked()
    declared = _declared(PYPROJECT["dependencies"], PYPROJECT["optional-dependencies"]["dev"])
    for name, requirement in declared.items():
        assert name in pins, f"{name} is declared but not in requirements.lock (run scripts/lock)"
        for version, _marker in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {name}=={version}, outside {requirement.specifier}"
            )
    assert "--hash=sha256:" in (REPO / "requirements.lock").read_text()


def test_rq_range_excludes_releases_without_the_failure_handling_the_worker_overrides() -> None:
    rq = _declared(PYPROJECT["dependencies"])["rq"]
    assert not rq.specifier.contains("1.16.2") and rq.specifier.contains("2.0.0")
