"""効果検証: the tracked indicators across waves, the change, and whether it is more than noise.

A change between two waves is "more than noise" when the 95% confidence interval of the
difference of two proportions (normal approximation: d ± 1.96·√(p₁q₁/n₁ + p₂q₂/n₂)) excludes
zero. The waves are treated as independent samples; with the same employees answering twice
the true interval is somewhat narrower, so the test errs on the side of "not yet clear".
The chart is inline SVG with presentation attributes only (no script, no style attribute);
every text in it is escaped here, so the template may mark it safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from hrcare.checklists.figures import Figure, WaveFigures
from hrcare.checklists.plan import BETTER, METRIC_LABELS
from hrcare.core.i18n import _

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Change:
    diff: float  # percentage points, later minus earlier
    low: float
    high: float

    @property
    def beyond_noise(self) -> bool:
        return self.low > 0 or self.high < 0


def difference(earlier: Figure, later: Figure) -> Change | None:
    """95% interval of later − earlier, in percentage points; None without respondents."""
    if earlier.n <= 0 or later.n <= 0:
        return None
    p1, p2 = earlier.pct / 100, later.pct / 100
    se = math.sqrt(p1 * (1 - p1) / earlier.n + p2 * (1 - p2) / later.n)
    d = p2 - p1
    return Change(round(100 * d, 1), round(100 * (d - Z95 * se), 1), round(100 * (d + Z95 * se), 1))


def interval(figure: Figure) -> tuple[float, float]:
    """95% interval of one wave's share (for the chart's error bars), in percent."""
    p = figure.pct / 100
    half = Z95 * math.sqrt(p * (1 - p) / figure.n) if figure.n else 0.0
    return max(0.0, 100 * (p - half)), min(100.0, 100 * (p + half))


@dataclass(frozen=True)
class Series:
    metric: str
    label: object
    target: float | None
    better: str | None
    points: tuple[tuple[WaveFigures, Figure | None], ...]
    change: Change | None  # the latest closed wave against the closed wave before it

    @property
    def latest(self) -> Figure | None:
        return next((f for _w, f in reversed(self.points) if f is not None), None)

    @property
    def target_met(self) -> bool | None:
        if self.target is None or self.latest is None or self.better is None:
            return None
        if self.better == "up":
            return self.latest.pct >= self.target
        return self.latest.pct <= self.target

    def chart(self) -> str:
        return chart(self)


def series(waves: list[WaveFigures], indicators: dict[str, float | None]) -> list[Series]:
    out = []
    for metric, target in indicators.items():
        points = tuple((w, w.get(metric)) for w in waves)
        # Only closed waves are compared: an open wave's participation is still growing.
        closed = [f for w, f in points if f is not None and w.closed]
        change = difference(closed[-2], closed[-1]) if len(closed) >= 2 else None
        out.append(
            Series(
                metric,
                METRIC_LABELS.get(metric, metric),
                target,
                BETTER.get(metric),
                points,
                change,
            )
        )
    return out


WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 420, 180, 44, 16, 14, 30


def chart(s: Series) -> str:
    """A line of the published values with 95% error bars and the target as a dashed line."""
    values = [f for _w, f in s.points if f is not None]
    top = max([interval(f)[1] for f in values] + [s.target or 0.0, 10.0])
    top = min(100.0, math.ceil(top * 1.15 / 10) * 10)
    slots = max(len(s.points), 1)
    step = (WIDTH - LEFT - RIGHT) / slots

    def x(i: int) -> float:
        return LEFT + step * (i + 0.5)

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / top)

    label = escape(str(s.label))
    parts = [
        f'<svg class="effect-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{label}</title>",
    ]
    for tick in (0, top / 2, top):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555">{tick:g}%</text>'
        )
    if s.target is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(s.target):.1f}" '
            f'y2="{y(s.target):.1f}" stroke="#b35c00" stroke-width="1.5" stroke-dasharray="5 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(s.target) - 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#b35c00">{escape(_("目標"))} {s.target:g}%</text>'
        )
    line = [(x(i), y(f.pct)) for i, (_w, f) in enumerate(s.points) if f is not None]
    if len(line) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for i, (wave, figure) in enumerate(s.points):
        wave_label = escape(_("第%(n)s回", n=wave.wave))
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11" '
            f'fill="#333">{wave_label}</text>'
        )
        if figure is None:
            missing = _("非公開") if wave.closed else _("締切後に公開")
            parts.append(
                f'<text x="{x(i):.1f}" y="{y(top / 2):.1f}" text-anchor="middle" font-size="11" '
                f'fill="#888">{escape(missing)}</text>'
            )
            continue
        low, high = interval(figure)
        parts.append(
            f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(low):.1f}" y2="{y(high):.1f}" '
            'stroke="#1f5fa8" stroke-width="1"/>'
            f'<circle cx="{x(i):.1f}" cy="{y(figure.pct):.1f}" r="4" fill="#1f5fa8"/>'
            f'<text x="{x(i) + 7:.1f}" y="{y(figure.pct) - 6:.1f}" font-size="11" '
            f'fill="#1f5fa8">{figure.pct:g}%</text>'
        )
    parts.append("</svg>")
    # Every interpolated text is escaped above; the template marks the result safe.
    return "".join(parts)
