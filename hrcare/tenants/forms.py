"""Forms for tenants and accounts. Choices that depend on the database are set by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)

from hrcare.core.i18n import _l
from hrcare.core.roles import COMPANY_ROLES, HUB_ROLES, Role
from hrcare.tenants.models import MIN_ANONYMITY_THRESHOLD, SLUG_PATTERN
from hrcare.tenants.services import (
    HR_INVITABLE_ROLES,
    MAX_ANONYMITY_THRESHOLD,
    MAX_CONTACT_LENGTH,
    MAX_NAME_LENGTH,
    ROLE_LABELS,
)

AGE40_WINDOW_LABELS = {
    "fiscal_year": _l("年度（40歳に達する日を含む4月〜翌年3月）"),
    "one_year": _l("40歳の誕生日から1年間"),
}
NO_CHOICE = ""

_slug_validators = [
    DataRequired(message=_l("識別子を入力してください。")),
    Regexp(
        SLUG_PATTERN,
        message=_l(
            "識別子は英小文字・数字・ハイフン（2〜63文字、先頭と末尾は英数字）で指定してください。"
        ),
    ),
]
_name_validators = [
    DataRequired(message=_l("名称を入力してください。")),
    Length(max=MAX_NAME_LENGTH, message=_l("名称は%(max)d文字以内にしてください。")),
]
_email_validators = [
    DataRequired(message=_l("メールアドレスを入力してください。")),
    Email(message=_l("メールアドレスの形式が正しくありません。")),
    Length(max=254),
]


class WholeNumberField(IntegerField):
    """An integer field whose parse error is a clear message in the user's language."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("整数で入力してください。")) from None

    def pre_validate(self, form: object) -> None:
        if self.process_errors:
            raise StopValidation()  # one message, not also the range check's


class HubForm(FlaskForm):
    slug = StringField(_l("識別子（URL用）"), validators=_slug_validators)
    name = StringField(_l("ハブの名称"), validators=_name_validators)


class CompanyForm(FlaskForm):
    slug = StringField(_l("識別子（URL用）"), validators=_slug_validators)
    name = StringField(_l("企業名"), validators=_name_validators)
    hub = SelectField(_l("支援するハブ（任意）"), choices=[], validate_choice=True)


class UserForm(FlaskForm):
    """Platform admin: any role; a company role needs a company, a hub operator a hub."""

    email = EmailField(_l("メールアドレス"), validators=_email_validators)
    name = StringField(
        _l("氏名"),
        validators=[
            Optional(),
            Length(max=MAX_NAME_LENGTH, message=_l("氏名は%(max)d文字以内にしてください。")),
        ],
    )
    role = SelectField(_l("役割"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in Role])
    company = SelectField(_l("企業（企業のアカウントの場合）"), choices=[])
    hub = SelectField(_l("ハブ（ハブ運営者の場合）"), choices=[])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if not ok:
            return False
        role = Role(self.role.data)
        if role in HUB_ROLES and not self.hub.data:
            self.hub.errors.append(_l("ハブ運営者にはハブを選択してください。"))
            return False
        if role in COMPANY_ROLES and not self.company.data:
            self.company.errors.append(_l("企業のアカウントには企業を選択してください。"))
            return False
        return True


class CompanyUserForm(FlaskForm):
    """HR admin: invite someone into their own company."""

    email = EmailField(_l("メールアドレス"), validators=_email_validators)
    name = StringField(
        _l("氏名"),
        validators=[
            Optional(),
            Length(max=MAX_NAME_LENGTH, message=_l("氏名は%(max)d文字以内にしてください。")),
        ],
    )
    role = SelectField(
        _l("役割"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in HR_INVITABLE_ROLES]
    )
    employee_number = StringField(
        _l("社員番号（従業員アカウントを名簿と紐付ける場合）"),
        validators=[
            Optional(),
            Length(max=32, message=_l("社員番号は%(max)d文字以内にしてください。")),
        ],
    )

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if ok and self.employee_number.data and self.role.data != Role.EMPLOYEE.value:
            self.employee_number.errors.append(
                _l("社員番号は従業員アカウントの場合だけ指定できます。")
            )
            return False
        return ok


class CompanySettingsForm(FlaskForm):
    name = StringField(_l("企業名"), validators=_name_validators)
    anonymity_threshold = WholeNumberField(
        _l("匿名性の閾値（人）"),
        validators=[
            InputRequired(message=_l("匿名性の閾値を整数で入力してください。")),
            NumberRange(
                min=MIN_ANONYMITY_THRESHOLD,
                message=_l(
                    "匿名性の閾値は%(min)d以上にしてください。回答者が少ない集計から個人が特定されるおそれがあります。"
                ),
            ),
            NumberRange(
                max=MAX_ANONYMITY_THRESHOLD, message=_l("匿名性の閾値は%(max)d以下にしてください。")
            ),
        ],
    )
    age40_window = RadioField(
        _l("40歳時の情報提供の期間"),
        choices=[SelectChoice(k, v) for k, v in AGE40_WINDOW_LABELS.items()],
        validators=[InputRequired(message=_l("40歳時の情報提供の期間を選択してください。"))],
    )
    consultation_contact = TextAreaField(
        _l("相談窓口の案内"),
        validators=[
            Length(
                max=MAX_CONTACT_LENGTH,
                message=_l("相談窓口の案内は%(max)d文字以内にしてください。"),
            )
        ],
    )


class ToggleForm(FlaskForm):
    """Enable or disable an account. The wanted state is explicit, so a resubmission is harmless."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class PlaceForm(FlaskForm):
    """Switch the place in force: one of the person's memberships, and for a hub operator
    optionally a client company (slug). Anything not theirs is a 404, not a form error."""

    membership = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    company = StringField(validators=[Optional(), Regexp(SLUG_PATTERN)])
