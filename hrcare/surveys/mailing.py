"""Invitation and reminder e-mails: queueing the jobs and writing the messages (Japanese).

The jobs (``hrcare.surveys.tasks``) receive the survey id only; they load the employees, issue
each link and send it in the same step, because a link exists only until it is handed over.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from hrcare.core.audit import record
from hrcare.core.jobs import JobRun, enqueue
from hrcare.roster.models import Employee
from hrcare.surveys.common import SurveyError, is_accepting
from hrcare.surveys.common import translate as _
from hrcare.surveys.invitations import link_url
from hrcare.surveys.models import Survey

INVITE_JOB = "hrcare.surveys.tasks.send_invitations"
REMIND_JOB = "hrcare.surveys.tasks.send_reminders"


def queue_invitations(
    session: Session, survey: Survey, *, actor_id: int | None, today: date
) -> JobRun:
    """E-mail every invitation that has no link yet (the job runs after the commit). The
    audience was frozen at opening: people added since are invited only by
    ``stuffing.invite_late``, an explicit and recorded action."""
    if not is_accepting(survey, today):
        raise SurveyError(_("招待メールを送れるのは実施中のアンケートだけです。"))
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
        raise SurveyError(_("リマインダーを送れるのは実施中のアンケートだけです。"))
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


def _deadline(survey: Survey) -> str:
    day = survey.closes_on
    return f"{day.year}年{day.month}月{day.day}日" if day else "（未定）"


def _common_notes(threshold: int) -> str:
    return (
        "・回答は任意です。回答したかどうか、何を回答したかが人事評価や配置に使われることはありません。\n"
        "・回答は誰のものか分からない形で保存されます。会社が見るのは"
        f"{threshold}人以上のまとまりの集計結果だけです。\n"
        "・自由記述は、誰が書いたか分からない形で保存され、人事担当者・経営層の画面には表示されません。\n"
        "・このリンクはあなた専用です。他の人に転送しないでください。\n"
    )


def _link_and_notes(survey: Survey, token: str, threshold: int) -> str:
    """The part every survey e-mail shares: the personal link, the deadline and the promises."""
    return (
        f"回答用リンク：\n{link_url(token)}\n\n"
        f"回答期限：{_deadline(survey)}\n\n"
        f"{_common_notes(threshold)}"
    )


def invitation_subject(company_name: str) -> str:
    return f"【ご協力のお願い】仕事と介護の両立に関するアンケート（{company_name}）"


def invitation_body(
    employee: Employee, survey: Survey, company_name: str, token: str, threshold: int
) -> str:
    return (
        f"{employee.name} 様\n\n"
        f"{company_name}では、仕事と介護を両立できる職場づくりのため、"
        f"「{survey.title}」を実施しています。\n"
        "現在介護をしていない方も含め、対象の全員にお願いしています（所要時間：5〜10分程度）。\n\n"
        f"{_link_and_notes(survey, token, threshold)}\n"
        "お心当たりのない場合は、このメールを破棄してください。\n"
    )


def reminder_subject(company_name: str) -> str:
    return f"【再送・ご協力のお願い】仕事と介護の両立に関するアンケート（{company_name}）"


def reminder_body(
    employee: Employee, survey: Survey, company_name: str, token: str, threshold: int
) -> str:
    return (
        f"{employee.name} 様\n\n"
        f"「{survey.title}」へのご協力をお願いしています。"
        "まだ回答がお済みでない方にお送りしています。\n"
        "以前お送りしたリンクも締切まで使えます。下記のリンクからもご回答いただけます。\n\n"
        f"{_link_and_notes(survey, token, threshold)}\n"
        "行き違いでご回答済みの場合は、このメールを破棄してください。\n"
    )
