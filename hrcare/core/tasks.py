"""Core jobs."""

from __future__ import annotations

import os

from hrcare.core.jobs import set_progress


def health_check(run_id: str) -> dict[str, object]:
    """Proves a worker can reach the database and report progress (ops check, tests)."""
    set_progress(run_id, 50)
    return {"ok": True, "pid": os.getpid()}
