"""Audience, personal links (hash only, re-issue), e-mail jobs, the link list, response rates."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from hrcare.core import jobs
from hrcare.core.db import utcnow
from hrcare.core.jobs import JobRun
from hrcare.core.mail import MailDelivery
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.roster.services import age_on
from hrcare.surveys import campaigns, mailing
from hrcare.surveys import invitations as inv
from hrcare.surveys.common import SurveyError, hash_token
from hrcare.surveys.models import SurveyInvitation
from hrcare.surveys.questionnaire import age_band
from tests.surveys.conftest import NON_CAREGIVER_PAGES, answer_all, invitations

LINK = re.compile(r"/s/([A-Za-z0-9_-]{43})")


def tokens_in(mails) -> dict[str, str]:
    return {m.to: LINK.search(m.body).group(1) for m in mails}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ({}, 14),
        ({"departments": ["営業部"]}, 6),
        ({"employment_types": ["contract", "part_time"]}, 4),
        ({"departments": ["開発部", "総務部"], "employment_types": ["regular"]}, 5),
    ],
)
def test_audience_selection(draft, today, audience, expected) -> None:
    draft.audience = audience
    assert (
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
        == expected
    )


def test_snapshot_is_taken_from_the_roster_on_the_invitation_day(opened, roster, today) -> None:
    by_employee = {i.employee_id: i for i in invitations(opened)}
    assert set(by_employee) == {e.id for e in roster}  # the leaver is not invited
    for e in roster:
        invitation = by_employee[e.id]
        assert invitation.department == e.department and invitation.is_manager == e.is_manager
        assert invitation.employment_type == e.employment_type
        assert invitation.age_band == age_band(age_on(e.birth_date, today))
        assert invitation.invited_on == today and invitation.link_issued_on is None
    # Re-syncing invites nobody twice.
    assert inv.sync_invitations(db.session, opened, today=today) == 0


def test_invitation_mail_carries_a_working_link_and_only_its_hash_is_stored(
    client, opened, sent_mail, roster
) -> None:
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()  # the job runs inline after the commit
    with_email = [e for e in roster if e.email]
    assert sorted(m.to for m in sent_mail) == sorted(e.email for e in with_email)
    mail = sent_mail[0]
    assert "仕事と介護" in mail.subject and "人事評価や配置に使われることはありません" in mail.body
    tokens = tokens_in(sent_mail)
    stored = {i.token_hash for i in invitations(opened)}
    assert {hash_token(t) for t in tokens.values()} <= stored
    # The plain token is nowhere in the invitations table.
    dump = " ".join(
        str(v) for row in db.session.execute(text("SELECT * FROM survey_invitations")) for v in row
    )
    assert not any(t in dump for t in tokens.values())
    assert client.get(f"/s/{next(iter(tokens.values()))}").status_code == 303
    # Running the job again (at-least-once delivery) sends nothing twice.
    sent_mail.clear()
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    assert sent_mail == []


def test_job_arguments_are_ids_only(opened, sent_mail, monkeypatch) -> None:
    calls = []
    real = jobs._dispatch
    monkeypatch.setattr(
        jobs,
        "_dispatch",
        lambda app, run_id, func, args, *rest, **kw: (
            calls.append((func, args)),
            real(app, run_id, func, args, *rest, **kw),
        ),
    )
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    mailing.queue_reminders(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    assert [func for func, _ in calls] == [mailing.INVITE_JOB, mailing.REMIND_JOB]
    personal = {e for m in sent_mail for e in (m.to, m.body)}
    for _func, args in calls:
        assert args == (opened.id,)
        assert all(isinstance(a, int) for a in args)
        assert not any(str(a) in p for a in args for p in personal if len(str(a)) > 3)
    runs = db.session.scalars(select(jobs.JobRun).order_by(jobs.JobRun.created_at)).all()
    assert [r.kind for r in runs][-2:] == ["survey.invite", "survey.remind"]
    assert all(r.status == "finished" for r in runs)


def test_reminders_go_only_to_those_who_have_not_answered(
    client, opened, sent_mail, issue, roster
) -> None:
    first = invitations(opened)[0]
    answer_all(client, issue(first), NON_CAREGIVER_PAGES)
    responder = next(e for e in roster if e.id == first.employee_id)
    mailing.queue_reminders(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    recipients = {m.to for m in sent_mail}
    assert responder.email not in recipients
    assert recipients == {e.email for e in roster if e.email and e.id != responder.id}
    assert all("以前お送りしたリンクも締切まで使えます" in m.body for m in sent_mail)
    # Reminded today: a second run (or a retried job) sends nothing more.
    sent_mail.clear()
    mailing.queue_reminders(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    assert sent_mail == []


def test_reminder_keeps_the_link_already_handed_out(client, opened, sent_mail, issue) -> None:
    """Links given on paper or in the CSV must survive a reminder (issue 9, item 4)."""
    invitation = invitations(opened)[0]
    old = issue(invitation)
    mailing.queue_reminders(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    employee_mail = next(
        m
        for m in sent_mail
        if LINK.search(m.body)
        and hash_token(LINK.search(m.body).group(1))
        == db.session.get(SurveyInvitation, invitation.id).token_hash
    )
    new = LINK.search(employee_mail.body).group(1)
    # Both links still lead in (each is exchanged for the session on first use).
    assert client.get(f"/s/{old}").status_code == 303
    assert client.get(f"/s/{new}").status_code == 303


def test_download_links_reissues_and_keeps_the_old_link(
    hr, tenant_a, opened, issue, roster
) -> None:
    by_employee = {i.employee_id: i for i in invitations(opened)}
    no_email = [e for e in roster if not e.email]
    old = issue(by_employee[no_email[0].id])
    response = hr.post(
        f"/c/{tenant_a.slug}/surveys/{opened.id}/links",
        data={"scope": "no_email", "department": "", "confirm": "y"},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["社員番号", "氏名", "部署", "回答用リンク"]
    assert sorted(r[0] for r in rows[1:]) == sorted(e.employee_number for e in no_email)
    new = LINK.search(next(r[3] for r in rows if r[0] == no_email[0].employee_number)).group(1)
    assert hr.get(f"/s/{old}").status_code == 303
    assert hr.get(f"/s/{new}").status_code == 303
    unconfirmed = hr.post(f"/c/{tenant_a.slug}/surveys/{opened.id}/links", data={"scope": "all"})
    assert unconfirmed.status_code == 200 and unconfirmed.mimetype == "text/html"


def test_links_csv_escapes_formula_cells() -> None:
    from hrcare.surveys.link_views import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("@x") == "'@x"
    assert safe_cell("営業部") == "営業部"


def test_links_need_an_open_survey(draft, today) -> None:
    with pytest.raises(SurveyError):
        inv.issue_links(db.session, draft, scope="all", today=today, actor_id=None)


def test_response_rate_while_open_is_overall_only(opened, tenant_a) -> None:
    """A count per department moving by one as each person answers tells who answered
    (issue 8, attack 5): while open, participation is shown overall only."""
    rows = invitations(opened)
    for invitation in rows[:4]:
        invitation.responded = True
    db.session.commit()
    rates = inv.response_rates(db.session, opened, threshold=5)
    assert (rates.invited, rates.responded) == (14, 4)
    assert rates.rows == [] and rates.hidden_departments == 0


def test_detail_page_shows_no_department_participation_while_open(hr, tenant_a, opened) -> None:
    for invitation in invitations(opened)[:4]:
        invitation.responded = True
    db.session.commit()
    html = hr.get(f"/c/{tenant_a.slug}/surveys/{opened.id}").get_data(as_text=True)
    assert "回答受付中は全体の回答状況だけを表示します" in html
    assert "<progress" not in html


def test_invitations_refused_when_closed(opened, today) -> None:
    opened.closes_on = today - timedelta(days=1)
    with pytest.raises(SurveyError):
        mailing.queue_invitations(db.session, opened, actor_id=None, today=today)
    with pytest.raises(SurveyError):
        mailing.queue_reminders(db.session, opened, actor_id=None, today=today)


@pytest.mark.parametrize("action", ["remind", "close"])
def test_reminding_and_closing_ask_first_with_the_number_affected(
    hr, tenant_a, opened, sent_mail, action
) -> None:
    rows = invitations(opened)
    for invitation in rows[:4]:
        invitation.responded = True
    db.session.commit()
    url = f"/c/{tenant_a.slug}/surveys/{opened.id}/{action}"
    page = hr.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and sent_mail == [] and opened.status == "open"
    pending = len(rows) - 4  # 10 people have not answered
    if action == "remind":
        reachable = sum(1 for i in rows[4:] if db.session.get(Employee, i.employee_id).email)
        assert f"未回答の {reachable:,} 名にリマインダーのメールを送信します" in html
    else:
        assert f"未回答の {pending:,} 名は、終了後は回答できなくなります" in html
    detail = hr.get(f"/c/{tenant_a.slug}/surveys/{opened.id}").get_data(as_text=True)
    assert f'href="{url}"' in detail  # the detail page's button leads to the question
    assert hr.post(url).status_code == 302


def _mailings(hr, tenant_a, survey) -> str:
    html = hr.get(f"/c/{tenant_a.slug}/surveys/{survey.id}").get_data(as_text=True)
    start = html.find('id="mailings"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_detail_page_shows_each_mailing_and_its_outcome(hr, tenant_a, opened, roster) -> None:
    assert _mailings(hr, tenant_a, opened) == ""
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()  # the job runs inline after the commit
    reachable = sum(1 for e in roster if e.email)
    card = _mailings(hr, tenant_a, opened)
    assert "招待メール" in card and f"送信しました（{reachable:,}名）" in card
    assert 'data-mail-run="finished"' in card and "data-uncertain" not in card


def test_an_interrupted_mail_is_shown_not_sent_again(
    hr, tenant_a, opened, roster, sent_mail
) -> None:
    """A worker killed mid-send leaves a delivery 'sending': the retry does not send it again,
    and HR reads on the survey page that it may not have arrived (issue 15)."""
    first = invitations(opened)[0]
    day = opened.opens_on.isoformat()
    db.session.add(
        MailDelivery(
            key=f"survey:{opened.id}:invitation:{day}:{first.id}",
            status="sending",
            company_id=opened.company_id,
        )
    )
    db.session.commit()
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    person = db.session.get(Employee, first.employee_id)
    assert person.email not in {m.to for m in sent_mail}
    card = _mailings(hr, tenant_a, opened)
    assert 'data-uncertain="1"' in card and "届いたか確認できないメールが 1 件" in card


def test_a_mailing_waiting_for_the_queue_says_so(hr, tenant_a, opened) -> None:
    run = mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.flush()
    run_id = run.id
    db.session.rollback()  # never dispatched: as if Redis was down at the commit
    db.session.add(
        JobRun(
            id=run_id,
            kind="survey.invite",
            company_id=opened.company_id,
            func=mailing.INVITE_JOB,
            args=[opened.id],
            status="queued",
            error="delayed: the job queue was unavailable",
        )
    )
    db.session.commit()
    card = _mailings(hr, tenant_a, opened)
    assert 'data-mail-run="queued"' in card and "接続が戻りしだい送信します" in card
    other = campaigns.new_wave(db.session, opened, actor_id=None)
    db.session.commit()
    assert _mailings(hr, tenant_a, other) == ""  # drafts show none
    other.status = "open"
    db.session.commit()
    assert _mailings(hr, tenant_a, other) == ""  # another survey's mailings stay on its page
