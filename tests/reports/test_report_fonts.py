"""Charts: drawn in the bundled font, served to the renderer from memory only."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import escape

from hrcare.core import pdf
from hrcare.core.pdf import AssetRefused, make_fetcher, render_pdf
from hrcare.reports import charts
from hrcare.reports.plan_section import _bundled_font

from .conftest import embedded_fonts, pdf_text

HEAD = '<html><head><link rel="stylesheet" href="assets/report.css"></head><body>'
# Shaped like checklists.effect.chart: drawn for the web page, so no font is named.
EFFECT_LIKE = (
    '<svg class="effect-chart" viewBox="0 0 200 60" role="img" width="200" height="60">'
    '<text x="4" y="20" font-size="11" fill="#333">目標 40% Wave 2</text></svg>'
)


def test_effect_chart_text_uses_the_bundled_font_not_system_fallbacks() -> None:
    svg = _bundled_font(EFFECT_LIKE)
    assert svg.startswith('<svg font-family="HrcareGothic" class="effect-chart"')
    pdf, _pages = render_pdf(f"{HEAD}<p>効果検証</p>{svg}</body></html>")
    names = [name for name, _ in embedded_fonts(pdf)]
    assert names
    assert all("+HrcareGothic" in name for name in names), names


def test_charts_are_served_from_memory_and_company_text_is_not_a_chart(
    pdf_fetchers: list[Any],
) -> None:
    made = pdf_fetchers
    chart = charts.hbars([charts.Row("営業部", 3.0, "3 人")], title="部署", width=200)
    hostile = escape('<svg><image href="http://evil.example/x.png"/></svg>')  # company text
    body, _pages = render_pdf(f"{HEAD}<p>{hostile}</p>{chart}</body></html>")
    fetcher = made[0]
    assert list(fetcher.charts.values()) == [str(chart).encode()]  # type: ignore[attr-defined]
    assert fetcher.served == set(pdf.BUNDLED)  # type: ignore[attr-defined]
    assert fetcher.refused == []  # type: ignore[attr-defined]
    text = pdf_text(body)
    assert "営業部" in text and "3 人" in text  # the chart is drawn, as vectors with text
    assert "<svg><image" in text  # the escaped company text stays text
    with pytest.raises(AssetRefused):  # a chart URL is served only while its render runs
        make_fetcher().fetch(next(iter(fetcher.charts)))  # type: ignore[attr-defined]
