"""Route × role × tenant for survey administration; the answer pages are public by token."""

from __future__ import annotations

import pytest

from hrcare.core.clock import today_jst
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.surveys import campaigns
from tests.conftest import sign_in

# (method, path template); {q} is a custom question of the survey.
ROUTES = [
    ("GET", "/"),
    ("GET", "/new"),
    ("GET", "/{s}"),
    ("GET", "/{s}/edit"),
    ("GET", "/{s}/preview"),
    ("GET", "/{s}/links"),
    ("GET", "/{s}/remind"),
    ("GET", "/{s}/close"),
    ("GET", "/{s}/questions/new"),
    ("GET", "/{s}/questions/{q}"),
    ("POST", "/new"),
    ("POST", "/{s}/edit"),
    ("POST", "/{s}/open"),
    ("POST", "/{s}/close"),
    ("POST", "/{s}/wave"),
    ("POST", "/{s}/delete"),
    ("POST", "/{s}/invite"),
    ("POST", "/{s}/invite-late"),
    ("POST", "/{s}/remind"),
    ("POST", "/{s}/links"),
    ("POST", "/{s}/questions/new"),
    ("POST", "/{s}/questions/{q}"),
    ("POST", "/{s}/questions/{q}/delete"),
    ("POST", "/{s}/questions/{q}/move"),
]
DENIED = [
    Role.EXECUTIVE,
    Role.EMPLOYEE,
    Role.CONSULTATION_STAFF,
    Role.HUB_OPERATOR,
    Role.PLATFORM_ADMIN,
]


def make_survey(tenant):
    today = today_jst()
    survey = campaigns.create_survey(
        db.session,
        company_id=tenant.company.id,
        actor_id=None,
        title="権限テスト",
        opens_on=today,
        closes_on=today,
    )
    from hrcare.surveys.questions import add_custom_question

    question = add_custom_question(db.session, survey, kind="text", text_ja="自由記述")
    return survey, question


def request(client, method, tenant, route, survey, question):
    path = f"/c/{tenant.slug}/surveys" + route.format(s=survey.id, q=question.id)
    return client.get(path) if method == "GET" else client.post(path, data={})


def test_route_list_covers_every_admin_route(app) -> None:
    rules = {
        (r.rule, m)
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("surveys.")
        for m in r.methods - {"HEAD", "OPTIONS"}
    }
    assert len(rules) == len(ROUTES)


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_hr_of_the_company_is_allowed(client, tenant_a, method, route) -> None:
    survey, question = make_survey(tenant_a)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    response = request(client, method, tenant_a, route, survey, question)
    assert response.status_code in (200, 302), (method, route, response.status_code)


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_hr_of_another_company_gets_404(client, tenant_a, tenant_b, method, route) -> None:
    survey, question = make_survey(tenant_a)
    sign_in(client, tenant_b.users[Role.HR_ADMIN])
    # Tenant A's URL, and tenant A's ids under tenant B's own URL: both are "not found".
    assert request(client, method, tenant_a, route, survey, question).status_code == 404
    if "{s}" in route:
        assert request(client, method, tenant_b, route, survey, question).status_code == 404


@pytest.mark.parametrize("role", DENIED)
@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_other_roles_are_refused(client, tenant_a, role, method, route) -> None:
    survey, question = make_survey(tenant_a)
    sign_in(client, tenant_a.users[role], tenant_a.company)
    assert request(client, method, tenant_a, route, survey, question).status_code == 403


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, tenant_a, method, route) -> None:
    survey, question = make_survey(tenant_a)
    response = request(client, method, tenant_a, route, survey, question)
    assert response.status_code == 302 and "/login" in response.location


def test_answer_pages_need_no_account(client, token, tenant_a) -> None:
    for path in (f"/s/{token}", f"/s/consult/{tenant_a.slug}"):
        assert client.get(path, follow_redirects=True).status_code == 200


def test_answer_post_without_csrf_is_refused(app, client, token, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/s/{token}", data={"agree": "y"}).status_code == 400


QUESTION_ROUTES = [(m, r) for m, r in ROUTES if "{q}" in r]


@pytest.mark.parametrize(("method", "route"), QUESTION_ROUTES)
def test_a_question_of_another_survey_of_the_same_company_is_not_found(
    client, tenant_a, method, route
) -> None:
    """A draft's URL with an open survey's question id must not reach (and edit) that question."""
    draft, _question = make_survey(tenant_a)
    other, other_question = make_survey(tenant_a)
    other.status = "open"
    db.session.flush()
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    assert request(client, method, tenant_a, route, draft, other_question).status_code == 404
