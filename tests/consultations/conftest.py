"""Helpers for the consultation tests: a filed request, directory entries, URLs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from hrcare.consultations import directory, services
from hrcare.consultations.directory import EntryData
from hrcare.consultations.directory_models import OutsideService
from hrcare.consultations.models import Consultation
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant

NOW = datetime(2026, 4, 30, 1, 0, tzinfo=UTC)  # Thursday 10:00 JST, before Golden Week


def actor_of(tenant: Tenant, role: Role) -> Actor:
    user = tenant.users[role]
    return Actor(user_id=user.id, role=role.value, company_id=tenant.company.id)


def request_data(**overrides: Any) -> services.RequestData:
    values: dict[str, Any] = {
        "topics": ["leave", "insurance"],
        "urgency": "soon",
        "contact_method": "reply",
        "contact_times": "平日17時以降",
        "body": "母が要介護2になりました。介護休業について教えてください。",
        "relative": {"relationship": "parent", "prefecture": "愛知県", "municipality": "名古屋市"},
        "is_moushide": True,
    }
    values.update(overrides)
    return services.RequestData(**values)


@pytest.fixture
def file_request(tenant_a: Tenant) -> Callable[..., Consultation]:
    """The tenant's employee files a request (auto-assigned: tenant A has one staff member)."""

    def _file(tenant: Tenant = tenant_a, **overrides: Any) -> Consultation:
        c = services.file_request(
            db.session,
            actor=actor_of(tenant, Role.EMPLOYEE),
            company_id=tenant.company.id,
            data=request_data(**overrides),
            now=NOW,
        )
        db.session.flush()
        return c

    return _file


def entry(name: str, categories: list[str], **scope: Any) -> OutsideService:
    data = EntryData(
        name=name,
        provider="事業者",
        categories=categories,
        prefectures=scope.pop("prefectures", []),
        municipalities="",
        is_public=False,
        price_note="1時間 3,000円〜",
        contact="052-000-0000",
        url="",
    )
    return directory.add_entry(db.session, data=data, actor_id=None, **scope)
