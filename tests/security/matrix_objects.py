"""The objects the generated authorization matrix puts into URLs, by URL argument name.

Each route's arguments are filled from this registry: the company's own object (``index`` 0),
another object of the same company (``index`` 1), or — passed tenant B — a foreign one. A
feature that adds a route with a new argument registers a factory here (``@factory("…")``);
the matrix fails on an argument nobody registered, so no route goes untested.

``hidden_from_others``: roles that must not reach *another person's* object of this kind in
their own company (an object rule in ``core.objects``, e.g. consultations assigned to
someone else); the matrix expects a denial there even where the route policy allows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee, RosterUpload
from hrcare.surveys import campaigns
from hrcare.surveys.questions import add_custom_question
from tests.conftest import Tenant

Make = Callable[["World", Tenant, int], Any]


@dataclass(frozen=True)
class ObjectFactory:
    make: Make
    hidden_from_others: frozenset[str] = frozenset()
    per_company: bool = True  # False: a constant (a format, a public token), not an object


FACTORIES: dict[str, ObjectFactory] = {}


def factory(
    arg: str, *, hidden_from_others: frozenset[str] = frozenset(), per_company: bool = True
) -> Callable[[Make], Make]:
    def register(make: Make) -> Make:
        FACTORIES[arg] = ObjectFactory(make, hidden_from_others, per_company)
        return make

    return register


@dataclass
class World:
    """Tenant A (the personas' company), tenant B (foreign), and objects made on demand."""

    a: Tenant
    b: Tenant
    cache: dict[tuple[str, str, int], Any] = field(default_factory=dict)

    def value(self, arg: str, tenant: Tenant, index: int) -> Any:
        key = (arg, tenant.slug, index)
        if key not in self.cache:
            made = FACTORIES[arg].make(self, tenant, index)
            db.session.flush()
            self.cache[key] = made
        return self.cache[key]


def _constant(value: str) -> Make:
    return lambda world, tenant, index: value


for _arg, _value in {
    "fmt": "csv",
    "token": "not-a-real-token",
    "name": "no-such-message.eml",
    "filename": "app.css",
}.items():
    factory(_arg, per_company=False)(_constant(_value))


@factory("company_slug", per_company=False)
def _company_slug(world: World, tenant: Tenant, index: int) -> str:
    return world.a.slug


@factory("job_id")
def _job(world: World, tenant: Tenant, index: int) -> str:
    run = JobRun(id=str(uuid.uuid4()), kind="matrix", company_id=tenant.company.id)
    db.session.add(run)
    return run.id


@factory("user_id")
def _user(world: World, tenant: Tenant, index: int) -> int:
    return tenant.users[(Role.EMPLOYEE, Role.EXECUTIVE)[index]].id


@factory("employee_id")
def _employee(world: World, tenant: Tenant, index: int) -> int:
    employee = Employee(
        company_id=tenant.company.id,
        employee_number=f"M{index}",
        name=f"社員{index}",
        department="営業部",
        birth_date=date(1975, 4, 1),
        hire_date=date(2005, 4, 1),
        is_manager=False,
        employment_type="regular",
    )
    db.session.add(employee)
    db.session.flush()
    return employee.id


@factory("upload_id")
def _upload(world: World, tenant: Tenant, index: int) -> int:
    upload = RosterUpload(
        company_id=tenant.company.id, filename=f"u{index}.csv", content=b"a,b\n1,2\n"
    )
    db.session.add(upload)
    db.session.flush()
    return upload.id


@factory("survey_id")
def _survey(world: World, tenant: Tenant, index: int) -> int:
    today = date(2026, 12, 1)
    survey = campaigns.create_survey(
        db.session,
        company_id=tenant.company.id,
        actor_id=None,
        title=f"調査{index}",
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )
    return survey.id


@factory("question_id")
def _question(world: World, tenant: Tenant, index: int) -> int:
    from hrcare.surveys.models import Survey

    survey = db.session.get(Survey, world.value("survey_id", tenant, index))
    assert survey is not None
    return add_custom_question(db.session, survey, kind="text", text_ja=f"質問{index}").id


factory("kind", per_company=False)(_constant("pdf"))


@factory("report_id")
def _report(world: World, tenant: Tenant, index: int) -> int:
    from hrcare.reports.models import Report

    report = Report(
        company_id=tenant.company.id,
        language="ja",
        inputs_key=f"matrix-{index}",
        file_name=f"reports/{tenant.company.id}/matrix-{index}.pdf",  # not stored: 404 if reached
    )
    db.session.add(report)
    db.session.flush()
    return report.id


@factory("batch_id")
def _batch(world: World, tenant: Tenant, index: int) -> int:
    from hrcare.reports.models import ReportBatch

    batch = ReportBatch(
        hub_id=tenant.hub.id,
        language="ja",
        report_ids=[world.value("report_id", tenant, index)],
    )
    db.session.add(batch)
    db.session.flush()
    return batch.id


# "kind" is the report format (reports); the evidence routes take theirs in the form.
factory("code", per_company=False)(_constant("1-2"))


@factory("evidence_id")
def _evidence(world: World, tenant: Tenant, index: int) -> int:
    from hrcare.checklists.models import Evidence

    item = Evidence(company_id=tenant.company.id, subject="action:1-2", kind="note", text="証跡")
    db.session.add(item)
    db.session.flush()
    return item.id


@factory("answer", per_company=False)
def _answer(world: World, tenant: Tenant, index: int) -> str:
    return "yes"


@factory(
    "consultation_id",
    # Only the requester and the assigned staff member reach a consultation (core.objects).
    hidden_from_others=frozenset(
        {
            Role.CONSULTATION_STAFF.value,
            Role.EMPLOYEE.value,
            Role.HR_ADMIN.value,
            Role.EXECUTIVE.value,
        }
    ),
)
def _consultation(world: World, tenant: Tenant, index: int) -> int:
    """Index 0: filed by the tenant's employee, assigned to its staff member; index 1: filed
    by a second employee and assigned to a second desk member (another person's for every
    persona)."""
    from datetime import UTC, datetime

    from hrcare.consultations import services
    from hrcare.core.actor import Actor
    from hrcare.tenants import services as tenants

    requester = tenant.users[Role.EMPLOYEE]
    if index == 1:
        requester = tenants.create_user(
            db.session,
            email=f"emp2@{tenant.slug}.example.jp",
            role=Role.EMPLOYEE,
            name="emp2",
            company=tenant.company,
        )
        db.session.flush()
    c = services.file_request(
        db.session,
        actor=Actor(user_id=requester.id, role=Role.EMPLOYEE.value),
        company_id=tenant.company.id,
        data=services.RequestData(
            topics=["leave"],
            urgency="normal",
            contact_method="reply",
            contact_times="",
            body=f"相談{index}",
            is_moushide=True,
        ),
        now=datetime(2026, 12, 1, 1, tzinfo=UTC),
        notify=False,
    )
    if index == 0:
        c.assignee_id = tenant.users[Role.CONSULTATION_STAFF].id
    else:
        colleague = tenants.create_user(
            db.session,
            email=f"desk2@{tenant.slug}.example.jp",
            role=Role.CONSULTATION_STAFF,
            name="desk2",
            company=tenant.company,
        )
        db.session.flush()
        c.assignee_id = colleague.id
    return c.id


@factory(
    "attachment_id",
    hidden_from_others=FACTORIES["consultation_id"].hidden_from_others,
)
def _attachment(world: World, tenant: Tenant, index: int) -> int:
    """A stored file on a staff reply of the consultation with the same index."""
    from hrcare.consultations import attachments
    from hrcare.consultations.models import Consultation, ConsultationMessage

    c = db.session.get(Consultation, world.value("consultation_id", tenant, index))
    assert c is not None
    message = ConsultationMessage(
        company_id=tenant.company.id, author_id=c.assignee_id, from_staff=True, body="書類"
    )
    c.messages.append(message)
    db.session.flush()
    upload = attachments.Upload("書類.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
    return attachments.attach(db.session, message, upload).id


@factory("slug")
def _client_slug(world: World, tenant: Tenant, index: int) -> str:
    """A client company of the tenant's hub (the hub console's routes on one client)."""
    return tenant.company.slug


@factory("hub_report_id")
def _hub_report(world: World, tenant: Tenant, index: int) -> int:
    from hrcare.hubs.models import HubReport

    report = HubReport(hub_id=tenant.hub.id, language="ja")  # no job, no file: 404 if reached
    db.session.add(report)
    db.session.flush()
    return report.id


@factory("entry_id")
def _hub_entry(world: World, tenant: Tenant, index: int) -> int:
    """A directory entry the tenant's hub keeps (the hub console deletes its own only)."""
    from hrcare.consultations.directory_models import OutsideService

    entry = OutsideService(
        scope="hub", hub_id=tenant.hub.id, name=f"ハブの相談先{index}", categories=["housing"]
    )
    db.session.add(entry)
    db.session.flush()
    return entry.id
