"""What the loss pages print: translated labels, table rows and chart geometry.

The engine's Japanese strings (component names, notes, parameter labels and
sources) are the msgids of the ``loss`` catalog, so they are looked up here
with ``gettext`` rather than copied; ``tests/loss/test_loss_i18n.py`` checks
that every one of them has an English translation.  The charts (``charts``) are
re-exported here: templates reach everything through this one module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from hrcare.core.formatting import yen_full
from hrcare.core.i18n import _, _l, current_language
from hrcare.loss.charts import (
    BENCHMARK_SHORT_LABELS,
    NOW,
    OWN_COMPANY,
    Bar,
    Chart,
    benchmark_chart,
    compact_yen,
    outlook_chart,
)
from hrcare.loss.explain import FEW_CAREGIVERS, formula_lines
from hrcare.loss.labels import (
    AGE_BAND_LABELS_JA,
    COMPONENT_LABELS_JA,
    METHOD_LABELS_JA,
    PARAMETER_SET_LABELS_JA,
    POSITION_LABELS_JA,
    SEPARATION_LABELS_JA,
)
from hrcare.loss.params import (
    AGE_BANDS,
    AMOUNT_PARAMETERS,
    PARAMETER_LABELS_JA,
    PARAMETER_NAMES,
    SOURCES,
    LossParameters,
)
from hrcare.loss.results import COMPONENTS, NOTE_CODES, LossResult
from hrcare.loss.scenarios import ScenarioResult
from hrcare.surveys import services as surveys

BASIS_TITLES: Mapping[str, Any] = {
    "survey": _l("アンケート回答に基づく推計"),
    "national_average": _l("全国平均に基づく推計（アンケート未実施）"),
}
SERVICE_NOTES: Mapping[str, Any] = {
    "survey_without_answers": _l(
        "アンケートに介護の有無の回答がまだないため、従業員名簿と全国平均の割合で推計しています。"
    ),
    "survey_below_threshold": _l(
        "アンケートの回答者が匿名性の閾値に満たないため、個人が特定されないよう回答は使わず、"
        "従業員名簿と全国平均の割合で推計しています。"
    ),
    "self_reported_below_threshold": _l(
        "回答したビジネスケアラーが匿名性の閾値に満たないため、本人回答のパフォーマンスは使わず、"
        "一律の低下度で推計しています。"
    ),
    "age_band_below_threshold": _l(
        "回答者が匿名性の閾値に満たない年齢層があるため、年齢別の低下度は使わず、"
        "一律の低下度で推計しています。"
    ),
    "position_below_threshold": _l(
        "管理職または非管理職の回答者が匿名性の閾値に満たないため、役職別の低下度は使わず、"
        "一律の低下度で推計しています。"
    ),
    "survey_intent_below_threshold": _l(
        "回答したビジネスケアラーが匿名性の閾値に満たないため、離職の意向は使わず、"
        "全国の介護離職率で推計しています。"
    ),
}
OUTLOOK_UNAVAILABLE: Mapping[str, Any] = {
    "no_survey": _l(
        "5年後の見通しは、今後5年以内に介護を始める可能性をアンケートで尋ねて推計します。"
        "アンケートの実施後に表示されます。"
    ),
    "no_future_answers": _l(
        "このアンケートには今後5年以内に介護を始める可能性の回答がないため、"
        "5年後の見通しは表示できません。"
    ),
}
BREAKDOWN_UNAVAILABLE: Mapping[str, Any] = {
    "no_survey": _l(
        "部署別・年齢層別の内訳はアンケートの回答から推計します（回答者の少ないグループは"
        "表示しません）。アンケートの実施後に表示されます。"
    ),
}
BENCHMARK_LABELS: Mapping[str, Any] = {
    "large": _l("大企業モデル（従業員3,000人）"),
    "sme": _l("中小企業モデル（従業員100人の製造業）"),
}
#: Each component's formula in words (the inputs are printed beside it).
FORMULA_TEXT: Mapping[str, Any] = {
    "productivity_loss_yen": _l(
        "ビジネスケアラー（推計）× 一人当たり付加価値額 × パフォーマンス低下度"
    ),
    "separation_labour_loss_yen": _l("介護離職者 × 一人当たり付加価値額"),
    "training_cost_loss_yen": _l("介護離職者 × 一人当たり年間育成費用 × 勤続年数"),
    "replacement_cost_yen": _l("介護離職者 × 代替人員一人当たり採用コスト"),
}
BREAKDOWN_TITLES: Mapping[str, Any] = {"department": _l("部署別"), "age_band": _l("年齢層別")}
SUPPRESSED = _l("非表示（回答者が少ないため）")
NO_DEPARTMENT = _l("（部署未設定）")
CUSTOM_SCENARIO = _l("指定した条件")


def tr(text: str) -> str:
    """Translate one of the engine's Japanese strings (a msgid of the catalog)."""
    return _(text)


def component_label(key: str) -> str:
    return tr(COMPONENT_LABELS_JA[key])


def method_label(code: str) -> str:
    return tr(METHOD_LABELS_JA[code]) if code in METHOD_LABELS_JA else code


def separation_label(code: str) -> str:
    return tr(SEPARATION_LABELS_JA[code]) if code in SEPARATION_LABELS_JA else code


def note_text(code: str) -> str:
    if code in NOTE_CODES:
        return tr(NOTE_CODES[code])
    if code in SERVICE_NOTES:
        return str(SERVICE_NOTES[code])
    return code


