from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrcare.core.db import Base, utcnow
from hrcare.core.roles import Role
from hrcare.tenants.models import Company, Hub

_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in Role)


class User(Base):
    """An account. Company roles carry ``company_id``; a hub operator carries ``hub_id``."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_VALUES})", name="role"),
        CheckConstraint(
            "(role IN ('platform_admin') AND company_id IS NULL AND hub_id IS NULL)"
            " OR (role = 'hub_operator' AND hub_id IS NOT NULL AND company_id IS NULL)"
            " OR (role NOT IN ('platform_admin', 'hub_operator') AND company_id IS NOT NULL)",
            name="role_scope",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    hub_id: Mapped[int | None] = mapped_column(
        ForeignKey("hubs.id", ondelete="CASCADE"), index=True
    )
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), index=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Bumped whenever a password is set; invitation/reset tokens carry it, so each is single-use.
    credentials_version: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # When the last password-reset mail went out: at most one per few minutes (no mail bombing).
    password_reset_sent_at: Mapped[datetime | None] = mapped_column()

    company: Mapped[Company | None] = relationship()
    hub: Mapped[Hub | None] = relationship()

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class UserSession(Base):
    """A server-side session: logout, password change and disable end it on the server."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed sign-in, for throttling per account and per address (no password kept)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the e-mail
    address_key: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the IP
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
