"""What the executive report says, computed once per report in the report's language.

``build_content`` runs inside ``force_locale``: every label is translated here, the figures
come from the loss services (``company_estimate``, ``presentation``: never recomputed) and
from the survey adapter (``sources.released_survey``: published figures only). The PDF
template and the Excel workbook both render the resulting ``ReportContent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.i18n import _
from hrcare.loss import services as loss
from hrcare.loss.services import COMPONENTS
from hrcare.loss.services import presentation as ui
from hrcare.reports import charts
from hrcare.reports.plan_section import NextAction, PlanSection, next_actions, plan_section
from hrcare.reports.sources import SurveyFigures, released_survey
from hrcare.reports.tables import Table, table
from hrcare.reports.workforce import Figure, HiddenFigure, change_tables, workforce_figures
from hrcare.tenants import services as tenants
from hrcare.tenants.services import Company

# 2: the plan section, the next actions, 効果検証 from the releases; 3: the cover text
FORMAT_VERSION = 3


class NothingToReport(LookupError):
    """Neither a usable survey nor an active employee: there is no estimate to report."""


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    sub: str = ""
    accent: bool = False


@dataclass(frozen=True)
class ReportContent:
    language: str
    company_name: str
    generated_on: date
    basis: str  # "survey" | "national_average"
    basis_title: str
    survey: SurveyFigures | None
    parameter_set: dict[str, object]
    kpis: tuple[Kpi, ...]
    components: Table
    range_text: str
    benchmark_chart: Markup | None
    benchmarks: Table
    outlook_chart: Markup | None
    outlook: Table | None
    outlook_note: str
    scenarios: Table
    scenario_chart: Markup
    workforce: tuple[Figure, ...]
    workforce_note: str
    changes: tuple[Table, ...]
    changes_note: str
    parameters: Table
    method_rows: Table
    notes: tuple[str, ...]
    hidden: tuple[HiddenFigure, ...]
    threshold: int
    plan: PlanSection | None = None
    next_actions: tuple[NextAction, ...] = field(default_factory=tuple)
    # The hub's cover text or the company's own (tenants.report_cover); may be empty.
    cover_text: str = ""

    def tables(self) -> list[Table]:
        """Every table, in report order (the workbook writes these)."""
        found = [self.components, self.benchmarks]
        found += [self.outlook] if self.outlook else []
        found += [self.scenarios]
        found += [f.table for f in self.workforce]
        found += [*self.changes]
        found += self.plan.tables() if self.plan else []
        found += [self.method_rows, self.parameters]
        return found


def build_content(
    session: Session, company: Company, *, language: str, today: date
) -> ReportContent:
    try:
        # The report shows no breakdown by segment: not computed (a tenth of the figures' time).
        estimate = loss.company_estimate(session, company, today=today, breakdowns=False)
    except loss.NoEmployees:
        raise NothingToReport(company.id) from None
    survey = released_survey(session, company)
    result = estimate.result
    data = result.to_dict()
    workforce, hidden, workforce_note = workforce_figures(survey, language)
    changes, changes_note = change_tables(survey, language)
    status = checklists.plan_status(session, company, today)
    return ReportContent(
        language=language,
        company_name=company.name,
        generated_on=today,
        basis=estimate.basis,
        basis_title=str(ui.BASIS_TITLES[estimate.basis]),
        survey=survey,
        parameter_set=dict(estimate.parameter_set),
        kpis=_kpis(estimate, data),
        components=_components(data),
        range_text=_range_text(estimate),
        benchmark_chart=ui_benchmark_chart(estimate),
        benchmarks=_benchmarks(estimate, data),
        outlook_chart=_outlook_chart(estimate),
        outlook=_outlook(estimate),
        outlook_note=(
            str(ui.OUTLOOK_UNAVAILABLE[estimate.outlook_unavailable])
            if estimate.outlook_unavailable
            else ""
        ),
        scenarios=_scenarios(estimate),
        scenario_chart=_scenario_chart(estimate),
        workforce=workforce,
        workforce_note=workforce_note,
        changes=changes,
        changes_note=changes_note,
        parameters=_parameters(estimate),
        method_rows=_method(estimate, survey, language),
        notes=tuple(ui.note_text(code) for code in estimate.notes),
        hidden=hidden,
        threshold=estimate.threshold,
        plan=plan_section(status),
        next_actions=next_actions(status),
        cover_text=tenants.report_cover(session, company, language),
    )


def _kpis(estimate: loss.CompanyEstimate, data: dict[str, object]) -> tuple[Kpi, ...]:
    result = estimate.result
    if result.caregivers_observed is not None:
        carers_sub = _(
            "回答者のうち %(n)s 人（全従業員では推計 %(est)s 人）",
            n=f"{result.caregivers_observed:,}",
            est=ui.count(result.caregivers_estimated),
        )
    else:
        carers_sub = _("全国平均の割合による推計")
    if estimate.outlook is not None:
        last = estimate.outlook.years[-1].result.total_yen
        outlook = Kpi(_("5年後の経済損失（年間）"), _yen(last), _("何も対策をしない場合"))
    else:
        outlook = Kpi(_("5年後の経済損失（年間）"), "—", _("アンケートの実施後に表示"))
    return (
        Kpi(_("経済損失の推計（年間）"), _yen(data["total_yen"]), _range_short(estimate), True),
        Kpi(
            _("ビジネスケアラー"),
            _("%(n)s 人", n=ui.count(result.caregivers_estimated)),
            carers_sub,
        ),
        outlook,
        Kpi(
            _("従業員一人当たり（年間）"),
            _yen(data["per_employee_yen"]),
            _(
                "経済産業省の大企業モデル %(large)s",
                large=_yen(loss.METI_MODEL_FIRMS[0].per_employee_yen),
            ),
        ),
    )


def _yen(amount: object) -> str:
    from hrcare.core.formatting import yen_read

    return yen_read(amount)  # type: ignore[arg-type]


def _compact(amount: float) -> str:
    """A bar caption: 万-rounded in Japanese, the English reading otherwise."""
    from hrcare.core.i18n import get_locale

    locale = get_locale()
    if locale is not None and locale.language == "en":
        return _yen(amount)
    return ui.compact_yen(amount)


def _range_short(estimate: loss.CompanyEstimate) -> str:
    if estimate.separation_range is None:
        return _("幅は表示できません（方法の付録を参照）")
    low, high = sorted(r.total_yen for r in estimate.separation_range)
    return _("幅 %(low)s〜%(high)s", low=_yen(low), high=_yen(high))


def _range_text(estimate: loss.CompanyEstimate) -> str:
    if estimate.separation_range is None:
        if estimate.range_unavailable == "few_caregivers":
            return _(
                "回答したビジネスケアラーが匿名性の閾値に満たないため、推計の幅は表示しません。"
            )
        return _("推計の幅（二つの離職の推計方法の差）は、アンケートの実施後に表示されます。")
    low, high = sorted(r.total_yen for r in estimate.separation_range)
    return _(
        "介護離職を全国の離職率で見込むか、回答者の離職の意向で見込むかにより、"
        "年間 %(low)s から %(high)s の幅があります。",
        low=_yen(low),
        high=_yen(high),
    )


def _components(data: dict[str, object]) -> Table:
    total = float(data["total_yen"]) or 1.0  # type: ignore[arg-type]
    rows = [
        (ui.component_label(key), data[key], round(100 * float(data[key]) / total, 1))  # type: ignore[arg-type]
        for key in COMPONENTS
        if key != "total_yen"
    ]
    rows.append((ui.component_label("total_yen"), data["total_yen"], 100.0))
    return table(
        "components",
        _("経済損失の内訳（年間）"),
        [(_("項目"), "text"), (_("金額"), "yen"), (_("構成比"), "pct")],
        rows,
        total_last=True,
    )


def ui_benchmark_chart(estimate: loss.CompanyEstimate) -> Markup | None:
    if estimate.per_employee_yen is None:
        return None
    rows = [
        charts.Row(
            str(ui.OWN_COMPANY), estimate.per_employee_yen, _yen(estimate.per_employee_yen), True
        )
    ]
    rows += [
        charts.Row(
            str(ui.BENCHMARK_SHORT_LABELS[b.key]),
            float(b.per_employee_yen),
            _yen(b.per_employee_yen),
        )
        for b in estimate.benchmarks
    ]
    return charts.hbars(
        rows,
        title=_("従業員一人当たりの経済損失と経済産業省のモデル企業"),
        width=330,
        label_width=80,
    )


def _benchmarks(estimate: loss.CompanyEstimate, data: dict[str, object]) -> Table:
    rows: list[tuple[object, ...]] = [
        (
            str(ui.OWN_COMPANY),
            data["per_employee_yen"],
            estimate.result.employees,
            data["total_yen"],
        )
    ]
    rows += [
        (str(ui.BENCHMARK_LABELS[b.key]), b.per_employee_yen, b.employees, b.total_yen)
        for b in estimate.benchmarks
    ]
    return table(
        "benchmarks",
        _("従業員一人当たりの比較"),
        [
            (_("企業"), "text"),
            (_("一人当たり（年間）"), "yen"),
            (_("従業員数"), "int"),
            (_("経済損失（年間）"), "yen"),
        ],
        rows,
        note=_(
            "経済産業省のモデル企業の数値は2030年時点の推計で、それぞれの付加価値額と介護者の"
            "割合に基づきます。自社の現在の推計とは前提が異なるため、目安としてご覧ください。"
        ),
    )


def _outlook_chart(estimate: loss.CompanyEstimate) -> Markup | None:
    if estimate.outlook is None:
        return None
    totals = [estimate.outlook.baseline.total_yen] + [
        y.result.total_yen for y in estimate.outlook.years
    ]
    labels = [str(ui.NOW)] + [_("%(n)d年後", n=y.year) for y in estimate.outlook.years]
    rows = [
        charts.Row(label, total, _compact(total), i == 0)
        for i, (label, total) in enumerate(zip(labels, totals, strict=True))
    ]
    return charts.vbars(rows, title=_("5年後までの経済損失の見通し（年間）"), width=330, height=170)


def _outlook(estimate: loss.CompanyEstimate) -> Table | None:
    if estimate.outlook is None:
        return None
    rows = [(str(ui.NOW), 0.0, estimate.outlook.baseline.total_yen)]
    rows += [
        (_("%(n)d年後", n=y.year), y.additional_caregivers, y.result.total_yen)
        for y in estimate.outlook.years
    ]
    return table(
        "outlook",
        _("5年後までの見通し（何も対策をしない場合）"),
        [
            (_("時点"), "text"),
            (_("増えるビジネスケアラー"), "count"),
            (_("経済損失（年間）"), "yen"),
        ],
        rows,
    )


def _scenarios(estimate: loss.CompanyEstimate) -> Table:
    """Savings per component (rows) under each scenario (columns); the total last."""
    savings = [[-row.difference for row in ui.scenario_rows(item)] for item in estimate.scenarios]
    labels = [ui.component_label(k) for k in COMPONENTS]
    rows = [(label, *(per[i] for per in savings)) for i, label in enumerate(labels)]
    return table(
        "scenarios",
        _("支援策による削減効果（年間）"),
        [(_("項目"), "text"), *((ui.scenario_label(item), "yen") for item in estimate.scenarios)],
        rows,
        total_last=True,
    )


def _scenario_chart(estimate: loss.CompanyEstimate) -> Markup:
    rows = [
        charts.Row(
            ui.scenario_label(item),
            item.baseline.total_yen - item.result.total_yen,
            _yen(item.baseline.total_yen - item.result.total_yen),
        )
        for item in estimate.scenarios
    ]
    return charts.hbars(rows, title=_("支援策による削減効果（年間）"), width=640, label_width=230)


def _parameters(estimate: loss.CompanyEstimate) -> Table:
    rows = [
        (r.label, r.value + (" " + _("（変更）") if r.changed else ""), r.source)
        for r in ui.parameter_rows(estimate.params)
    ]
    return table(
        "parameters",
        _("パラメータと出典"),
        [(_("パラメータ"), "text"), (_("値"), "text"), (_("出典"), "text")],
        rows,
    )


def _method(estimate: loss.CompanyEstimate, survey: SurveyFigures | None, language: str) -> Table:
    pset = estimate.parameter_set
    rows: list[tuple[object, ...]] = [
        (_("推計の基礎"), str(ui.BASIS_TITLES[estimate.basis])),
        (_("パフォーマンス低下度の方法"), ui.method_label(estimate.method)),
        (_("介護離職の方法"), ui.separation_label(estimate.separation)),
        (_("パラメータセット"), f"{pset.get('name', '')} v{pset.get('version', '')}"),
        (_("匿名性の閾値"), _("%(n)s 人", n=estimate.threshold)),
    ]
    if survey is not None:
        results = survey.results
        rows += [
            (_("調査"), survey.title_en if language == "en" else survey.title),
            (_("実施期間"), f"{survey.opened_on or '—'} 〜 {survey.closed_on or '—'}"),
            (_("対象者数"), f"{results.invited:,}"),
            (_("回答者数"), "—" if results.respondents is None else f"{results.respondents:,}"),
            (
                _("回答率"),
                "—" if results.response_rate is None else f"{results.response_rate:.1f}%",
            ),
        ]
    else:
        rows.append((_("調査"), _("公開済みのアンケート結果はありません")))
    return table("method", _("推計の方法と前提"), [(_("項目"), "text"), (_("内容"), "text")], rows)
