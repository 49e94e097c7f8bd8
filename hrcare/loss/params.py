"""Parameters of the loss model and where each default comes from.

Every report prints the parameter set it used, so the defaults are a named,
versioned set (``meti-2030`` v1) and a company's changes are recorded on the
instance rather than silently replacing the published values.  See
``/work/shared/domain/LOSS_MODEL.md`` for the model itself.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = [
    "AGE_BANDS",
    "AGE_BAND_LOWER_BOUNDS",
    "AMOUNT_PARAMETERS",
    "DEFAULT_AGE_BAND_DROP_RATES",
    "PARAMETER_LABELS_JA",
    "PARAMETER_NAMES",
    "RATE_PARAMETERS",
    "SOURCES",
    "LossParameters",
    "ParameterError",
    "age_band",
]

#: Age bands of the survey and of METI's drop table, youngest first.  The
#: order matters: the engine stores a band as its index in this tuple.
AGE_BANDS: tuple[str, ...] = (
    "<=29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    ">=60",
)

#: Lowest age in each band (same order as ``AGE_BANDS``); used to band ages
#: with one ``searchsorted`` instead of a Python loop.
AGE_BAND_LOWER_BOUNDS: tuple[int, ...] = (0, 30, 35, 40, 45, 50, 55, 60)

#: Drop by age band, from the seed's survey table (低下度 column).
DEFAULT_AGE_BAND_DROP_RATES: Mapping[str, float] = MappingProxyType(
    {
        "<=29": 0.332,
        "30-34": 0.296,
        "35-39": 0.333,
        "40-44": 0.290,
        "45-49": 0.241,
        "50-54": 0.230,
        "55-59": 0.225,
        ">=60": 0.208,
    }
)

#: Parameters that are fractions and must lie in [0, 1].
RATE_PARAMETERS: frozenset[str] = frozenset(
    {
        "productivity_drop_rate",
        "caregiver_separation_rate",
        "national_caregiver_share",
        "manager_drop_rate",
        "non_manager_drop_rate",
    }
)

#: Parameters that are amounts of yen or years and must be finite and >= 0.
AMOUNT_PARAMETERS: frozenset[str] = frozenset(
    {
        "value_added_per_worker_yen",
        "training_cost_per_year_yen",
        "tenure_years",
        "replacement_cost_yen",
    }
)

#: Every name ``LossParameters.with_overrides`` accepts, in display order.
PARAMETER_NAMES: tuple[str, ...] = (
    "value_added_per_worker_yen",
    "productivity_drop_rate",
    "training_cost_per_year_yen",
    "tenure_years",
    "replacement_cost_yen",
    "caregiver_separation_rate",
    "national_caregiver_share",
    "age_band_drop_rates",
    "manager_drop_rate",
    "non_manager_drop_rate",
)

_SURVEY_SOURCE = (
    "経済産業省委託調査（株式会社日本総合研究所）「令和４年度ヘルスケアサービス社会実装事業"
    "（サステナブルな高齢化社会の実現に向けた調査）報告書」ビジネスケアラー向けアンケート"
    "（回答者2,035人）、介護開始後の仕事のパフォーマンス低下度（量と質の低下を総合的に加味）"
)

#: Japanese source text for each parameter, shown on the settings page and in
#: reports next to the value (the model document's "source" column).
SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "value_added_per_worker_yen": (
            "経済産業省「2022年経済産業省企業活動基本調査速報（2021年度実績）調査結果の概要」"
            "の従業者一人当たり付加価値額（公表値。同調査は主に従業者50人以上の企業が対象）"
        ),
        "productivity_drop_rate": _SURVEY_SOURCE + "：全体 27.5%",
        "training_cost_per_year_yen": (
            "産労総合研究所「教育研修費用の実態調査」2017～2021年の従業員一人当たり研修費の"
            "5年平均（38,752円、34,607円、35,628円、24,841円、29,904円）"
        ),
        "tenure_years": (
            "経済産業省の仮定：大卒年齢の22歳から、雇用動向調査で介護離職者が最も多い55～59歳"
            "階層の中央である57歳まで勤続した場合の年数（35年）"
        ),
        "replacement_cost_yen": (
            "株式会社リクルートキャリア 就職みらい研究所「就職白書2020」中途採用の一人当たり採用費"
        ),
        "caregiver_separation_rate": (
            "2030年の介護離職者の推計（約11万2,500人）÷ 働く家族介護者（約318万人）"
            "（厚生労働省「雇用動向調査」を基にした経済産業省の推計）"
        ),
        "national_caregiver_share": (
            "総務省「令和4年就業構造基本調査」仕事が主な有業者のうち介護をしている者"
            " 2,742,400人 ÷ 仕事が主な有業者 55,830,100人（有業者全体では"
            " 3,646,300人 ÷ 67,060,400人 = 5.4%）"
        ),
        "age_band_drop_rates": _SURVEY_SOURCE + "：年齢別",
        "manager_drop_rate": _SURVEY_SOURCE + "：管理職（n=961）",
        "non_manager_drop_rate": _SURVEY_SOURCE + "：非管理職（n=1,074）",
    }
)

#: Japanese label for each parameter (settings page, text reports).
PARAMETER_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "value_added_per_worker_yen": "従業員一人当たり付加価値額（円/年）",
        "productivity_drop_rate": "パフォーマンス低下度（全体）",
        "training_cost_per_year_yen": "一人当たり年間育成費用（円）",
        "tenure_years": "勤続年数（年）",
        "replacement_cost_yen": "代替人員一人当たり採用コスト（円）",
        "caregiver_separation_rate": "ビジネスケアラーの介護離職率（年）",
        "national_caregiver_share": "有業者に占めるビジネスケアラーの割合（全国）",
        "age_band_drop_rates": "年齢別パフォーマンス低下度",
        "manager_drop_rate": "パフォーマンス低下度（管理職）",
        "non_manager_drop_rate": "パフォーマンス低下度（非管理職）",
    }
)


class ParameterError(ValueError):
    """A parameter (or engine option) is unknown or out of range.

    ``parameter`` names the offending key so a settings form or the CLI can
    point at it; ``str(error)`` is a complete sentence for a log or stderr.
    """

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


def age_band(age: int) -> str:
    """Return the survey age band for ``age`` (e.g. 47 -> ``"45-49"``).

    Ages below 30 all fall in ``"<=29"`` and 60 or more in ``">=60"``, as in
    METI's table; a negative age is a data error, not a band.
    """
    if isinstance(age, bool) or not isinstance(age, int):
        raise ValueError(f"age must be an integer, got {age!r}")
    if age < 0:
        raise ValueError(f"age must not be negative, got {age}")
    index = 0
    for i, lower in enumerate(AGE_BAND_LOWER_BOUNDS):
        if age >= lower:
            index = i
    return AGE_BANDS[index]


def _check_number(name: str, value: Any) -> float:
    """Validate one scalar parameter and return it as a float.

    Booleans and strings are rejected even though Python would coerce them:
    a JSON ``"0.3"`` or ``true`` in an override file is almost certainly a
    mistake, and a silent coercion would end up in a printed report.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' must be a number, got {value!r}", parameter=name)
    number = float(value)
    if not math.isfinite(number):
        raise ParameterError(f"parameter '{name}' must be finite, got {value!r}", parameter=name)
    if name in RATE_PARAMETERS or name.startswith("age_band_drop_rates"):
        if not 0.0 <= number <= 1.0:
            raise ParameterError(
                f"parameter '{name}' is a rate and must be between 0 and 1, got {value!r}",
                parameter=name,
            )
    elif number < 0:
        raise ParameterError(
            f"parameter '{name}' must not be negative, got {value!r}", parameter=name
        )
    return number


