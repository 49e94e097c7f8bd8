"""The METI guideline (仕事と介護の両立支援に関する経営者向けガイドライン, 2024-03) as data.

Steps 1–3 hold the nine actions every company's plan has; the optional actions (by
resources) follow. Each action says what it means in practice for a busy HR manager and which
practical fields it records (``details``): the fields are part of the action, not free notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from hrcare.core.i18n import _l

STATUSES = ("not_started", "in_progress", "done", "not_applicable")
STATUS_LABELS = {
    "not_started": _l("未着手"),
    "in_progress": _l("実施中"),
    "done": _l("完了"),
    "not_applicable": _l("対象外"),
}


@dataclass(frozen=True)
class Detail:
    """A practical field of an action: ``text`` (one line), ``long`` (several), ``date``."""

    name: str
    kind: str
    label: object


@dataclass(frozen=True)
class Action:
    code: str
    step: int  # 1–3; 0 for the optional actions
    title: object
    guidance: object
    details: tuple[Detail, ...] = ()

    @property
    def optional(self) -> bool:
        return self.step == 0


STEPS = {
    1: _l("ステップ1 経営層のコミットメント"),
    2: _l("ステップ2 実態の把握と対応"),
    3: _l("ステップ3 情報発信"),
    0: _l("任意の取組（資源に応じて）"),
}

ACTIONS: tuple[Action, ...] = (
    Action(
        "1-1",
        1,
        _l("経営者自身が「介護」について知る"),
        _l(
            "経営者が介護保険制度、法定の両立支援制度、自社の従業員が置かれた状況を知る機会をつくります。"
            "研修・資料・外部セミナーなど、何で知ったかを記録します。"
        ),
        (Detail("how", "long", _l("経営者が知った方法（研修・資料など）")),),
    ),
    Action(
        "1-2",
        1,
        _l("経営者からのメッセージ発信"),
        _l(
            "介護をしながら働き続けてほしいという経営者自身の言葉を、全従業員に届けます。"
            "メッセージ本文、発信日、発信方法（社内報・朝礼・イントラネットなど）を記録します。"
        ),
        (
            Detail("message", "long", _l("メッセージ本文")),
            Detail("sent_on", "date", _l("発信日")),
            Detail("channels", "text", _l("発信方法")),
        ),
    ),
    Action(
        "1-3",
        1,
        _l("推進体制の整備"),
        _l("両立支援を進める担当者またはチームと、経営層への報告の流れを決めます。"),
        (
            Detail("team", "text", _l("担当者・チーム")),
            Detail("reporting", "text", _l("経営層への報告の頻度・方法")),
        ),
    ),
    Action(
        "2-1",
        2,
        _l("アンケート・聴取による実態把握"),
        _l(
            "従業員アンケートで、介護をしている人・今後の可能性がある人・制度の認知を把握します。"
            "回答率が低いと実態を見誤るため、周知の方法も工夫します。"
        ),
    ),
    Action(
        "2-2",
        2,
        _l("人材戦略の具体化"),
        _l(
            "アンケート結果と経済損失の試算をもとに、介護による離職やパフォーマンス低下を"
            "人材戦略のリスクとして位置づけ、対応方針を決めます。"
        ),
        (Detail("policy", "long", _l("人材戦略上の位置づけ・対応方針")),),
    ),
    Action(
        "2-3",
        2,
        _l("適切な指標の設定"),
        _l(
            "毎回のアンケートで追う指標（介護をしている人の割合、離職を考えている人の割合、"
            "法定の両立支援制度の認知、回答率）を選び、目標値を決めます。"
        ),
    ),
    Action(
        "3-1",
        3,
        _l("介護保険制度などの基礎情報の提供"),
        _l(
            "介護休業・介護休暇などの両立支援制度、申出先、介護休業給付金、介護保険制度、"
            "地域包括支援センターをまとめた情報パックを全従業員に配布します。"
        ),
        (
            Detail("contents", "long", _l("情報パックの内容")),
            Detail("distributed_on", "date", _l("配布日")),
            Detail("how", "text", _l("配布方法")),
        ),
    ),
    Action(
        "3-2",
        3,
        _l("研修の実施"),
        _l(
            "管理職と従業員向けに、両立支援制度と相談先の研修を行い、開催日と参加者数を記録します。"
        ),
    ),
    Action(
        "3-3",
        3,
        _l("相談先の明示"),
        _l(
            "社内の相談窓口（担当者・連絡方法）を明示し、従業員ホームに表示します。"
            "親が住む地域の地域包括支援センターなど、社外の相談先も案内します。"
        ),
        (Detail("outside", "long", _l("案内している社外の相談先")),),
    ),
    Action(
        "opt-hr",
        0,
        _l("人事労務制度の充実"),
        _l("テレワーク、柔軟な勤務時間、法定を上回る休業・休暇など、自社の制度を見直します。"),
    ),
    Action(
        "opt-consult",
        0,
        _l("個別相談の充実"),
        _l("介護に直面した従業員が個別に相談できる場（社内窓口・外部専門家）を整えます。"),
    ),
    Action(
        "opt-community",
        0,
        _l("コミュニティー形成"),
        _l("介護を経験した従業員同士が話せる場をつくります。"),
    ),
    Action(
        "opt-effect",
        0,
        _l("効果検証"),
        _l("2-3で選んだ指標の変化を回ごとに確認し、取組の効果と見直しを検討します。"),
    ),
    Action(
        "opt-external",
        0,
        _l("外部リソースの活用（地域との連携）"),
        _l("自治体、地域包括支援センター、介護保険外サービスなど社外の資源と連携します。"),
    ),
)

ACTIONS_BY_CODE: dict[str, Action] = {a.code: a for a in ACTIONS}
REQUIRED_CODES: tuple[str, ...] = tuple(a.code for a in ACTIONS if not a.optional)


def action(code: str) -> Action | None:
    return ACTIONS_BY_CODE.get(code)


#: The ledger's measures (雇用環境の整備 and the other duties), by code (models.MEASURE_CODES).
MEASURE_LABELS = {
    "training": _l("研修の実施"),
    "desk": _l("相談体制（相談窓口）の整備"),
    "cases": _l("自社の利用事例の収集・提供"),
    "policy": _l("制度利用促進の方針の周知"),
    "care_days_new_staff": _l(
        "入社6か月未満の従業員も介護休暇を取得できる（労使協定による除外の廃止）"
    ),
    "telework": _l("介護をする従業員がテレワークを選べるようにする（努力義務）"),
}


#: The ledger's labels (forms, pages, exports and the PDF share them).
METHOD_LABELS = {
    "meeting": _l("面談"),
    "online": _l("オンライン面談"),
    "letter": _l("書面の交付"),
    "fax": _l("FAX（本人が希望した場合）"),
    "email": _l("電子メール（本人が希望した場合）"),
    "intranet": _l("社内ポータル・イントラネット"),
}
INTENTION_LABELS = {
    "wants_to_use": _l("制度の利用を希望する"),
    "considering": _l("利用を検討中"),
    "not_now": _l("現時点では利用の希望なし"),
    "undecided": _l("意向をまだ表明していない"),
}
ITEM_LABELS = {
    "told_measures": _l(
        "介護休業・両立支援制度等（介護休暇、所定外労働・時間外労働・深夜業の制限、短時間勤務等の措置）"
    ),
    "told_where": _l("申出先（担当者・部署）"),
    "told_benefit": _l("介護休業給付金"),
    "asked_intention": _l("制度利用の意向の確認"),
}
