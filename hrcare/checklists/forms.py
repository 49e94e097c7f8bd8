"""Forms of the plan and the ledger. They parse what people type; the services decide what is
allowed (and raise ``ChecklistError`` naming the field), so the command line and the
consultations feature get the same rules."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput, TextInput

from hrcare.checklists import guideline
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.guideline import (  # noqa: F401 - the forms' labels
    INTENTION_LABELS,
    ITEM_LABELS,
    MEASURE_LABELS,
    METHOD_LABELS,
)
from hrcare.checklists.plan import METRIC_LABELS, METRICS
from hrcare.core.i18n import _l

AGE40_METHOD_CHOICES = ("meeting", "online", "letter", "email", "intranet")
NOTICE_METHOD_CHOICES = ("meeting", "online", "letter", "fax", "email")


class JaDateField(Field):
    """A date typed as YYYY-MM-DD (or with full-width digits / slashes); ``data`` is a date
    or None. A date that cannot be read is a Japanese message next to the field."""

    widget = DateInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = unicodedata.normalize("NFKC", valuelist[0] if valuelist else "").strip()
        if not raw:
            return
        try:
            self.data = datetime.strptime(raw.replace("/", "-"), "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(_l("日付はYYYY-MM-DDの形式で入力してください。")) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if isinstance(self.data, date) else ""


class CountField(Field):
    """A whole number of people; empty → None."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = unicodedata.normalize("NFKC", valuelist[0] if valuelist else "").replace(",", "")
        if not raw.strip():
            return
        try:
            self.data = int(raw.strip())
        except ValueError:
            raise ValueError(_l("整数で入力してください。")) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class PercentField(CountField):
    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = unicodedata.normalize("NFKC", valuelist[0] if valuelist else "")
        raw = raw.replace("%", "").strip()
        if not raw:
            return
        try:
            self.data = float(raw)
        except ValueError:
            raise ValueError(_l("数値で入力してください（例: 60）。")) from None


def apply_error(form: FlaskForm, error: ChecklistError) -> None:
    """Show a service's message next to the field it names (or above the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if isinstance(field, Field):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _choices(labels: dict[str, Any], codes: tuple[str, ...]) -> list[SelectChoice]:
    return [SelectChoice(code, labels[code]) for code in codes]  # type: ignore[arg-type]


class ActionForm(FlaskForm):
    status = SelectField(
        _l("状況"),
        choices=_choices(guideline.STATUS_LABELS, guideline.STATUSES),
        validate_choice=False,
    )
    na_reason = TextAreaField(_l("対象外とする理由"))
    owner = SelectField(_l("担当者"), choices=[], coerce=str, validate_choice=False)
    due_date = JaDateField(_l("期限"))
    notes = TextAreaField(_l("メモ"))

    def owner_id(self) -> int | None:
        raw = self.owner.data or ""
        return int(raw) if raw.isdigit() else None

    def detail_values(self) -> dict[str, Any]:
        return {
            name[len("d_") :]: field.data
            for name, field in self._fields.items()
            if name.startswith("d_")
        }


def action_form_class(action: guideline.Action) -> type[ActionForm]:
    """The form of one action: the common fields plus the action's practical fields."""
    extra: dict[str, Any] = {}
    for detail in action.details:
        if detail.kind == "date":
            extra[f"d_{detail.name}"] = JaDateField(detail.label)
        elif detail.kind == "long":
            extra[f"d_{detail.name}"] = TextAreaField(detail.label)
        else:
            extra[f"d_{detail.name}"] = StringField(detail.label)
    return type(f"ActionForm_{action.code.replace('-', '_')}", (ActionForm,), extra)


class IndicatorForm(FlaskForm):
    pass


for _metric in METRICS:
    setattr(IndicatorForm, f"use_{_metric}", BooleanField(METRIC_LABELS[_metric]))
    setattr(IndicatorForm, f"target_{_metric}", PercentField(_l("目標値（％）")))


def indicator_choice(form: IndicatorForm) -> tuple[set[str], dict[str, float | None]]:
    chosen = {m for m in METRICS if getattr(form, f"use_{m}").data}
    targets = {m: getattr(form, f"target_{m}").data for m in METRICS}
    return chosen, targets


class SessionForm(FlaskForm):
    held_on = JaDateField(_l("開催日"))
    title = StringField(_l("研修名"))
    attendees = CountField(_l("参加者数"))
    invited = CountField(_l("対象者数（任意）"))


class NoteForm(FlaskForm):
    text = TextAreaField(_l("内容"))


class LinkForm(FlaskForm):
    url = StringField(_l("URL"))
    text = StringField(_l("説明（任意）"))


class FileForm(FlaskForm):
    file = FileField(_l("ファイル（PDF・画像・Office文書）"))


class DeleteForm(FlaskForm):
    pass


class Age40Form(FlaskForm):
    employee_id = HiddenField()
    informed_on = JaDateField(_l("情報提供日"))
    method = SelectField(
        _l("方法"),
        choices=_choices(METHOD_LABELS, AGE40_METHOD_CHOICES),
        default="meeting",
        validate_choice=False,
    )
    materials = TextAreaField(_l("提供した資料"))


class IndividualNoticeForm(FlaskForm):
    employee_number = StringField(_l("社員番号"))
    reported_on = JaDateField(_l("申出の日"))
    notified_on = JaDateField(_l("周知・意向確認の日"))
    method = SelectField(
        _l("方法"),
        choices=_choices(METHOD_LABELS, NOTICE_METHOD_CHOICES),
        default="meeting",
        validate_choice=False,
    )
    employee_requested = BooleanField(_l("本人がFAX・電子メールを希望した"))
    told_measures = BooleanField(ITEM_LABELS["told_measures"])
    told_where = BooleanField(ITEM_LABELS["told_where"])
    told_benefit = BooleanField(ITEM_LABELS["told_benefit"])
    asked_intention = BooleanField(ITEM_LABELS["asked_intention"])
    intention = RadioField(
        _l("本人が表明した意向"),
        choices=_choices(INTENTION_LABELS, tuple(INTENTION_LABELS)),
        default="undecided",
        validate_choice=False,
    )
    note = TextAreaField(_l("メモ（任意）"))

    def items(self) -> list[str]:
        return [name for name in ITEM_LABELS if getattr(self, name).data]


class MeasureForm(FlaskForm):
    in_place = BooleanField(_l("実施している"))
    since = JaDateField(_l("開始日"))
    note = TextAreaField(_l("内容・メモ"))
