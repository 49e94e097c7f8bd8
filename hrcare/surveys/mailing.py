"""Invitation and reminder e-mails: queueing the jobs and writing the messages (in the
recipient's language: see ``tasks``).

The jobs (``hrcare.surveys.tasks``) receive the survey id only; they load the employees, issue
each link and send it in the same step, because a link exists only until it is handed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.core.audit import record
from hrcare.core.clock import JST
from hrcare.core.i18n import _, _l, current_language
from hrcare.core.jobs import JobRun, enqueue, is_delayed
from hrcare.roster.services import Employee
from hrcare.surveys.common import SurveyError, is_accepting
from hrcare.surveys.invitations import link_url
from hrcare.surveys.models import Survey

INVITE_JOB = "hrcare.surveys.tasks.send_invitations"
REMIND_JOB = "hrcare.surveys.tasks.send_reminders"


def queue_invitations(
    session: Session, survey: Survey, *, actor_id: int | None, today: date
) -> JobRun:
    """E-mail every invitation that has no link yet (the job runs after the commit). The
    audience was frozen at opening: people added since are invited only by
    ``invitations.invite_late``, an explicit and recorded action."""
    if not is_accepting(survey, today):
        raise SurveyError(_l("招待メールを送れるのは実施中のアンケートだけです。"))
    return _queue(
        session,
        survey,
        actor_id=actor_id,
        action="survey.invitations_queued",
        kind="survey.invite",
        job=INVITE_JOB,
    )


def queue_reminders(
    session: Session, survey: Survey, *, actor_id: int | None, today: date
) -> JobRun:
    if not is_accepting(survey, today):
        raise SurveyError(_l("リマインダーを送れるのは実施中のアンケートだけです。"))
    return _queue(
        session,
        survey,
        actor_id=actor_id,
        action="survey.reminders_queued",
        kind="survey.remind",
        job=REMIND_JOB,
    )


def _queue(
    session: Session, survey: Survey, *, actor_id: int | None, action: str, kind: str, job: str
) -> JobRun:
    """Audit the request and queue the mailing job, which gets the survey id only."""
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action=action,
        object_type="survey",
        object_id=survey.id,
    )
    return enqueue(
        session, kind, job, company_id=survey.company_id, actor_id=actor_id, args=(survey.id,)
    )


@dataclass(frozen=True)
class MailRun:
    """One invitation or reminder mailing of a survey, as HR sees it on the survey page."""

    kind: str  # "invite" | "remind"
    queued_at: datetime  # Japan time
    status: str  # queued | running | finished | failed
    progress: int
    delayed: bool  # queued while the job queue was unavailable: it runs once it is back
    mailed: int | None  # people the run handled (finished runs)
    uncertain: int  # mails whose sending was interrupted: not sent again, may not have left


KINDS = {"survey.invite": "invite", "survey.remind": "remind"}


def mail_runs(session: Session, survey: Survey, *, limit: int = 5) -> list[MailRun]:
    """The survey's latest mailings, newest first (the job runs carry the survey id only)."""
    runs = session.scalars(
        select(JobRun)
        .where(JobRun.company_id == survey.company_id, JobRun.kind.in_(tuple(KINDS)))
        .order_by(JobRun.created_at.desc(), JobRun.id)
    )
    found: list[MailRun] = []
    for run in runs:
        if list(run.args or ()) != [survey.id]:
            continue
        result = run.result or {}
        found.append(
            MailRun(
                kind=KINDS[run.kind],
                queued_at=run.created_at.astimezone(JST),
                status=run.status,
                progress=run.progress,
                delayed=is_delayed(run),
                mailed=result.get("sent") if run.status == "finished" else None,
                uncertain=int(result.get("uncertain") or 0),
            )
        )
        if len(found) == limit:
            break
    return found


def _deadline(survey: Survey) -> str:
    day = survey.closes_on
    if day is None:
        return _("（未定）")
    return _("%(year)d年%(month)d月%(day)d日", year=day.year, month=day.month, day=day.day)


def _title(survey: Survey) -> str:
    """The survey's title as HR wrote it for the reader's language (English when given)."""
    return survey.title_en if current_language() == "en" and survey.title_en else survey.title


def _common_notes(threshold: int) -> list[str]:
    notes = (
        _(
            "回答は任意です。回答したかどうか、何を回答したかが人事評価や配置に使われることは"
            "ありません。"
        ),
        _(
            "回答は誰のものか分からない形で保存されます。会社が見るのは"
            "%(threshold)s人以上のまとまりの集計結果だけです。",
            threshold=threshold,
        ),
        _(
            "自由記述は、誰が書いたか分からない形で保存され、人事担当者・経営層の画面には"
            "表示されません。"
        ),
        _("このリンクはあなた専用です。他の人に転送しないでください。"),
    )
    return [_("・%(item)s", item=note) for note in notes]


def _message(greeting: str, lead: str, survey: Survey, token: str, threshold: int, end: str) -> str:
    """Every survey e-mail: greeting, lead, the personal link, the deadline, the promises."""
    lines = [
        greeting,
        "",
        lead,
        "",
        _("回答用リンク："),
        link_url(token),
        "",
        _("回答期限：%(deadline)s", deadline=_deadline(survey)),
        "",
        *_common_notes(threshold),
        "",
        end,
    ]
    return "\n".join(lines) + "\n"


# The texts below are rendered in the language in force: the job sets the recipient's
# (``tasks._mail_out``: the employee's own account's choice, else the default).


def invitation_subject(company_name: str) -> str:
    return _(
        "【ご協力のお願い】仕事と介護の両立に関するアンケート（%(company)s）", company=company_name
    )


def invitation_body(
    employee: Employee, survey: Survey, company_name: str, token: str, threshold: int
) -> str:
    lead = _(
        "%(company)sでは、仕事と介護を両立できる職場づくりのため、「%(title)s」を実施しています。\n"
        "現在介護をしていない方も含め、対象の全員にお願いしています（所要時間：5〜10分程度）。",
        company=company_name,
        title=_title(survey),
    )
    return _message(
        _("%(name)s 様", name=employee.name),
        lead,
        survey,
        token,
        threshold,
        _("お心当たりのない場合は、このメールを破棄してください。"),
    )


def reminder_subject(company_name: str) -> str:
    return _(
        "【再送・ご協力のお願い】仕事と介護の両立に関するアンケート（%(company)s）",
        company=company_name,
    )


def reminder_body(
    employee: Employee, survey: Survey, company_name: str, token: str, threshold: int
) -> str:
    lead = _(
        "「%(title)s」へのご協力をお願いしています。まだ回答がお済みでない方にお送りしています。\n"
        "以前お送りしたリンクも締切まで使えます。下記のリンクからもご回答いただけます。",
        title=_title(survey),
    )
    return _message(
        _("%(name)s 様", name=employee.name),
        lead,
        survey,
        token,
        threshold,
        _("行き違いでご回答済みの場合は、このメールを破棄してください。"),
    )
