"""Settings: defaults, ``HRCARE_*`` environment variables, validation.

Everything the app reads from the environment is declared here, once, with its type and
default. ``load_settings`` fails fast with a message naming the variable that is wrong, so
a misconfigured production process never starts half-working.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "HRCARE_"
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    # Where the embedded default keeps its files (SQLite database, outbox, development secret):
    # HRCARE_INSTANCE_PATH, else ./instance in the working directory (never site-packages).
    instance_path: str = ""
    database_url: str = ""  # empty → SQLite file in the instance folder
    redis_url: str = ""  # empty → background jobs run inline
    secret_key: str = ""
    env: str = "development"  # development | production | test
    port: int = 5000
    # Empty outside production → http://127.0.0.1:<port>, the address the app is served on.
    base_url: str = ""
    # Mail: "outbox" writes messages to instance/outbox (development), "smtp" sends.
    # Empty outside production → outbox; production must choose explicitly.
    mail_backend: str = ""
    mail_from: str = "hrcare <no-reply@hrcare.local>"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    # Sessions (SECURITY.md item 7)
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    # Uploads (SECURITY.md item 10)
    upload_max_bytes: int = 10 * 1024 * 1024
    upload_max_rows: int = 100_000
    # Stored files (evidence, reports): a folder every app process and worker can read;
    # empty → instance/files.
    file_store: str = ""
    evidence_max_bytes: int = 5 * 1024 * 1024
    # Invitations and password resets
    invitation_days: int = 7
    reset_minutes: int = 60
    job_timeout_seconds: int = 600
    job_max_retries: int = 3
    job_retry_seconds: int = 30
    failed_job_ttl_seconds: int = 7 * 24 * 3600
    # How often a worker queues again the runs Redis could not take (and cleans registries).
    job_requeue_seconds: int = 60
    default_locale: str = "ja"
    # Files every app process and worker must read (finished reports, evidence): a folder on
    # storage they share. Empty → ``files`` in the instance folder.
    file_store: str = ""
    # Number of trusted reverse proxies in front of the app (X-Forwarded-For, -Proto, -Host);
    # 0 when the app is reached directly. Sign-in throttling keys on the client address.
    proxy_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def file_store_path(self) -> Path:
        return Path(self.file_store) if self.file_store else Path(self.instance_path) / "files"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{Path(self.instance_path) / 'hrcare.sqlite3'}"


def _coerce(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{ENV_PREFIX}{name.upper()} must be true or false, not {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(
                f"{ENV_PREFIX}{name.upper()} must be a whole number, not {raw!r}"
            ) from None
    return raw


def load_settings(
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
    default_instance: str = "instance",
) -> Settings:
    """Build settings from defaults, then the environment, then explicit overrides."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    types = {"bool": bool, "int": int, "str": str}
    for f in fields(Settings):
        if f.name == "extra":
            continue
        key = ENV_PREFIX + f.name.upper()
        if key in environ:
            values[f.name] = _coerce(f.name, environ[key], types.get(str(f.type), str))
    settings = replace(Settings(), **values)
    extra: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if key in {f.name for f in fields(Settings)}:
            settings = replace(settings, **{key: value})
        else:
            extra[key] = value
    if extra:
        settings = replace(settings, extra=extra)
    if not settings.instance_path:
        settings = replace(settings, instance_path=str(Path(default_instance).resolve()))
    return validate(settings)


def validate(settings: Settings) -> Settings:
    if settings.env not in {"development", "production", "test"}:
        raise ConfigError(
            f"{ENV_PREFIX}ENV must be development, production or test, not {settings.env!r}"
        )
    if not settings.mail_backend:
        if settings.is_production:
            raise ConfigError(f"{ENV_PREFIX}MAIL_BACKEND must be chosen in production (smtp)")
        settings = replace(settings, mail_backend="outbox")
    if settings.mail_backend not in {"outbox", "smtp", "memory"}:
        raise ConfigError(
            f"{ENV_PREFIX}MAIL_BACKEND must be outbox, smtp or memory, not {settings.mail_backend!r}"
        )
    if settings.database_url and not settings.database_url.startswith(("postgresql", "sqlite")):
        raise ConfigError(f"{ENV_PREFIX}DATABASE_URL must be a postgresql:// or sqlite:// URL")
    if settings.redis_url and not settings.redis_url.startswith(
        ("redis://", "rediss://", "unix://")
    ):
        raise ConfigError(f"{ENV_PREFIX}REDIS_URL must be a redis:// URL")
    if not 1 <= settings.session_idle_minutes <= 30:
        raise ConfigError(f"{ENV_PREFIX}SESSION_IDLE_MINUTES must be between 1 and 30")
    if not 1 <= settings.session_absolute_hours <= 12:
        raise ConfigError(f"{ENV_PREFIX}SESSION_ABSOLUTE_HOURS must be between 1 and 12")
    if not 0 < settings.port < 65536:
        raise ConfigError(f"{ENV_PREFIX}PORT must be a TCP port number")
    if not 1 <= settings.evidence_max_bytes <= settings.upload_max_bytes:
        raise ConfigError(
            f"{ENV_PREFIX}EVIDENCE_MAX_BYTES must be between 1 and {ENV_PREFIX}UPLOAD_MAX_BYTES"
        )
    if settings.default_locale not in {"ja", "en"}:
        raise ConfigError(f"{ENV_PREFIX}DEFAULT_LOCALE must be ja or en")
    if not settings.base_url and not settings.is_production:
        settings = replace(settings, base_url=f"http://127.0.0.1:{settings.port}")
    if settings.is_production and not settings.base_url.startswith("https://"):
        # Invitation and reset links are built from it: the development default would send
        # every user a link to 127.0.0.1, and a plain-http link exposes the token.
        raise ConfigError(
            f"{ENV_PREFIX}BASE_URL must be the https:// address users reach in production"
        )
    if settings.is_production and len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        # It signs sessions, CSRF tokens and links: a short key can be guessed offline.
        raise ConfigError(
            f"{ENV_PREFIX}SECRET_KEY is required in production, at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters (python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')"
        )
    if not settings.secret_key:
        settings = replace(settings, secret_key=_development_secret(settings.instance_path))
    return settings


def _development_secret(instance_path: str) -> str:
    """A per-checkout secret kept in the instance folder, so sessions survive restarts.

    Processes starting together (the web server and a worker, several server processes)
    must end up with one key, or each signs sessions, CSRF tokens and invitation links the
    others reject. Each writes its candidate to a private temporary file and publishes it
    with ``link``, which fails if the file exists: the first key published wins, nobody ever
    reads a half-written file, and the key is never readable by others.
    """
    path = Path(instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(8)}")
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(48))
    try:
        os.link(candidate, path)
    except FileExistsError:
        pass  # another process published its key first: use that one
    finally:
        candidate.unlink()
    return path.read_text().strip()
