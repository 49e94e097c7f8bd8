"""SECURITY.md items 9 and 18: headers on every response; no internals in errors."""

from __future__ import annotations

import pytest

from tests.conftest import Tenant, sign_in


def assert_headers(response) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/c/nowhere/"])
def test_headers_on_pages_and_errors(client, path: str) -> None:
    response = client.get(path)
    assert_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_unexpected_error_shows_no_internals(client, tenant_a: Tenant, monkeypatch) -> None:
    from hrcare.core.roles import Role
    from hrcare.dashboard import services

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail: /secret/path")

    monkeypatch.setattr(services, "company_summary", boom)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    response = client.get(f"/c/{tenant_a.slug}/")
    assert response.status_code == 500
    assert b"internal detail" not in response.data and b"Traceback" not in response.data
    assert_headers(response)


def test_company_page_is_not_cached(client, tenant_a: Tenant) -> None:
    from hrcare.core.roles import Role

    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    response = client.get(f"/c/{tenant_a.slug}/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_method_not_allowed_keeps_its_allow_header(client) -> None:
    """The error page replaces the body, not the headers the error needs (RFC 9110 §15.5.6)."""
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.content_type.startswith("text/html")
    assert_headers(response)
