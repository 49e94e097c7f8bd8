from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

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
