"""A hub's work on its clients: onboarding, a wave for several clients at once, leaving.

Every function receives the hub member as ``actor`` and reaches only companies its hub
manages: any other slug — another hub's client, a company without a hub, a typo — raises
``NotManaged`` (the view answers 404) before anything changes. A batch is all-or-nothing:
the companies are locked (``FOR UPDATE`` on PostgreSQL) so a client leaving the hub at the
same moment waits, and any refusal rolls the whole batch back. Each action inside a client
is recorded in its audit log (what the client's HR admins see). Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, UserSession
from hrcare.core import audit
from hrcare.core.actor import Actor
from hrcare.core.i18n import _l
from hrcare.core.roles import HUB_ROLES, Role
from hrcare.hubs import inherit
from hrcare.surveys import services as surveys
from hrcare.tenants import services as tenants
from hrcare.tenants.services import Company, Hub, TenantError

MAX_BATCH = 500


class NotManaged(LookupError):  # noqa: N818 - a state: answered as 404
    """A company the actor's hub does not manage (or none at all)."""


class HubError(ValueError):
    """A refusal with a message for the person (nothing was changed)."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _hub(session: Session, actor: Actor) -> Hub:
    hub = tenants.hub_by_id(session, actor.hub_id)
    if hub is None:
        raise NotManaged("no hub in force")
    return hub


def managed_companies(
    session: Session, actor: Actor, slugs: Sequence[str], *, lock: bool = False
) -> list[Company]:
    """The companies named, each managed by the actor's hub, or ``NotManaged`` for the
    whole list. ``lock``: hold them until the commit (a batch)."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    if actor.hub_id is None or not wanted or len(wanted) > MAX_BATCH:
        raise NotManaged(wanted)
    stmt = select(Company).where(Company.slug.in_(wanted), Company.hub_id == actor.hub_id)
    if lock:
        stmt = stmt.with_for_update()
    found = {c.slug: c for c in session.scalars(stmt.order_by(Company.id))}
    if set(found) != set(wanted):
        raise NotManaged(sorted(set(wanted) - set(found)))
    return [found[s] for s in wanted]


def managed_company(session: Session, actor: Actor, slug: str, *, lock: bool = False) -> Company:
    return managed_companies(session, actor, [slug], lock=lock)[0]


# --- onboarding --------------------------------------------------------------------------------


def onboard_client(
    session: Session,
    actor: Actor,
    *,
    slug: str,
    name: str,
    hr_email: str,
    hr_name: str,
) -> Company:
    """Create a client company of the actor's hub and invite its first HR admin. A slug or
    a name already in use is refused with a message, and nothing is created."""
    hub = _hub(session, actor)
    taken = session.scalars(
        select(Company.slug).where(
            (Company.slug == slug.strip()) | (func.lower(Company.name) == name.strip().lower())
        )
    ).first()
    if taken is not None:
        raise HubError(
            _l("同じ識別子または企業名の企業が既にあります。別の識別子・企業名にしてください。")
        )
    try:
        company = tenants.create_company(
            session, slug=slug.strip(), name=name, hub=hub, actor_id=actor.user_id
        )
        user = tenants.invite_account(
            session,
            actor_id=actor.user_id,
            email=hr_email,
            role=Role.HR_ADMIN,
            name=hr_name,
            company=company,
        )
    except TenantError as exc:
        raise HubError(exc.args[0] if exc.args else exc) from None
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="hubs.client_onboard",
        object_type="user",
        object_id=user.id,
    )
    return company


# --- a wave for several clients -----------------------------------------------------------------


def _next_draft(session: Session, actor: Actor, company: Company, title: str) -> surveys.Survey:
    """The next wave of the client's latest closed series (comparable across waves), or a new
    series when it has none. A client with a wave open or in draft is refused."""
    rows = list(
        session.scalars(
            select(surveys.Survey)
            .where(surveys.Survey.company_id == company.id)
            .order_by(surveys.Survey.id)
        )
    )
    if any(s.status in ("open", "draft") for s in rows):
        raise HubError(
            _l(
                "%(name)s には実施中または下書きのアンケートがあります。一括の開始は行いませんでした。",
                name=company.name,
            )
        )
    closed = [s for s in rows if s.status == "closed"]
    if closed:
        return surveys.new_wave(session, closed[-1], actor_id=actor.user_id)
    # A first wave: the hub's template as the client has it (its own title, the hub's extra
    # questions unless the client left them out).
    template = inherit.effective(session, company)
    draft = surveys.create_survey(
        session,
        company_id=company.id,
        actor_id=actor.user_id,
        title=template.survey_title or title,
        title_en=template.survey_title_en if template.survey_title else "",
        opens_on=None,
        closes_on=None,
    )
    inherit.apply_to_first_wave(session, draft, template)
    return draft


def open_waves(
    session: Session,
    actor: Actor,
    slugs: Sequence[str],
    *,
    title: str,
    closes_on: date,
    today: date,
    now: datetime,
    send_invitations: bool = True,
) -> list[surveys.Survey]:
    """Open a survey wave in each named client, or in none: a company the hub does not
    manage raises ``NotManaged``; a client that cannot start one raises ``HubError`` naming
    it. The caller rolls back on either."""
    companies = managed_companies(session, actor, slugs, lock=True)
    opened = []
    for company in companies:
        draft = _next_draft(session, actor, company, title)
        try:
            surveys.update_survey(
                session,
                draft,
                title=draft.title,
                title_en=draft.title_en,
                opens_on=today,
                closes_on=closes_on,
                audience=draft.audience,
                today=today,
            )
            surveys.open_survey(
                session,
                draft,
                actor_id=actor.user_id,
                today=today,
                now=now,
                send_invitations=send_invitations,
            )
        except surveys.SurveyError as exc:
            raise HubError(
                _l(
                    "%(name)s: %(reason)s 一括の開始は行いませんでした。",
                    name=company.name,
                    reason=str(exc),
                )
            ) from None
        audit.record(
            session,
            actor_id=actor.user_id,
            company_id=company.id,
            action="hubs.wave_open",
            object_type="survey",
            object_id=draft.id,
        )
        opened.append(draft)
    return opened


# --- leaving the hub ----------------------------------------------------------------------------


def leave_hub(session: Session, actor: Actor, company: Company) -> int:
    """The client leaves the hub: from the commit on, the hub and its members reach nothing
    of it — the company is no longer the hub's, the company memberships its hub members held
    there (hub consultants at the desk) end, and sessions that had entered it are reset.
    Returns the number of memberships ended."""
    hub_id = company.hub_id
    if hub_id is None:
        raise NotManaged(company.slug)
    members = select(Membership.user_id).where(
        Membership.hub_id == hub_id, Membership.role.in_([r.value for r in HUB_ROLES])
    )
    ended = session.execute(
        delete(Membership).where(
            Membership.company_id == company.id, Membership.user_id.in_(members)
        ),
        execution_options={"synchronize_session": False},
    ).rowcount
    session.execute(
        update(UserSession)
        .where(UserSession.client_company_id == company.id)
        .values(client_company_id=None),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        update(UserSession)
        .where(UserSession.membership_id.not_in(select(Membership.id)))
        .values(membership_id=None),
        execution_options={"synchronize_session": False},
    )
    company.hub_id = None
    session.flush()
    session.expire_all()
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="hubs.client_leave",
        object_type="company",
        object_id=company.id,
    )
    return int(ended or 0)
