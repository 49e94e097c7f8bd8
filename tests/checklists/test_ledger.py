"""The legal-duty ledger: age-40 records, 個別の周知・意向確認, workplace measures."""

from __future__ import annotations

from datetime import date

import pytest

from hrcare.checklists import ledger, services
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.models import Age40Notice, IndividualNotice
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from tests.checklists.conftest import NOW, TODAY


def test_age40_record_marks_the_entry_informed(
    session, tenant_a, make_employee, record_age40
) -> None:
    e = make_employee(tenant_a.company, employee_number="A", birth_date=date(1985, 12, 1))
    record_age40(tenant_a.company, e.id, method="meeting", materials="両立支援制度の案内")
    [entry] = ledger.age40_entries(session, tenant_a.company, TODAY)
    assert entry.status == "informed" and entry.notice.method == "meeting"
    assert ledger.age40_summary(session, tenant_a.company, TODAY).pending == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"informed_on": date(2026, 3, 2)}, "informed_on"),  # tomorrow
        ({"informed_on": date(1999, 1, 1)}, "informed_on"),
        ({"informed_on": None}, "informed_on"),
        ({"method": "pigeon"}, "method"),
        ({"materials": "  "}, "materials"),
    ],
)
def test_age40_bad_input(session, tenant_a, make_employee, record_age40, changes, field) -> None:
    e = make_employee(tenant_a.company, birth_date=date(1985, 12, 1))
    with pytest.raises(ChecklistError) as error:
        record_age40(tenant_a.company, e.id, **changes)
    assert error.value.field == field
    assert session.query(Age40Notice).count() == 0


def test_age40_another_companys_employee_is_not_found(
    tenant_a, tenant_b, make_employee, record_age40
) -> None:
    other = make_employee(tenant_b.company, birth_date=date(1985, 12, 1))
    with pytest.raises(ChecklistError):
        record_age40(tenant_a.company, other.id)


def _notice(session, actor, company, **changes):
    values = {
        "employee_id": None,
        "reported_on": date(2026, 2, 1),
        "notified_on": date(2026, 2, 3),
        "method": "meeting",
        "items": ledger.NOTICE_ITEMS,
        "intention": "wants_to_use",
        "today": TODAY,
        "now": NOW,
    }
    values.update(changes)
    return services.record_individual_notice(session, actor, company, **values)


def test_individual_notice_from_hr_and_from_the_consultation_desk(
    session, hr, tenant_a, make_employee
) -> None:
    e = make_employee(tenant_a.company)
    complete = _notice(session, hr, tenant_a.company, employee_id=e.id)
    staff = tenant_a.users[Role.CONSULTATION_STAFF]
    desk = Actor(staff.id, "consultation_staff", tenant_a.company.id)
    partial = _notice(
        session,
        desk,
        tenant_a.company,
        consultation_id=41,
        source="consultation",
        items=("told_measures", "told_where"),
        method="email",
        employee_requested_method=True,
        intention="undecided",
    )
    assert complete.complete and not partial.complete
    assert {n.source for n in ledger.individual_notices(session, tenant_a.company.id)} == {
        "hr",
        "consultation",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"method": "fax"}, "method"),  # fax only when the employee asked for it
        ({"notified_on": date(2026, 1, 31)}, "notified_on"),  # before the report
        ({"reported_on": date(2026, 3, 5), "notified_on": date(2026, 3, 6)}, "reported_on"),
        ({"intention": "discouraged"}, "intention"),
        ({"items": ("told_measures", "told_nothing")}, "items"),
        ({"employee_id": None, "consultation_id": None}, "employee"),
    ],
)
def test_individual_notice_bad_input(session, hr, tenant_a, make_employee, changes, field) -> None:
    e = make_employee(tenant_a.company)
    values = {"employee_id": e.id}
    values.update(changes)
    with pytest.raises(ChecklistError) as error:
        _notice(session, hr, tenant_a.company, **values)
    assert error.value.field == field
    assert session.query(IndividualNotice).count() == 0


def test_environment_duty_is_met_with_one_measure(session, hr, tenant_a) -> None:
    assert not ledger.measures(session, tenant_a.company.id).environment_duty_met
    ledger.save_measure(
        session,
        hr,
        tenant_a.company,
        code="desk",
        in_place=True,
        since=date(2025, 4, 1),
        note="人事部に相談窓口",
        today=TODAY,
        now=NOW,
    )
    measures = ledger.measures(session, tenant_a.company.id)
    assert measures.environment_duty_met and measures.environment_in_place == 1
    ledger.save_measure(
        session,
        hr,
        tenant_a.company,
        code="telework",
        in_place=True,
        since=date(2025, 10, 1),
        note="",
        today=TODAY,
        now=NOW,
    )
    assert ledger.measures(session, tenant_a.company.id).environment_in_place == 1
    with pytest.raises(ChecklistError):
        ledger.save_measure(
            session,
            hr,
            tenant_a.company,
            code="training",
            in_place=True,
            since=None,
            note="",
            today=TODAY,
            now=NOW,
        )
    with pytest.raises(ChecklistError):
        ledger.save_measure(
            session,
            hr,
            tenant_a.company,
            code="sauna",
            in_place=True,
            since=date(2025, 4, 1),
            note="",
            today=TODAY,
            now=NOW,
        )


def test_short_service_employees(session, tenant_a, make_employee) -> None:
    make_employee(tenant_a.company, hire_date=date(2025, 9, 2))  # six months on 2026-03-02
    make_employee(tenant_a.company, hire_date=date(2025, 9, 1))  # six months today
    make_employee(tenant_a.company, hire_date=date(2025, 8, 31))
    assert ledger.short_service_employees(session, tenant_a.company.id, TODAY) == 1


def test_notice_page_for_staff(client, login_as, tenant_a, make_employee, session) -> None:
    make_employee(tenant_a.company, employee_number="S-001")
    login_as(Role.CONSULTATION_STAFF)
    response = client.post(
        f"/c/{tenant_a.slug}/duties/notices",
        data={
            "employee_number": "S-001",
            "reported_on": "2026-02-01",
            "notified_on": "2026-02-02",
            "method": "fax",
            "told_measures": "y",
            "intention": "considering",
        },
    )
    assert "FAX・電子メールによる周知は、従業員が希望した場合に限られます。" in response.get_data(
        as_text=True
    )
    assert session.query(IndividualNotice).count() == 0
    response = client.post(
        f"/c/{tenant_a.slug}/duties/notices",
        data={
            "employee_number": "S-001",
            "reported_on": "2026-02-01",
            "notified_on": "2026-02-02",
            "method": "meeting",
            "told_measures": "y",
            "told_where": "y",
            "told_benefit": "y",
            "asked_intention": "y",
            "intention": "considering",
        },
    )
    assert response.status_code == 302
    assert session.query(IndividualNotice).one().complete
