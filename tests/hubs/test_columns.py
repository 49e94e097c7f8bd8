"""The console's further columns: stored loss estimates (never recomputed per request), plan
progress, legal duties and consultation counts — each the same figure as the client's own
page, for many clients in a number of statements that does not grow with them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hrcare.checklists import ledger, plan
from hrcare.checklists import services as checklists
from hrcare.core.actor import Actor
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import services
from hrcare.loss import estimates
from hrcare.loss import services as loss
from hrcare.loss.stored import StoredEstimate
from hrcare.tenants import services as tenants
from tests.conftest import Tenant
from tests.consultations.conftest import file_request  # noqa: F401 - fixture
from tests.hubs.test_dashboard import _statements

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


def _hr(tenant: Tenant) -> Actor:
    return Actor(tenant.users[Role.HR_ADMIN].id, "hr_admin", tenant.company.id)


def _row(tenant: Tenant, slug: str | None = None) -> services.ClientRow:
    rows = {r.slug: r for r in services.dashboard(db.session, tenant.hub.id, today=TODAY).rows}
    return rows[slug or tenant.slug]


def test_loss_comes_from_the_stored_estimate_not_a_new_computation(
    client, login_as, tenant_a: Tenant, make_employee, monkeypatch
) -> None:
    for n in range(30):
        make_employee(tenant_a.company, birth_date=date(1960 + n, 5, 1))
    assert _row(tenant_a).loss_yen is None  # nothing stored yet: shown as not computed
    assert estimates.store_estimate(db.session, tenant_a.company, today=TODAY, now=NOW)
    fresh = loss.company_estimate(db.session, tenant_a.company, today=TODAY).result.to_dict()
    stored = db.session.query(StoredEstimate).filter_by(company_id=tenant_a.company.id).one()
    assert stored.inputs["roster"] and stored.basis == "national_average"
    # The same inputs again: nothing recomputed.
    assert not estimates.store_estimate(db.session, tenant_a.company, today=TODAY, now=NOW)

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the console must not compute an estimate")

    monkeypatch.setattr(loss, "company_estimate", boom)
    row = _row(tenant_a)
    assert row.loss_yen == fresh["total_yen"] > 0
    assert row.loss_per_employee_yen == fresh["per_employee_yen"]
    board = services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    assert board.totals.loss_yen == fresh["total_yen"]
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/").get_data(as_text=True)
    assert f"¥{fresh['total_yen']:,}" in page
    client.post("/language", data={"locale": "en", "next": "/hub/"})
    english = client.get("/hub/").get_data(as_text=True)
    assert "Estimated annual loss" in english and "Plan progress" in english


def test_roster_change_makes_the_estimate_stale_and_settings_change_queues_a_new_one(
    tenant_a: Tenant, make_employee
) -> None:
    for n in range(10):
        make_employee(tenant_a.company, birth_date=date(1965 + n, 1, 1))
    estimates.store_estimate(db.session, tenant_a.company, today=TODAY, now=NOW)
    before = _row(tenant_a).loss_yen
    make_employee(tenant_a.company, birth_date=date(1970, 1, 1))
    assert _row(tenant_a).loss_yen == before  # stored: unchanged until recomputed
    assert estimates.store_estimate(db.session, tenant_a.company, today=TODAY, now=NOW)
    assert _row(tenant_a).loss_yen != before
    loss.save_settings(
        db.session,
        actor_id=tenant_a.users[Role.HR_ADMIN].id,
        company_id=tenant_a.company.id,
        values={},
        method="flat",
        separation="national_rate",
        now=NOW,
    )
    runs = db.session.query(JobRun).filter_by(company_id=tenant_a.company.id).all()
    assert [r.kind for r in runs] == ["loss.estimate"]


def test_plan_progress_and_duties_match_the_clients_own_figures(
    tenant_a: Tenant, make_employee
) -> None:
    company = tenant_a.company
    make_employee(company, birth_date=date(1985, 6, 1))  # window closed 2026-03-31: overdue
    make_employee(company, birth_date=date(1985, 7, 1))
    informed = make_employee(company, birth_date=date(1985, 8, 1))
    make_employee(company, birth_date=date(1990, 1, 1))  # not yet 40
    ledger.record_age40_notice(
        db.session,
        _hr(tenant_a),
        company,
        employee_id=informed.id,
        informed_on=date(2025, 9, 1),
        method="meeting",
        materials="リーフレット",
        today=TODAY,
        now=NOW,
    )
    for code in ("1-1", "1-2"):
        plan.update_action(
            db.session,
            _hr(tenant_a),
            company,
            code,
            status="done",
            owner_id=None,
            due_date=None,
            notes="",
            na_reason="",
            details={},
            today=TODAY,
            now=NOW,
        )
    row = _row(tenant_a)
    own = checklists.progress(db.session, company.id)
    assert (row.plan_done, row.plan_applicable, row.plan_pct) == (own.done, own.applicable, own.pct)
    assert row.plan_done == 2
    assert row.age40_overdue == checklists.age40_summary(db.session, company, TODAY).overdue == 2
    assert not row.environment_met and row.environment_in_place == 0
    ledger.save_measure(
        db.session,
        _hr(tenant_a),
        company,
        code="desk",
        in_place=True,
        since=date(2025, 4, 1),
        note="",
        today=TODAY,
        now=NOW,
    )
    row = _row(tenant_a)
    assert row.environment_met and row.environment_in_place == 1
    assert services.dashboard(db.session, tenant_a.hub.id, today=TODAY).totals.age40_overdue == 2


def test_consultations_are_counts_only_and_small_counts_are_not_shown(
    tenant_a: Tenant,
    file_request,  # noqa: F811
) -> None:
    assert (_row(tenant_a).consultations_open, _row(tenant_a).any_overdue) == (0, False)
    for _ in range(2):
        file_request()
    row = _row(tenant_a)
    # Below the threshold (5): not shown, but an overdue one is flagged.
    assert row.consultations_open is None and row.consultations_overdue is None
    assert row.any_overdue
    for _ in range(3):
        file_request()
    row = _row(tenant_a)
    assert row.consultations_open == 5 and row.consultations_overdue == 5


@pytest.mark.parametrize("language", ["ja", "en"])
def test_csv_has_the_new_columns(client, login_as, tenant_a: Tenant, language: str) -> None:
    login_as(Role.HUB_OPERATOR)
    client.post("/language", data={"locale": language, "next": "/hub/"})
    response = client.get("/hub/clients.csv")
    header = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    expected = "推定年間損失額（円）" if language == "ja" else "Estimated annual loss (yen)"
    assert expected in header


def test_refresh_estimates_is_a_hub_job(client, login_as, tenant_a: Tenant, make_employee) -> None:
    make_employee(tenant_a.company)
    login_as(Role.HUB_OPERATOR)
    response = client.post("/hub/estimates")
    assert response.status_code == 302
    run = db.session.query(JobRun).filter_by(hub_id=tenant_a.hub.id).one()
    assert run.kind == "loss.estimates"


def test_every_source_is_one_statement_for_all_clients(
    tenant_a: Tenant,
    make_employee,
    file_request,  # noqa: F811
) -> None:
    def add_client(n: int) -> None:
        company = tenants.create_company(
            db.session, slug=f"co-c{n}", name=f"列{n}", hub=tenant_a.hub
        )
        make_employee(company, birth_date=date(1985, 6, 1))
        estimates.store_estimate(db.session, company, today=TODAY, now=NOW)
        ledger.save_measure(
            db.session,
            _hr(tenant_a),
            company,
            code="desk",
            in_place=True,
            since=date(2025, 4, 1),
            note="",
            today=TODAY,
            now=NOW,
        )

    add_client(0)
    with _statements() as few:
        services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    for n in range(1, 8):
        add_client(n)
    with _statements() as many:
        board = services.dashboard(db.session, tenant_a.hub.id, today=TODAY)
    assert len(board.rows) == 9 and board.totals.age40_overdue == 8
    assert len(many) == len(few)


@pytest.mark.parametrize("rule", ["fiscal_year", "one_year"])
def test_age40_overdue_matches_the_ledger_for_every_birth_date(
    tenant_a: Tenant, make_employee, rule: str
) -> None:
    from datetime import timedelta

    company = tenant_a.company
    company.age40_window = rule
    day = date(1983, 1, 1)
    while day < date(1988, 1, 1):  # around both ends of the interval, every 11 days
        make_employee(company, birth_date=day)
        day += timedelta(days=11)
    seen = 0
    for on in (TODAY, date(2025, 4, 1), date(2025, 4, 2), date(2026, 2, 28), date(2026, 4, 1)):
        expected = checklists.age40_summary(db.session, company, on).overdue
        found = checklists.duty_status_many(db.session, {company.id: rule}, on)[company.id]
        assert found.age40_overdue == expected
        assert found.employees == 166
        seen += expected
    assert seen > 0


def test_the_estimate_job_run_inline_leaves_the_requests_tenant_alone(
    app, tenant_a: Tenant, tenant_b: Tenant, make_employee
) -> None:
    """Run after a request's commit (no Redis), the job for another company must not leave
    that company as the request's tenant (the canary crawl found this)."""
    from flask import g

    from hrcare.core.tenancy import clear_current_company, set_current_company
    from hrcare.loss.tasks import store_estimate_job

    make_employee(tenant_b.company)
    with app.test_request_context("/"):
        set_current_company(db.session, tenant_a.company)
        store_estimate_job("run-id", tenant_b.company.id)
        assert g.company.id == tenant_a.company.id
        assert db.session.info["company_id"] == tenant_a.company.id
        clear_current_company(db.session)
    stored = db.session.query(StoredEstimate).filter_by(company_id=tenant_b.company.id).one()
    assert stored.employees == 1
