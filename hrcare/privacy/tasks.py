"""The retention job (``hrcare.privacy.tasks.run_retention``): ids only, idempotent."""

from __future__ import annotations

from typing import Any

from flask import current_app

from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.privacy import retention


def run_retention(run_id: str) -> dict[str, Any]:
    settings = current_app.extensions["hrcare.settings"]
    summary = retention.run(db.session, now=utcnow(), store=settings.file_store_path)
    db.session.commit()
    retention.remove_files(summary)
    return {"rows": summary.rows, "files": summary.files}
