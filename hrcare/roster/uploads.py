"""Roster uploads (the web flow): a file is held for a day, previewed, then committed whole
or discarded. The plan and the write are ``importing``'s, shared with the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hrcare.core.clock import today_jst
from hrcare.core.i18n import _l
from hrcare.roster import stored
from hrcare.roster.importer import ImportLimits, ParsedRoster, format_limit_bytes
from hrcare.roster.importing import (
    UPLOAD_TTL,
    ImportPreview,
    ImportSummary,
    LeftNotConfirmed,
    UploadGone,
    checked_plan,
    plan_import,
    write_plan,
)
from hrcare.roster.models import RosterUpload
from hrcare.tenants.services import Company

#: What a roster file may be called (its content is then parsed and checked row by row).
FILE_EXTENSIONS = ("csv", "txt", "tsv", "xlsx")


class FileTooLarge(ValueError):
    """An upload over the size limit; ``message`` names the limit."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def file_field() -> Any:
    """The roster file field of every upload form (the HR admin's import and the hub's
    onboarding): one set of checks and messages."""
    from flask_wtf.file import FileAllowed, FileField, FileRequired

    return FileField(
        _l("名簿ファイル"),
        validators=[
            FileRequired(_l("ファイルを選んでください。")),
            FileAllowed(
                list(FILE_EXTENSIONS), _l("CSV（.csv）または Excel（.xlsx）を選んでください。")
            ),
        ],
    )


def read_file(stream: IO[bytes], limits: ImportLimits) -> bytes:
    """The uploaded bytes, read no further than one byte past the limit; ``FileTooLarge``
    above it (the request limit of the web server is a separate, larger guard)."""
    content = stream.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        raise FileTooLarge(too_large_message(limits))
    return content


def too_large_message(limits: ImportLimits) -> Any:
    """What a person reads about a file over the limit (the upload forms and the page the
    web server's request limit leads to)."""
    return _l(
        "ファイルが大きすぎます（上限 %(limit)s）。", limit=format_limit_bytes(limits.max_bytes)
    )


def clean_filename(filename: str) -> str:
    """The base name only (no client path), for display; never used as a path."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "roster.csv"


def purge_expired_uploads(session: Session, now: datetime) -> int:
    """Delete every company's uploads older than a day: they hold personal data and an
    abandoned preview must not keep it (data minimisation, APPI)."""
    result = session.execute(
        delete(RosterUpload).where(RosterUpload.created_at < now - UPLOAD_TTL),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def create_upload(
    session: Session,
    company: Company,
    *,
    filename: str,
    content: bytes,
    actor_id: int | None,
    now: datetime,
    limits: ImportLimits | None = None,
) -> RosterUpload:
    """Hold an upload; with ``limits``, parse it now, once, for every preview and the commit."""
    purge_expired_uploads(session, now)
    name = clean_filename(filename)
    parsed = None
    if limits is not None:
        _parse, parsed = stored.parse_once(content, name, None, today=today_jst(now), limits=limits)
    upload = RosterUpload(
        company_id=company.id,
        filename=name,
        content=content,
        parsed=parsed,
        uploaded_by_id=actor_id,
        created_at=now,
    )
    session.add(upload)
    session.flush()
    return upload


def hold_file(
    session: Session,
    company: Company,
    file: Any,
    *,
    actor_id: int | None,
    now: datetime,
    limits: ImportLimits,
) -> RosterUpload:
    """An uploaded file (a form's ``FileStorage``) held for preview: read within the limit
    (``FileTooLarge`` above it) and parsed once. The HR import and the hub's onboarding
    both upload this way."""
    content = read_file(file, limits)
    return create_upload(
        session,
        company,
        filename=getattr(file, "filename", None) or "",
        content=content,
        actor_id=actor_id,
        now=now,
        limits=limits,
    )


def upload_expired(upload: RosterUpload, now: datetime) -> bool:
    created = upload.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return created < now - UPLOAD_TTL


def preview_import(
    session: Session, company: Company, upload: RosterUpload, *, now: datetime, limits: ImportLimits
) -> ImportPreview:
    if upload.company_id != company.id:
        raise UploadGone("upload belongs to another company")
    return plan_import(session, company.id, _upload_parse(upload, now, limits)).preview()


def _upload_parse(upload: RosterUpload, now: datetime, limits: ImportLimits) -> ParsedRoster:
    parsed, _blob = stored.parse_once(
        upload.content, upload.filename, upload.parsed, today=today_jst(now), limits=limits
    )
    return parsed


def commit_import(
    session: Session,
    company: Company,
    upload: RosterUpload,
    *,
    actor_id: int | None,
    now: datetime,
    limits: ImportLimits,
    confirm_left: bool = True,
) -> ImportSummary:
    """Commit a previewed upload and delete it. Errors, an unconfirmed "left", or an upload
    already committed by a concurrent request write nothing."""
    if upload.company_id != company.id or upload_expired(upload, now):
        raise UploadGone("upload is not available")
    plan = checked_plan(session, company, _upload_parse(upload, now, limits))
    if plan.leaving and not confirm_left:
        raise LeftNotConfirmed(len(plan.leaving))
    # Claim the upload first: a concurrent commit of the same upload waits on this row and
    # then finds it gone, instead of importing the file twice.
    upload_id = upload.id
    claimed = session.execute(
        delete(RosterUpload).where(
            RosterUpload.id == upload_id, RosterUpload.company_id == company.id
        ),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise UploadGone("upload already committed")
    session.expunge(upload)
    return write_plan(
        session,
        company,
        plan,
        actor_id=actor_id,
        now=now,
        object_type="roster_upload",
        object_id=upload_id,
    )


def discard_upload(session: Session, upload: RosterUpload) -> None:
    session.delete(upload)
    session.flush()