def _check_band_rates(value: Any) -> Mapping[str, float]:
    """Validate a complete age-band drop table, returned in ``AGE_BANDS`` order."""
    if not isinstance(value, Mapping):
        raise ParameterError(
            "parameter 'age_band_drop_rates' must be an object mapping age band "
            f"to rate, got {value!r}",
            parameter="age_band_drop_rates",
        )
    unknown = [band for band in value if band not in AGE_BANDS]
    if unknown:
        raise ParameterError(
            f"parameter 'age_band_drop_rates' has unknown age band '{unknown[0]}' "
            f"(known: {', '.join(AGE_BANDS)})",
            parameter="age_band_drop_rates",
        )
    missing = [band for band in AGE_BANDS if band not in value]
    if missing:
        raise ParameterError(
            f"parameter 'age_band_drop_rates' lacks age band '{missing[0]}'",
            parameter="age_band_drop_rates",
        )
    return MappingProxyType(
        {band: _check_number(f"age_band_drop_rates[{band}]", value[band]) for band in AGE_BANDS}
    )


def _merge_band_rates(current: Mapping[str, float], value: Any) -> Mapping[str, float]:
    """Apply a partial age-band table on top of ``current``.

    Unknown bands are reported before merging, so a typo such as ``"30~34"``
    is an error rather than an extra key that the merge would hide.
    """
    if not isinstance(value, Mapping):
        return _check_band_rates(value)  # raises: not a mapping
    if any(band not in AGE_BANDS for band in value):
        return _check_band_rates(value)  # raises, naming the unknown band
    return _check_band_rates({**current, **value})


