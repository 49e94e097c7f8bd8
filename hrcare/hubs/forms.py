"""Forms of the hub console: onboarding a client, a wave for several clients, leaving."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp

from hrcare.tenants.models import SLUG_PATTERN


class OnboardForm(FlaskForm):
    name = StringField(
        _l("企業名"),
        validators=[DataRequired(_l("企業名を入力してください。")), Length(max=200)],
    )
    slug = StringField(
        _l("識別子（URLに使う英小文字・数字・ハイフン）"),
        validators=[
            DataRequired(_l("識別子を入力してください。")),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "識別子は英小文字・数字・ハイフン（2〜63文字、先頭と末尾は英数字）で指定してください。"
                ),
            ),
        ],
    )
    hr_name = StringField(_l("人事管理者の氏名"), validators=[Length(max=200)])
    hr_email = EmailField(
        _l("人事管理者のメールアドレス"),
        validators=[
            DataRequired(_l("メールアドレスを入力してください。")),
            Email(_l("メールアドレスの形式が正しくありません。")),
        ],
    )


class WavesForm(FlaskForm):
    title = StringField(
        _l("アンケートの名称"),
        default="仕事と介護の両立に関するアンケート",
        validators=[DataRequired(_l("名称を入力してください。")), Length(max=200)],
    )
    closes_on = DateField(_l("締切日"), validators=[DataRequired(_l("締切日を入力してください。"))])


class LeaveForm(FlaskForm):
    confirm = BooleanField(
        _l("ハブの支援を終了し、ハブがこの企業の情報を見られなくなることを確認しました"),
        validators=[DataRequired(_l("確認欄にチェックを入れてください。"))],
    )
