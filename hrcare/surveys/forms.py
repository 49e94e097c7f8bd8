"""Forms for survey administration (HR) and the employee's consent and answer pages.

The answer fields themselves are generated from the survey's questions and validated by
``answering.parse_page``; the Flask-WTF form on those pages carries CSRF and the navigation.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from hrcare.core.i18n import _l
from hrcare.roster.services import EMPLOYMENT_LABELS

KIND_LABELS = {
    "single": _l("単一選択"),
    "multiple": _l("複数選択"),
    "scale": _l("尺度（0〜10など）"),
    "text": _l("自由記述"),
    "dependents": _l("家族ごとの質問"),
}
#: Whom an item is asked of (``questionnaire.ASKED_OF``), on HR's survey page.
ASKED_LABELS = {
    "everyone": _l("全員"),
    "caregivers": _l("介護をしている方"),
    "non_caregivers": _l("介護をしていない方"),
}
SCOPE_LABELS = {
    "no_email": _l("メールアドレスが登録されていない従業員（未回答）"),
    "not_responded": _l("未回答の従業員すべて"),
    "all": _l("対象者全員"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SurveyForm(FlaskForm):
    title = StringField(
        _l("タイトル（日本語）"),
        validators=[DataRequired(message=_l("タイトルを入力してください。")), Length(max=200)],
    )
    title_en = StringField(_l("タイトル（英語・任意）"), validators=[Optional(), Length(max=200)])
    opens_on = DateField(
        _l("開始日"), validators=[InputRequired(message=_l("開始日を入力してください。"))]
    )
    closes_on = DateField(
        _l("締切日（この日まで回答を受け付けます）"),
        validators=[InputRequired(message=_l("締切日を入力してください。"))],
    )
    departments = MultiCheckboxField(_l("対象の部署（選択なし＝全部署）"), choices=[])
    employment_types = MultiCheckboxField(_l("対象の雇用形態（選択なし＝すべて）"), choices=[])

    def set_choices(self, departments: list[str], types: list[str]) -> None:
        # Keep departments already chosen even if nobody is left in them, so editing works.
        chosen = set(self.departments.data or [])
        self.departments.choices = [SelectChoice(d, d) for d in sorted(set(departments) | chosen)]
        self.employment_types.choices = [
            SelectChoice(t, str(label)) for t, label in EMPLOYMENT_LABELS.items()
        ]

    def validate_closes_on(self, field: Any) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("締切日は開始日以降の日付にしてください。"))


class ActionForm(FlaskForm):
    """A button that changes state: CSRF only."""


class OpenForm(FlaskForm):
    send_invitations = BooleanField(_l("開始と同時に招待メールを送信する"), default=True)


class MoveForm(FlaskForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")])


class OptionLabelForm(Form):
    ja = StringField(
        _l("日本語"),
        validators=[DataRequired(message=_l("日本語の表記を入力してください。")), Length(max=200)],
    )
    en = StringField(_l("英語"), validators=[Optional(), Length(max=200)])


class CoreQuestionForm(FlaskForm):
    text_ja = TextAreaField(
        _l("質問文（日本語）"),
        validators=[DataRequired(message=_l("質問文を入力してください。")), Length(max=1000)],
    )
    text_en = TextAreaField(_l("質問文（英語）"), validators=[Optional(), Length(max=1000)])
    options = FieldList(FormField(OptionLabelForm), min_entries=0, max_entries=30)


class CustomQuestionForm(FlaskForm):
    kind = SelectField(
        _l("形式"),
        choices=[SelectChoice(k, KIND_LABELS[k]) for k in ("single", "multiple", "scale", "text")],
    )
    text_ja = TextAreaField(
        _l("質問文（日本語）"),
        validators=[DataRequired(message=_l("質問文を入力してください。")), Length(max=1000)],
    )
    text_en = TextAreaField(_l("質問文（英語）"), validators=[Optional(), Length(max=1000)])
    options_text = TextAreaField(
        _l("選択肢（1行に1つ。「日本語 | English」の形式）"),
        validators=[Optional(), Length(max=8000)],
    )
    scale_min = IntegerField(
        _l("尺度の最小値"), default=0, validators=[Optional(), NumberRange(0, 10)]
    )
    scale_max = IntegerField(
        _l("尺度の最大値"), default=10, validators=[Optional(), NumberRange(0, 10)]
    )


class LinksForm(FlaskForm):
    scope = SelectField(
        _l("対象"),
        choices=[SelectChoice(k, v) for k, v in SCOPE_LABELS.items()],
        default="no_email",
    )
    department = SelectField(_l("部署"), choices=[])
    confirm = BooleanField(
        _l(
            "ダウンロードするファイルに個人ごとのリンクが含まれ、本人以外に渡してはならないことを理解しました"
        ),
        validators=[DataRequired(message=_l("確認のチェックを入れてください。"))],
    )

    def set_departments(self, departments: list[str]) -> None:
        self.department.choices = [SelectChoice("", str(_l("すべての部署")))] + [
            SelectChoice(d, d) for d in departments
        ]


class ConsentForm(FlaskForm):
    agree = BooleanField(
        _l("上記の内容を確認し、回答に同意します"),
        validators=[
            DataRequired(message=_l("回答を始めるには、内容を確認のうえチェックを入れてください。"))
        ],
    )


class AnswerPageForm(FlaskForm):
    """CSRF and which way to go; the answers are read by ``answering.parse_page``."""

    # Never shown (the page's buttons carry the value). A label given here spares WTForms
    # making one up through Flask-WTF's gettext, which loads WTForms' own message catalog
    # from disk once per request: on every page of every respondent.
    nav = StringField("nav")