def group_label(by: str, key: str | None) -> str:
    if by == "age_band" and key in AGE_BAND_LABELS_JA:
        return tr(AGE_BAND_LABELS_JA[key])
    if by == "age_band" and key:  # a band merged by the survey's release ("40-49")
        ja, en = surveys.age_band_label(key)
        return en if current_language() == "en" else ja
    if by == "position" and key in POSITION_LABELS_JA:
        return tr(POSITION_LABELS_JA[key])
    return key or str(NO_DEPARTMENT)


def count(value: float | None) -> str:
    """People as expected values, rounded for reading: whole people from 10 (``18``), one
    decimal below (``3.6``, ``0.6``), ``0.1未満`` rather than a misleading ``0.0``."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if abs(value) < 0.05:
        return _("0.1未満")
    if abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def parameter_set_label(parameter_set: Mapping[str, Any]) -> str:
    """The parameter set as a reader names it; the slug (``meti-2030``) is for exports."""
    name = str(parameter_set.get("name", ""))
    return tr(PARAMETER_SET_LABELS_JA[name]) if name in PARAMETER_SET_LABELS_JA else name


__all__ = [
    "BENCHMARK_SHORT_LABELS",
    "FEW_CAREGIVERS",
    "NOW",
    "OWN_COMPANY",
    "Bar",
    "Chart",
    "benchmark_chart",
    "compact_yen",
    "formula_lines",
    "outlook_chart",
]


def whole(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def rate(value: float) -> str:
    """A rate as a percentage with up to four significant digits (``3.54%``)."""
    return f"{value * 100:.4g}%"


def signed_count(value: float) -> str:
    return f"{value:+,.1f}"


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ComponentRow:
    key: str
    label: str
    amount: int


def component_rows(result: LossResult) -> list[ComponentRow]:
    """The four components and the total, rounded so the table adds up."""
    data = result.to_dict()
    return [ComponentRow(key, component_label(key), data[key]) for key in COMPONENTS]


@dataclasses.dataclass(frozen=True)
class ParameterRow:
    name: str
    label: str
    value: str
    default: str
    changed: bool
    source: str


def parameter_value(name: str, value: Any) -> str:
    """A parameter as a reader wants it: yen in full, rates in %, years, band table."""
    if name == "age_band_drop_rates":
        return " / ".join(
            f"{tr(AGE_BAND_LABELS_JA[band])} {rate(value[band])}" for band in AGE_BANDS
        )
    if name == "tenure_years":
        return _("%(years)s年", years=format(value, "g"))
    if name in AMOUNT_PARAMETERS:
        return yen_full(value)
    return rate(value)


def parameter_rows(params: LossParameters) -> list[ParameterRow]:
    defaults = LossParameters()
    return [
        ParameterRow(
            name=name,
            label=tr(PARAMETER_LABELS_JA[name]),
            value=parameter_value(name, getattr(params, name)),
            default=parameter_value(name, getattr(defaults, name)),
            changed=name in params.overridden,
            source=tr(SOURCES[name]),
        )
        for name in PARAMETER_NAMES
    ]


@dataclasses.dataclass(frozen=True)
class DifferenceRow:
    label: str
    baseline: float
    scenario: float
    difference: float


def scenario_rows(item: ScenarioResult) -> list[DifferenceRow]:
    """Each component before and after, and the difference (savings negative)."""
    base = item.baseline.to_dict()
    new = item.result.to_dict()
    return [
        DifferenceRow(component_label(key), base[key], new[key], new[key] - base[key])
        for key in COMPONENTS
    ]


def scenario_label(item: ScenarioResult) -> str:
    return tr(item.scenario.label) if item.scenario.label else str(CUSTOM_SCENARIO)


# --------------------------------------------------------------------------
# Settings page
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SettingsRow:
    field: Any  # a bound WTForms field
    default: str
    source: str | None


@dataclasses.dataclass(frozen=True)
class SettingsSection:
    title: Any
    rows: tuple[SettingsRow, ...]
    source: str | None = None  # one source for the whole section (the age-band table)


def settings_sections(form: Any) -> list[SettingsSection]:
    """The settings form in reading order, each field with its default and source."""
    defaults = LossParameters()

    def as_typed(name: str, value: float) -> str:
        # Rates are typed in percent (27.5), as the default is shown.
        if name in AMOUNT_PARAMETERS:
            return parameter_value(name, value)
        return rate(value)

    def row(name: str) -> SettingsRow:
        return SettingsRow(
            getattr(form, name), as_typed(name, getattr(defaults, name)), tr(SOURCES[name])
        )

    bands = tuple(
        SettingsRow(
            getattr(form, f"band_{i}"), as_typed("band", defaults.age_band_drop_rates[band]), None
        )
        for i, band in enumerate(AGE_BANDS)
    )
    return [
        SettingsSection(_l("付加価値額"), (row("value_added_per_worker_yen"),)),
        SettingsSection(
            _l("パフォーマンス低下度"),
            tuple(
                row(name)
                for name in ("productivity_drop_rate", "manager_drop_rate", "non_manager_drop_rate")
            ),
        ),
        SettingsSection(
            _l("年齢別パフォーマンス低下度"), bands, tr(SOURCES["age_band_drop_rates"])
        ),
        SettingsSection(
            _l("介護離職"),
            tuple(
                row(name)
                for name in (
                    "caregiver_separation_rate",
                    "training_cost_per_year_yen",
                    "tenure_years",
                    "replacement_cost_yen",
                )
            ),
        ),
        SettingsSection(_l("アンケート実施前の推計"), (row("national_caregiver_share"),)),
    ]