@dataclasses.dataclass(frozen=True, kw_only=True)
class LossParameters:
    """One parameter set of the loss model; immutable so a report can keep it.

    ``name``/``version`` identify the published set the values started from.
    ``overridden`` lists the parameters a company changed (empty for the
    published set); ``customised`` is true when it is non-empty.  We keep the
    base name instead of renaming the set to "custom" so a report can say
    "meti-2030 v1, with 2 values changed" and list them.
    """

    name: str = "meti-2030"
    version: int = 1
    value_added_per_worker_yen: float = 9_050_000
    productivity_drop_rate: float = 0.275
    training_cost_per_year_yen: float = 32_746
    tenure_years: float = 35
    replacement_cost_yen: float = 1_033_000
    caregiver_separation_rate: float = 0.0354
    national_caregiver_share: float = 0.049
    age_band_drop_rates: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: DEFAULT_AGE_BAND_DROP_RATES
    )
    manager_drop_rate: float = 0.167
    non_manager_drop_rate: float = 0.317
    overridden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Validate on construction so no out-of-range set can exist at all."""
        for name in PARAMETER_NAMES:
            if name == "age_band_drop_rates":
                checked: Any = _check_band_rates(self.age_band_drop_rates)
            else:
                checked = _check_number(name, getattr(self, name))
            object.__setattr__(self, name, checked)
        unknown = [name for name in self.overridden if name not in PARAMETER_NAMES]
        if unknown:
            raise ParameterError(
                f"unknown parameter '{unknown[0]}' in overridden", parameter=unknown[0]
            )
        object.__setattr__(self, "overridden", tuple(sorted(set(self.overridden))))

    def __hash__(self) -> int:
        """Hash by value; the drop table is a read-only mapping, not hashable."""
        return hash(
            tuple(
                tuple(value.items()) if isinstance(value, Mapping) else value
                for value in (getattr(self, f.name) for f in dataclasses.fields(self))
            )
        )

    @property
    def customised(self) -> bool:
        """True when any value differs from the published set it started from."""
        return bool(self.overridden)

    def with_overrides(self, overrides: Mapping[str, Any]) -> LossParameters:
        """Return a copy with ``overrides`` applied, after validating every key.

        ``age_band_drop_rates`` may be given partially (``{"30-34": 0.3}``);
        the other bands keep their values.  Only keys whose value actually
        changes are recorded in ``overridden``, so re-saving the defaults from
        a settings form does not mark a report as customised.
        """
        if not isinstance(overrides, Mapping):
            raise ParameterError(
                f"parameter overrides must be an object, got {type(overrides).__name__}"
            )
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in PARAMETER_NAMES:
                raise ParameterError(
                    f"unknown parameter '{key}' (known: {', '.join(PARAMETER_NAMES)})",
                    parameter=str(key),
                )
            if key == "age_band_drop_rates":
                changes[key] = _merge_band_rates(self.age_band_drop_rates, value)
            else:
                changes[key] = _check_number(key, value)
        changed = {
            key
            for key, value in changes.items()
            if _comparable(value) != _comparable(getattr(self, key))
        }
        return dataclasses.replace(
            self, **changes, overridden=tuple(set(self.overridden) | changed)
        )

    def values(self) -> dict[str, Any]:
        """The model parameters only (no identity), as JSON-ready values."""
        out: dict[str, Any] = {}
        for name in PARAMETER_NAMES:
            value = getattr(self, name)
            out[name] = dict(value) if isinstance(value, Mapping) else value
        return out

    def parameter_set(self) -> dict[str, Any]:
        """Identity of the set for a report header: name, version, changes."""
        return {
            "name": self.name,
            "version": self.version,
            "customised": self.customised,
            "overridden": list(self.overridden),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready: identity plus ``values()``."""
        return {**self.parameter_set(), **self.values()}


def _comparable(value: Any) -> Any:
    """Turn a parameter value into something ``!=`` compares by content."""
    return tuple(value.items()) if isinstance(value, Mapping) else value
