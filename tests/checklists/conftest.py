from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from hrcare.checklists import ledger
from hrcare.core.actor import Actor
from hrcare.core.roles import Role

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def hr(tenant_a) -> Actor:
    user = tenant_a.users[Role.HR_ADMIN]
    return Actor(user.id, "hr_admin", tenant_a.company.id)


@pytest.fixture
def file_store(app, tmp_path, monkeypatch):
    """Evidence files go to a folder of this test."""
    import dataclasses

    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, file_store=str(tmp_path))
    )
    return tmp_path


@pytest.fixture
def record_age40(session, hr) -> Callable[..., Any]:
    """Record a 40歳到達時の情報提供 for one employee, as tenant A's HR admin by default:
    ``record_age40(company, employee_id, **changes)`` (changes override the valid defaults,
    including ``today``, ``now`` and ``actor``)."""

    def record(company, employee_id: int, **changes: Any) -> Any:
        values: dict[str, Any] = {
            "actor": hr,
            "informed_on": date(2026, 2, 2),
            "method": "letter",
            "materials": "資料",
            "today": TODAY,
            "now": NOW,
        }
        values.update(changes)
        actor = values.pop("actor")
        return ledger.record_age40_notice(
            session, actor, company, employee_id=employee_id, **values
        )

    return record
