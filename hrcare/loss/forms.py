"""Forms of the loss pages: the company's parameters and the "what if" query.

Numbers are typed by people: full-width digits, thousands separators and a
trailing 円 or % are accepted, and every problem is a Japanese message next to
the field.  An empty parameter field means "use METI's default".
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, NumberRange, Optional, StopValidation
from wtforms.widgets import TextInput

from hrcare.core.i18n import _l
from hrcare.loss.labels import AGE_BAND_LABELS_JA, METHOD_LABELS_JA, SEPARATION_LABELS_JA
from hrcare.loss.params import AGE_BANDS, PARAMETER_NAMES, LossParameters
from hrcare.loss.validation import METHODS, SEPARATION_METHODS

#: Upper bounds that catch typing mistakes (a value added of 1兆円 per worker
#: is a slipped zero, not a company), not limits of the model.
MAX_YEN = 1_000_000_000_000
MAX_TENURE_YEARS = 60

_STRIP = str.maketrans("", "", ",，、 　円¥￥%％")
#: Japanese units as people write amounts: 9000万, 1.2億, 905万円, 9,050千円.
_UNITS = (("兆", 1_000_000_000_000), ("億", 100_000_000), ("万", 10_000), ("千", 1_000))


def parse_number(text: str) -> float | None:
    """``"９,０５０,０００円"`` / ``"905万円"`` / ``"1億2,000万"`` → a float; ``""`` → None.

    Full-width digits, thousands separators, 円/¥/% and the units 兆・億・万・千 are
    accepted; anything else raises ``ValueError``.
    """
    cleaned = unicodedata.normalize("NFKC", text).translate(_STRIP).strip()
    if not cleaned:
        return None
    total = 0.0
    rest = cleaned
    for unit, size in _UNITS:
        if unit in rest:
            head, _sep, rest = rest.partition(unit)
            total += float(head) * size  # ValueError on text or an empty head
    if rest:
        total += float(rest)
    if not math.isfinite(total):
        raise ValueError(cleaned)
    return total


def show_number(value: float | None) -> str:
    """A number as it goes back into an input: no exponent, no trailing ``.0``."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".12g")


