"""Forms of the consultation pages. Every problem is a Japanese message next to its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hrcare.consultations import labels
from hrcare.consultations.directory_models import CATEGORY_LABELS, PREFECTURES
from hrcare.consultations.models import MAX_BODY
from hrcare.consultations.services import STAFF_STATUSES, RequestData
from hrcare.core.i18n import _l

REQUIRED = _l("入力してください。")
CHOOSE = _l("選択肢から選んでください。")
TOO_LONG = _l("%(max)d文字以内で入力してください。")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as the ``SelectChoice`` objects WTForms expects (tuples are
    deprecated since WTForms 3.3 and go in 3.4)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _choices(mapping: dict[str, Any], empty: Any = None) -> list[SelectChoice]:
    out = [("", empty)] if empty is not None else []
    return options(out + list(mapping.items()))


def _body(label: Any) -> TextAreaField:
    return TextAreaField(
        label, validators=[DataRequired(REQUIRED), Length(max=MAX_BODY, message=TOO_LONG)]
    )


class RequestForm(FlaskForm):
    topics = MultiCheckboxField(
        _l("相談したい内容（複数選択可）"),
        choices=options(labels.TOPIC_LABELS.items()),
        validators=[DataRequired(_l("相談したい内容を1つ以上選んでください。"))],
    )
    body = _body(_l("ご相談の内容"))
    urgency = RadioField(
        _l("急ぎ具合"), choices=options(labels.URGENCY_LABELS.items()), default="normal"
    )
    contact_method = SelectField(
        _l("希望する連絡方法"), choices=options(labels.CONTACT_LABELS.items()), default="reply"
    )
    contact_times = StringField(
        _l("連絡してよい時間帯（任意）"), validators=[Length(max=200, message=TOO_LONG)]
    )
    relationship = SelectField(
        _l("介護が必要な方との続柄（任意）"),
        choices=_choices(labels.RELATIONSHIP_LABELS, _l("選ばない")),
        default="",
    )
    age_band = SelectField(
        _l("その方の年齢（任意）"),
        choices=_choices(labels.AGE_BAND_LABELS, _l("選ばない")),
        default="",
    )
    residence = SelectField(
        _l("その方の住まい（任意）"),
        choices=_choices(labels.RESIDENCE_LABELS, _l("選ばない")),
        default="",
    )
    prefecture = SelectField(
        _l("その方が住む都道府県（任意）"),
        choices=options([("", _l("選ばない")), *((p, p) for p in PREFECTURES)]),
        default="",
    )
    municipality = StringField(
        _l("その方が住む市区町村（任意：地域包括支援センターの案内に使います）"),
        validators=[Length(max=50, message=TOO_LONG)],
    )
    care_level = SelectField(
        _l("要介護認定（任意）"),
        choices=_choices(labels.CARE_LEVEL_LABELS, _l("選ばない")),
        default="",
    )
    is_moushide = BooleanField(
        _l(
            "家族の介護に直面していることを会社に申し出ます（法律上の申出として扱い、制度の個別のご案内を受けます）"
        )
    )

    def data_object(self) -> RequestData:
        relative = {
            key: getattr(self, key).data or ""
            for key in ("relationship", "age_band", "residence", "prefecture", "care_level")
        }
        relative["municipality"] = (self.municipality.data or "").strip()
        return RequestData(
            topics=list(self.topics.data or []),
            urgency=self.urgency.data or "normal",
            contact_method=self.contact_method.data or "reply",
            contact_times=self.contact_times.data or "",
            body=self.body.data or "",
            relative=relative,
            is_moushide=bool(self.is_moushide.data),
        )


class GuestRequestForm(RequestForm):
    email = EmailField(
        _l("確認用リンクを受け取るメールアドレス"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=TOO_LONG),
            Email(_l("メールアドレスの形式が正しくありません。"), check_deliverability=False),
        ],
    )


ATTACHMENT_LABEL = _l("添付ファイル（任意：PDF・画像・Office文書）")


class ReplyForm(FlaskForm):
    body = _body(_l("返信"))
    attachment = FileField(ATTACHMENT_LABEL)


class StaffReplyForm(FlaskForm):
    body = _body(_l("従業員への返信"))
    next_status = SelectField(
        _l("返信後のステータス"),
        choices=options((s, labels.STATUS_LABELS[s]) for s in STAFF_STATUSES),
        default="waiting",
    )
    services = MultiCheckboxField(_l("紹介するサービス（任意）"), coerce=int, choices=[])
    attachment = FileField(ATTACHMENT_LABEL)


class NoteForm(FlaskForm):
    body = _body(_l("内部メモ（担当者だけが見られます）"))


class StatusForm(FlaskForm):
    status = SelectField(
        _l("ステータス"), choices=options((s, labels.STATUS_LABELS[s]) for s in STAFF_STATUSES)
    )


class AssignForm(FlaskForm):
    assignee = SelectField(_l("担当者"), coerce=int, choices=[])


class EmptyForm(FlaskForm):
    """A button (withdraw, take, consent): only the CSRF token."""


class NoticeForm(FlaskForm):
    moushide_on = DateField(_l("申出の日"), validators=[InputRequired(REQUIRED)])
    notified_on = DateField(_l("周知・意向確認の日"), validators=[InputRequired(REQUIRED)])
    method = SelectField(_l("方法"), choices=options(labels.NOTICE_METHOD_LABELS.items()))
    employee_requested = BooleanField(_l("本人がFAX・電子メールを希望した"))
    informed_measures = BooleanField(labels.NOTICE_ITEMS["informed_measures"])
    informed_where_to_apply = BooleanField(labels.NOTICE_ITEMS["informed_where_to_apply"])
    informed_benefit = BooleanField(labels.NOTICE_ITEMS["informed_benefit"])
    confirmed_intention = BooleanField(labels.NOTICE_ITEMS["confirmed_intention"])
    apply_to = StringField(
        _l("申出先（担当者・部署）"), validators=[Length(max=200, message=TOO_LONG)]
    )
    intention = RadioField(
        _l("確認した意向"), choices=options(labels.INTENTION_LABELS.items()), default="undecided"
    )
    intention_note = TextAreaField(
        _l("意向の補足（任意）"), validators=[Length(max=4000, message=TOO_LONG)]
    )


def _text(label: Any) -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=4000, message=TOO_LONG)])


class PlanForm(FlaskForm):
    relationship = SelectField(
        _l("続柄"), choices=_choices(labels.RELATIONSHIP_LABELS, _l("未記入")), default=""
    )
    age_band = SelectField(
        _l("年齢"), choices=_choices(labels.AGE_BAND_LABELS, _l("未記入")), default=""
    )
    care_level = SelectField(
        _l("要介護度"), choices=_choices(labels.CARE_LEVEL_LABELS, _l("未記入")), default=""
    )
    dementia = SelectField(
        _l("認知症"),
        choices=options(
            [
                ("", _l("未記入")),
                ("yes", _l("あり")),
                ("no", _l("なし")),
                ("unknown", _l("分からない")),
            ]
        ),
        default="",
    )
    residence = SelectField(
        _l("住まい"), choices=_choices(labels.RESIDENCE_LABELS, _l("未記入")), default=""
    )
    other_helpers = _text(_l("ほかに介護を担う人"))
    services_used = _text(_l("利用中のサービス"))
    role = _text(_l("担当業務・役割"))
    hours = _text(_l("勤務時間・働き方"))
    wishes = _text(_l("今後の働き方の希望"))
    measures = MultiCheckboxField(
        _l("利用する制度"), choices=options(labels.MEASURE_LABELS.items())
    )
    measures_note = _text(_l("制度を使う時期・日数"))
    handover = _text(_l("業務の引継ぎ・分担"))
    manager_summary = _text(_l("上司に伝える内容（本人の同意がある場合のみ共有）"))
    next_review_on = DateField(_l("次回の見直し日"), validators=[Optional()])
    follow_up = _text(_l("フォローアップ面談の記録（日付と変化）"))


class SettingsForm(FlaskForm):
    response_days = IntegerField(
        _l("初回回答の期限（営業日）"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 30, message=_l("1〜30の数で入力してください。")),
        ],
    )


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    category = SelectField(
        _l("分類"),
        choices=options([("", _l("すべて")), *CATEGORY_LABELS.items()]),
        validators=[Optional()],
    )
    prefecture = SelectField(
        _l("都道府県"),
        choices=options([("", _l("すべて")), *((p, p) for p in PREFECTURES)]),
        validators=[Optional()],
    )


class EntryForm(FlaskForm):
    name = StringField(
        _l("サービス名"), validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)]
    )
    provider = StringField(_l("提供者"), validators=[Length(max=200, message=TOO_LONG)])
    categories = MultiCheckboxField(
        _l("分類"),
        choices=options(CATEGORY_LABELS.items()),
        validators=[DataRequired(_l("分類を1つ以上選んでください。"))],
    )
    prefectures = SelectMultipleField(
        _l("対象の都道府県（選ばなければ全国）"), choices=options((p, p) for p in PREFECTURES)
    )
    municipalities = StringField(
        _l("対象の市区町村"), validators=[Length(max=500, message=TOO_LONG)]
    )
    is_public = BooleanField(_l("公的なサービス・窓口（介護保険など）"))
    price_note = _text(_l("料金の目安"))
    contact = StringField(_l("連絡先"), validators=[Length(max=500, message=TOO_LONG)])
    url = StringField(_l("URL"), validators=[Length(max=500, message=TOO_LONG)])
