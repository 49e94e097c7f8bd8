"""Issue 8, attack 3: HR fills a group with people whose answers it knows.

HR puts the target and four dummy employees in a new department just before the wave,
downloads every link and answers the four dummy links itself: the group has five
respondents and its figures are the target's answers. That cannot be prevented while HR
keeps the roster, so it must be visible: the audience is frozen at opening, every download
is recorded and shown, and the release flags the group.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys import campaigns, invitations, mailing, stuffing
from hrcare.surveys.common import hash_token
from hrcare.surveys.models import SurveyInvitation
from hrcare.surveys.results import services
from hrcare.surveys.submission import submit_response


def _employees(company: Any, department: str, n: int, *, days_ago: int, start: int) -> None:
    at = utcnow() - timedelta(days=days_ago)
    for i in range(n):
        db.session.add(
            Employee(
                company_id=company.id,
                employee_number=f"S{start + i:04d}",
                name=f"社員{start + i}",
                department=department,
                birth_date=utcnow().date().replace(year=1983),
                created_at=at,
                updated_at=at,
            )
        )
    db.session.flush()


def _open_survey(company: Any, hr: Any, today: Any) -> Any:
    """A week-long survey of the whole company, opened today by ``hr``."""
    survey = campaigns.create_survey(
        db.session,
        company_id=company.id,
        actor_id=hr.id,
        title="t",
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    campaigns.open_survey(db.session, survey, actor_id=hr.id, today=today, now=utcnow())
    return survey


def test_a_stuffed_group_is_flagged_and_the_downloads_shown(
    tenant_a: Any, client: Any, login_as: Any
) -> None:
    from hrcare.core.roles import Role

    company = tenant_a.company
    hr = tenant_a.users[Role.HR_ADMIN]
    _employees(company, "営業部", 10, days_ago=200, start=0)
    _employees(company, "開発部", 10, days_ago=200, start=100)
    _employees(company, "監査室", 5, days_ago=5, start=200)  # target + 4 dummies, just now
    today = utcnow().date()
    survey = _open_survey(company, hr, today)
    issued = invitations.issue_links(db.session, survey, scope="all", today=today, actor_id=hr.id)
    tokens = {link.employee_number: link.token for link in issued}
    for invitation in db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
    ):
        number = db.session.get(Employee, invitation.employee_id).employee_number
        assert submit_response(
            db.session,
            invitation_id=invitation.id,
            token_hash=hash_token(tokens[number]),
            answers={"caring_now": "yes" if number == "S0200" else "no"},
            comments={},
            consent_version="2026-2",
            consented_at=utcnow(),
        )
    campaigns.close_survey(db.session, survey, actor_id=hr.id, now=utcnow())
    db.session.commit()
    released = services.release_for(db.session, company.id, survey.id)
    assert released is not None
    shown = {g.value for g in released.results.segments["department"] if g.shown}
    assert "監査室" in shown  # the attack's group is published …
    reasons = released.flag("department", "監査室")
    assert stuffing.ROSTER_CHANGED in reasons and stuffing.DOWNLOADED in reasons  # … flagged
    assert stuffing.ROSTER_CHANGED not in released.flag("department", "営業部")
    [event] = released.link_events
    assert (event.kind, event.people, event.actor) == ("download", 25, hr.email)
    login_as(Role.HR_ADMIN)
    page = client.get(f"/c/{tenant_a.slug}/surveys/results/{survey.id}").get_data(as_text=True)
    assert "開始前30日以内に所属者が変わりました" in page
    assert f"{hr.email} が 25名分のリンクをダウンロードしました" in page


def test_the_audience_is_frozen_at_opening(tenant_a: Any, client: Any, login_as: Any) -> None:
    from hrcare.core.roles import Role

    company = tenant_a.company
    hr = tenant_a.users[Role.HR_ADMIN]
    _employees(company, "営業部", 6, days_ago=200, start=0)
    today = utcnow().date()
    survey = _open_survey(company, hr, today)
    _employees(company, "営業部", 1, days_ago=0, start=50)  # joins after opening
    mailing.queue_invitations(db.session, survey, actor_id=hr.id, today=today)

    def invited() -> int:
        return len(
            db.session.scalars(
                select(SurveyInvitation.id).where(SurveyInvitation.survey_id == survey.id)
            ).all()
        )

    assert invited() == 6  # sending invitations no longer adds anyone
    assert len(invitations.pending_late(db.session, survey)) == 1
    login_as(Role.HR_ADMIN)
    detail = client.get(f"/c/{tenant_a.slug}/surveys/{survey.id}").get_data(as_text=True)
    assert "開始後に名簿に追加された対象者が 1名います" in detail
    done = client.post(f"/c/{tenant_a.slug}/surveys/{survey.id}/invite-late")
    assert done.status_code == 302
    assert invited() == 7
    late = db.session.scalars(
        select(SurveyInvitation).where(
            SurveyInvitation.survey_id == survey.id, SurveyInvitation.added_late.is_(True)
        )
    ).all()
    assert len(late) == 1
    [event] = stuffing.events(db.session, survey)
    assert (event.kind, event.people, event.actor) == ("late_invite", 1, hr.email)
    detail = client.get(f"/c/{tenant_a.slug}/surveys/{survey.id}").get_data(as_text=True)
    assert "開始後に名簿に追加された 1名を対象者に追加しました" in detail
