"""Issue 13 → 11: the desk's 個別の周知・意向確認 is the ledger's record. It appears on the
ledger's pages and in its CSV/Excel export and printable page — as the legal record only:
nothing of the consultation (its text, contact times, the relative, the desk's note, who
filed it) reaches HR's ledger."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from hrcare.checklists.models import IndividualNotice
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in

NOTE = "意向メモ-MARKER-7731"
FORM = {
    "moushide_on": "2026-04-28",
    "notified_on": "2026-04-30",
    "method": "meeting",
    "informed_measures": "y",
    "informed_where_to_apply": "y",
    "informed_benefit": "y",
    "confirmed_intention": "y",
    "apply_to": "人事部 相談窓口",
    "intention": "considering",
    "intention_note": NOTE,
}


def _record(client, tenant: Tenant, consultation_id: int, **changes: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, tenant.users[Role.CONSULTATION_STAFF])
    response = client.post(
        f"/c/{tenant.slug}/desk/{consultation_id}/notice", data={**FORM, **changes}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/logout")


def _secrets(tenant: Tenant) -> tuple[str, ...]:
    employee = tenant.users[Role.EMPLOYEE]
    # the request's text, contact times and relative (tests.consultations.conftest), the
    # desk's note, and who filed it
    return ("介護休業について教えてください", "平日17時以降", "名古屋市", NOTE, employee.email)


def test_desk_notice_is_in_the_ledger_and_its_exports(
    client, tenant_a: Tenant, file_request
) -> None:
    c = file_request()
    _record(client, tenant_a, c.id)
    _record(client, tenant_a, c.id, intention="wants_to_use")  # a correction, not a second one
    notice = db.session.scalars(select(IndividualNotice)).one()
    assert notice.source == "consultation" and notice.intention == "wants_to_use"

    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    base = f"/c/{tenant_a.slug}/duties"
    ledger_page = client.get(f"{base}/").get_data(as_text=True)
    assert "記録 1 件（うち4項目すべて実施 1 件）" in ledger_page
    notices = client.get(f"{base}/notices").get_data(as_text=True)
    assert "相談窓口の記録" in notices and "2026-04-28" in notices and "2026-04-30" in notices
    assert "制度の利用を希望する" in notices  # the stated intention, in the ledger's words
    printable = client.get(f"{base}/print").get_data(as_text=True)
    assert "相談窓口の記録" in printable

    raw = client.get(f"{base}/export.csv").data.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(raw)) if r[0] == "個別の周知・意向確認"]
    assert len(rows) == 1
    assert rows[0][1] == "相談窓口の記録" and rows[0][2] == "4項目すべて実施"
    assert rows[0][4] == "2026-04-30" and "申出 2026-04-28" in rows[0][5]

    book = load_workbook(io.BytesIO(client.get(f"{base}/export.xlsx").data))
    cells = [str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert "相談窓口の記録" in cells

    for secret in _secrets(tenant_a):
        for where, text in (
            ("ledger", ledger_page),
            ("notices", notices),
            ("print", printable),
            ("csv", raw),
            ("xlsx", " ".join(cells)),
        ):
            assert secret not in text, (secret, where)


def test_english_ledger_shows_the_desk_record(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    _record(client, tenant_a, c.id)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"
    page = client.get(f"/c/{tenant_a.slug}/duties/notices").get_data(as_text=True)
    assert "2026-04-30" in page and "相談窓口の記録" not in page
