"""Error descriptions safe for logs and job records: where the failure happened, never the
data it happened on (SECURITY.md: personal data never leaks into logs or job records).

Database errors carry the values they failed on (PostgreSQL's ``DETAIL: Key (email)=(…)``,
the statement's parameters); other exceptions may carry anything in their message. We keep
the exception type, the server's primary message for database errors (which names the
constraint, not the values) and the code location.
"""

from __future__ import annotations

import traceback

from sqlalchemy.exc import DBAPIError


def describe(error: BaseException) -> str:
    """``IntegrityError: duplicate key value violates unique constraint "uq_users_email"
    at hrcare/tenants/services.py:142 in create_user`` — type, safe message, location."""
    kind = type(error).__name__
    message = ""
    if isinstance(error, DBAPIError) and error.orig is not None:
        diag = getattr(error.orig, "diag", None)
        primary = getattr(diag, "message_primary", None)
        message = f": {primary}" if primary else f" ({type(error.orig).__name__})"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/hrcare/" in f.filename]
    where = ""
    if frames:
        last = frames[-1]
        where = f" at {last.filename.rsplit('/hrcare/', 1)[-1]}:{last.lineno} in {last.name}"
    return f"{kind}{message}{where}"


class JobFailed(RuntimeError):
    """Raised in place of a job's own exception, so RQ's failed-job record (kept in Redis)
    holds the safe description rather than the original message."""
