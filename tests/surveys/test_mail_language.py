"""Survey mails are written in each employee's language, also in a job outside a request:
the language chosen on the employee's own account, else the default (Japanese)."""

from __future__ import annotations

from flask import Flask, has_request_context

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.surveys import mailing
from hrcare.surveys.models import Survey
from tests.conftest import Tenant


def test_a_survey_mail_job_writes_in_each_employees_language(
    app: Flask,
    sent_mail: list,
    tenant_a: Tenant,
    opened: Survey,
    roster: list,
) -> None:
    """The invitation job run outside a request: the employee whose account chose English
    gets English (and the survey's English title), everyone else Japanese."""
    assert not has_request_context()
    reader = next(e for e in roster if e.email)
    account = tenant_a.users[Role.EMPLOYEE]
    account.employee_id, account.locale = reader.id, "en"
    mailing.queue_invitations(db.session, opened, actor_id=None, today=opened.opens_on)
    db.session.commit()
    mails = {m.to: m for m in sent_mail}
    english = mails.pop(reader.email)
    assert english.subject == (
        f"[Request] Survey on balancing work and family care ({tenant_a.company.name})"
    )
    assert english.body.startswith(f"Dear {reader.name},")
    assert '"Care survey"' in english.body and "Please answer by: " in english.body
    assert not any(
        "\u3040" <= ch <= "\u30ff"
        for ch in english.body.replace(reader.name, "").replace(tenant_a.company.name, "")
    )
    assert mails and all(m.subject.startswith("【ご協力のお願い】") for m in mails.values())
    assert all("「介護アンケート」" in m.body for m in mails.values())
