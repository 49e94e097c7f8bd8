"""The report's plan and legal duties, its next actions and its 効果検証, from the checklists
feature's summary (``checklists.services.plan_status``: figures, statuses and dates only; its
survey figures come from the releases). Call inside ``force_locale``: labels are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from hrcare.checklists import services as checklists
from hrcare.core.i18n import _
from hrcare.reports.charts import FONT as CHART_FONT
from hrcare.reports.tables import Table, table


@dataclass(frozen=True)
class NextAction:
    title: str
    because: str
    advances: str  # the plan actions it advances, by title


@dataclass(frozen=True)
class PlanSection:
    progress_pct: int
    done: int
    applicable: int
    progress: Table
    duties: Table
    overdue: Table | None  # None: nothing overdue
    duties_met: bool
    effect: Table | None  # None: no indicator tracked
    effect_charts: tuple[tuple[str, Markup], ...]
    effect_note: str

    def tables(self) -> list[Table]:
        found = [self.progress, self.duties]
        found += [self.overdue] if self.overdue else []
        found += [self.effect] if self.effect else []
        return found


def next_actions(status: checklists.PlanStatus) -> tuple[NextAction, ...]:
    return tuple(
        NextAction(
            item.title,
            item.because,
            "、".join(checklists.action_title(code) for code in item.codes) if item.codes else "",
        )
        for item in status.next_actions(3)
    )


def _progress(status: checklists.PlanStatus) -> Table:
    rows: list[tuple[object, ...]] = [
        (str(s.title), s.done, s.applicable, float(s.pct)) for s in status.progress.steps
    ]
    p = status.progress
    rows.append((_("合計（9つの取組）"), p.done, p.applicable, float(p.pct)))
    return table(
        "plan_progress",
        _("ガイドラインの取組の進捗"),
        [(_("ステップ"), "text"), (_("完了"), "int"), (_("対象"), "int"), (_("進捗"), "pct")],
        rows,
        total_last=True,
        note=_("「対象外」とした取組は対象の数に含めません。"),
    )


def _duties(status: checklists.PlanStatus) -> Table:
    a = status.age40
    rows = [
        (
            _("40歳時の情報提供"),
            _(
                "期限超過 %(overdue)s 人・期間中で未実施 %(pending)s 人",
                overdue=a.overdue,
                pending=a.pending,
            ),
            _("1年以内に期間が始まる人：%(n)s 人", n=a.upcoming),
        ),
        (
            _("個別の周知・意向確認"),
            _("記録 %(n)s 件", n=status.notices),
            _("うち4項目すべて実施 %(c)s 件", c=status.notices_complete),
        ),
        (
            _("雇用環境の整備"),
            _("満たしている") if status.environment_met else _("満たしていない"),
            _("実施している措置：%(n)s／4", n=status.environment_in_place),
        ),
    ]
    return table(
        "duties",
        _("法定対応の状況"),
        [(_("義務"), "text"), (_("状況"), "text"), (_("補足"), "text")],
        rows,
    )


def _overdue(status: checklists.PlanStatus) -> Table | None:
    rows: list[tuple[object, ...]] = [
        (_("ガイドラインの取組"), f"{a.code} {a.title}", a.due.isoformat(), a.owner or "—")
        for a in status.overdue_actions
    ]
    rows += [
        (
            _("40歳時の情報提供"),
            _("社員番号 %(number)s", number=e.employee_number),
            e.window_end.isoformat(),
            "—",
        )
        for e in status.age40_overdue
    ]
    if not rows:
        return None
    return table(
        "overdue",
        _("期限を過ぎている項目"),
        [
            (_("対応の種類"), "text"),
            (_("項目"), "text"),
            (_("期限"), "text"),
            (_("担当者"), "text"),
        ],
        rows,
        note=_("従業員は社員番号のみで示します。氏名は法定対応の台帳で確認できます。"),
    )


def _effect(status: checklists.PlanStatus) -> tuple[Table | None, str]:
    if not status.effect:
        return None, _("追う指標（ステップ2-3）がまだ設定されていません。")
    rows = []
    for s in status.effect:
        values = [f"{f.pct:g}%" if f else _("非公開") for _w, f in s.points]
        change = s.change
        rows.append(
            (
                str(s.label),
                " → ".join(values) if values else "—",
                change.diff if change else None,
                f"{change.low:+.1f}〜{change.high:+.1f}pt" if change else "—",
                (_("はい") if change.beyond_noise else _("まだ判断できない")) if change else "—",
                "—" if s.target is None else f"{s.target:g}%",
                "—" if s.target_met is None else (_("達成") if s.target_met else _("未達成")),
            )
        )
    note = _(
        "変化は最新の公開済みの調査回と、その前の回との差です。95%信頼区間が0を含まない場合に、"
        "偶然の範囲を超えた変化とみなします。"
    )
    return (
        table(
            "effect",
            _("追っている指標"),
            [
                (_("指標"), "text"),
                (_("調査回ごとの値"), "text"),
                (_("変化"), "pt"),
                (_("95%信頼区間"), "text"),
                (_("偶然を超える変化"), "text"),
                (_("目標"), "text"),
                (_("目標の達成"), "text"),
            ],
            rows,
            note=note,
        ),
        "",
    )


def _bundled_font(svg: str) -> str:
    """The effect chart (drawn for the web page, no font named) in the report's bundled font.

    WeasyPrint gives SVG text without ``font-family`` the default sans-serif, which sends
    fontconfig to the installed system fonts (slower, and blank glyphs on a machine without
    a Japanese font); SVG text inherits the attribute from the root element."""
    return svg.replace("<svg ", f'<svg font-family="{CHART_FONT}" ', 1)


def plan_section(status: checklists.PlanStatus) -> PlanSection:
    effect_table, effect_note = _effect(status)
    charts = tuple(
        # effect.chart escapes every text it interpolates (checklists.effect).
        (str(s.label), Markup(_bundled_font(s.chart())))  # noqa: S704
        for s in status.effect
        if any(f is not None for _w, f in s.points)
    )
    return PlanSection(
        progress_pct=status.progress.pct,
        done=status.progress.done,
        applicable=status.progress.applicable,
        progress=_progress(status),
        duties=_duties(status),
        overdue=_overdue(status),
        duties_met=status.environment_met and not status.age40_overdue,
        effect=effect_table,
        effect_charts=charts,
        effect_note=effect_note,
    )
