"""The outside-services directory: who sees which entry, filtering, adding entries.

A company sees the platform's entries, its hub's entries and its own. Staff and HR admins
add company entries; hub and platform entries come from the hub or the platform (the demo
loader and the command line today).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from hrcare.consultations.directory_models import CATEGORY_LABELS, PREFECTURES, OutsideService
from hrcare.core.i18n import _l

MAX_TEXT = 500


class DirectoryError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _visible(company_id: int, hub_id: int | None) -> Select[tuple[OutsideService]]:
    owners = [OutsideService.scope == "platform", OutsideService.company_id == company_id]
    if hub_id is not None:
        owners.append(OutsideService.hub_id == hub_id)
    return select(OutsideService).where(or_(*owners))


def visible_entries(
    session: Session,
    company_id: int,
    hub_id: int | None,
    *,
    category: str | None = None,
    prefecture: str | None = None,
) -> list[OutsideService]:
    """Entries the company sees, filtered in Python (JSON lists differ between backends)."""
    rows = session.scalars(_visible(company_id, hub_id).order_by(OutsideService.name)).all()
    out = []
    for row in rows:
        if category and category not in row.categories:
            continue
        if prefecture and row.prefectures and prefecture not in row.prefectures:
            continue
        out.append(row)
    return out


def visible_by_ids(
    session: Session, company_id: int, hub_id: int | None, ids: Sequence[int]
) -> list[OutsideService]:
    if not ids:
        return []
    return list(
        session.scalars(_visible(company_id, hub_id).where(OutsideService.id.in_(list(ids))))
    )


@dataclass(frozen=True)
class EntryData:
    name: str
    provider: str
    categories: list[str]
    prefectures: list[str]
    municipalities: str
    is_public: bool
    price_note: str
    contact: str
    url: str


def _check(data: EntryData) -> None:
    if not data.name.strip() or len(data.name) > 200:
        raise DirectoryError(_l("サービス名を200文字以内で入力してください。"))
    if not data.categories or any(c not in CATEGORY_LABELS for c in data.categories):
        raise DirectoryError(_l("分類を1つ以上選んでください。"))
    if any(p not in PREFECTURES for p in data.prefectures):
        raise DirectoryError(_l("都道府県は一覧から選んでください。"))
    for text in (data.provider, data.municipalities, data.price_note, data.contact, data.url):
        if len(text) > MAX_TEXT:
            raise DirectoryError(_l("各項目は%(n)s文字以内で入力してください。", n=MAX_TEXT))
    if data.url and not data.url.startswith(("https://", "http://")):
        raise DirectoryError(_l("URLは https:// で始まる形で入力してください。"))


def add_entry(
    session: Session,
    *,
    data: EntryData,
    actor_id: int | None,
    company_id: int | None = None,
    hub_id: int | None = None,
) -> OutsideService:
    """Add an entry kept by a company, a hub, or (neither given) the platform."""
    _check(data)
    scope = "company" if company_id else "hub" if hub_id else "platform"
    entry = OutsideService(
        scope=scope,
        company_id=company_id,
        hub_id=None if company_id else hub_id,
        name=data.name.strip(),
        provider=data.provider.strip(),
        categories=[c for c in CATEGORY_LABELS if c in data.categories],
        prefectures=[p for p in PREFECTURES if p in data.prefectures],
        municipalities=data.municipalities.strip(),
        is_public=data.is_public,
        price_note=data.price_note.strip(),
        contact=data.contact.strip(),
        url=data.url.strip(),
        created_by_id=actor_id,
    )
    session.add(entry)
    session.flush()
    return entry


def company_entry_or_none(
    session: Session, company_id: int, entry_id: int
) -> OutsideService | None:
    """A company's own entry (the only kind a company may delete)."""
    return session.scalars(
        select(OutsideService).where(
            OutsideService.id == entry_id, OutsideService.company_id == company_id
        )
    ).first()
