"""The one translation API: Japanese first, English second (Flask-Babel underneath).

Every module translates through this one: ``from hrcare.core.i18n import _, _l``.
- ``_(msgid, **values)``: translate now, in the language in force. Inside a request that is
  the reader's (``select_locale``); outside one (jobs, mails, the command line) it is the
  configured default, unless the code says whose language it is with ``force_locale``.
- ``_l(msgid, **values)``: a lazy string, for module-level labels and for services' messages:
  services return codes or lazy strings and never pick a language; whoever shows the message
  renders it (``str()``) in the language in force there.
- Jobs and e-mails render in the recipient's language: ``with force_locale(locale_of(...))``.

Whose language is it? A person's own choice (``User.locale``, set from the language switch)
when they have an account; otherwise the configured default (``HRCARE_DEFAULT_LOCALE``,
Japanese). Survey mails go to roster employees: the employee's own account's choice when
an account is linked to that employee, else the default. There is no per-company language
setting (yet): the default language is the platform's.

Message ids are Japanese; English lives in one catalog per feature,
``hrcare/<feature>/translations/en/LC_MESSAGES/messages.po``, merged by Flask-Babel. The
.mo files are compiled by ``hrcare i18n compile`` (scripts/run and scripts/test do it).
Messages are extracted with ``pybabel extract -F babel.cfg`` (python + templates), and
``tests/core/test_translations.py`` fails on a message without English, a placeholder
mismatch, or a stray ``%``. Placeholders are ``%(name)s``; never an f-string inside ``_``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

__all__ = [
    "LOCALES",
    "_",
    "_l",
    "force_locale",
    "get_locale",
    "locale_of",
    "ngettext",
    "current_language",
]

LOCALES = ("ja", "en")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def locale_of(preference: str | None) -> str:
    """The language to write to someone in: their own choice, else the configured default."""
    from flask import current_app

    if preference in LOCALES:
        return str(preference)
    return str(current_app.extensions["hrcare.settings"].default_locale)


def current_language() -> str:
    """The language in force ("ja" or "en") as a plain code."""
    return str(get_locale() or "ja")


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
        return {"current_locale": current_language(), "request_path": request.path}
