"""Forms of the hub console: onboarding a client, a wave for several clients, leaving."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from hrcare.core.i18n import _l
from hrcare.roster import services as roster
from hrcare.tenants.services import SLUG_PATTERN


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


class HubTemplateForm(FlaskForm):
    survey_title = StringField(_l("アンケートの名称（日本語）"), validators=[Length(max=200)])
    survey_title_en = StringField(_l("アンケートの名称（英語）"), validators=[Length(max=200)])
    questions = TextAreaField(
        _l("追加の質問（1行に1問、「はい／いいえ」で答える質問。英語は「 | 」の後に）"),
        validators=[Length(max=5000)],
    )
    report_cover = TextAreaField(_l("報告書の表紙の文（日本語）"), validators=[Length(max=1000)])
    report_cover_en = TextAreaField(_l("報告書の表紙の文（英語）"), validators=[Length(max=1000)])


class ClientTemplateForm(FlaskForm):
    use_hub_questions = BooleanField(_l("ハブの追加の質問を使う"))
    survey_title = StringField(
        _l("自社のアンケートの名称（空欄ならハブの名称）"), validators=[Length(max=200)]
    )
    report_cover = TextAreaField(
        _l("自社の報告書の表紙の文（空欄ならハブの文）"), validators=[Length(max=1000)]
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EntryForm(FlaskForm):
    """A directory entry the hub keeps for all its clients."""

    name = StringField(
        _l("サービス名"),
        validators=[DataRequired(_l("サービス名を入力してください。")), Length(max=200)],
    )
    provider = StringField(_l("提供者"), validators=[Length(max=200)])
    categories = MultiCheckboxField(_l("分類"), choices=[])
    contact = StringField(_l("連絡先"), validators=[Length(max=500)])
    url = StringField(_l("URL"), validators=[Length(max=500)])
    is_public = BooleanField(_l("公的なサービス・窓口（介護保険など）"))


class UploadForm(FlaskForm):
    """A client's first roster: the roster import's own field (one set of checks)."""

    file = roster.file_field()


class CommitForm(FlaskForm):
    pass
