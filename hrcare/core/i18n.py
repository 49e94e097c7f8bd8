"""Japanese first, English second (Flask-Babel).

Message ids are Japanese (the default language); English lives in one catalog per feature,
``hrcare/<feature>/translations/en/LC_MESSAGES/messages.po``, merged by Flask-Babel. The
.mo files are compiled by ``hrcare i18n compile`` (scripts/run and scripts/test do it).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user

LOCALES = ("ja", "en")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def translation_directories() -> list[str]:
    return sorted(
        str(path.parent) for path in PACKAGE_DIR.glob("**/translations/en") if path.is_dir()
    )


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():  # command line, jobs: the configured default
        return current_app.extensions["hrcare.settings"].default_locale
    chosen = session.get("locale")
    if chosen in LOCALES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return current_app.extensions["hrcare.settings"].default_locale


def compile_catalogs() -> list[Path]:
    """Compile every feature's .po into .mo; returns the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in PACKAGE_DIR.glob("**/translations/*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog)
        written.append(mo_path)
    return written


def init_i18n(app: Flask) -> None:
    from hrcare.extensions import babel

    app.config["BABEL_DEFAULT_LOCALE"] = "ja"
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Tokyo"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _locale() -> dict[str, object]:
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "ja"), "request_path": request.path}
