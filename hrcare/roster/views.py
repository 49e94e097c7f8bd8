"""Roster pages (HR admins only): list, one employee, file import with preview, export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from hrcare.core.clock import JST, today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.extensions import db
from hrcare.roster import services
from hrcare.roster.exporter import ExportEncodingError
from hrcare.roster.forms import (
    EMPLOYMENT_LABELS,
    FIELD_LABELS,
    CommitForm,
    DiscardForm,
    EmployeeForm,
    UploadForm,
)
from hrcare.roster.importer import ImportLimits, format_limit_bytes
from hrcare.roster.importing import SAMPLE_SIZE
from hrcare.roster.models import Employee, RosterUpload

bp = Blueprint("roster", __name__, url_prefix="/c/<company>/roster")

ERRORS_SHOWN = 1_000


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"roster_value": display_value, "jst_date": jst_date}


def jst_date(moment: datetime | None) -> str:
    return moment.astimezone(JST).date().isoformat() if moment else ""


def display_value(name: str, value: Any) -> str:
    """A roster value as the preview and the list show it (labels translated)."""
    if value is None or value == "":
        return _("（空欄）")
    if name == "is_manager":
        return _("管理職") if value else _("非管理職")
    if name == "employment_type":
        return str(EMPLOYMENT_LABELS.get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _number(value: int) -> str:
    return f"{value:,}"


def _limits() -> ImportLimits:
    settings = current_app.extensions["hrcare.settings"]
    return ImportLimits(max_bytes=settings.upload_max_bytes, max_rows=settings.upload_max_rows)


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


@bp.route("/")
def index() -> str:
    status = "left" if request.args.get("status") == "left" else "active"
    query = request.args.get("q", "")[:100]
    reaching_40 = status == "active" and request.args.get("filter") == "reaching_40"
    company_id = current_company().id
    page = services.list_employees(
        db.session,
        company_id,
        query=query,
        status=status,
        page=_page_number(),
        only_ids=services.reaching_40_ids(db.session, company_id, today_jst())
        if reaching_40
        else None,
    )
    return render_template(
        "roster/index.html", page=page, status=status, query=query, reaching_40=reaching_40
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    now = utcnow()
    form = EmployeeForm(now=now)
    if form.validate_on_submit():
        try:
            employee = services.create_employee(
                db.session, current_company(), form.to_data(), actor_id=current_user.id, now=now
            )
        except services.DuplicateEmployeeNumber:
            form.employee_number.errors.append(_("この社員番号は既に登録されています。"))
        else:
            db.session.commit()
            flash(_("%(name)s さんを登録しました。", name=employee.name), "info")
            return redirect(url_for("roster.index"))
    return render_template("roster/employee_form.html", form=form, employee=None)


@bp.route("/<int:employee_id>", methods=["GET", "POST"])
def edit(employee_id: int) -> Any:
    employee = get_or_404(db.session, Employee, employee_id)
    now = utcnow()
    form = EmployeeForm(obj=employee, now=now)
    if request.method == "GET":
        form.left.data = employee.left_at is not None
    if form.validate_on_submit():
        try:
            services.update_employee(
                db.session, employee, form.to_data(), actor_id=current_user.id, now=now
            )
        except services.DuplicateEmployeeNumber:
            form.employee_number.errors.append(_("この社員番号は既に登録されています。"))
        else:
            db.session.commit()
            flash(_("%(name)s さんの情報を更新しました。", name=employee.name), "info")
            return redirect(url_for("roster.index"))
    return render_template("roster/employee_form.html", form=form, employee=employee)


# --- import --------------------------------------------------------------------------------


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> Any:
    """The request body passed MAX_CONTENT_LENGTH. This can fire before the tenant is
    resolved (the CSRF check reads the form first), so the page needs no company data."""
    return render_template(
        "roster/too_large.html", message=services.too_large_message(_limits()), back=request.path
    ), 413


@bp.route("/import", methods=["GET", "POST"])
def import_upload() -> Any:
    form = UploadForm()
    if form.validate_on_submit():
        try:
            upload = services.hold_file(
                db.session,
                current_company(),
                form.file.data,
                actor_id=current_user.id,
                now=utcnow(),
                limits=_limits(),
            )
        except services.FileTooLarge as exc:
            form.file.errors.append(str(exc.message))
        else:
            db.session.commit()
            return redirect(url_for("roster.import_preview", upload_id=upload.id))
    limits = _limits()
    return render_template(
        "roster/import_upload.html",
        form=form,
        limits=limits,
        limit_size=format_limit_bytes(limits.max_bytes),
    )


def _live_upload(upload_id: int) -> RosterUpload | Response:
    upload = get_or_404(db.session, RosterUpload, upload_id)
    if services.upload_expired(upload, utcnow()):
        flash(
            _("アップロードの有効期限（1日）が切れました。もう一度アップロードしてください。"),
            "error",
        )
        return redirect(url_for("roster.import_upload"))
    return upload


@bp.route("/import/<int:upload_id>")
def import_preview(upload_id: int) -> Any:
    upload = _live_upload(upload_id)
    if isinstance(upload, Response):
        return upload
    preview = services.preview_import(
        db.session, current_company(), upload, now=utcnow(), limits=_limits()
    )
    headers = {name: str(label) for name, label in FIELD_LABELS.items()}
    return render_template(
        "roster/import_preview.html",
        upload=upload,
        preview=preview,
        headers=headers,
        missing_columns=[label for name, label in headers.items() if name not in preview.columns],
        errors=preview.errors[:ERRORS_SHOWN],
        sample_size=SAMPLE_SIZE,
        commit_form=CommitForm(),
        discard_form=DiscardForm(),
    )


@bp.route("/import/<int:upload_id>/commit", methods=["POST"])
def import_commit(upload_id: int) -> Any:
    upload = _live_upload(upload_id)
    if isinstance(upload, Response):
        return upload
    form = CommitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        summary = services.commit_import(
            db.session,
            current_company(),
            upload,
            actor_id=current_user.id,
            now=utcnow(),
            limits=_limits(),
            confirm_left=bool(form.confirm_left.data),
        )
        db.session.commit()
    except (
        services.RosterImportError,
        services.LeftNotConfirmed,
        services.UploadGone,
        IntegrityError,
    ) as refused:
        return _import_refused(refused, upload_id)
    flash(
        _(
            "名簿を取り込みました：追加 %(added)s 名、更新 %(updated)s 名、変更なし %(unchanged)s 名、退職扱い %(left)s 名。",
            added=_number(summary.added),
            updated=_number(summary.updated),
            unchanged=_number(summary.unchanged),
            left=_number(summary.left),
        ),
        "info",
    )
    return redirect(url_for("roster.index"))


def _import_refused(refused: Exception, upload_id: int) -> Response:
    """Why a commit wrote nothing, and where the user goes next."""
    if isinstance(refused, services.RosterImportError):
        flash(_("ファイルにエラーがあるため取り込めません。何も変更していません。"), "error")
        return redirect(url_for("roster.import_preview", upload_id=upload_id))
    if isinstance(refused, services.LeftNotConfirmed):
        flash(
            _(
                "%(count)s 名が退職扱いになります。確認欄にチェックを入れてから取り込んでください。",
                count=_number(refused.count),
            ),
            "error",
        )
        return redirect(url_for("roster.import_preview", upload_id=upload_id))
    db.session.rollback()  # the upload was gone, or the roster changed at the same time
    flash(
        _("このファイルは既に取り込まれたか、名簿が同時に変更されました。名簿を確認してください。"),
        "error",
    )
    return redirect(url_for("roster.index"))


@bp.route("/import/<int:upload_id>/discard", methods=["POST"])
def import_discard(upload_id: int) -> Any:
    upload = get_or_404(db.session, RosterUpload, upload_id)
    if not DiscardForm().validate_on_submit():
        abort(400)
    services.discard_upload(db.session, upload)
    db.session.commit()
    flash(_("アップロードしたファイルを破棄しました。"), "info")
    return redirect(url_for("roster.import_upload"))


# --- export --------------------------------------------------------------------------------


@bp.route("/export.<fmt>")
def export(fmt: str) -> Any:
    if fmt not in services.EXPORT_FORMATS:
        abort(404)
    encoding = "cp932" if request.args.get("encoding") == "cp932" and fmt == "csv" else "utf-8"
    try:
        file = services.export_roster(
            db.session,
            current_company(),
            fmt=fmt,
            encoding=encoding,
            actor_id=current_user.id,
            now=utcnow(),
        )
    except ExportEncodingError as exc:
        db.session.rollback()
        flash(
            _(
                "社員番号 %(number)s の「%(column)s」に Shift_JIS（CP932）で表せない文字があります。UTF-8 の CSV か Excel で出力してください。",
                number=exc.employee_number,
                column=exc.column,
            ),
            "error",
        )
        return redirect(url_for("roster.index"))
    db.session.commit()  # the audit event of the export
    response = Response(file.content, content_type=file.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
