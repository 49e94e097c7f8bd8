"""/healthz and /readyz: public, plain "ok", no session written, liveness without SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from hrcare.core.policy import PUBLIC, allowed_roles
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_answers_ok_to_anyone(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert allowed_roles(path.strip("/"), "GET") == PUBLIC


def test_liveness_reads_no_database(client) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/healthz").status_code == 200
        quiet = list(statements)
        assert client.get("/readyz").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert quiet == []
    assert "SELECT 1" in statements  # the check /readyz exists for (the tests add a SAVEPOINT)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_never_writes_the_session(client, tenant_a: Tenant, path: str) -> None:
    """Even a signed-in browser's permanent session, which Flask re-sends on every other
    response, is not written by a health check."""
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    with client.session_transaction() as sess:
        sess.permanent = True
    assert "Set-Cookie" in client.get("/login").headers  # what any page does
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert client.get("/healthz").headers.get("Vary") is None


def test_readiness_is_503_without_the_database(client, monkeypatch) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused: db.internal"))

    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "unavailable"  # no detail on a public route
    assert client.get("/healthz").status_code == 200  # liveness does not depend on it
