"""Off-boarding: what the hub hands over when a client leaves — a zip of CSVs holding what
the hub itself may see of the client (the console's row, each released wave's published
figures, the stored loss estimate); never a roster, an answer or a consultation. The export
is recorded in the client's audit log (its HR admins see it)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core import audit
from hrcare.core.actor import Actor
from hrcare.core.formatting import escape_formula
from hrcare.core.i18n import _
from hrcare.hubs import services
from hrcare.loss import services as loss
from hrcare.tenants.services import Company

METRICS = (
    "response_rate",
    "caregiver_share",
    "knows_legal_share",
    "considering_leaving_share",
    "far_relatives_share",
)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [escape_formula(v) if isinstance(v, str) else ("" if v is None else v) for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_zip(session: Session, actor: Actor, company: Company, *, today: date) -> bytes:
    """The client's hand-over archive (the caller has checked the hub manages it)."""
    rows = services.client_rows(session, actor.hub_id, today)  # type: ignore[arg-type]
    row = next(r for r in rows if r.company_id == company.id)
    waves = checklists.company_waves(session, company)
    estimate = loss.stored_estimates(session, [company.id]).get(company.id)
    files = {
        "client.csv": _csv(
            [
                _("企業"),
                _("従業員数"),
                _("回答率（％）"),
                _("行動計画の進捗（％）"),
                _("40歳の情報提供の期限切れ（人）"),
                _("雇用環境の整備（実施中の措置の数）"),
            ],
            [
                [
                    row.name,
                    row.employees,
                    row.response_rate,
                    row.plan_pct,
                    row.age40_overdue,
                    row.environment_in_place,
                ]
            ],
        ),
        "waves.csv": _csv(
            [_("調査"), _("回"), _("対象者数"), _("回答者数"), *METRICS],
            [
                [w.title, w.wave, w.invited, w.respondents]
                + [(w.get(m).pct if w.get(m) else None) for m in METRICS]
                for w in waves
                if w.closed
            ],
        ),
        "loss_estimate.csv": _csv(
            [_("推計の基礎"), _("推定年間損失額（円）"), _("従業員1人あたり（円）"), _("算出日")],
            [
                [
                    estimate.basis,
                    estimate.total_yen,
                    estimate.per_employee_yen,
                    estimate.computed_on.isoformat(),
                ]
            ]
            if estimate
            else [],
        ),
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="hubs.client_export",
        object_type="company",
        object_id=company.id,
    )
    return archive.getvalue()
