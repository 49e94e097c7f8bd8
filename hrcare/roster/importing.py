"""Roster import services: plan a parsed file against the roster and write it whole (the
web flow's uploads are in ``uploads``; the command line commits a file directly).

The uploaded file lives in ``roster_uploads`` between preview and commit, so any app process
(or a worker) can serve the confirmation. It is parsed once, at upload (``roster.stored``);
the commit plans again against the roster as it is then — nothing the browser previewed is
trusted — and writes everything or nothing: a file with any error writes
nothing, and the writes are a handful of bulk statements (no per-row ORM objects), so a
50,000-row roster fits in one request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from hrcare.core.audit import record
from hrcare.core.clock import today_jst
from hrcare.roster import fields as f
from hrcare.roster.importer import (
    EmployeeRecord,
    ImportLimits,
    ParsedRoster,
    RowError,
    parse_roster,
)
from hrcare.roster.models import Employee
from hrcare.tenants.services import Company

UPLOAD_TTL = timedelta(days=1)
SAMPLE_SIZE = 20
COMPARED: tuple[str, ...] = tuple(name for name in f.FIELDS if name != "employee_number")


class RosterImportError(ValueError):
    """The file has errors; nothing was written. ``preview`` lists them by row and column."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(f"{preview.error_count} error(s) in {preview.filename}")
        self.preview = preview


class UploadGone(LookupError):  # noqa: N818 - a state, not a failure of ours
    """The upload was already committed (or discarded, or expired) by another request."""


class LeftNotConfirmed(ValueError):  # noqa: N818
    """The import would mark employees as left and the user has not confirmed that."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} employee(s) would be marked as left")
        self.count = count


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One line of the preview's sample: who is added, updated (and how) or leaves."""

    kind: str  # added | updated | left
    employee_number: str
    name: str
    changes: tuple[FieldChange, ...] = ()
    rejoined: bool = False


@dataclass(frozen=True)
class ImportPreview:
    filename: str
    kind: str
    encoding: str | None
    columns: tuple[str, ...]
    data_rows: int
    errors: list[RowError]
    error_count: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    left: int = 0
    rejoined: int = 0
    samples: tuple[Change, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error_count == 0


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    left: int
    rejoined: int

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "left": self.left,
            "rejoined": self.rejoined,
        }


@dataclass
class _Update:
    employee_id: int
    record: EmployeeRecord
    changes: tuple[FieldChange, ...]
    rejoined: bool


@dataclass
class ImportPlan:
    """What a commit would do, computed from the parsed file and the current roster."""

    parsed: ParsedRoster
    inserts: list[EmployeeRecord] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    unchanged: int = 0
    leaving: list[tuple[int, str, str]] = field(default_factory=list)  # id, number, name

    def preview(self) -> ImportPreview:
        p = self.parsed
        samples: list[Change] = [
            Change("added", r.employee_number, r.name) for r in self.inserts[:SAMPLE_SIZE]
        ]
        samples += [
            Change("updated", u.record.employee_number, u.record.name, u.changes, u.rejoined)
            for u in self.updates[:SAMPLE_SIZE]
        ]
        samples += [Change("left", number, name) for _, number, name in self.leaving[:SAMPLE_SIZE]]
        return ImportPreview(
            filename=p.filename,
            kind=p.kind,
            encoding=p.encoding,
            columns=p.columns,
            data_rows=p.data_rows,
            errors=p.errors,
            error_count=p.error_count,
            added=len(self.inserts),
            updated=len(self.updates),
            unchanged=self.unchanged,
            left=len(self.leaving),
            rejoined=sum(1 for u in self.updates if u.rejoined),
            samples=tuple(samples),
        )


