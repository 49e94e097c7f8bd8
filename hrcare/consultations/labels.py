"""Japanese labels (message ids) for the consultation codes; English is in the catalog."""

from __future__ import annotations

from hrcare.core.i18n import _l

TOPIC_LABELS = {
    "leave": _l("制度・休業"),
    "insurance": _l("介護保険・サービス"),
    "work_style": _l("働き方・テレワーク"),
    "cost": _l("費用"),
    "wellbeing": _l("心身の不安"),
    "other": _l("その他"),
}
URGENCY_LABELS = {
    "normal": _l("急ぎではない"),
    "soon": _l("近いうちに話したい"),
    "urgent": _l("急いでいる"),
}
CONTACT_LABELS = {
    "reply": _l("このページでの返信"),
    "phone": _l("電話"),
    "meeting": _l("対面の面談"),
    "online": _l("オンライン面談"),
}
STATUS_LABELS = {
    "new": _l("新規"),
    "in_progress": _l("対応中"),
    "waiting": _l("従業員の返答待ち"),
    "resolved": _l("解決"),
    "withdrawn": _l("取り下げ"),
}
RELATIONSHIP_LABELS = {
    "parent": _l("父母"),
    "parent_in_law": _l("配偶者の父母"),
    "spouse": _l("配偶者"),
    "grandparent": _l("祖父母"),
    "sibling": _l("兄弟姉妹"),
    "child": _l("子"),
    "other": _l("その他の家族"),
}
AGE_BAND_LABELS = {
    "under_40": _l("40歳未満"),
    "40_64": _l("40〜64歳"),
    "65_74": _l("65〜74歳"),
    "75_84": _l("75〜84歳"),
    "85_plus": _l("85歳以上"),
}
RESIDENCE_LABELS = {
    "together": _l("同居"),
    "nearby": _l("近く（日帰りで通える）"),
    "far": _l("遠方"),
    "facility": _l("施設に入居"),
}
CARE_LEVEL_LABELS = {
    "none": _l("認定なし"),
    "applying": _l("申請中"),
    "support_1": _l("要支援1"),
    "support_2": _l("要支援2"),
    "care_1": _l("要介護1"),
    "care_2": _l("要介護2"),
    "care_3": _l("要介護3"),
    "care_4": _l("要介護4"),
    "care_5": _l("要介護5"),
    "unknown": _l("分からない"),
}
NOTICE_METHOD_LABELS = {
    "meeting": _l("面談"),
    "online": _l("オンライン面談"),
    "letter": _l("書面の交付"),
    "fax": _l("FAX（本人が希望した場合）"),
    "email": _l("電子メール等（本人が希望した場合）"),
}
#: The desk's wording of the ledger's intention codes (checklists.services.INTENTIONS).
INTENTION_LABELS = {
    "wants_to_use": _l("制度を利用したい"),
    "considering": _l("利用を検討したい"),
    "not_now": _l("今は利用しないが、必要になったら利用したい"),
    "undecided": _l("まだ決めていない"),
}
MEASURE_LABELS = {
    "leave": _l("介護休業"),
    "care_days_off": _l("介護休暇"),
    "shorter_hours": _l("所定労働時間の短縮等の措置"),
    "overtime_limit": _l("所定外・時間外労働の制限"),
    "night_limit": _l("深夜業の制限"),
    "telework": _l("テレワーク"),
    "flexible_hours": _l("フレックスタイム・時差出勤"),
}
NOTICE_ITEMS = {
    "informed_measures": _l(
        "①介護休業・介護両立支援制度等（介護休暇、所定外労働・時間外労働・深夜業の制限、所定労働時間の短縮等の措置）"
    ),
    "informed_where_to_apply": _l("②制度の申出先"),
    "informed_benefit": _l("③介護休業給付金（雇用保険）"),
    "confirmed_intention": _l("④制度の利用の意向の確認"),
}
