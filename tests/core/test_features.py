"""Features register themselves: each package declares its blueprints, models, policy
entries, navigation items and commands (``FEATURE``); the central modules name none."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrcare import features
from hrcare.core import navigation, policy
from hrcare.extensions import db
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2] / "hrcare"
CENTRAL = ["__init__.py", "models.py", "cli.py", "core/policy.py", "core/navigation.py"]
NAMES = [name.rsplit(".", 1)[-1] for name in features.INSTALLED]


@pytest.mark.parametrize("central", CENTRAL)
def test_central_modules_name_no_feature(central: str) -> None:
    text = (ROOT / central).read_text()
    named = [n for n in NAMES if f"hrcare.{n}" in text or f'"{n}.' in text]
    assert named == []


def test_every_route_is_declared_by_its_own_feature(app) -> None:  # type: ignore[no-untyped-def]
    declared = {e for f in features.features() for e in f.policy} | set(policy.CORE_POLICY)
    routes = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert routes <= declared


def test_a_new_feature_registers_itself(tmp_path_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Adding a feature touches one list: its routes, policy entry, navigation item and
    command come from its own module."""
    monkeypatch.setattr(features, "INSTALLED", (*features.INSTALLED, "tests.core.feature_probe"))
    monkeypatch.setattr(policy, "POLICY", dict(policy.POLICY))
    monkeypatch.setattr(navigation, "_NAV", list(navigation._NAV))
    original = db.engine
    try:
        probe_app = make_app(tmp_path_factory)
        assert probe_app.test_client().get("/_probe/").get_data(as_text=True) == "probe"
        assert policy.allowed_roles("probe.index", "GET") == policy.PUBLIC
        assert navigation._NAV[0].endpoint == "probe.index"  # its own place in the bar
        result = probe_app.test_cli_runner().invoke(args=["probe"])
        assert result.output.strip() == "probe command"
        probe_engine = db.engine
    finally:
        db.engine = original
        db.session_factory.configure(bind=original)
    probe_engine.dispose()
