"""Job functions used only by the report worker tests (allowed because HRCARE_ENV=test)."""

from __future__ import annotations

import os
import signal
from typing import Any

from hrcare.core.jobs import JobRun
from hrcare.extensions import db
from hrcare.reports.tasks import build_executive_report


def crash_then_build(run_id: str, report_id: int) -> dict[str, Any]:
    """Kills its own work horse on the first attempt (as the OOM killer would), then builds."""
    run = db.session.get(JobRun, run_id)
    if run is not None and run.attempts <= 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return build_executive_report(run_id, report_id)
