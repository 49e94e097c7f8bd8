"""Roster forms: one employee, the file upload, and the import confirmation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from hrcare.core.clock import today_jst
from hrcare.core.i18n import _l
from hrcare.roster import fields as f
from hrcare.roster.importer import render_message
from hrcare.roster.services import EMPLOYMENT_LABELS, EmployeeData, file_field

REQUIRED = _l("入力してください。")


# The roster's fields as the UI names them (export headers stay Japanese: ``fields.JA_HEADERS``).
FIELD_LABELS = {
    "employee_number": _l("社員番号"),
    "name": _l("氏名"),
    "department": _l("部署"),
    "birth_date": _l("生年月日"),
    "hire_date": _l("入社日"),
    "is_manager": _l("管理職"),
    "employment_type": _l("雇用形態"),
    "email": _l("メール"),
}


def _cell_check(check: Any) -> Any:
    """Run a ``fields`` check and show its message as the field's error."""

    def validator(form: FlaskForm, field: Any) -> None:
        if field.data in (None, ""):
            return
        try:
            check(form, field.data)
        except f.CellProblem as exc:
            raise ValidationError(render_message(exc.msgid, exc.params)) from None

    return validator


class EmployeeForm(FlaskForm):
    employee_number = StringField(
        _l("社員番号"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=32),
            _cell_check(lambda form, value: f.check_text(value)),
        ],
    )
    name = StringField(
        _l("氏名"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=100),
            _cell_check(lambda form, value: f.check_text(value)),
        ],
    )
    department = StringField(
        _l("部署"),
        validators=[
            Optional(),
            Length(max=100),
            _cell_check(lambda form, value: f.check_text(value)),
        ],
    )
    birth_date = DateField(
        _l("生年月日"),
        validators=[
            DataRequired(REQUIRED),
            _cell_check(lambda form, value: f.check_birth_date(value, form.today)),
        ],
    )
    hire_date = DateField(
        _l("入社日"),
        validators=[
            Optional(),
            _cell_check(lambda form, value: f.check_hire_date(value, form.birth_date.data)),
        ],
    )
    is_manager = BooleanField(_l("管理職"))
    employment_type = SelectField(
        _l("雇用形態"),
        choices=[SelectChoice(code, label) for code, label in EMPLOYMENT_LABELS.items()],  # type: ignore[arg-type]
        default="regular",
    )
    email = EmailField(
        _l("メールアドレス"),
        validators=[
            Optional(),
            Email(_l("メールアドレスの形式が正しくありません。")),
            Length(max=254),
        ],
    )
    left = BooleanField(_l("退職済み"))

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today_jst(now)

    def to_data(self) -> EmployeeData:
        return EmployeeData(
            employee_number=self.employee_number.data or "",
            name=self.name.data or "",
            department=self.department.data or "",
            birth_date=self.birth_date.data,  # type: ignore[arg-type]
            hire_date=self.hire_date.data,
            is_manager=bool(self.is_manager.data),
            employment_type=self.employment_type.data or "regular",
            email=self.email.data or None,
            left=bool(self.left.data),
        )


class UploadForm(FlaskForm):
    file = file_field()


class CommitForm(FlaskForm):
    confirm_left = BooleanField(_l("ファイルにない在籍者を退職扱いにすることを確認しました"))


class DiscardForm(FlaskForm):
    pass
