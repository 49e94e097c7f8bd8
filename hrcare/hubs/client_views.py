"""Hub routes on its clients: onboarding (company, HR admin, roster), a wave for several
clients, leaving the hub. Routes on the ``hubs`` blueprint; a company the hub does not
manage answers 404 before anything else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hrcare.core.actor import Actor
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.extensions import db
from hrcare.hubs import clients, hub_reports, offboard
from hrcare.hubs.blueprint import _hub_actor, bp
from hrcare.hubs.forms import CommitForm, LeaveForm, OnboardForm, UploadForm, WavesForm
from hrcare.roster import services as roster
from hrcare.tenants.services import Company


def _managed(actor: Actor, slug: str, *, lock: bool = False) -> Company:
    try:
        return clients.managed_company(db.session, actor, slug, lock=lock)
    except clients.NotManaged:
        abort(404)


def _limits() -> roster.ImportLimits:
    settings = current_app.extensions["hrcare.settings"]
    return roster.ImportLimits(
        max_bytes=settings.upload_max_bytes, max_rows=settings.upload_max_rows
    )


@bp.route("/clients/new", methods=["GET", "POST"])
def onboard() -> Any:
    actor = _hub_actor()
    form = OnboardForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal leaves nothing behind
                company = clients.onboard_client(
                    db.session,
                    actor,
                    slug=form.slug.data or "",
                    name=form.name.data or "",
                    hr_email=form.hr_email.data or "",
                    hr_name=form.hr_name.data or "",
                )
            db.session.commit()
        except (clients.HubError, IntegrityError) as exc:
            message = exc.message if isinstance(exc, clients.HubError) else None
            flash(message or _("同じ識別子または企業名の企業が既にあります。"), "error")
        else:
            flash(
                _("企業「%(name)s」を登録し、人事管理者を招待しました。", name=company.name), "info"
            )
            return redirect(url_for("hubs.roster_upload", slug=company.slug))
    return render_template("hubs/onboard.html", form=form)


def _empty_roster(company: Company) -> bool:
    return roster.headcount(db.session, company.id, today_jst()).employees == 0


@bp.route("/clients/<slug>/roster", methods=["GET", "POST"])
def roster_upload(slug: str) -> Any:
    """The first roster of a client being onboarded (later imports are its HR admins')."""
    actor = _hub_actor()
    company = _managed(actor, slug)
    if not _empty_roster(company):
        flash(_("この企業の名簿は登録済みです。以後の更新は企業の人事管理者が行います。"), "info")
        return redirect(url_for("hubs.dashboard"))
    form = UploadForm()
    if form.validate_on_submit():
        try:
            upload = roster.hold_file(
                db.session,
                company,
                form.file.data,
                actor_id=actor.user_id,
                now=utcnow(),
                limits=_limits(),
            )
        except roster.FileTooLarge as exc:
            form.file.errors.append(str(exc.message))
        else:
            db.session.commit()
            return redirect(url_for("hubs.roster_preview", slug=slug, upload_id=upload.id))
    return render_template("hubs/roster_upload.html", company=company, form=form)


def _upload(company: Company, upload_id: int) -> roster.RosterUpload:
    upload = db.session.scalars(
        select(roster.RosterUpload).where(
            roster.RosterUpload.id == upload_id, roster.RosterUpload.company_id == company.id
        )
    ).first()
    if upload is None or roster.upload_expired(upload, utcnow()):
        abort(404)
    return upload


@bp.route("/clients/<slug>/roster/<int:upload_id>")
def roster_preview(slug: str, upload_id: int) -> Any:
    company = _managed(_hub_actor(), slug)
    upload = _upload(company, upload_id)
    preview = roster.preview_import(db.session, company, upload, now=utcnow(), limits=_limits())
    return render_template(
        "hubs/roster_preview.html",
        company=company,
        upload=upload,
        preview=preview,
        errors=preview.errors[:50],
        form=CommitForm(),
    )


@bp.route("/clients/<slug>/roster/<int:upload_id>/commit", methods=["POST"])
def roster_commit(slug: str, upload_id: int) -> Any:
    actor = _hub_actor()
    company = _managed(actor, slug)
    upload = _upload(company, upload_id)
    if not CommitForm().validate_on_submit() or not _empty_roster(company):
        abort(400)
    try:
        summary = roster.commit_import(
            db.session, company, upload, actor_id=actor.user_id, now=utcnow(), limits=_limits()
        )
        db.session.commit()
    except roster.RosterImportError:
        db.session.rollback()
        flash(_("ファイルにエラーがあるため取り込めません。何も変更していません。"), "error")
        return redirect(url_for("hubs.roster_preview", slug=slug, upload_id=upload_id))
    except (roster.UploadGone, IntegrityError):
        db.session.rollback()
        abort(404)
    flash(_("名簿を取り込みました：%(n)s 名。", n=f"{summary.added:,}"), "info")
    return redirect(url_for("hubs.dashboard", q=company.name))


@bp.route("/waves", methods=["POST"])
def open_waves() -> Any:
    """Open a survey wave in every client ticked, or in none."""
    actor = _hub_actor()
    form = WavesForm()
    slugs = request.form.getlist("company")
    if not form.validate_on_submit():
        flash(_("締切日を入力してください。"), "error")
        return redirect(url_for("hubs.dashboard"))
    today = today_jst()
    closes_on = form.closes_on.data
    try:
        if closes_on is None or closes_on < today or closes_on > today + timedelta(days=366):
            raise clients.HubError(_("締切日は今日から1年以内の日付にしてください。"))
        with db.session.begin_nested():  # all or none
            opened = clients.open_waves(
                db.session,
                actor,
                slugs,
                title=form.title.data or "",
                closes_on=closes_on,
                today=today,
                now=utcnow(),
            )
        db.session.commit()
    except clients.NotManaged:
        abort(404)
    except clients.HubError as exc:
        return render_template("hubs/refused.html", message=exc.message), 400
    flash(_("%(n)s 社でアンケートを開始しました。", n=len(opened)), "info")
    return redirect(url_for("hubs.dashboard"))


@bp.route("/clients/<slug>/leave", methods=["GET", "POST"])
def leave(slug: str) -> Any:
    actor = _hub_actor()
    company = _managed(actor, slug, lock=request.method == "POST")
    form = LeaveForm()
    if form.validate_on_submit():
        name = company.name
        clients.leave_hub(db.session, actor, company)
        db.session.commit()
        flash(_("「%(name)s」への支援を終了しました。", name=name), "info")
        return redirect(url_for("hubs.dashboard"))
    return render_template("hubs/leave.html", company=company, form=form)


# --- the hub-level 効果検証 PDF ---------------------------------------------------------------


@bp.route("/effect/pdf", methods=["POST"])
def effect_report() -> Any:
    actor = _hub_actor()
    language = request.form.get("language", "ja")
    if language not in hub_reports.LANGUAGES:
        abort(400)
    report = hub_reports.request_report(db.session, actor, language=language, now=utcnow())
    db.session.commit()
    return redirect(url_for("hubs.effect_report_show", hub_report_id=report.id))


@bp.route("/effect/pdf/<int:hub_report_id>")
def effect_report_show(hub_report_id: int) -> Any:
    actor = _hub_actor()
    report = hub_reports.hub_report(db.session, actor.hub_id, hub_report_id)
    if report is None:
        abort(404)
    state = hub_reports.status(db.session, report)
    path = hub_reports.file_path(report)
    if state == "finished" and path is not None and request.args.get("download"):
        response = send_file(
            path,
            mimetype="application/pdf",
            as_attachment=True,
            download_name=f"hub-effect-{report.id}-{report.language}.pdf",
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("hubs/effect_report.html", report=report, state=state, ready=path)


@bp.route("/clients/<slug>/export.zip", methods=["POST"])
def client_export(slug: str) -> Any:
    """The hand-over archive (POST: it is recorded in the client's audit log)."""
    actor = _hub_actor()
    company = _managed(actor, slug)
    body = offboard.export_zip(db.session, actor, company, today=today_jst())
    db.session.commit()
    return Response(
        body,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="hub-export-{company.slug}.zip"',
            "Cache-Control": "no-store",
        },
    )
