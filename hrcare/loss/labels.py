"""Japanese names of the model's components, methods and bases.

Plain strings (no Flask): the command line prints them as they are, and the web
pages look them up in the ``loss`` catalog (they are its msgids), so the two
never drift apart.  Yen amounts are formatted by ``hrcare.core.formatting``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "AGE_BAND_LABELS_JA",
    "BASIS_LABELS_JA",
    "COMPONENT_LABELS_JA",
    "METHOD_LABELS_JA",
    "PARAMETER_SET_LABELS_JA",
    "POSITION_LABELS_JA",
    "SEPARATION_LABELS_JA",
]

#: Japanese names of the result components, as in METI's estimate.
COMPONENT_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "productivity_loss_yen": "仕事と介護の両立困難による労働生産性損失額",
        "separation_labour_loss_yen": "介護離職による労働損失額",
        "training_cost_loss_yen": "介護離職による育成費用損失額",
        "replacement_cost_yen": "介護離職による代替人員採用に係るコスト",
        "total_yen": "合計",
    }
)

METHOD_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "flat": "一律（全体の低下度）",
        "age_band": "年齢別の低下度",
        "position": "役職別の低下度（管理職／非管理職）",
        "self_reported": "本人回答（介護開始前を10とした現在のパフォーマンス）",
    }
)

SEPARATION_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "national_rate": "全国の介護離職率",
        "survey_intent": (
            "上限：「離職を考えている」と回答したビジネスケアラーが全員離職した場合"
            "（回答者での割合を推計ビジネスケアラー数に当てはめた値）"
        ),
        "reported": "入力された介護離職者数",
    }
)

#: Parameter sets as a reader names them (the slug stays in exports and the CLI).
PARAMETER_SET_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {"meti-2030": "経済産業省の試算（2030年推計）の既定値"}
)

BASIS_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "survey": "社内調査",
        "national_average": "全国平均（社内調査前の目安）",
        "aggregate": "入力された人数",
    }
)

#: Age bands as a reader writes them (keys: ``params.AGE_BANDS``).
AGE_BAND_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "<=29": "29歳以下",
        "30-34": "30〜34歳",
        "35-39": "35〜39歳",
        "40-44": "40〜44歳",
        "45-49": "45〜49歳",
        "50-54": "50〜54歳",
        "55-59": "55〜59歳",
        ">=60": "60歳以上",
    }
)

POSITION_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {"manager": "管理職", "non_manager": "非管理職"}
)
