from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrcare.core.db import Base, utcnow
from hrcare.core.roles import COMPANY_ROLES, HUB_ROLES, Role
from hrcare.core.scope import PLATFORM, Scope

if TYPE_CHECKING:  # tenants sits above auth: its models are named, not imported
    from hrcare.tenants.models import Company, Hub

_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in Role)
_HUB_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in sorted(HUB_ROLES))
_COMPANY_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in sorted(COMPANY_ROLES))


class User(Base):
    """A person's account. What they may do comes from their memberships, not from here."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
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

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user",
        order_by="Membership.id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    @property
    def primary(self) -> Membership | None:
        """The first membership: the default place, and the scope of account mails."""
        return self.memberships[0] if self.memberships else None

    @property
    def scope(self) -> Scope:
        """Where the account's own records (mails, audit of its password) belong: the place
        of its first membership, or the platform."""
        m = self.primary
        if m is None:
            return PLATFORM
        return Scope(company_id=m.company_id, hub_id=m.hub_id)

    @property
    def organisation(self) -> str | None:
        """The name of the first membership's company or hub (mails address the person there)."""
        m = self.primary
        if m is None:
            return None
        place = m.company or m.hub
        return place.name if place is not None else None

    @property
    def role_values(self) -> frozenset[str]:
        """Every role the person holds anywhere (the policy's first, coarse check)."""
        return frozenset(m.role for m in self.memberships)


class Membership(Base):
    """A role held in a place: a company role in a company, a hub role in a hub, or the
    platform administrator role on its own. A person holds several (HR admin and
    consultation desk of one company; a hub consultant assigned to several clients)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_VALUES})", name="role"),
        CheckConstraint(
            f"(role = 'platform_admin' AND company_id IS NULL AND hub_id IS NULL)"
            f" OR (role IN ({_HUB_ROLE_VALUES}) AND hub_id IS NOT NULL AND company_id IS NULL)"
            f" OR (role IN ({_COMPANY_ROLE_VALUES}) AND company_id IS NOT NULL AND hub_id IS NULL)",
            name="role_scope",
        ),
        UniqueConstraint("user_id", "role", "company_id", "hub_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    hub_id: Mapped[int | None] = mapped_column(
        ForeignKey("hubs.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    company: Mapped[Company | None] = relationship("Company", lazy="joined")
    hub: Mapped[Hub | None] = relationship("Hub", lazy="joined")

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
    # The place in force (see ``tenants.places``): the membership the person works under, and
    # for a hub operator the client company they explicitly entered (audited).
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL")
    )
    client_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed sign-in, for throttling per account and per address (no password kept)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the e-mail
    address_key: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the IP
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
