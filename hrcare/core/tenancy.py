"""Tenant scoping: the current company, the scoped getter, and the ORM safety net.

Every company-scoped route carries ``<company>`` (the company slug) in its URL; the tenants
feature resolves it for the signed-in user and calls ``set_current_company``. A company the
user may not reach answers 404, exactly like a missing one. Loads then go through
``get_or_404``/``scoped_select``; in addition, a session-level filter adds the tenant criterion
to every ORM SELECT of a ``TenantMixin`` model, so a forgotten ``where`` cannot leak rows.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, g
from sqlalchemy import Select, event, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from werkzeug.routing import IntegerConverter

from hrcare.core.db import TenantMixin

T = TypeVar("T")

# The largest id an ``id`` column holds (INTEGER: signed 32-bit on PostgreSQL). A bigger
# number in a URL names no row, but reaching the database it raises instead of finding
# nothing (PostgreSQL: integer out of range; SQLite above 2**63: OverflowError): a 500.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in URLs, bounded to ids a database can hold: anything larger is a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def set_current_company(session: Session, company: Any) -> None:
    g.company = company
    session.info["company_id"] = company.id


def clear_current_company(session: Session) -> None:
    g.pop("company", None)
    session.info.pop("company_id", None)


def current_company() -> Any:
    company = g.get("company")
    if company is None:
        abort(404)
    return company


def scoped_select(session: Session, model: type[T]) -> Select[tuple[T]]:
    company_id = session.info.get("company_id")
    if company_id is None:
        raise RuntimeError("scoped_select called outside a tenant context")
    return select(model).where(model.company_id == company_id)  # type: ignore[attr-defined]


def get_or_404(session: Session, model: type[T], object_id: Any) -> T:
    """Load one tenant-owned object of the current company, or answer 404."""
    key: Any = object_id
    if model.__table__.c.id.type.python_type is int:  # type: ignore[attr-defined]
        try:
            key = int(object_id)
        except (TypeError, ValueError):
            abort(404)
        if not -MAX_ID <= key <= MAX_ID:
            abort(404)
    obj = session.scalars(scoped_select(session, model).where(model.id == key)).first()  # type: ignore[attr-defined]
    if obj is None:
        abort(404)
    return obj


def _add_tenant_criteria(state: ORMExecuteState) -> None:
    company_id = state.session.info.get("company_id")
    if company_id is None or not state.is_select or state.execution_options.get("all_tenants"):
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantMixin,
            lambda cls: cls.company_id == company_id,
            include_aliases=True,
        )
    )


def install_tenant_filter(session_class: type[Session]) -> None:
    """Add ``company_id = current`` to ORM SELECTs of tenant models when a tenant is set."""
    if not event.contains(session_class, "do_orm_execute", _add_tenant_criteria):
        event.listen(session_class, "do_orm_execute", _add_tenant_criteria)
