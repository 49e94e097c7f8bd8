"""The development outbox: only with the outbox backend outside production; names validated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hrcare.core.mail import Mail, send


@pytest.fixture
def outbox_app(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The test app switched to the outbox backend, writing under a fresh instance folder."""
    settings = replace(
        app.extensions["hrcare.settings"],
        mail_backend="outbox",
        env="development",
        instance_path=str(tmp_path),
    )
    monkeypatch.setitem(app.extensions, "hrcare.settings", settings)
    (tmp_path / "secret_key").write_text("do-not-show-me")
    return app


def _only_message(folder: Path) -> str:
    (path,) = (folder / "outbox").iterdir()
    return path.name


def test_outbox_lists_and_shows_messages(outbox_app, client, tmp_path) -> None:
    send(
        Mail(
            to="hanako@a.example.jp",
            subject="テストの件名",
            body="本文です。\nhttp://127.0.0.1:5000/invitation/abc.def\n",
        )
    )
    name = _only_message(tmp_path)
    listing = client.get("/dev/outbox")
    assert listing.status_code == 200
    assert (
        "テストの件名".encode() in listing.data and f"/dev/outbox/{name}".encode() in listing.data
    )
    shown = client.get(f"/dev/outbox/{name}")
    assert shown.status_code == 200
    assert "本文です。".encode() in shown.data
    assert b'<a href="http://127.0.0.1:5000/invitation/abc.def">' in shown.data


def test_message_body_is_escaped(outbox_app, client, tmp_path) -> None:
    send(
        Mail(
            to="x@a.example.jp",
            subject="<b>s</b>",
            body='<script>alert(1)</script> http://x.example/"onmouseover=1',
        )
    )
    shown = client.get(f"/dev/outbox/{_only_message(tmp_path)}")
    assert b"<script>" not in shown.data and b"<b>s</b>" not in shown.data
    assert b'"onmouseover' not in shown.data


@pytest.mark.parametrize(
    "name",
    [
        "secret_key",
        "..",
        "..%2fsecret_key",
        "%2e%2e%2fsecret_key",
        "20250101T000000-abcdef12.eml%2f..%2f..%2fsecret_key",
        "20250101T000000-ABCDEF12.eml",
        "20250101T000000-abcdef12.txt",
        "20250101T000000-abcdef12.eml.bak",
        "20250101T000000-abcdef12.eml\n",
        "20250101T000000-abcdef12.eml",  # well-formed but missing
    ],
)
def test_bad_names_are_not_found(outbox_app, client, name: str) -> None:
    response = client.get(f"/dev/outbox/{name}")
    assert response.status_code == 404
    assert b"do-not-show-me" not in response.data


def test_outbox_absent_with_another_backend(client) -> None:
    # The test app uses the memory backend.
    assert client.get("/dev/outbox").status_code == 404
    assert client.get("/dev/outbox/20250101T000000-abcdef12.eml").status_code == 404
    assert b"/dev/outbox" not in client.get("/login").data


def test_outbox_absent_in_production(app, client, monkeypatch) -> None:
    settings = replace(app.extensions["hrcare.settings"], mail_backend="outbox", env="production")
    monkeypatch.setitem(app.extensions, "hrcare.settings", settings)
    statuses = (
        client.get("/dev/outbox").status_code,
        client.get("/dev/outbox/20250101T000000-abcdef12.eml").status_code,
    )
    print(f"figure: development outbox in production → {statuses}")
    assert statuses == (404, 404)
    assert b"/dev/outbox" not in client.get("/login").data


def test_login_page_links_the_outbox_in_development(outbox_app, client) -> None:
    assert b'href="/dev/outbox"' in client.get("/login").data


def test_outbox_is_only_for_this_machine(outbox_app, client) -> None:
    """Reset links sit in the outbox: a browser elsewhere on the network never sees it."""
    remote = {"REMOTE_ADDR": "192.0.2.10"}
    assert client.get("/dev/outbox", environ_base=remote).status_code == 404
    assert "/dev/outbox" not in client.get("/login", environ_base=remote).get_data(as_text=True)
    assert client.get("/dev/outbox").status_code == 200  # the test client is 127.0.0.1
