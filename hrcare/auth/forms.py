from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from hrcare.auth.passwords import MAX_LENGTH, MIN_LENGTH
from hrcare.core.i18n import _l

_REQUIRED = _l("入力してください。")
_EMAIL = _l("メールアドレスの形式が正しくありません。")
_TOO_LONG = _l("長すぎます。")
_PASSWORD_HINT = _l(
    "%(min)d〜%(max)d文字。推測されやすいものや、よく使われているものは使えません。",
    min=MIN_LENGTH,
    max=MAX_LENGTH,
)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("メールアドレス"),
        validators=[DataRequired(_REQUIRED), Email(_EMAIL), Length(max=254, message=_TOO_LONG)],
    )
    password = PasswordField(
        _l("パスワード"),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_LENGTH, message=_TOO_LONG)],
    )
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("メールアドレス"),
        validators=[DataRequired(_REQUIRED), Email(_EMAIL), Length(max=254, message=_TOO_LONG)],
    )


class SetPasswordForm(FlaskForm):
    """A new password, typed twice. The rules themselves are checked by the service."""

    password = PasswordField(_l("新しいパスワード"), validators=[DataRequired(_REQUIRED)])
    confirm = PasswordField(
        _l("新しいパスワード（確認）"),
        validators=[
            DataRequired(_REQUIRED),
            EqualTo("password", _l("確認用のパスワードが一致しません。")),
        ],
    )
    hint = _PASSWORD_HINT


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        _l("現在のパスワード"),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_LENGTH, message=_TOO_LONG)],
    )


class LanguageForm(FlaskForm):
    locale = SelectField(choices=[SelectChoice("ja", "日本語"), SelectChoice("en", "English")])
    next = HiddenField()
