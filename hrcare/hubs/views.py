"""The hub console: the clients table with hub totals, and the same table as CSV."""

from __future__ import annotations

import csv
import io

from flask import Response, flash, redirect, render_template, request, url_for

from hrcare.core import jobs
from hrcare.core.actor import Actor
from hrcare.core.clock import today_jst
from hrcare.core.formatting import escape_formula
from hrcare.core.i18n import _, _l
from hrcare.extensions import db
from hrcare.hubs import services
from hrcare.hubs.blueprint import _hub_actor, bp, current_hub  # noqa: E402


def _dashboard(actor: Actor) -> services.Dashboard:
    return services.dashboard(
        db.session,
        actor.hub_id,  # type: ignore[arg-type]
        today=today_jst(),
        sort=request.args.get("sort", "name"),
        descending=request.args.get("dir") == "desc",
        query=request.args.get("q", "")[:100],
    )


#: Texts with a figure in them, translated once per page (``|format`` per row): 200 rows
#: calling gettext each cost more than the page's queries.
ROW_TEXTS = {
    "plan": _l("%(d)s / %(a)s 項目"),
    "age40": _l("40歳の情報提供 期限切れ %(n)s人"),
    "environment": _l("雇用環境の整備 実施（%(n)s/4）"),
    "under": _l("%(n)s件未満"),
}


@bp.route("/")
def dashboard() -> str:
    actor = _hub_actor()
    hub = current_hub()
    return render_template(
        "hubs/dashboard.html",
        hub=hub,
        board=_dashboard(actor),
        membership_id=actor.membership_id,
        client_id=actor.company_id,
        t={key: str(text) for key, text in ROW_TEXTS.items()},
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _count(value: int | None) -> str:
    """A count under the threshold is not shown (as on the page)."""
    return _("非表示") if value is None else str(value)


@bp.route("/clients.csv")
def export() -> Response:
    board = _dashboard(_hub_actor())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("企業"),
            _("従業員数"),
            _("公開済みの最新調査"),
            _("回答者数"),
            _("回答率（％）"),
            _("介護をしている人"),
            _("介護をしている人の割合（％）"),
            _("実施中の調査の回答率（％）"),
            _("推定年間損失額（円）"),
            _("従業員1人あたり（円）"),
            _("行動計画の進捗（％）"),
            _("40歳の情報提供の期限切れ（人）"),
            _("雇用環境の整備（実施中の措置の数）"),
            _("対応中の相談"),
            _("初回応答の期限切れの相談"),
        ]
    )
    for row in board.rows:
        writer.writerow(
            [
                escape_formula(row.name),
                row.employees,
                escape_formula(row.wave_title or ""),
                "" if row.respondents is None else row.respondents,
                _percent(row.response_rate),
                "" if row.caregivers is None else row.caregivers,
                _percent(row.caregiver_share),
                _percent(row.open_response_rate),
                _number(row.loss_yen),
                _number(row.loss_per_employee_yen),
                row.plan_pct,
                row.age40_overdue,
                row.environment_in_place,
                _count(row.consultations_open),
                _count(row.consultations_overdue),
            ]
        )
    filename = f"hub-clients-{today_jst().isoformat()}.csv"
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/estimates", methods=["POST"])
def refresh_estimates() -> Response:
    """Store the loss estimate of every client whose inputs changed (a hub job)."""
    actor = _hub_actor()
    jobs.enqueue(
        db.session,
        "loss.estimates",
        "hrcare.loss.tasks.store_estimates_job",
        hub_id=actor.hub_id,
        actor_id=actor.user_id,
        args=(actor.hub_id,),
    )
    db.session.commit()
    flash(_("推定損失額の再計算を開始しました。しばらくしてから画面を更新してください。"), "info")
    return redirect(url_for("hubs.dashboard"))  # type: ignore[return-value]


# The routes on clients (onboarding, batches, leaving) live in their own module.
from hrcare.hubs import client_views, template_views  # noqa: E402,F401 - their routes


@bp.route("/effect")
def effect_page() -> str:
    """効果検証: before/after per client and for the whole hub, with 95% intervals."""
    from hrcare.hubs import effect

    hub = current_hub()
    return render_template(
        "hubs/effect.html",
        hub=hub,
        result=effect.hub_effect(db.session, hub.id),
        labels=effect.LABELS,
        better=effect.BETTER,
    )


@bp.route("/benchmarks")
def benchmarks_page() -> str:
    """Each client beside the hub's pooled figures and the national ones, and the stored
    pooled breakdowns beside each client's own."""
    from hrcare.hubs import pooled

    hub = current_hub()
    stored = pooled.pooled_view(db.session, hub.id)
    return render_template(
        "hubs/benchmarks.html",
        hub=hub,
        result=pooled.benchmarks(db.session, hub.id),
        metrics=pooled.METRICS,
        labels=pooled.LABELS,
        min_clients=pooled.MIN_CLIENTS,
        stored=stored,
        own=pooled.pooled_clients(db.session, hub.id, stored.pool),
        p=pooled,
    )


@bp.route("/benchmarks/pool", methods=["POST"])
def publish_pool() -> Response:
    """Start the hub job that publishes a new pool (audited jointly, then frozen)."""
    from hrcare.hubs import pool_publish

    actor = _hub_actor()
    try:
        pool_publish.request_publish(db.session, actor.hub_id, actor_id=actor.user_id)  # type: ignore[arg-type]
    except pool_publish.PoolError as exc:  # raised before anything is stored
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("合算値の計算を開始しました。しばらくしてから画面を更新してください。"), "info")
    return redirect(url_for("hubs.benchmarks_page"))  # type: ignore[return-value]
