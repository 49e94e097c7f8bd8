"""Gunicorn's access log without survey tokens (``gunicorn.conf.py`` selects this class).

The access log is written by gunicorn, outside the app, from the raw request line, path,
query and Referer: a filter on the app's loggers cannot reach it. Every text atom is
redacted before formatting, so ``GET /s/<token>`` is logged as ``GET /s/[link]``.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from hrcare.core.logsafe import redact_links


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        found = super().atoms(resp, req, environ, request_time)
        return {k: redact_links(v) if isinstance(v, str) else v for k, v in found.items()}
