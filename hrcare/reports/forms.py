"""The one form of the reports pages: the language to build a report in."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from hrcare.core.i18n import _l
from hrcare.reports.models import LANGUAGES

LANGUAGE_CHOICES = [SelectChoice("ja", "日本語"), SelectChoice("en", "English")]


class ReportForm(FlaskForm):
    language = SelectField(
        _l("言語"), choices=LANGUAGE_CHOICES, default="ja", validate_choice=False
    )

    def validate_language(self, field: Any) -> None:
        if field.data not in LANGUAGES:
            raise ValidationError(_l("レポートは日本語（ja）または英語（en）で作成できます。"))
