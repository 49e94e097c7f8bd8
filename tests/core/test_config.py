"""Settings: the development secret is one key per instance folder, however many processes start."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hrcare import config


def test_development_secret_is_created_private_and_kept(tmp_path: Path) -> None:
    first = config._development_secret(str(tmp_path))
    assert len(first) >= 40
    assert config._development_secret(str(tmp_path)) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_process_starting_at_the_same_time_uses_the_key_published_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process writes its key between our look and our write: its key must win, or
    the two processes sign sessions and invitation links with different keys."""
    path = tmp_path / "secret_key"
    real = config.secrets.token_urlsafe

    def racing_token(n: int) -> str:
        path.write_text("key-published-by-the-other-process")
        return real(n)

    monkeypatch.setattr(config.secrets, "token_urlsafe", racing_token)
    key = config._development_secret(str(tmp_path))
    assert key == "key-published-by-the-other-process"
    assert path.read_text() == key


def _production(tmp_path: Path, **environ: str) -> config.Settings:
    env = {
        "HRCARE_ENV": "production",
        "HRCARE_SECRET_KEY": "s" * 48,
        "HRCARE_MAIL_BACKEND": "smtp",
        **environ,
    }
    return config.load_settings(environ=env, default_instance=str(tmp_path))


@pytest.mark.parametrize("base_url", [None, "http://hrcare.example.jp"])
def test_production_refuses_a_base_url_mail_links_cannot_use(
    tmp_path: Path, base_url: str | None
) -> None:
    """Links in invitation and reset mails come from BASE_URL: the development default points
    at 127.0.0.1, and plain http would expose the token on the way."""
    environ = {"HRCARE_BASE_URL": base_url} if base_url else {}
    with pytest.raises(config.ConfigError, match="HRCARE_BASE_URL"):
        _production(tmp_path, **environ)


def test_production_accepts_an_https_base_url(tmp_path: Path) -> None:
    settings = _production(tmp_path, HRCARE_BASE_URL="https://hrcare.example.jp")
    assert settings.base_url == "https://hrcare.example.jp"


def test_development_links_follow_the_port_served(tmp_path: Path) -> None:
    """Invitation, reminder and CSV links must reach the app scripts/run serves on HRCARE_PORT."""
    settings = config.load_settings(environ={"HRCARE_PORT": "5302"}, default_instance=str(tmp_path))
    assert settings.base_url == "http://127.0.0.1:5302"
    chosen = config.load_settings(
        environ={"HRCARE_PORT": "5302", "HRCARE_BASE_URL": "http://hrcare.local:8080"},
        default_instance=str(tmp_path),
    )
    assert chosen.base_url == "http://hrcare.local:8080"


@pytest.mark.parametrize("key", ["x", "short-key-0123456789"])
def test_production_refuses_a_weak_secret_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(config.ConfigError, match="HRCARE_SECRET_KEY"):
        _production(tmp_path, HRCARE_SECRET_KEY=key, HRCARE_BASE_URL="https://hrcare.example.jp")


def test_production_requires_an_explicit_mail_backend(tmp_path: Path) -> None:
    environ = {"HRCARE_ENV": "production", "HRCARE_SECRET_KEY": "s" * 48}
    environ["HRCARE_BASE_URL"] = "https://hrcare.example.jp"
    with pytest.raises(config.ConfigError, match="HRCARE_MAIL_BACKEND"):
        config.load_settings(environ=environ, default_instance=str(tmp_path))
    development = config.load_settings(environ={}, default_instance=str(tmp_path))
    assert development.mail_backend == "outbox"
