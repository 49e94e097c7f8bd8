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


def test_the_demo_hub_gets_its_two_wave_effect_pdf_once_wave_2_is_closed(  # type: ignore[no-untyped-def]
    app, client, tmp_path, monkeypatch
) -> None:
    """How the demo hub produces its 効果検証 PDF across two waves: the demo loads each client
    with wave 1 closed (released) and wave 2 open, so the page first says there is one wave
    to compare; each client's HR admin closes wave 2 (its release is computed then), and the
    hub operator's PDF compares wave 1 with wave 2 for all three clients and the hub."""
    import dataclasses
    import io
    import re

    from pypdf import PdfReader

    from hrcare.auth.models import User
    from hrcare.demo.specs import COMPANIES
    from hrcare.hubs import effect
    from hrcare.surveys.models import Survey
    from hrcare.tenants.models import Company
    from tests.conftest import sign_in

    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, file_store=str(tmp_path))
    )
    loader.load(db.session, generate(seed=3, today=date.today(), scale=0.5))
    db.session.commit()
    db.session.info.pop("company_id", None)  # the loader works inside each company in turn
    hub = db.session.scalars(select(Hub).where(Hub.slug == HUB.slug)).one()
    assert effect.hub_effect(db.session, hub.id).compared_clients == 0  # as loaded
    clients = [s for s in COMPANIES if s.hub_slug == HUB.slug]
    for spec in clients:
        company = db.session.scalars(select(Company).where(Company.slug == spec.slug)).one()
        hr = db.session.scalars(select(User).where(User.email == f"jinji@{spec.domain}")).one()
        wave2 = db.session.scalars(
            select(Survey)
            .where(Survey.company_id == company.id, Survey.status == "open")
            .execution_options(all_tenants=True)
        ).one()
        sign_in(client, hr, company)
        response = client.post(f"/c/{spec.slug}/surveys/{wave2.id}/close")
        assert response.status_code == 302
        db.session.expire_all()
        db.session.info.pop("company_id", None)
        assert db.session.get(Survey, wave2.id).status == "closed"
    result = effect.hub_effect(db.session, hub.id)
    assert result.compared_clients == len(clients) == 3
    for row in result.clients:
        assert (row.before.wave, row.after.wave) == (1, 2)  # type: ignore[union-attr]
    operator = db.session.scalars(select(User).where(User.email == f"hub@{HUB.domain}")).one()
    sign_in(client, operator)
    response = client.post("/hub/effect/pdf", data={"language": "ja"})
    assert response.status_code == 302
    pdf = client.get(response.location + "?download=1")
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for spec in clients:
        assert spec.name in text
    assert len(re.findall(r"第1回.{0,40}第2回", text.replace("\n", ""))) >= 3
