"""The outside-services directory (介護保険外サービス) and public contacts.

Categories follow the seed document's four groups (../shared/domain/CONSULTATION.md). An
entry is kept by the platform (everyone sees it), a hub (its client companies see it) or a
company (that company only); ``directory.visible_entries`` applies the rule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, utcnow
from hrcare.core.i18n import _l

GROUPS: tuple[tuple[str, object, tuple[tuple[str, object], ...]], ...] = (
    (
        "prevention",
        _l("介護予防・社会参加支援"),
        (
            ("leisure", _l("趣味・レジャー")),
            ("learning_work", _l("学習・就労")),
            ("exercise", _l("運動")),
            ("conversation", _l("会話・交流")),
            ("kayoi_no_ba", _l("介護予防（通いの場）")),
        ),
    ),
    (
        "daily_life",
        _l("日常生活支援"),
        (
            ("housework", _l("家事（家事代行）")),
            ("mobility", _l("移動（外出支援）")),
            ("shopping", _l("買い物・物の運搬")),
            ("meals", _l("飲食・服薬（配食）")),
            ("assets", _l("資産管理")),
            ("procedures", _l("各種手続き（契約立会い・任意後見）")),
            ("housing", _l("住宅関連")),
            ("preparation", _l("備え（民間保険・終活）")),
            ("wishes", _l("意思表明")),
        ),
    ),
    (
        "care",
        _l("生活機能維持・療養支援"),
        (
            ("personal_care", _l("身体介助")),
            ("grooming", _l("みだしなみ・排泄")),
            ("home_equipment", _l("住宅改修・福祉用具")),
        ),
    ),
    (
        "family",
        _l("家族支援"),
        (
            ("watch", _l("見守り・緊急連絡")),
            ("workplace_desk", _l("職場の相談窓口")),
            ("care_assessment", _l("介護の実態把握支援")),
            ("training", _l("研修")),
            ("decision_support", _l("介護両立の意思決定支援")),
        ),
    ),
    (
        "public",
        _l("公的な窓口・制度"),
        (
            ("houkatsu", _l("地域包括支援センター")),
            ("benefit", _l("介護休業給付金（ハローワーク）")),
        ),
    ),
)
CATEGORY_LABELS: dict[str, object] = {
    code: label for _g, _gl, cats in GROUPS for code, label in cats
}
CATEGORY_GROUP: dict[str, str] = {code: group for group, _gl, cats in GROUPS for code, _l2 in cats}
SCOPES = ("platform", "hub", "company")

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip


class OutsideService(Base):
    """One provider's service or a public contact. Not tenant-owned: scope decides who sees it."""

    __tablename__ = "outside_services"
    __table_args__ = (
        CheckConstraint("scope IN ('platform', 'hub', 'company')", name="scope"),
        CheckConstraint(
            "(scope = 'platform' AND hub_id IS NULL AND company_id IS NULL)"
            " OR (scope = 'hub' AND hub_id IS NOT NULL AND company_id IS NULL)"
            " OR (scope = 'company' AND company_id IS NOT NULL AND hub_id IS NULL)",
            name="scope_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    hub_id: Mapped[int | None] = mapped_column(
        ForeignKey("hubs.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Empty list: nationwide.
    prefectures: Mapped[list[str]] = mapped_column(JSON, default=list)
    municipalities: Mapped[str] = mapped_column(String(500), default="")
    # Public (介護保険 or an authority's contact) or paid in full by the user.
    is_public: Mapped[bool] = mapped_column(default=False)
    price_note: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
