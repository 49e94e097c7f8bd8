"""The demo hub's console: its three clients with live figures in every column."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hrcare.demo import loader
from hrcare.demo.generator import HUB, generate
from hrcare.extensions import db
from hrcare.hubs import services
from hrcare.tenants.models import Hub

TODAY = date(2026, 11, 26)


def test_the_demo_hub_shows_its_clients_with_the_new_columns(app) -> None:
    loader.load(db.session, generate(seed=3, today=TODAY, scale=0.2))
    hub = db.session.scalars(select(Hub).where(Hub.slug == HUB.slug)).one()
    board = services.dashboard(db.session, hub.id, today=TODAY)
    assert {r.slug for r in board.rows} == {"demo-large", "demo-mid", "demo-small"}
    for row in board.rows:
        assert row.loss_yen is not None and row.loss_computed_on == TODAY  # stored at load
        assert row.plan_applicable > 0 and row.wave_title
    assert board.totals.loss_yen == sum(r.loss_yen or 0 for r in board.rows)
