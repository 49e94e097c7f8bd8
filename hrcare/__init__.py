"""hrcare: 仕事と介護の両立支援 for Japanese employers. ``create_app`` builds the app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    from sqlalchemy.orm import Session

    from hrcare import features
    from hrcare.config import load_settings
    from hrcare.core.actor import install_actor_helpers
    from hrcare.core.errors import install_error_pages
    from hrcare.core.formatting import install_filters
    from hrcare.core.health import install_health
    from hrcare.core.i18n import init_i18n
    from hrcare.core.logsafe import install_link_redaction
    from hrcare.core.navigation import install_navigation
    from hrcare.core.permissions import install_policy
    from hrcare.core.security import install_security_headers
    from hrcare.core.tenancy import IdConverter, install_tenant_filter
    from hrcare.extensions import csrf, db

    features.load_models()  # every table, before anything queries

    # The instance folder (SQLite file, outbox, development secret) is HRCARE_INSTANCE_PATH or
    # ./instance of the working directory: never inside the installed package.
    settings = load_settings(overrides=overrides)
    app = Flask(
        __name__,
        instance_path=settings.instance_path,
        template_folder="templates",
        static_folder="static",
    )
    Path(settings.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.upload_max_bytes + 64 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        SESSION_COOKIE_NAME="hrcare_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_absolute_hours),
        WTF_CSRF_TIME_LIMIT=settings.session_absolute_hours * 3600,
        TESTING=settings.env == "test",
    )
    # Upper-case overrides are Flask settings (tests pass WTF_CSRF_ENABLED, for instance).
    app.config.update({k: v for k, v in settings.extra.items() if k.isupper()})
    if settings.proxy_count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.extensions["hrcare.settings"] = settings
    app.extensions["hrcare.db"] = db

    db.init_engine(settings.sqlalchemy_url)
    install_tenant_filter(Session)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        db.session.remove()

    csrf.init_app(app)
    features.setup(app)  # sign-in sessions (auth), the actor resolver (tenants)
    init_i18n(app)
    install_policy(app)
    install_security_headers(app)
    install_error_pages(app)
    install_filters(app)
    install_navigation(app)
    install_actor_helpers(app)
    install_link_redaction()
    app.url_map.converters["int"] = IdConverter  # before any route is added
    install_health(app)  # /healthz, /readyz
    features.install(app)  # every feature's routes, policy, navigation and commands
    return app
