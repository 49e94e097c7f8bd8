"""Scope-owned records: a row that belongs to a company, a hub, or the platform.

Job runs and audit events are written for every kind of place a person works in: a company
(HR's import), a hub (a batch over its clients), or the platform (a platform admin's mail).
One pair of nullable columns and a CHECK say which; both empty means the platform. A model
that is also a ``TenantMixin`` (job runs) stays under the tenant filter: inside a company only
that company's rows are visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CheckConstraint, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


@dataclass(frozen=True)
class Scope:
    """Where a record belongs: a company, a hub, or (both None) the platform."""

    company_id: int | None = None
    hub_id: int | None = None

    def __post_init__(self) -> None:
        if self.company_id is not None and self.hub_id is not None:
            raise ValueError("a record belongs to a company or a hub, not both")


PLATFORM = Scope()


class ScopedMixin:
    """``company_id`` or ``hub_id`` or neither (the platform), never both."""

    @declared_attr
    def company_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(
            Integer, ForeignKey("companies.id", ondelete="CASCADE"), index=True, nullable=True
        )

    @declared_attr
    def hub_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(
            Integer, ForeignKey("hubs.id", ondelete="CASCADE"), index=True, nullable=True
        )

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:  # noqa: N805
        return (CheckConstraint("company_id IS NULL OR hub_id IS NULL", name="one_scope"),)

    @property
    def scope(self) -> Scope:
        return Scope(company_id=self.company_id, hub_id=self.hub_id)
