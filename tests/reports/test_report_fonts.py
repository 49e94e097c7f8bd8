"""Every glyph of the report comes from the bundled font, SVG chart text included."""

from __future__ import annotations

from hrcare.reports.pdf import render_pdf
from hrcare.reports.plan_section import _bundled_font

from .conftest import embedded_fonts

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
