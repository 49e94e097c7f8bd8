"""The demo's hub and companies: who they are, how large, and the shape of their rosters.

Data only; ``generator`` turns each company into a roster and the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

# Share of employees by band (労働力調査 2023, 雇用者, approximate): 20–24 … 60–64.
NATIONAL_AGE_WEIGHTS = (7.5, 9.5, 9.5, 10.5, 11.5, 13.5, 14.0, 12.5, 9.5)
# A software company: a little younger, still most employees in their forties and fifties.
IT_AGE_WEIGHTS = (8.0, 11.0, 11.0, 12.0, 12.0, 13.0, 13.0, 11.0, 7.0)


@dataclass(frozen=True)
class CompanySpec:
    slug: str
    name: str
    size: int
    hub_slug: str | None
    domain: str
    founded: int
    departments: tuple[tuple[str, float], ...]
    male_share: float = 0.6
    manager_rate: float = 0.12
    age_weights: tuple[float, ...] = NATIONAL_AGE_WEIGHTS
    anonymity_threshold: int = 5
    age40_window: str = "fiscal_year"
    consultation_contact: str = ""


@dataclass(frozen=True)
class HubSpec:
    slug: str
    name: str
    domain: str


HUB = HubSpec(slug="demo-hub", name="東海中小企業両立支援ハブ", domain="tokai-hub.example.jp")
PLATFORM_ADMIN_EMAIL = "admin@hrcare-demo.example.jp"
COMPANIES: tuple[CompanySpec, ...] = (
    CompanySpec(
        slug="demo-small",
        name="有限会社丸山精工",
        size=40,
        hub_slug=HUB.slug,
        domain="maruyama-seiko.example.jp",
        founded=1978,
        male_share=0.7,
        departments=(("製造部", 0.6), ("営業部", 0.15), ("品質保証部", 0.1), ("総務部", 0.15)),
        consultation_contact="総務部 両立支援相談窓口（内線 201）",
    ),
    CompanySpec(
        slug="demo-mid",
        name="株式会社東海フーズ",
        size=300,
        hub_slug=HUB.slug,
        domain="tokai-foods.example.jp",
        founded=1962,
        male_share=0.55,
        departments=(
            ("製造部", 40),
            ("品質保証部", 8),
            ("物流部", 12),
            ("営業部", 15),
            ("開発部", 6),
            ("生産管理部", 6),
            ("総務部", 5),
            ("人事部", 3),
            ("経理部", 3),
            ("情報システム部", 2),
        ),
        consultation_contact="人事部 仕事と介護の両立相談窓口\n内線 310 ／ soudan@tokai-foods.example.jp\n受付：平日 9:00〜17:00",
    ),
    CompanySpec(
        slug="demo-large",
        name="中部モビリティ工業株式会社",
        size=3000,
        hub_slug=HUB.slug,
        domain="chubu-mobility.example.jp",
        founded=1950,
        male_share=0.72,
        manager_rate=0.13,
        departments=(
            ("製造部", 38),
            ("生産技術部", 8),
            ("品質保証部", 7),
            ("開発部", 12),
            ("営業部", 9),
            ("購買部", 4),
            ("物流部", 8),
            ("情報システム部", 3),
            ("総務部", 3),
            ("人事部", 3),
            ("経理部", 2),
            ("経営企画部", 1),
            ("法務部", 1),
            ("カスタマーサポート部", 1),
        ),
        anonymity_threshold=10,
        consultation_contact="人事部 両立支援グループ（介護相談窓口）\n外部相談ダイヤル 0120-000-000（24時間）",
    ),
    CompanySpec(
        slug="demo-solo",
        name="株式会社さくらシステムズ",
        size=120,
        hub_slug=None,
        domain="sakura-systems.example.jp",
        founded=2003,
        male_share=0.68,
        age_weights=IT_AGE_WEIGHTS,
        departments=(
            ("開発部", 50),
            ("インフラ運用部", 12),
            ("営業部", 14),
            ("カスタマーサポート部", 12),
            ("総務部", 5),
            ("人事部", 4),
            ("経理部", 3),
        ),
        age40_window="one_year",
        consultation_contact="管理本部 人事担当（soudan@sakura-systems.example.jp）",
    ),
)
