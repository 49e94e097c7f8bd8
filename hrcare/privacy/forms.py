from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from hrcare.core.i18n import _l
from hrcare.privacy.models import MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS


class PurgeForm(FlaskForm):
    """The HR admin types the employee number again: a purge cannot be undone."""

    confirm_number = StringField(
        _l("確認のため社員番号を入力"),
        validators=[InputRequired(_l("社員番号を入力してください。"))],
    )


class CompanyPurgeForm(FlaskForm):
    """The company's slug typed again: deleting a company cannot be undone."""

    confirm_slug = StringField(
        _l("確認のため企業の識別子を入力"),
        validators=[InputRequired(_l("企業の識別子を入力してください。"))],
    )


class RetentionForm(FlaskForm):
    months = IntegerField(
        _l("保存期間（月）"),
        validators=[
            InputRequired(_l("保存期間を入力してください。")),
            NumberRange(
                MIN_RETENTION_MONTHS,
                MAX_RETENTION_MONTHS,
                message=_l(
                    "%(low)s〜%(high)sの数で入力してください。",
                    low=MIN_RETENTION_MONTHS,
                    high=MAX_RETENTION_MONTHS,
                ),
            ),
        ],
    )
