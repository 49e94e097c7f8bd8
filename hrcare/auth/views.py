from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from hrcare.auth import outbox, services
from hrcare.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    SetPasswordForm,
)
from hrcare.auth.sessions import end_session, start_session
from hrcare.auth.tokens import Purpose, TokenError, TokenProblem, read_token
from hrcare.core.i18n import _
from hrcare.extensions import db

bp = Blueprint("auth", __name__)

Page = Response | str | tuple[str, int]


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths; anything else is dropped (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None  # browsers read "/\evil.example" as another site
    return target


def _clear_cookie_session() -> None:
    """Forget the signed-in user in this browser, keeping only the language choice."""
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale


@bp.route("/login", methods=["GET", "POST"])
def login() -> Page:
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("dashboard.home"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        outcome = services.authenticate(
            db.session, form.email.data, form.password.data, request.remote_addr or ""
        )
        if outcome.user is not None:
            start_session(db.session, outcome.user)
            db.session.commit()
            return redirect(safe_next(form.next.data) or url_for("dashboard.home"))
        db.session.commit()  # keep the failure count
        if outcome.throttled:
            form.form_errors.append(
                _("試行回数が多すぎます。しばらく待ってから再度お試しください。")
            )
            status = 429
        else:
            form.form_errors.append(_("メールアドレスまたはパスワードが正しくありません。"))
    return render_template("auth/login.html", form=form, outbox=outbox.available()), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    end_session(db.session, current_user.session_id)
    db.session.commit()
    _clear_cookie_session()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
    return redirect(safe_next(form.next.data) or url_for("dashboard.home"))


# --- invitation and password reset links ---------------------------------------------------


def _link_problem(error: TokenError, purpose: Purpose) -> tuple[str, int]:
    """Say plainly why a link cannot be used (nothing was written: the request is not committed)."""
    status = 400 if error.problem is TokenProblem.INVALID else 410
    return render_template(
        "auth/link_problem.html", problem=error.problem.value, purpose=purpose.value
    ), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Page:
    try:
        user = read_token(db.session, token, Purpose.INVITATION)
    except TokenError as error:
        return _link_problem(error, Purpose.INVITATION)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(db.session, token, form.password.data)
        except services.PasswordRejected as error:
            form.password.errors.append(str(error))
        except TokenError as error:
            return _link_problem(error, Purpose.INVITATION)
        else:
            start_session(db.session, user)
            db.session.commit()
            flash(_("パスワードを設定しました。hrcare へようこそ。"), "info")
            return redirect(url_for("dashboard.home"))
    return render_template(
        "auth/set_password.html", form=form, account=user.email, purpose="invitation"
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Page:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(db.session, form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(
            _(
                "入力されたメールアドレスのアカウントがあれば、パスワード再設定用のリンクをお送りしました。"
                "メールが届かない場合は、数分おいてから再度お試しください。"
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page:
    try:
        user = read_token(db.session, token, Purpose.RESET)
    except TokenError as error:
        return _link_problem(error, Purpose.RESET)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(db.session, token, form.password.data)
        except services.PasswordRejected as error:
            form.password.errors.append(str(error))
        except TokenError as error:
            return _link_problem(error, Purpose.RESET)
        else:
            db.session.commit()
            flash(_("パスワードを再設定しました。新しいパスワードでログインしてください。"), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, account=user.email, purpose="reset")


# --- signed in -----------------------------------------------------------------------------


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> Page:
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.change_password(
                db.session,
                current_user.user,
                form.current_password.data,
                form.password.data,
                keep_session=current_user.session_id,
                address=request.remote_addr or "",
            )
        except services.WrongPassword as error:
            db.session.commit()  # keep the failure count
            form.current_password.errors.append(str(error))
        except services.Throttled as error:
            form.form_errors.append(str(error))
            status = 429
        except services.PasswordRejected as error:
            form.password.errors.append(str(error))
        except TokenError:  # changed elsewhere between loading and saving; nothing written
            form.form_errors.append(
                _("別の画面でパスワードが変更されました。もう一度お試しください。")
            )
        else:
            db.session.commit()
            flash(_("パスワードを変更しました。ほかの端末でのログインは終了しました。"), "info")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/change_password.html", form=form), status


# --- development outbox --------------------------------------------------------------------


@bp.route("/dev/outbox", endpoint="outbox")
def outbox_index() -> str:
    if not outbox.available():
        abort(404)
    return render_template("auth/outbox.html", messages=outbox.list_messages())


@bp.route("/dev/outbox/<name>")
def outbox_message(name: str) -> str:
    if not outbox.available():
        abort(404)
    message = outbox.get_message(name)
    if message is None:
        abort(404)
    return render_template("auth/outbox_message.html", message=message)
