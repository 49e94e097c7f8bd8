"""The executive report: Japanese headings, the bundled font, no other company's data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hrcare.core import pdf as pdf_module
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.reports.build import LanguageNotOffered, build_report
from tests.conftest import Tenant
from tests.security.canaries import CANARY

from .conftest import embedded_fonts, pdf_text

TODAY = date(2026, 12, 1)
HEADINGS_JA = (
    "仕事と介護の両立に関する経営報告",
    "要約",
    "従業員の状況",
    "支援策の効果",
    "推計の方法",
)
HEADINGS_EN = ("Executive report on work and family care", "Summary", "Workforce picture", "Method")


def _build(tenant: Tenant, language: str = "ja"):  # type: ignore[no-untyped-def]
    set_current_company(db.session, tenant.company)
    return build_report(db.session, tenant.company, language=language, today=TODAY)


def test_japanese_report_has_headings_bundled_font_and_no_canary(planted: Tenant) -> None:
    built = _build(planted)
    text = pdf_text(built.pdf)
    for heading in HEADINGS_JA:
        assert heading in text, heading
    assert planted.company.name in text
    assert "回答者" in text and "年齢層別の介護中の割合" in text  # the survey figures are in
    assert CANARY not in text
    assert built.pages >= 6
    fonts = embedded_fonts(built.pdf)
    print(f"figure: pages = {built.pages}, embedded fonts = {[name for name, _ in fonts]}")
    assert fonts, "no embedded font"
    for name, names in fonts:
        assert "+HrcareGothic" in name  # the @font-face family, subset-prefixed
        assert "IPAexGothic" in names  # ... whose file is the bundled IPAex Gothic


def test_workbook_has_the_same_figures_and_no_canary(planted: Tenant) -> None:
    built = _build(planted)
    book = load_workbook(io.BytesIO(built.workbook))
    cells = [
        str(c)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "要約" in book.sheetnames and "推計の方法" in book.sheetnames
    total = built.content.components.rows[-1][1]
    assert str(total) in cells  # the total in full yen, as a number
    assert not any(CANARY in c for c in cells)


def test_english_report(planted: Tenant) -> None:
    text = pdf_text(_build(planted, "en").pdf)
    for heading in HEADINGS_EN:
        assert heading in text, heading
    assert "経済損失の推計" not in text


def test_without_a_survey_the_report_says_so(tenant_a: Tenant, make_employee) -> None:  # type: ignore[no-untyped-def]
    for _ in range(12):
        make_employee(tenant_a.company)
    built = _build(tenant_a)
    text = pdf_text(built.pdf)
    assert built.content.basis == "national_average"
    assert "公開済みのアンケート結果がないため" in text.replace("\n", "")
    assert "要約" in text


def test_hostile_company_name_is_text(tenant_a: Tenant, make_employee, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made = []

    def recording(root=None):  # type: ignore[no-untyped-def]
        fetcher = pdf_module._fetcher_class()(root)
        made.append(fetcher)
        return fetcher

    monkeypatch.setattr(pdf_module, "make_fetcher", recording)
    make_employee(tenant_a.company)
    tenant_a.company.name = (
        '<img src="http://evil.example/x.png"><style>@import url(file:///etc/passwd);</style>'
    )
    text = pdf_text(_build(tenant_a).pdf)
    assert "evil.example" in text  # printed as text, never requested
    assert made[0].refused == []
    assert made[0].served == set(pdf_module.BUNDLED)


def test_language_not_offered(tenant_a: Tenant) -> None:
    with pytest.raises(LanguageNotOffered, match="ja, en"):
        _build(tenant_a, "fr")
