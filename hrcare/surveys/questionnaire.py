"""The standard questionnaire (../shared/domain/SURVEY.md) as data with stable codes.

Codes are the contract: the loss engine, checklists, reports and exports read answers by
these codes and option codes, never by label. Labels may be edited per survey (Japanese and
English); core items cannot be removed and keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PREFER_NOT = "prefer_not"  # every item except the first allows it

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
    section: str = "now"  # now | ahead | knowledge | other | custom
    # Asked only of current caregivers (answer "yes" to CARING).
    caregivers_only: bool = False
    scale_min: int = 0
    scale_max: int = 10
    allow_prefer_not: bool = True
    extra: dict[str, object] = field(default_factory=dict)


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

STANDARD_QUESTIONS: tuple[Question, ...] = (
    Question(
        CARING,
        "single",
        "現在、仕事をしながらご家族の介護をしていますか。",
        "Do you currently care for a family member while working?",
        _o(
            ("yes", "している", "Yes"),
            ("no", "していない", "No"),
            ("prefer_not", "答えたくない", "Prefer not to say"),
        ),
        allow_prefer_not=False,
    ),
    Question(
        DEPENDENT_COUNT,
        "single",
        "介護が必要な親族の人数",
        "Number of relatives who need care",
        _o(
            ("0", "0人", "0"),
            ("1", "1人", "1"),
            ("2", "2人", "2"),
            ("3_plus", "3人以上", "3 or more"),
        ),
        caregivers_only=True,
    ),
    Question(
        DEPENDENTS,
        "dependents",
        "介護が必要なご家族について（最大3人）",
        "About the relatives who need care (up to 3)",
        caregivers_only=True,
    ),
    Question(
        BALANCING,
        "single",
        "介護と仕事の両立状況",
        "How are you balancing care and work?",
        _o(
            ("balancing_well", "両立できている", "Balancing well"),
            ("managing", "何とか両立している", "Managing with difficulty"),
            ("very_hard", "両立が非常に難しい", "Very hard"),
            ("considering_leaving", "離職を考えている", "Considering leaving"),
        ),
        caregivers_only=True,
    ),
    Question(
        PERFORMANCE,
        "scale",
        "介護開始前を10とすると、現在の仕事のパフォーマンスは？",
        "If your performance before care began was 10, what is it now?",
        caregivers_only=True,
        scale_min=0,
        scale_max=10,
    ),
    Question(
        CARE_HOURS,
        "single",
        "1週間あたりの介護時間",
        "Hours per week spent on care",
        _o(
            ("under_5", "5時間未満", "Under 5 hours"),
            ("5_10", "5〜10時間", "5–10 hours"),
            ("10_20", "10〜20時間", "10–20 hours"),
            ("20_plus", "20時間以上", "20 hours or more"),
        ),
        caregivers_only=True,
    ),
    Question(
        CARE_LEAVE_DAYS,
        "single",
        "過去1年間に介護のために取得した休暇・休業の日数",
        "Days of leave taken for care in the last year",
        _o(
            ("0", "0日", "None"),
            ("1_5", "1〜5日", "1–5 days"),
            ("6_20", "6〜20日", "6–20 days"),
            ("21_plus", "21日以上", "21 days or more"),
        ),
        caregivers_only=True,
    ),
    Question(
        LIKELY_FUTURE,
        "single",
        "今後5年以内に介護をする可能性",
        "Likelihood of starting to care within five years",
        _o(
            ("very_likely", "かなり高い", "Very likely"),
            ("possible", "可能性はある", "Possible"),
            ("no", "ない", "No"),
        ),
        section="ahead",
    ),
    Question(
        ANXIETY,
        "single",
        "仕事と介護の両立への不安",
        "Anxiety about combining work and care",
        _o(
            ("very_anxious", "非常に不安", "Very anxious"),
            ("anxious", "不安", "Anxious"),
            ("a_little", "少し不安", "A little"),
            ("not_anxious", "不安はない", "Not anxious"),
        ),
        section="ahead",
    ),
    Question(
        KNOWS_INSURANCE,
        "single",
        "公的介護保険制度を知っていますか。",
        "Do you know the public long-term-care insurance system?",
        _o(
            ("yes", "知っている", "Yes"),
            ("name_only", "名前だけ知っている", "Name only"),
            ("no", "知らない", "No"),
        ),
        section="knowledge",
    ),
    Question(
        KNOWS_CENTER,
        "single",
        "地域包括支援センターを知っていますか。",
        "Do you know the community comprehensive support center (地域包括支援センター)?",
        _o(
            ("knows_how", "利用方法まで知っている", "Know how to use it"),
            ("name_only", "名前だけ知っている", "Name only"),
            ("no", "知らない", "No"),
        ),
        section="knowledge",
    ),
    Question(
        KNOWS_MEASURES,
        "single",
        "会社の介護支援制度（介護休業、介護休暇、短時間勤務など）を知っていますか。",
        "Do you know the company's care support measures (care leave, care days, shorter hours…)?",
        _o(
            ("yes", "知っている", "Yes"),
            ("some", "一部知っている", "Some"),
            ("no", "知らない", "No"),
            ("unsure_exist", "制度があるかわからない", "Don't know whether they exist"),
        ),
        section="knowledge",
    ),
    Question(
        CAN_TALK,
        "single",
        "介護について上司や同僚に話せますか。",
        "Can you talk about care with your manager or colleagues?",
        _o(
            ("yes", "話せる", "Yes"),
            ("no", "話せない", "No"),
            ("not_sure", "わからない", "Not sure"),
        ),
        section="knowledge",
    ),
    Question(
        CAN_CONTINUE,
        "single",
        "介護が始まっても、この会社で働き続けられると思いますか。",
        "If care began, could you keep working here?",
        _o(
            ("yes", "働き続けられる", "Yes"),
            ("no", "難しい", "No"),
            ("dont_know", "わからない", "Don't know"),
        ),
        section="knowledge",
    ),
    Question(
        HELPFUL_SUPPORT,
        "multiple",
        "最も役立つと思う支援（複数選択可）",
        "Which support would help most? (choose any)",
        _o(
            ("flexible_hours", "柔軟な勤務時間", "Flexible hours"),
            ("telework", "テレワーク", "Telework"),
            ("leave", "休暇・休業", "Leave"),
            ("information", "情報提供", "Information"),
            ("consultation", "相談窓口", "Consultation"),
            ("external_services", "介護保険外サービス", "External services"),
            ("none", "特になし", "None"),
        ),
        section="knowledge",
    ),
    Question(
        COMMENT, "text", "ご意見・ご要望（自由記述）", "Comments (free text)", section="other"
    ),
)

QUESTIONS_BY_CODE: dict[str, Question] = {q.code: q for q in STANDARD_QUESTIONS}
CORE_CODES: frozenset[str] = frozenset(q.code for q in STANDARD_QUESTIONS if q.core)

# Respondent snapshot (from the roster at invitation, never typed by the employee).
AGE_BANDS = ("<=29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", ">=60")


def age_band(age: int) -> str:
    if age <= 29:
        return "<=29"
    if age >= 60:
        return ">=60"
    low = 30 + (age - 30) // 5 * 5
    return f"{low}-{low + 4}"


# 都道府県 (JIS X 0401 codes), the optional "prefecture" of a dependent's residence.
PREFECTURES: tuple[Option, ...] = tuple(
    Option(f"{i:02d}", ja, en)
    for i, (ja, en) in enumerate(
        (
            ("北海道", "Hokkaido"),
            ("青森県", "Aomori"),
            ("岩手県", "Iwate"),
            ("宮城県", "Miyagi"),
            ("秋田県", "Akita"),
            ("山形県", "Yamagata"),
            ("福島県", "Fukushima"),
            ("茨城県", "Ibaraki"),
            ("栃木県", "Tochigi"),
            ("群馬県", "Gunma"),
            ("埼玉県", "Saitama"),
            ("千葉県", "Chiba"),
            ("東京都", "Tokyo"),
            ("神奈川県", "Kanagawa"),
            ("新潟県", "Niigata"),
            ("富山県", "Toyama"),
            ("石川県", "Ishikawa"),
            ("福井県", "Fukui"),
            ("山梨県", "Yamanashi"),
            ("長野県", "Nagano"),
            ("岐阜県", "Gifu"),
            ("静岡県", "Shizuoka"),
            ("愛知県", "Aichi"),
            ("三重県", "Mie"),
            ("滋賀県", "Shiga"),
            ("京都府", "Kyoto"),
            ("大阪府", "Osaka"),
            ("兵庫県", "Hyogo"),
            ("奈良県", "Nara"),
            ("和歌山県", "Wakayama"),
            ("鳥取県", "Tottori"),
            ("島根県", "Shimane"),
            ("岡山県", "Okayama"),
            ("広島県", "Hiroshima"),
            ("山口県", "Yamaguchi"),
            ("徳島県", "Tokushima"),
            ("香川県", "Kagawa"),
            ("愛媛県", "Ehime"),
            ("高知県", "Kochi"),
            ("福岡県", "Fukuoka"),
            ("佐賀県", "Saga"),
            ("長崎県", "Nagasaki"),
            ("熊本県", "Kumamoto"),
            ("大分県", "Oita"),
            ("宮崎県", "Miyazaki"),
            ("鹿児島県", "Kagoshima"),
            ("沖縄県", "Okinawa"),
        ),
        start=1,
    )
)
