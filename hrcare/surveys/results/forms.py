"""The results pages' selectors. GET forms: they change nothing, so they carry no CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from hrcare.core.i18n import _l
from hrcare.surveys.results.definitions import DIMENSIONS

DIMENSION_LABELS = {
    "department": _l("部署別"),
    "age_band": _l("年代別"),
    "position": _l("役職別（管理職／非管理職）"),
}


class SegmentForm(FlaskForm):
    class Meta:
        csrf = False

    by = SelectField(
        _l("集計の切り口"),
        choices=[SelectChoice(d, DIMENSION_LABELS[d]) for d in DIMENSIONS],  # type: ignore[arg-type]
        default="department",
        validate_choice=True,
    )


class WaveSegmentForm(FlaskForm):
    """One segment compared across waves: ``""`` (everyone) or ``dimension|value``."""

    class Meta:
        csrf = False

    segment = SelectField(
        _l("比較する集団"),
        choices=[SelectChoice("", _l("全体"))],  # type: ignore[arg-type]
        default="",
        validate_choice=True,
    )

    def selected(self) -> tuple[str | None, str | None]:
        raw = self.segment.data or ""
        if "|" not in raw:
            return None, None
        by, value = raw.split("|", 1)
        return by, value
