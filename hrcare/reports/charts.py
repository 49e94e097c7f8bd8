"""Vector charts for the PDF, drawn directly as SVG (no plotting library).

Each function returns a ``Markup`` SVG element that the template embeds inline, so WeasyPrint
draws it as vectors in the bundled font; labels are escaped (they may be department names).
Drawing takes microseconds, where a matplotlib figure costs about 0.3 s per chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = "HrcareGothic"
INK, MUTED, GRID = "#1d2733", "#5b6b7c", "#d6dee7"
MAIN, ACCENT = "#143a5a", "#c77d1a"
PALETTE = (
    "#143a5a",
    "#3f6f96",
    "#7fa7c9",
    "#c77d1a",
    "#e3b778",
    "#9aa5b1",
    "#5b6b7c",
    "#2a7a4b",
    "#8fc1a0",
    "#a23b2a",
    "#d9d2c5",
)


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None  # None: hidden (the text says why)
    text: str
    highlight: bool = False


def _text(
    x: float, y: float, body: str, *, size: float = 9, anchor: str = "start", fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(body)}</text>'
    )


def _svg(width: float, height: float, parts: Sequence[str], title: str) -> Markup:
    return Markup(  # noqa: S704 - every text part above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def hbars(
    rows: Sequence[Row],
    *,
    title: str,
    width: float = 640,
    label_width: float = 130,
    largest: float | None = None,
) -> Markup:
    """Horizontal bars with the value at the end; a hidden row shows its text instead."""
    row_h, bar_h, value_w = 22.0, 13.0, 92.0
    plot = width - label_width - value_w
    top = max([r.value for r in rows if r.value is not None] + [0.0])
    scale = largest if largest is not None else top
    parts = []
    for i, row in enumerate(rows):
        y = 4 + i * row_h
        parts.append(_text(label_width - 6, y + bar_h - 2, row.label, anchor="end"))
        if row.value is None:
            parts.append(_text(label_width, y + bar_h - 2, row.text, size=8, fill=MUTED))
            continue
        length = 0.0 if scale <= 0 else max(row.value, 0.0) / scale * plot
        color = ACCENT if row.highlight else MAIN
        parts.append(
            f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{max(length, 0.8):.1f}" '
            f'height="{bar_h}" fill="{color}"/>'
        )
        parts.append(_text(label_width + length + 4, y + bar_h - 2, row.text, size=8.5))
    parts.append(
        f'<line x1="{label_width}" y1="2" x2="{label_width}" y2="{4 + len(rows) * row_h - 6:.1f}" '
        f'stroke="{GRID}" stroke-width="0.8"/>'
    )
    return _svg(width, 8 + len(rows) * row_h, parts, title)


def vbars(rows: Sequence[Row], *, title: str, width: float = 640, height: float = 190) -> Markup:
    """Vertical bars (the five-year outlook): value above each bar, label below."""
    top_pad, bottom_pad = 18.0, 22.0
    plot = height - top_pad - bottom_pad
    slot = width / max(len(rows), 1)
    bar_w = min(54.0, slot * 0.6)
    largest = max([r.value for r in rows if r.value is not None] + [0.0])
    base = top_pad + plot
    parts = [f'<line x1="0" y1="{base:.1f}" x2="{width:.0f}" y2="{base:.1f}" stroke="{GRID}"/>']
    for i, row in enumerate(rows):
        cx = slot * i + slot / 2
        h = 0.0 if largest <= 0 or row.value is None else max(row.value, 0.0) / largest * plot
        color = ACCENT if row.highlight else MAIN
        parts.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" '
            f'height="{max(h, 0.8):.1f}" fill="{color}"/>'
        )
        parts.append(_text(cx, base - h - 4, row.text, size=8, anchor="middle"))
        parts.append(_text(cx, base + 14, row.label, size=8.5, anchor="middle", fill=MUTED))
    return _svg(width, height, parts, title)


def stacked(segments: Sequence[tuple[str, float]], *, title: str, width: float = 640) -> Markup:
    """One 100% bar split into its answers (percentages), with a legend below."""
    bar_h, legend_row = 18.0, 15.0
    total = sum(max(p, 0.0) for _, p in segments) or 1.0
    parts = []
    x = 0.0
    for i, (_label, pct) in enumerate(segments):
        w = max(pct, 0.0) / total * width
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
        if w >= 30:
            parts.append(
                _text(x + w / 2, bar_h - 5, f"{pct:.0f}%", size=8, anchor="middle", fill="#ffffff")
            )
        x += w
    per_line = 3
    col_w = width / per_line
    for i, (label, pct) in enumerate(segments):
        lx = (i % per_line) * col_w
        ly = bar_h + 8 + (i // per_line) * legend_row
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{lx:.1f}" y="{ly:.1f}" width="8" height="8" fill="{color}"/>')
        parts.append(_text(lx + 11, ly + 7.5, f"{label} {pct:.1f}%", size=7.5, fill=MUTED))
    lines = (len(segments) + per_line - 1) // per_line
    return _svg(width, bar_h + 10 + lines * legend_row, parts, title)


def stacked_rows(
    rows: Sequence[tuple[str, Sequence[tuple[str, float]]]], *, title: str, width: float = 640
) -> Markup:
    """Several 100% bars (one per question) with one legend: an answer keeps its colour."""
    label_h, bar_h, gap, legend_row = 13.0, 14.0, 8.0, 15.0
    colours: dict[str, str] = {}
    for _label, segments in rows:
        for name, _pct in segments:
            colours.setdefault(name, PALETTE[len(colours) % len(PALETTE)])
    parts = []
    y = 0.0
    for label, segments in rows:
        parts.append(_text(0, y + 10, label, size=8.5))
        y += label_h
        total = sum(max(p, 0.0) for _, p in segments) or 1.0
        x = 0.0
        for name, pct in segments:
            w = max(pct, 0.0) / total * width
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{colours[name]}"/>'
            )
            if w >= 30:
                parts.append(
                    _text(
                        x + w / 2,
                        y + bar_h - 3.5,
                        f"{pct:.0f}%",
                        size=7.5,
                        anchor="middle",
                        fill="#ffffff",
                    )
                )
            x += w
        y += bar_h + gap
    per_line = 4
    col_w = width / per_line
    for i, (name, colour) in enumerate(colours.items()):
        lx = (i % per_line) * col_w
        ly = y + (i // per_line) * legend_row
        parts.append(f'<rect x="{lx:.1f}" y="{ly:.1f}" width="8" height="8" fill="{colour}"/>')
        parts.append(_text(lx + 11, ly + 7.5, name, size=7.5, fill=MUTED))
    lines = (len(colours) + per_line - 1) // per_line
    return _svg(width, y + lines * legend_row + 2, parts, title)