def plan_import(session: Session, company_id: int, parsed: ParsedRoster) -> ImportPlan:
    """Match the file to the roster by employee number; only the file's columns are compared
    (a column the file does not have is left as it is)."""
    plan = ImportPlan(parsed)
    if not parsed.ok:
        return plan
    compared = [name for name in COMPARED if name in parsed.columns]
    wanted = dict.fromkeys(("id", "employee_number", "name", "left_at", *compared))
    columns = [getattr(Employee, name) for name in wanted]
    existing = {
        row.employee_number: row
        for row in session.execute(select(*columns).where(Employee.company_id == company_id))
    }
    seen: set[str] = set()
    for rec in parsed.records:
        seen.add(rec.employee_number)
        current = existing.get(rec.employee_number)
        if current is None:
            plan.inserts.append(rec)
            continue
        changes = tuple(
            FieldChange(name, getattr(current, name), getattr(rec, name))
            for name in compared
            if getattr(current, name) != getattr(rec, name)
        )
        rejoined = current.left_at is not None
        if changes or rejoined:
            plan.updates.append(_Update(current.id, rec, changes, rejoined))
        else:
            plan.unchanged += 1
    plan.leaving = sorted(
        (
            (row.id, number, row.name)
            for number, row in existing.items()
            if row.left_at is None and number not in seen
        ),
        key=lambda item: item[1],
    )
    return plan


BATCH = 5_000  # rows per bulk statement: bounded parameter lists, same transaction


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _apply(session: Session, company_id: int, plan: ImportPlan, now: datetime) -> None:
    """Bulk statements (multi-row INSERT, executemany UPDATE by primary key) in batches, all in
    the caller's transaction: no per-row ORM objects, and still all-or-nothing."""
    # render_nulls keeps every row's parameter set identical (the ORM otherwise drops None
    # values, which splits a batch into thousands of small INSERTs).
    add = insert(Employee).execution_options(render_nulls=True)
    for batch in _batches(plan.inserts):
        session.execute(
            add,
            [
                {
                    "company_id": company_id,
                    "employee_number": r.employee_number,
                    "name": r.name,
                    "department": r.department,
                    "birth_date": r.birth_date,
                    "hire_date": r.hire_date,
                    "is_manager": r.is_manager,
                    "employment_type": r.employment_type,
                    "email": r.email,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in batch
            ],
        )
    compared = [name for name in COMPARED if name in plan.parsed.columns]
    for batch in _batches(plan.updates):
        session.execute(
            update(Employee),
            [
                {
                    "id": u.employee_id,
                    "left_at": None,
                    "updated_at": now,
                    **{name: getattr(u.record, name) for name in compared},
                }
                for u in batch
            ],
        )
    for batch in _batches(plan.leaving):
        session.execute(
            update(Employee),
            [{"id": employee_id, "left_at": now, "updated_at": now} for employee_id, _, _ in batch],
        )


def _summary(plan: ImportPlan) -> ImportSummary:
    return ImportSummary(
        added=len(plan.inserts),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        left=len(plan.leaving),
        rejoined=sum(1 for u in plan.updates if u.rejoined),
    )


# --- files (the CLI and the benchmark) ------------------------------------------------------


def preview_file(
    session: Session,
    company: Company,
    filename: str,
    content: bytes,
    *,
    today: date,
    limits: ImportLimits,
) -> ImportPreview:
    parsed = parse_roster(content, filename, today=today, limits=limits)
    return plan_import(session, company.id, parsed).preview()


def checked_plan(session: Session, company: Company, parsed: ParsedRoster) -> ImportPlan:
    if not parsed.ok:
        raise RosterImportError(ImportPlan(parsed).preview())
    return plan_import(session, company.id, parsed)


def write_plan(
    session: Session,
    company: Company,
    plan: ImportPlan,
    *,
    actor_id: int | None,
    now: datetime,
    object_type: str,
    object_id: int | str,
) -> ImportSummary:
    _apply(session, company.id, plan, now)
    # The audit event says who imported into which company, when — never whom.
    record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action="roster.import",
        object_type=object_type,
        object_id=object_id,
    )
    session.flush()
    return _summary(plan)


def commit_file(
    session: Session,
    company: Company,
    filename: str,
    content: bytes,
    *,
    actor_id: int | None,
    now: datetime,
    limits: ImportLimits,
) -> ImportSummary:
    """Write the whole file or nothing (``RosterImportError`` carries the errors)."""
    parsed = parse_roster(content, filename, today=today_jst(now), limits=limits)
    plan = checked_plan(session, company, parsed)
    return write_plan(
        session,
        company,
        plan,
        actor_id=actor_id,
        now=now,
        object_type="company",
        object_id=company.id,
    )
