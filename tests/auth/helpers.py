"""Helpers for the account tests: real sign-in through the login form, links in mails."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "Kaigo-ryoritsu-2024!"
NEW_PASSWORD = "Shigoto-to-kaigo#77"
OWNER_ADDRESS = "198.51.100.7"
ATTACKER_ADDRESS = "203.0.113.9"
LINK = re.compile(r"https?://\S+/(invitation|password/reset)/(\S+)")


def login(
    client: FlaskClient,
    email: str,
    password: str,
    *,
    address: str = OWNER_ADDRESS,
    next: str = "",
    **data: str,
) -> TestResponse:
    form = {"email": email, "password": password, "next": next, **data}
    return client.post("/login", data=form, environ_base={"REMOTE_ADDR": address})


def server_session_id(client: FlaskClient) -> str | None:
    """The server-side session id the browser cookie carries."""
    with client.session_transaction() as cookie:
        return cookie.get("_user_id")


def link_in(body: str) -> tuple[str, str]:
    """(kind, token) of the one link in a mail body."""
    match = LINK.search(body)
    assert match, body
    return match.group(1), match.group(2)


def company_home(client: FlaskClient, slug: str) -> TestResponse:
    return client.get(f"/c/{slug}/")


def is_signed_out(response: TestResponse) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def change_password(
    client: FlaskClient,
    current: str = PASSWORD,
    new: str = NEW_PASSWORD,
    confirm: str | None = None,
    *,
    address: str | None = None,
) -> TestResponse:
    """Post the change-password form (``confirm`` defaults to ``new``)."""
    data = {
        "current_password": current,
        "password": new,
        "confirm": new if confirm is None else confirm,
    }
    if address is None:
        return client.post("/account/password", data=data)
    return client.post("/account/password", data=data, environ_base={"REMOTE_ADDR": address})
