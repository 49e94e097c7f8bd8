"""Error descriptions safe for logs and job records: where the failure happened, never the
data it happened on (SECURITY.md: personal data never leaks into logs or job records).

Database errors carry the values they failed on (PostgreSQL's ``DETAIL: Key (email)=(…)``,
the statement's parameters); other exceptions may carry anything in their message. We keep
the exception type, the server's primary message for database errors (which names the
constraint, not the values) and the code location.
"""

from __future__ import annotations

import logging
import re
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


# --- survey links in request logs ---------------------------------------------------------
#: A personal survey link's path (``/s/`` + a 43-character token). The app's own answer
#: routes (/s/start, /s/answer, /s/thanks, /s/consult/…) are far shorter, so never matched.
SURVEY_LINK = re.compile(r"/s/[A-Za-z0-9_-]{20,}")
REDACTED_LINK = "/s/[link]"


def redact_links(text: str) -> str:
    """Request lines, paths and Referer headers with any survey token replaced."""
    return SURVEY_LINK.sub(REDACTED_LINK, text)


class LinkRedactingFilter(logging.Filter):
    """Rewrites a log record so no survey token reaches any handler (werkzeug's request log
    in development; see ``hrcare.core.gunicorn_log`` for gunicorn's access log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_links(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install_link_redaction() -> None:
    """Idempotent: the development server logs each request line on ``werkzeug``."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, LinkRedactingFilter) for f in logger.filters):
        logger.addFilter(LinkRedactingFilter())
