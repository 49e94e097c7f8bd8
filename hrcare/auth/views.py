from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from hrcare.auth import services
from hrcare.auth.forms import LanguageForm, LoginForm
from hrcare.auth.sessions import end_session, start_session
from hrcare.core.db import commit
from hrcare.extensions import db

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths; anything else is dropped (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        outcome = services.authenticate(
            db.session, form.email.data, form.password.data, request.remote_addr or ""
        )
        if outcome.user is None:
            commit(db.session)  # keep the failure count
            if outcome.throttled:
                form.form_errors.append(_("試行回数が多すぎます。しばらく待ってから再度お試しください。"))
            else:
                form.form_errors.append(_("メールアドレスまたはパスワードが正しくありません。"))
            return render_template("auth/login.html", form=form), 429 if outcome.throttled else 200
        start_session(db.session, outcome.user)
        commit(db.session)
        return redirect(safe_next(form.next.data) or url_for("dashboard.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    end_session(db.session, current_user.session_id)
    commit(db.session)
    logout_user()
    session.clear()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
    return redirect(safe_next(form.next.data) or url_for("dashboard.home"))
