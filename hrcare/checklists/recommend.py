"""Recommendations from data: one readable table of rules.

Each rule reads one published figure of the latest released survey wave (``figures``) — or the
plan itself — and, when it fires, says which rule fired, the figure behind it and the actions
it advances (plan actions by code, ledger measures as ``measure:<code>``). A figure that is not
published (below the anonymity threshold, or no closed wave) never fires a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hrcare.checklists import figures, plan
from hrcare.checklists.figures import WaveFigures
from hrcare.core.i18n import _l
from hrcare.loss import services as loss
from hrcare.tenants.services import Company

#: METI's national rate at which working caregivers leave their job each year (2030
#: estimate, the loss model's ``caregiver_separation_rate``), in percent.
NATIONAL_LEAVING_PCT = round(loss.LossParameters().caregiver_separation_rate * 100, 1)


@dataclass(frozen=True)
class Rule:
    code: str
    metric: str | None  # the figure it reads; None: it reads the plan
    fires: Callable[[float], bool]
    limit: float
    actions: tuple[str, ...]
    rule_text: object  # what the rule says, in words
    because: object  # the figure behind it: a lazy string taking value, n and limit


RULES: tuple[Rule, ...] = (
    Rule(
        "knowledge_low",
        "knows_legal_share",
        lambda v: v < 50,
        50,
        ("3-1", "3-2"),
        _l("法定の両立支援制度を知っている人が半数未満 → 情報提供と研修"),
        _l("介護休業などの制度を知っている人：%(value)s％（回答%(n)s人）、基準%(limit)s％未満"),
    ),
    Rule(
        "response_low",
        "response_rate",
        lambda v: v < 50,
        50,
        ("2-1",),
        _l("アンケートの回答率が50％未満 → 実態把握のやり方を見直す"),
        _l("回答率：%(value)s％（対象%(n)s人）、基準%(limit)s％未満"),
    ),
    Rule(
        "relatives_far",
        "far_relatives_share",
        lambda v: v >= 30,
        30,
        ("measure:telework", "opt-external"),
        _l("遠距離（1時間以上）に住む要介護の親族が多い → テレワークと介護保険外サービスの情報"),
        _l("遠距離に住む親族の割合：%(value)s％（%(n)s人分）、基準%(limit)s％以上"),
    ),
    Rule(
        "leaving_high",
        "considering_leaving_share",
        lambda v: v >= NATIONAL_LEAVING_PCT,
        NATIONAL_LEAVING_PCT,
        ("opt-consult", "opt-hr"),
        _l("離職を考えている介護中の人の割合が全国の介護離職率以上 → 個別相談と人事労務制度"),
        _l(
            "介護をしている人のうち離職を考えている人：%(value)s％（回答%(n)s人）、"
            "全国の介護離職率%(limit)s％以上"
        ),
    ),
    Rule(
        "no_release",
        None,
        lambda v: v == 0,
        0,
        ("2-1",),
        _l("公開された調査結果がない → アンケートで実態を把握する"),
        _l("締め切った調査回：%(value)s回"),
    ),
    Rule(
        "no_indicators",
        None,
        lambda v: v == 0,
        0,
        ("2-3",),
        _l("追う指標が決まっていない → 指標と目標値を設定する"),
        _l("設定された指標：%(value)s個"),
    ),
)


@dataclass(frozen=True)
class Recommendation:
    rule: Rule
    value: float
    n: int | None

    @property
    def because(self) -> str:
        """The figure behind the rule, in the reader's language."""
        values = {
            "value": f"{self.value:g}",
            "n": f"{self.n:,}" if self.n is not None else "—",
            "limit": f"{self.rule.limit:g}",
        }
        return str(self.rule.because) % values


def evaluate(
    latest: WaveFigures | None, indicators: dict[str, float | None]
) -> list[Recommendation]:
    """Pure: the rules that fire for these figures and this plan, in table order."""
    fired = []
    for rule in RULES:
        if rule.code == "no_release":
            value, n = (0.0 if latest is None else 1.0), None
        elif rule.code == "no_indicators":
            value, n = float(len(indicators)), None
        else:
            figure = latest.get(rule.metric) if latest is not None and rule.metric else None
            if figure is None:
                continue
            value, n = figure.pct, figure.n
        if rule.fires(value):
            fired.append(Recommendation(rule, value, n))
    return fired


def recommendations(session: Session, company: Company) -> list[Recommendation]:
    latest = figures.latest_released(figures.company_waves(session, company))
    return evaluate(latest, plan.tracked_indicators(session, company.id))
