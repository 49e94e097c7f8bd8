"""The cover of the executive report prints the cover text in force for the company (issue 14's
hub templates): its hub's text, or the client's own override; never another hub's text.

The reports feature reads it through ``tenants.report_cover`` (reports sit below hubs)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.hubs import inherit
from hrcare.reports.build import build_report
from hrcare.reports.services import inputs_key, report_inputs
from tests.conftest import Tenant

from .conftest import pdf_text

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
HUB_A = ("ハブ甲が作成した報告です", "Prepared with Hub Ko")
HUB_B = ("ハブ乙だけの表紙文", "Only Hub Otsu's cover")


def _hub_cover(tenant: Tenant, ja: str, en: str) -> None:
    user = tenant.users[Role.HUB_OPERATOR]
    inherit.save_hub_template(
        db.session,
        Actor(user.id, "hub_operator", hub_id=tenant.hub.id),
        survey_title="",
        survey_title_en="",
        questions="",
        report_cover=ja,
        report_cover_en=en,
        now=NOW,
    )


def _own_cover(tenant: Tenant, text: str) -> None:
    user = tenant.users[Role.HR_ADMIN]
    inherit.save_client_template(
        db.session,
        Actor(user.id, "hr_admin", tenant.company.id),
        tenant.company,
        use_hub_questions=True,
        survey_title="",
        report_cover=text,
        now=NOW,
    )


def _text(tenant: Tenant, language: str = "ja") -> str:
    set_current_company(db.session, tenant.company)
    built = build_report(db.session, tenant.company, language=language, today=TODAY)
    return pdf_text(built.pdf)


def _compact(text: str) -> str:
    """Extracted text without the line breaks and spaces a layout may insert."""
    return "".join(text.split())


def test_cover_prints_the_hubs_text_in_the_report_language(
    planted: Tenant, tenant_b: Tenant
) -> None:
    _hub_cover(planted, *HUB_A)
    _hub_cover(tenant_b, *HUB_B)  # another hub, with a client of its own
    ja = _compact(_text(planted, "ja"))
    assert _compact(HUB_A[0]) in ja
    assert _compact(HUB_B[0]) not in ja and _compact(HUB_B[1]) not in ja
    en = _compact(_text(planted, "en"))
    assert _compact(HUB_A[1]) in en
    assert _compact(HUB_B[0]) not in en and _compact(HUB_B[1]) not in en


def test_the_clients_own_cover_text_replaces_the_hubs(planted: Tenant, tenant_b: Tenant) -> None:
    _hub_cover(planted, *HUB_A)
    _hub_cover(tenant_b, *HUB_B)
    _own_cover(planted, "当社独自の表紙文")
    text = _compact(_text(planted))
    assert "当社独自の表紙文" in text
    assert _compact(HUB_A[0]) not in text and _compact(HUB_B[0]) not in text
    # The other hub's client still gets its own hub's text, not the override.
    other = _compact(_text(tenant_b))
    assert _compact(HUB_B[0]) in other and "当社独自の表紙文" not in other


def test_no_cover_text_without_a_template(planted: Tenant, tenant_b: Tenant) -> None:
    _hub_cover(tenant_b, *HUB_B)
    text = _compact(_text(planted))
    assert _compact(HUB_B[0]) not in text
    assert "仕事と介護の両立に関する経営報告" in text  # the cover itself is there


def test_hostile_cover_text_is_printed_as_text(planted: Tenant) -> None:
    hostile = '<img src="http://evil.example/x.png">表紙'
    _hub_cover(planted, hostile, "")
    text = _compact(_text(planted))
    assert _compact(hostile) in text  # escaped: shown, never fetched (render_pdf would refuse)


def test_a_changed_cover_text_is_a_new_report(planted: Tenant) -> None:
    set_current_company(db.session, planted.company)
    before = inputs_key(report_inputs(db.session, planted.company, "ja", TODAY))
    _hub_cover(planted, *HUB_A)
    with_hub = report_inputs(db.session, planted.company, "ja", TODAY)
    assert with_hub["cover"] == HUB_A[0]
    assert inputs_key(with_hub) != before
    _own_cover(planted, "当社独自の表紙文")
    assert report_inputs(db.session, planted.company, "ja", TODAY)["cover"] == "当社独自の表紙文"
