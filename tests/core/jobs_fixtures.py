"""Job functions used only by the tests (allowed because HRCARE_ENV=test)."""

from __future__ import annotations

import os
import signal

from hrcare.core.jobs import JobRun
from hrcare.extensions import db


def crash_on_first_attempt(run_id: str) -> dict[str, object]:
    """Kills its own work horse the first time, as the OOM killer would."""
    run = db.session.get(JobRun, run_id)
    if run is not None and run.attempts <= 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return {"survived": True}


def always_crash(run_id: str) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def raise_error(run_id: str) -> None:
    raise RuntimeError("boom")


def raise_with_personal_data(run_id: str) -> None:
    raise ValueError("山田太郎 taro.yamada@example.jp は介護中")


def session_identity(run_id: str) -> dict[str, object]:
    """Which session the job ran in (inline jobs must not share the caller's)."""
    return {"session": id(db.session())}
