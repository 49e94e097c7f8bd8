from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrcare.core.db import Base, utcnow

# 2–63 characters: lowercase letters, digits and inner hyphens (it appears in URLs).
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$"
MIN_ANONYMITY_THRESHOLD = 5
AGE40_WINDOWS = ("fiscal_year", "one_year")


class Hub(Base):
    """A 中小企業両立支援ハブ operator supporting several client companies."""

    __tablename__ = "hubs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    companies: Mapped[list[Company]] = relationship(back_populates="hub")


class Company(Base):
    """The tenant. Every tenant-owned row carries ``company_id``."""

    __tablename__ = "companies"
    __table_args__ = (
        CheckConstraint(
            f"anonymity_threshold >= {MIN_ANONYMITY_THRESHOLD}", name="anonymity_threshold_min"
        ),
        CheckConstraint("age40_window IN ('fiscal_year', 'one_year')", name="age40_window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    hub_id: Mapped[int | None] = mapped_column(
        ForeignKey("hubs.id", ondelete="SET NULL"), index=True
    )
    anonymity_threshold: Mapped[int] = mapped_column(default=MIN_ANONYMITY_THRESHOLD)
    # 2025 law, 早期の情報提供: the window the company chose for the age-40 information.
    age40_window: Mapped[str] = mapped_column(String(20), default="fiscal_year")
    # Shown to employees: where to turn (相談窓口). Free text set by HR in the company settings.
    consultation_contact: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hub: Mapped[Hub | None] = relationship(back_populates="companies")
