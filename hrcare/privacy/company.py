"""Deleting a client company's data after off-boarding (issue 14; SECURITY.md item 14).

Who may delete (the decision, as a paying client would want it):

- the company's own **HR admin**, at any time: the data is the company's;
- the **hub operator** of the hub managing it, only once the hub's hand-over export was taken
  (a ``hubs.client_export`` record in the company's audit log): the hub cannot make a client's
  data disappear before the client received what the hub holds about it. Hub consultants,
  executives and the desk may not;
- the platform operator from the command line (``hrcare privacy purge-company``), for a
  request received in writing.

Every way asks the person to type the company's slug; anything else is refused, nothing
changed.

What goes, all or nothing: every row of every table that has a ``company_id`` column (the
table list is the backup's — ``core.backup.tables()`` — so a new feature's table is included
without a change here), children before parents; other references to the company (a hub
member's session that had entered it) are emptied; the accounts that belonged only to the
company (its HR admin, staff, employees — people with no membership left elsewhere); the
company row itself; and its stored files (the ``c<id>/`` and ``reports/<id>/`` folders of the
file store, plus any file a deleted row named). The files are first moved aside, then the
database commits, then the moved files are removed; if the commit fails they are moved back,
so a failure at any step leaves rows and files as they were (a process killed between the
commit and the removal leaves a trash folder that the retention job finishes: ``company_files.recover``).
RQ job records of the company's
job runs (ids only) are removed from Redis after the commit.

What stays: one audit record of the deletion, ``privacy.company_purge``, in the hub's audit
log (or the platform's when the company had no hub): when, who (empty when the person's own
account went with the company: an HR admin deleting their own company), and the company's
slug — never its name, its figures or anything of its people. The company's own audit log goes with
it. A hub's effect-verification PDFs built before the deletion are the hub's documents and
stay (they hold aggregates only). Hub access ends at the commit: the company no longer exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from hrcare.auth.models import Membership, User
from hrcare.core import audit
from hrcare.core.audit import AuditEvent
from hrcare.core.backup import tables
from hrcare.core.i18n import _l
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.privacy.company_files import StagedFiles, stage_files
from hrcare.roster.models import Employee
from hrcare.tenants.models import Company

ACTION = "privacy.company_purge"
EXPORT_ACTION = "hubs.client_export"
#: Columns of company rows that name a stored file (relative to the store).
FILE_COLUMNS = ("file_key", "file_name", "workbook_name")


class Refused(ValueError):
    """Not deleted, with a message for the person; nothing was changed."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class CompanyPurge:
    company_id: int
    slug: str
    rows: dict[str, int] = field(default_factory=dict)
    users: int = 0
    file_keys: list[str] = field(default_factory=list)
    files: int = 0  # stored files removed (after the commit)
    job_ids: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def by_kind(self) -> list[tuple[str, int]]:
        """Records per kind a person recognises (the confirmation page), in ``KINDS`` order;
        a table no kind names counts as "other"."""
        counts: dict[str, int] = {}
        for table, n in self.rows.items():
            kind = next((k for k, names in KINDS if table in names), OTHER)
            counts[kind] = counts.get(kind, 0) + n
        order = [str(k) for k, _names in KINDS] + [str(OTHER)]
        return sorted(((str(k), n) for k, n in counts.items()), key=lambda kn: order.index(kn[0]))


#: The company's tables grouped as HR knows its data (the confirmation page lists kinds).
KINDS: tuple[tuple[Any, frozenset[str]], ...] = (
    (_l("名簿"), frozenset({"employees", "roster_uploads"})),
    (_l("アンケートと対象者"), frozenset({"surveys", "survey_questions", "survey_invitations",
                                    "survey_previous_links", "survey_link_events"})),
    (_l("アンケートの回答と集計"), frozenset({"survey_responses", "survey_pooled_answers",
                                       "survey_comments", "survey_releases"})),
    (_l("経済損失の推計"), frozenset({"loss_estimates", "loss_settings"})),
    (_l("取組計画と法定対応の台帳"), frozenset({"plan_actions", "plan_changes",
                                        "checklist_evidence", "duty_measures",
                                        "individual_notices", "age40_notices"})),
    (_l("相談"), frozenset({"consultations", "consultation_messages", "consultation_plans",
                         "consultation_suggestions", "consultation_attachments",
                         "consultation_settings", "outside_services"})),
    (_l("レポート"), frozenset({"reports"})),
)  # fmt: skip
OTHER = _l("操作の記録・設定など")


def company_tables() -> list[Table]:
    """Every table holding company rows, children first (the reverse of the backup's order)."""
    return [t for t in reversed(tables()) if "company_id" in t.c]


def _count(session: Session, table: Table, company_id: int) -> int:
    stmt = select(func.count()).select_from(table).where(table.c.company_id == company_id)
    return int(session.scalar(stmt.execution_options(all_tenants=True)) or 0)


def _own_users(session: Session, company_id: int) -> list[int]:
    """Accounts to delete with the company: members of it, or linked to its employees, that
    hold no membership anywhere else (a hub consultant or a person in two companies stays)."""
    linked = set(
        session.scalars(select(Membership.user_id).where(Membership.company_id == company_id)).all()
    ) | set(
        session.scalars(
            select(User.id)
            .join(Employee, User.employee_id == Employee.id)
            .where(Employee.company_id == company_id)
        ).all()
    )
    if not linked:
        return []
    elsewhere = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.user_id.in_(linked),
                or_(Membership.company_id.is_(None), Membership.company_id != company_id),
            )
        ).all()
    )
    return sorted(linked - elsewhere)


