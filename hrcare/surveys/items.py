"""The building blocks of the standard questionnaire: items, options, codes, relatives' fields.

See ``questionnaire`` for the questions of each version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PREFER_NOT = "prefer_not"  # every item except the first allows it

# Who is asked an item (and whose answers its results count).
EVERYONE = "everyone"
CAREGIVERS = "caregivers"  # answered "yes" to CARING
NON_CAREGIVERS = "non_caregivers"  # answered "no" to CARING
ASKED_OF = (EVERYONE, CAREGIVERS, NON_CAREGIVERS)

KINDS = ("single", "multiple", "scale", "text", "dependents")


@dataclass(frozen=True)
class Option:
    code: str
    ja: str
    en: str


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    ja: str
    en: str
    options: tuple[Option, ...] = ()
    core: bool = True
    section: str = "now"  # now | relatives | ahead | knowledge | other | custom
    asked_of: str = EVERYONE
    scale_min: int = 0
    scale_max: int = 10
    allow_prefer_not: bool = True
    # Whose answers the results count, when not everyone who was asked (version 1 asked the
    # five-year question of everyone; only those not caring now are counted, as the loss
    # engine does, so the results page and the loss page give the same figure).
    counted_among: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def caregivers_only(self) -> bool:
        return self.asked_of == CAREGIVERS

    @property
    def base(self) -> str:
        return self.counted_among or self.asked_of


def _o(*triples: tuple[str, str, str]) -> tuple[Option, ...]:
    return tuple(Option(*t) for t in triples)


CARING = "caring_now"
DEPENDENT_COUNT = "dependent_count"
DEPENDENTS = "dependents"
BALANCING = "balancing_status"
PERFORMANCE = "performance"
CARE_HOURS = "care_hours"
CARE_LEAVE_DAYS = "care_leave_days"
LIKELY_FUTURE = "likely_future"
ANXIETY = "anxiety"
KNOWS_INSURANCE = "knows_insurance"
KNOWS_CENTER = "knows_center"
KNOWS_MEASURES = "knows_measures"
CAN_TALK = "can_talk"
CAN_CONTINUE = "can_continue"
HELPFUL_SUPPORT = "helpful_support"
COMMENT = "comment"
# Version 2.
PARENTS_75_PLUS = "parents_75_plus"
PARENTS_FAR = "parents_far"
KNOWS_COMPANY_SUPPORT = "knows_company_support"
#: The legal systems (育児・介護休業法, 雇用保険法), one item each: rights, not company measures.
LEGAL_SYSTEMS: tuple[tuple[str, str, str], ...] = (
    ("knows_law_care_leave", "介護休業", "Family care leave (介護休業)"),
    ("knows_law_care_days", "介護休暇", "Care days off (介護休暇)"),
    (
        "knows_law_no_overtime",
        "所定外労働の制限",
        "Exemption from work beyond scheduled hours",
    ),
    (
        "knows_law_overtime_night",
        "時間外労働・深夜業の制限",
        "Limits on overtime and night work",
    ),
    (
        "knows_law_short_hours",
        "所定労働時間の短縮等の措置",
        "Shorter working hours and similar measures",
    ),
    ("knows_law_benefit", "介護休業給付金", "Family care leave benefit (介護休業給付金)"),
)
KNOWS_LAW_CODES: tuple[str, ...] = tuple(code for code, _ja, _en in LEGAL_SYSTEMS)

# Sub-fields of each dependent (up to MAX_DEPENDENTS).
MAX_DEPENDENTS = 3
DEPENDENT_FIELDS: dict[str, tuple[Option, ...]] = {
    "relationship": _o(
        ("father", "実父", "Father"),
        ("mother", "実母", "Mother"),
        ("father_in_law", "義父", "Father-in-law"),
        ("mother_in_law", "義母", "Mother-in-law"),
        ("spouse", "配偶者", "Spouse"),
        ("grandparent", "祖父母", "Grandparent"),
        ("sibling", "兄弟姉妹", "Sibling"),
        ("child", "子", "Child"),
        ("other", "その他", "Other"),
    ),
    "age_band": _o(
        ("under_65", "65歳未満", "Under 65"),
        ("65_74", "65〜74歳", "65–74"),
        ("75_84", "75〜84歳", "75–84"),
        ("85_plus", "85歳以上", "85 or older"),
    ),
    "residence": _o(
        ("same_household", "同居", "Same household"),
        ("near", "近居（1時間未満）", "Nearby (under 1 hour)"),
        ("far", "遠距離（1時間以上）", "Far (1 hour or more)"),
    ),
    "care_level": _o(
        ("support_1", "要支援1", "Support level 1"),
        ("support_2", "要支援2", "Support level 2"),
        ("care_1", "要介護1", "Care level 1"),
        ("care_2", "要介護2", "Care level 2"),
        ("care_3", "要介護3", "Care level 3"),
        ("care_4", "要介護4", "Care level 4"),
        ("care_5", "要介護5", "Care level 5"),
        ("not_certified", "認定なし", "Not certified"),
        ("applying", "申請中", "Applying"),
        ("unknown", "わからない", "Don't know"),
    ),
    "main_carer": _o(
        ("me", "自分", "Me"),
        ("spouse", "配偶者", "My spouse"),
        ("other_relatives", "他の親族", "Other relatives"),
        ("professional", "介護サービス事業者", "Professional services"),
        ("nobody", "まだいない", "Nobody yet"),
    ),
}
