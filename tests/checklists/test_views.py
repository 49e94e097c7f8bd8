"""Plan and ledger pages: who may do what, foreign companies 404, forms show clear messages."""

from __future__ import annotations

import pytest

from hrcare.checklists.models import PlanAction
from hrcare.core.roles import Role
from tests.conftest import sign_in

# (method, path under /c/<slug>, data) → roles allowed
ROUTES = [
    ("GET", "/plan/", None, {Role.HR_ADMIN, Role.EXECUTIVE}),
    ("GET", "/plan/1-2", None, {Role.HR_ADMIN, Role.EXECUTIVE}),
    ("POST", "/plan/1-2", {"status": "in_progress"}, {Role.HR_ADMIN}),
    ("GET", "/plan/effect", None, {Role.HR_ADMIN, Role.EXECUTIVE}),
    ("POST", "/plan/2-3/indicators", {"use_response_rate": "y"}, {Role.HR_ADMIN}),
    ("GET", "/duties/", None, {Role.HR_ADMIN}),
    ("GET", "/duties/notices", None, {Role.HR_ADMIN, Role.CONSULTATION_STAFF}),
    ("GET", "/duties/measures/training", None, {Role.HR_ADMIN}),
    ("GET", "/duties/export.csv", None, {Role.HR_ADMIN}),
    ("GET", "/duties/export.xlsx", None, {Role.HR_ADMIN}),
    ("GET", "/duties/print", None, {Role.HR_ADMIN}),
]
COMPANY_ROLES = [
    Role.HR_ADMIN,
    Role.EXECUTIVE,
    Role.CONSULTATION_STAFF,
    Role.EMPLOYEE,
    Role.HUB_OPERATOR,
]


@pytest.mark.parametrize("role", COMPANY_ROLES)
def test_route_role_matrix(client, tenant_a, tenant_b, role) -> None:
    sign_in(client, tenant_a.users[role])
    unexpected = []
    for method, path, data, allowed in ROUTES:
        own = client.open(f"/c/{tenant_a.slug}{path}", method=method, data=data)
        foreign = client.open(f"/c/{tenant_b.slug}{path}", method=method, data=data)
        want = (200, 302) if role in allowed else (403,)
        if own.status_code not in want:
            unexpected.append((method, path, "own", own.status_code))
        if role in allowed and foreign.status_code != 404:
            unexpected.append((method, path, "foreign", foreign.status_code))
    print(f"figure: checklist routes checked = {len(ROUTES) * 2}, unexpected = {len(unexpected)}")
    assert unexpected == []


def test_hr_edits_and_sees_the_history(client, login_as, tenant_a, session) -> None:
    login_as(Role.HR_ADMIN)
    owner = tenant_a.users[Role.EXECUTIVE]
    response = client.post(
        f"/c/{tenant_a.slug}/plan/1-2",
        data={
            "status": "done",
            "owner": str(owner.id),
            "due_date": "２０２６/０３/３１",
            "d_message": "介護と仕事の両立を会社として支えます。",
            "d_sent_on": "2026-01-05",
            "d_channels": "社内報",
            "notes": "",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/c/{tenant_a.slug}/plan/1-2").get_data(as_text=True)
    assert "介護と仕事の両立を会社として支えます。" in page
    assert "変更履歴" in page and "2026-03-31" in page


def test_not_applicable_without_reason_is_refused(client, login_as, tenant_a, session) -> None:
    login_as(Role.HR_ADMIN)
    response = client.post(
        f"/c/{tenant_a.slug}/plan/1-3", data={"status": "not_applicable", "na_reason": ""}
    )
    assert response.status_code == 200
    assert "「対象外」にする理由を入力してください。" in response.get_data(as_text=True)
    assert session.query(PlanAction).count() == 0


def test_a_bad_date_is_a_clear_message(client, login_as, tenant_a, session) -> None:
    login_as(Role.HR_ADMIN)
    response = client.post(
        f"/c/{tenant_a.slug}/plan/1-3", data={"status": "done", "due_date": "2026-02-30"}
    )
    assert "日付はYYYY-MM-DDの形式で入力してください。" in response.get_data(as_text=True)
    assert session.query(PlanAction).count() == 0


def test_executive_reads_without_a_form(client, login_as, tenant_a) -> None:
    login_as(Role.EXECUTIVE)
    page = client.get(f"/c/{tenant_a.slug}/plan/1-2").get_data(as_text=True)
    assert '<form method="post" action="/c/co-a/plan/1-2"' not in page
    assert "経営者からのメッセージ発信" in page


def test_unknown_action_is_404(client, login_as, tenant_a) -> None:
    login_as(Role.HR_ADMIN)
    assert client.get(f"/c/{tenant_a.slug}/plan/9-9").status_code == 404
    assert client.get(f"/c/{tenant_a.slug}/duties/measures/nothing").status_code == 404


def test_dashboards_show_progress_to_hr_and_executives(client, tenant_a, session) -> None:
    from hrcare.checklists import plan
    from hrcare.core.actor import Actor
    from tests.checklists.conftest import NOW, TODAY

    hr = tenant_a.users[Role.HR_ADMIN]
    plan.update_action(
        session,
        Actor(hr.id, "hr_admin", tenant_a.company.id),
        tenant_a.company,
        "1-1",
        status="done",
        owner_id=None,
        due_date=None,
        notes="",
        na_reason="",
        details={},
        today=TODAY,
        now=NOW,
    )
    sign_in(client, tenant_a.users[Role.EXECUTIVE])
    page = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert "両立支援の取組計画（経済産業省ガイドライン）" in page and "1／9 完了（11％）" in page
    assert "40歳に達する従業員への情報提供" not in page  # names and duties: HR only
    sign_in(client, hr)
    page = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert "1／9 完了（11％）" in page and "40歳に達する従業員への情報提供" in page
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    assert "両立支援の取組計画" not in client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
