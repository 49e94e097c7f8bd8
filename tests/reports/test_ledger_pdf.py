"""The plan and the legal-duty ledger as a PDF (issue 11's export), through the report renderer:
the Japanese headings and the age-40 entries in the text, the bundled font embedded, in the
reader's language, HR only, and nothing of another company."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from hrcare.core.pdf import FONT_NAME
from hrcare.core.roles import Role
from tests.conftest import Tenant
from tests.reports.conftest import embedded_fonts, pdf_text
from tests.security.canaries import CANARY


@pytest.fixture
def turning_forty(tenant_a: Tenant, make_employee):  # type: ignore[no-untyped-def]
    """An employee whose age-40 window is open in every year the suite may run in."""
    today = date.today()
    return make_employee(
        tenant_a.company, employee_number="L4040", birth_date=date(today.year - 40, 1, 2)
    )


def test_hr_downloads_the_ledger_as_a_japanese_pdf(
    client: FlaskClient, login_as, planted: Tenant, turning_forty
) -> None:
    login_as(Role.HR_ADMIN)
    response = client.get(f"/c/{planted.slug}/reports/ledger.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    for heading in ("両立支援の取組計画と法定対応", "40歳時の情報提供", "個別の周知・意向確認"):
        assert heading in text, heading
    assert "L4040" in text and CANARY not in text
    fonts = embedded_fonts(response.data)
    assert fonts and all(FONT_NAME in names for _name, names in fonts)  # only the bundled font


def test_the_ledger_pdf_follows_the_readers_language(
    client: FlaskClient, login_as, planted: Tenant
) -> None:
    login_as(Role.HR_ADMIN)
    client.post("/language", data={"locale": "en", "next": "/"})
    text = pdf_text(client.get(f"/c/{planted.slug}/reports/ledger.pdf").data)
    assert "両立支援の取組計画と法定対応" not in text


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.CONSULTATION_STAFF, Role.EMPLOYEE])
def test_only_hr_gets_the_ledger_pdf(
    client: FlaskClient, login_as, planted: Tenant, tenant_b: Tenant, role: Role
) -> None:
    login_as(role)
    assert client.get(f"/c/{planted.slug}/reports/ledger.pdf").status_code in (403, 404)
    login_as(Role.HR_ADMIN)
    assert client.get(f"/c/{tenant_b.slug}/reports/ledger.pdf").status_code == 404