class NumberField(Field):
    """A free-text number (see ``parse_number``); ``data`` is a float or None."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if not valuelist:
            return
        try:
            self.data = parse_number(valuelist[0])
        except ValueError:
            raise ValueError(_l("数値で入力してください（例: 905万、9,050,000、27.5）。")) from None

    def pre_validate(self, form: object) -> None:
        if self.process_errors:
            raise StopValidation()  # one message, not also the range check's

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return show_number(self.data)


class PercentField(NumberField):
    """A rate typed in percent (``27.5`` or ``27.5%``); ``data`` is the percentage and
    ``fraction`` the rate the model uses (0.275). One convention with the scenarios."""

    @property
    def fraction(self) -> float | None:
        return None if self.data is None else self.data / 100

    def fill(self, rate: float) -> None:
        self.data = round(rate * 100, 10)


def _rate(label: Any) -> PercentField:
    return PercentField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=100,
                message=_l("0から100の間の値（パーセント）で入力してください（例: 27.5）。"),
            ),
        ],
    )


def _yen(label: Any) -> NumberField:
    return NumberField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("0円以上で入力してください。")),
            NumberRange(max=MAX_YEN, message=_l("金額が大きすぎます。桁を確認してください。")),
        ],
    )


def _choice(label: Any, codes: tuple[str, ...], labels: Any, message: Any) -> SelectField:
    # validate_choice=False: WTForms' own "Not a valid choice" is English only.
    return SelectField(
        label,
        choices=[SelectChoice(code, _l(labels[code])) for code in codes],
        validate_choice=False,
        validators=[AnyOf(codes, message=message)],
    )


def band_field_name(index: int) -> str:
    return f"band_{index}"


#: Parameters with one field each; the age-band table has one field per band.
SCALAR_PARAMETERS: tuple[str, ...] = tuple(
    name for name in PARAMETER_NAMES if name != "age_band_drop_rates"
)


class LossSettingsForm(FlaskForm):
    """HR's own values; field names are the parameter names (bands: ``band_<i>``)."""

    def fill(self, params: LossParameters, *, method: str, separation: str) -> None:
        """Show the values in use (the company's own or METI's) in the fields."""
        for name in SCALAR_PARAMETERS:
            field = getattr(self, name)
            if isinstance(field, PercentField):
                field.fill(getattr(params, name))
            else:
                field.data = getattr(params, name)
        for index, band in enumerate(AGE_BANDS):
            getattr(self, band_field_name(index)).fill(params.age_band_drop_rates[band])
        self.method.data = method
        self.separation.data = separation

    def parameter_values(self) -> dict[str, Any]:
        """The submitted parameters by name; an empty field takes METI's default."""
        defaults = LossParameters()
        values: dict[str, Any] = {}
        for name in SCALAR_PARAMETERS:
            field = getattr(self, name)
            data = field.fraction if isinstance(field, PercentField) else field.data
            values[name] = getattr(defaults, name) if data is None else data
        values["age_band_drop_rates"] = {
            band: defaults.age_band_drop_rates[band] if data is None else data
            for band, data in (
                (band, getattr(self, band_field_name(i)).fraction)
                for i, band in enumerate(AGE_BANDS)
            )
        }
        return values

    def add_error(self, parameter: str | None, message: Any) -> None:
        """Put a service's complaint next to the field of ``parameter`` (else on top).

        ``age_band_drop_rates[30-34]`` (how ``ParameterError`` names a band) → ``band_1``.
        """
        name = parameter or ""
        if name.startswith("age_band_drop_rates[") and name[20:-1] in AGE_BANDS:
            name = band_field_name(AGE_BANDS.index(name[20:-1]))
        field = self._fields.get(name)
        (field.errors if field is not None else self.form_errors).append(message)

    value_added_per_worker_yen = _yen(_l("従業員一人当たり付加価値額（円/年）"))
    productivity_drop_rate = _rate(_l("パフォーマンス低下度（全体）"))
    manager_drop_rate = _rate(_l("パフォーマンス低下度（管理職）"))
    non_manager_drop_rate = _rate(_l("パフォーマンス低下度（非管理職）"))
    training_cost_per_year_yen = _yen(_l("一人当たり年間育成費用（円）"))
    tenure_years = NumberField(
        _l("勤続年数（年）"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("0年以上で入力してください。")),
            NumberRange(max=MAX_TENURE_YEARS, message=_l("%(max)d年以下で入力してください。")),
        ],
    )
    replacement_cost_yen = _yen(_l("代替人員一人当たり採用コスト（円）"))
    caregiver_separation_rate = _rate(_l("ビジネスケアラーの介護離職率（年）"))
    national_caregiver_share = _rate(_l("有業者に占めるビジネスケアラーの割合（全国）"))
    method = _choice(
        _l("パフォーマンス低下度の推計方法（既定）"),
        METHODS,
        METHOD_LABELS_JA,
        _l("推計方法を選択してください。"),
    )
    separation = _choice(
        _l("介護離職者数の推計方法（既定）"),
        tuple(SEPARATION_METHODS),
        SEPARATION_LABELS_JA,
        _l("介護離職者数の推計方法を選択してください。"),
    )


# One rate field per age band (band_0 … band_7), in AGE_BANDS order.
for _index, _band in enumerate(AGE_BANDS):
    setattr(LossSettingsForm, band_field_name(_index), _rate(_l(AGE_BAND_LABELS_JA[_band])))


class ResetForm(FlaskForm):
    """ "Reset to METI's defaults": nothing but the CSRF token."""


def _percent(label: Any) -> NumberField:
    return NumberField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("0から100の間の値で入力してください。")),
        ],
    )


class ScenarioForm(FlaskForm):
    """The page's GET "what if" query; no state changes, so no CSRF token."""

    class Meta:
        csrf = False

    drop_reduction = _percent(_l("パフォーマンス低下度の減少（%）"))
    separation_reduction = _percent(_l("介護離職の減少（%）"))
    method = SelectField(
        _l("パフォーマンス低下度の推計方法"),
        choices=[SelectChoice("", _l("会社の既定"))]
        + [SelectChoice(code, _l(METHOD_LABELS_JA[code])) for code in METHODS],
        validate_choice=False,
        validators=[Optional(), AnyOf(METHODS, message=_l("推計方法を選択してください。"))],
    )
    separation = SelectField(
        _l("介護離職者数の推計方法"),
        choices=[SelectChoice("", _l("会社の既定"))]
        + [SelectChoice(code, _l(SEPARATION_LABELS_JA[code])) for code in SEPARATION_METHODS],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(SEPARATION_METHODS, message=_l("介護離職者数の推計方法を選択してください。")),
        ],
    )

    def has_scenario(self) -> bool:
        """True when a reduction was given (method changes alone are no scenario)."""
        return self.drop_reduction.data is not None or self.separation_reduction.data is not None
