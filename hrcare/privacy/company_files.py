"""A deleted company's stored files (``company.run``): moved aside before the commit,
removed after it, moved back if it fails; ``recover`` finishes what a dead process left.

The company's files are the ``c<id>/`` and ``reports/<id>/`` folders of the file store, plus
any file a deleted row named (``CompanyPurge.file_keys``). They are first moved into a trash
folder of the store (a rename: same file system, no copy), then the database commits, then
the trash is removed; if the commit fails they are moved back, so a failure at any step
leaves rows and files as they were. A process killed between the commit and the removal
leaves a trash folder that the retention job finishes (``recover``).
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from hrcare.tenants.models import Company

if TYPE_CHECKING:
    from hrcare.privacy.company import CompanyPurge


def company_folders(store: Path, company_id: int) -> list[Path]:
    """The folders of the file store that belong to one company (every feature stores a
    company's files under one of them: ``c<id>/…`` evidence and attachments, ``reports/<id>``)."""
    return [store / f"c{company_id}", store / "reports" / str(company_id)]


@dataclass
class StagedFiles:
    """Files moved aside before the commit: ``restore`` puts them back, ``discard`` removes
    them for good. The trash folder names the company and lists what it moved
    (``moved.json``), so ``recover`` can finish the work of a process that died between the
    two steps."""

    trash: Path
    moved: list[tuple[Path, Path]] = field(default_factory=list)

    def write_manifest(self) -> None:
        listing = [[str(original), str(aside)] for original, aside in self.moved]
        (self.trash / MANIFEST).write_text(json.dumps(listing), encoding="utf-8")

    def restore(self) -> None:
        for original, aside in reversed(self.moved):
            original.parent.mkdir(parents=True, exist_ok=True)
            aside.rename(original)
        shutil.rmtree(self.trash, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)


MANIFEST = "moved.json"
TRASH_PREFIX = ".purge-c"
STALE_AFTER = timedelta(hours=1)


def stage_files(store: Path, summary: CompanyPurge) -> StagedFiles:
    """Move the company's folders and every file its rows named into a trash folder of the
    store (a rename: same file system, no copy). Undone by itself if a move fails."""
    staged = StagedFiles(store / f"{TRASH_PREFIX}{summary.company_id}-{secrets.token_hex(8)}")
    staged.trash.mkdir(parents=True)
    candidates = company_folders(store, summary.company_id) + [
        store / key for key in summary.file_keys
    ]
    try:
        for n, path in enumerate(candidates):
            if path.exists() and store.resolve() in path.resolve().parents:
                aside = staged.trash / str(n)
                path.rename(aside)
                staged.moved.append((path, aside))
                staged.write_manifest()
    except OSError:
        staged.restore()
        raise
    summary.files = sum(1 for p in staged.trash.rglob("*") if p.is_file() and p.name != MANIFEST)
    return staged


def recover(session: Session, store: Path, now: datetime) -> int:
    """Trash folders a dead process left (the retention job runs this): the company is gone →
    the deletion was committed, remove the files; it still exists → the commit never
    happened, put the files back. Only folders older than ``STALE_AFTER`` (a deletion in
    progress is left alone). Returns the number of folders handled."""
    handled = 0
    limit = (now - STALE_AFTER).timestamp()
    for trash in sorted(store.glob(f"{TRASH_PREFIX}*-*")):
        company_id = trash.name[len(TRASH_PREFIX) :].split("-", 1)[0]
        if not trash.is_dir() or not company_id.isdigit() or trash.stat().st_mtime >= limit:
            continue
        listing = trash / MANIFEST
        moved = json.loads(listing.read_text(encoding="utf-8")) if listing.is_file() else []
        staged = StagedFiles(trash, [(Path(a), Path(b)) for a, b in moved])
        if session.get(Company, int(company_id)) is None:
            staged.discard()
        else:
            staged.restore()
        handled += 1
    return handled
