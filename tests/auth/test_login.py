"""The sign-in page: real password check, ``next`` handling, links, error pages."""

from __future__ import annotations

import argon2
import pytest

from hrcare.auth import services
from hrcare.auth.passwords import needs_rehash
from hrcare.core.roles import Role
from tests.auth.helpers import PASSWORD, company_home, login
from tests.conftest import Tenant, sign_in


def test_login_checks_the_real_password(client, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    wrong = login(client, user.email, PASSWORD + "x")
    assert wrong.status_code == 200
    assert "メールアドレスまたはパスワードが正しくありません".encode() in wrong.data
    assert is_anonymous(client, tenant_a)
    right = login(client, user.email.upper(), PASSWORD)  # e-mail addresses are case-insensitive
    assert right.status_code == 302
    assert company_home(client, tenant_a.slug).status_code == 200


def is_anonymous(client, tenant: Tenant) -> bool:  # type: ignore[no-untyped-def]
    return company_home(client, tenant.slug).status_code == 302


def test_unknown_account_and_invited_account_fail_alike(client, tenant_a: Tenant) -> None:
    unknown = login(client, "nobody@a.example.jp", PASSWORD)
    no_password_yet = login(client, tenant_a.users[Role.EMPLOYEE].email, PASSWORD)
    assert unknown.status_code == no_password_yet.status_code == 200
    message = "メールアドレスまたはパスワードが正しくありません".encode()
    assert message in unknown.data and message in no_password_yet.data


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account/password", "/account/password"),
        ("/c/co-a/?tab=1", "/c/co-a/?tab=1"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_next_is_followed_only_within_the_site(
    client, tenant_a: Tenant, with_password, target: str, expected: str
) -> None:
    user = with_password(tenant_a.users[Role.HR_ADMIN])
    response = login(client, user.email, PASSWORD, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_next_survives_the_redirect_to_login(client, tenant_a: Tenant) -> None:
    redirect = client.get(f"/c/{tenant_a.slug}/")
    assert redirect.status_code == 302
    page = client.get(redirect.headers["Location"])
    assert f'value="/c/{tenant_a.slug}/"'.encode() in page.data


def test_signed_in_user_visiting_login_is_sent_on(client, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    assert client.get("/login?next=/account/password").headers["Location"] == "/account/password"
    assert client.get("/login?next=//evil.example").headers["Location"] == "/"


def test_login_page_links(client) -> None:
    page = client.get("/login").data
    assert b'href="/password/forgot"' in page
    assert "パスワードをお忘れですか".encode() in page
    assert b'autocomplete="current-password"' in page


def test_weak_hash_is_upgraded_at_login(client, session, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    user.password_hash = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(
        PASSWORD
    )
    session.flush()
    assert login(client, user.email, PASSWORD).status_code == 302
    session.refresh(user)
    assert not needs_rehash(user.password_hash)


def test_errors_show_no_internals(client, tenant_a: Tenant, monkeypatch) -> None:
    """SECURITY.md item 18 on the sign-in path: an unexpected error is a plain page."""

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail: /srv/hrcare/secret.py line 42")

    monkeypatch.setattr(services, "authenticate", boom)
    response = login(client, "someone@a.example.jp", PASSWORD)
    pages = {
        "500": response,
        "404": client.get("/invitation/not-a-token/extra"),
        "405": client.get("/logout"),
        "400 link": client.get("/password/reset/not-a-token"),
    }
    leaks = [
        name
        for name, page in pages.items()
        if b"Traceback" in page.data
        or b"internal detail" in page.data
        or b'File "' in page.data
        or b"werkzeug" in page.data.lower()
    ]
    print(f"figure: auth error pages with internal detail = {len(leaks)}/{len(pages)}")
    assert response.status_code == 500
    assert "エラーが発生しました".encode() in response.data
    assert leaks == []
