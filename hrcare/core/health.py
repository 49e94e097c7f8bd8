"""Health checks for a load balancer or an orchestrator, and the benchmark's trivial route.

- ``GET /healthz`` (liveness): 200 ``ok`` while the process serves requests. It reads no
  database, renders no template and never writes a session (no ``Set-Cookie``, even for a
  signed-in browser whose permanent session Flask would otherwise refresh on every request),
  so a probe every second costs next to nothing and a slow database never makes a balancer
  restart healthy workers.
- ``GET /readyz`` (readiness): 200 ``ok`` when the database answers ``SELECT 1``, else 503
  ``unavailable`` (no detail: the route is public). Also never writes a session.

Both are public in the policy (``core.policy``), like the static files.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hrcare.extensions import db

# Endpoints that answer without the session: nothing they do needs it, so nothing is saved.
SESSIONLESS = frozenset({"healthz", "readyz"})


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that the sessionless endpoints never save it."""

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if request.endpoint in SESSIONLESS:
            return
        super().save_session(app, session, response)


def _plain(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/plain")


def healthz() -> Response:
    return _plain("ok")


def readyz() -> Response:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return _plain("unavailable", 503)
    return _plain("ok")


def install_health(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.add_url_rule("/healthz", endpoint="healthz", view_func=healthz, methods=["GET"])
    app.add_url_rule("/readyz", endpoint="readyz", view_func=readyz, methods=["GET"])
