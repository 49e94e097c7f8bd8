"""The hub console: the clients table with hub totals, and the same table as CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request
from flask_wtf import FlaskForm

from hrcare.core.actor import Actor, current_actor
from hrcare.core.clock import today_jst
from hrcare.core.formatting import escape_formula
from hrcare.core.i18n import _
from hrcare.extensions import db
from hrcare.hubs import services
from hrcare.tenants import services as tenants

bp = Blueprint("hubs", __name__, url_prefix="/hub")


def _hub_actor() -> Actor:
    actor = current_actor()
    if actor is None or actor.hub_id is None:
        abort(404)
    return actor


def _dashboard(actor: Actor) -> services.Dashboard:
    return services.dashboard(
        db.session,
        actor.hub_id,  # type: ignore[arg-type]
        sort=request.args.get("sort", "name"),
        descending=request.args.get("dir") == "desc",
        query=request.args.get("q", "")[:100],
    )


@bp.route("/")
def dashboard() -> str:
    actor = _hub_actor()
    hub = tenants.hub_by_id(db.session, actor.hub_id)
    if hub is None:
        abort(404)
    return render_template(
        "hubs/dashboard.html",
        hub=hub,
        board=_dashboard(actor),
        membership_id=actor.membership_id,
        client_id=actor.company_id,
        enter=FlaskForm(),  # its CSRF token, for the place switch posted to tenants
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


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
            ]
        )
    filename = f"hub-clients-{today_jst().isoformat()}.csv"
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
