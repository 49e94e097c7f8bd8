"""Bad input: a clear message and no change."""

from __future__ import annotations

from sqlalchemy import select

from hrcare.checklists.models import IndividualNotice
from hrcare.consultations.models import MAX_BODY, Consultation
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in

from .conftest import entry


def test_oversize_and_empty_requests_are_refused(client, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    url = f"/c/{tenant_a.slug}/consultations/new"
    page = client.post(url, data={"topics": ["leave"], "body": "あ" * (MAX_BODY + 1)})
    assert page.status_code == 200 and "4000文字以内" in page.get_data(as_text=True)
    page = client.post(url, data={"body": "相談です"})
    assert "1つ以上選んでください" in page.get_data(as_text=True)
    page = client.post(url, data={"topics": ["nonsense"], "body": "相談です"})
    assert page.status_code == 200
    assert db.session.scalars(select(Consultation)).first() is None


def test_foreign_or_unknown_service_cannot_be_attached(
    client, tenant_a: Tenant, tenant_b: Tenant, file_request
) -> None:
    c = file_request()
    theirs = entry("B社専用サービス", ["housework"], company_id=tenant_b.company.id)
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    before = len(c.messages)
    for bad in (str(theirs.id), "2147483647", "abc"):
        client.post(
            f"/c/{tenant_a.slug}/desk/{c.id}/reply",
            data={"body": "ご案内", "next_status": "waiting", "services": [bad]},
        )
    assert len(c.messages) == before and c.first_response_at is None


def test_notice_rules(client, tenant_a: Tenant, file_request) -> None:
    plain = file_request(is_moushide=False)
    moushide = file_request()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    slug = tenant_a.slug
    assert client.get(f"/c/{slug}/desk/{plain.id}/notice").status_code == 404
    page = client.post(
        f"/c/{slug}/desk/{moushide.id}/notice",
        data={
            "moushide_on": "2026-04-10",
            "notified_on": "2026-04-01",
            "method": "meeting",
            "intention": "wants_to_use",
        },
    )
    assert "申出の日以降" in page.get_data(as_text=True)
    page = client.post(
        f"/c/{slug}/desk/{moushide.id}/notice",
        data={
            "moushide_on": "2026-04-10",
            "notified_on": "2026-04-11",
            "method": "phone_call",
            "intention": "wants_to_use",
        },
    )
    assert page.status_code == 200
    assert db.session.scalars(select(IndividualNotice)).first() is None


def test_notice_form_offers_no_discouraging_choice() -> None:
    from hrcare.consultations.labels import INTENTION_LABELS

    wording = " ".join(str(v) for v in INTENTION_LABELS.values())
    for discouraging in ("利用しない方が", "控え", "辞退", "迷惑"):
        assert discouraging not in wording


def test_past_review_date_refused(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    page = client.post(
        f"/c/{tenant_a.slug}/desk/{c.id}/plan", data={"next_review_on": "2020-01-01"}
    )
    assert "今日以降" in page.get_data(as_text=True)


def test_employee_cannot_consent_before_a_plan(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    page = client.post(
        f"/c/{tenant_a.slug}/consultations/{c.id}/consent/yes", follow_redirects=True
    )
    assert "支援プランはまだ作成されていません" in page.get_data(as_text=True)
