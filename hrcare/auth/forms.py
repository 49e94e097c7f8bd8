from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, Length

from hrcare.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("メールアドレス"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("パスワード"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    next = HiddenField()


class LanguageForm(FlaskForm):
    locale = SelectField(choices=[("ja", "日本語"), ("en", "English")])
    next = HiddenField()