def preview(session: Session, company: Company) -> CompanyPurge:
    """What a deletion would remove (counts only), for the confirmation page and the CLI."""
    plan = CompanyPurge(company.id, company.slug)
    for table in company_tables():
        n = _count(session, table, company.id)
        if n:
            plan.rows[table.name] = n
    plan.users = len(_own_users(session, company.id))
    return plan


def check_allowed(session: Session, company: Company, *, role: Role) -> None:
    """The rule of who may delete (see the module docstring); ``Refused`` otherwise."""
    if role == Role.HR_ADMIN:
        return
    if role == Role.HUB_OPERATOR and company.hub_id is not None:
        exported = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.company_id == company.id, AuditEvent.action == EXPORT_ACTION)
        )
        if exported:
            return
        raise Refused(
            _l(
                "先に引き継ぎ用のデータをダウンロードしてください。企業のデータは引き継ぎの後でのみ削除できます。"
            )
        )
    raise Refused(_l("この企業のデータを削除する権限がありません。"))


def check_confirmation(company: Company, typed: str | None) -> None:
    if (typed or "").strip() != company.slug:
        raise Refused(
            _l(
                "確認のために入力した識別子が「%(slug)s」と一致しません。削除していません。",
                slug=company.slug,
            )
        )


def _delete_rows(session: Session, table: Table, company_id: int) -> int:
    result = session.execute(
        delete(table).where(table.c.company_id == company_id),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _file_keys(session: Session, company_id: int) -> list[str]:
    keys: list[str] = []
    for table in company_tables():
        for name in FILE_COLUMNS:
            if name in table.c:
                column = table.c[name]
                keys += [
                    k
                    for k in session.scalars(
                        select(column).where(table.c.company_id == company_id, column.is_not(None))
                    )
                    if k
                ]
    return keys


def _clear_other_references(session: Session, company_id: int) -> None:
    """Nullable references to the company outside its rows (a hub member's session that had
    entered it): emptied, as their foreign keys' ON DELETE SET NULL would, on every backend."""
    companies = tables_by_name()["companies"]
    for table in tables():
        for fk in table.foreign_keys:
            column = fk.parent
            if fk.column.table is companies and column.name != "company_id":
                if table is companies:
                    continue
                session.execute(
                    update(table).where(column == company_id).values({column.name: None}),
                    execution_options={"synchronize_session": False},
                )


def tables_by_name() -> dict[str, Table]:
    return {t.name: t for t in tables()}


def purge_company(
    session: Session,
    *,
    company: Company,
    confirm: str | None,
    actor_id: int | None,
    now: datetime,
) -> CompanyPurge:
    """Delete every row of the company, its own accounts and the company itself; record the
    deletion in the hub's (or platform's) audit log. Flushes, never commits: ``run`` does the
    commit together with the files. Raises ``Refused`` before any change when ``confirm`` is
    not the company's slug."""
    check_confirmation(company, confirm)
    company_id, slug, hub_id = company.id, company.slug, company.hub_id
    summary = CompanyPurge(company_id, slug)
    summary.file_keys = _file_keys(session, company_id)
    summary.job_ids = list(
        session.scalars(
            select(JobRun.id)
            .where(JobRun.company_id == company_id)
            .execution_options(all_tenants=True)
        )
    )
    users = _own_users(session, company_id)
    session.flush()
    _clear_other_references(session, company_id)
    for table in company_tables():
        n = _delete_rows(session, table, company_id)
        if n:
            summary.rows[table.name] = n
    if users:
        session.execute(
            delete(User).where(User.id.in_(users)),
            execution_options={"synchronize_session": False},
        )
    summary.users = len(users)
    session.execute(
        delete(Company).where(Company.id == company_id),
        execution_options={"synchronize_session": False},
    )
    session.expunge_all()  # nothing of the company stays in the identity map
    event = audit.record(
        session,
        actor_id=actor_id if actor_id not in users else None,
        company_id=None,
        hub_id=hub_id,
        action=ACTION,
        object_type="company",
        object_id=slug,
    )
    event.at = now
    session.flush()
    return summary


# --- the commit that makes the deletion one step (the files: ``company_files``) ------------


def _remove_jobs(app: Any, job_ids: list[str]) -> None:
    """The company's RQ job records (ids and arguments only) go from Redis too."""
    if not job_ids or not app.extensions["hrcare.settings"].redis_url:
        return
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    from hrcare.core.jobs import redis_connection

    try:
        connection = redis_connection(app)
        for job_id in job_ids:
            try:
                Job.fetch(job_id, connection=connection).delete()
            except NoSuchJobError:
                continue
    except RedisError:
        return  # Redis down: the records hold ids only and expire with RQ's own TTLs


def run(
    session: Session,
    app: Any,
    *,
    company: Company,
    confirm: str | None,
    actor_id: int | None,
    now: datetime,
    commit: Callable[[], None] | None = None,
) -> CompanyPurge:
    """The whole deletion as one step: rows, files and the commit (the one service that
    commits, because rows and files must go together). On any failure the session is rolled
    back and the files are back in place; the error is raised again."""
    store = Path(app.extensions["hrcare.settings"].file_store_path)
    check_confirmation(company, confirm)  # refused: nothing was touched, nothing to undo
    staged: StagedFiles | None = None
    try:
        summary = purge_company(
            session, company=company, confirm=confirm, actor_id=actor_id, now=now
        )
        staged = stage_files(store, summary)
        (commit or session.commit)()
    except BaseException:
        session.rollback()
        if staged is not None:
            staged.restore()
        raise
    staged.discard()
    _remove_jobs(app, summary.job_ids)
    return summary
