"""早期の情報提供 (age 40): the window under both company rules, at the fiscal-year boundaries,
and every count and list (ledger, dashboard, command line) following the company's rule."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hrcare.checklists import age40, ledger
from hrcare.core.actor import Actor
from hrcare.dashboard.services import company_summary

D = date
HR_ACTOR = Actor(user_id=0, role="hr_admin")


@pytest.mark.parametrize(
    ("birth", "rule", "reached", "start", "end"),
    [
        # fiscal year containing the day the employee reaches 40 (the day before the birthday)
        (D(1986, 4, 1), "fiscal_year", D(2026, 3, 31), D(2025, 4, 1), D(2026, 3, 31)),
        (D(1986, 4, 2), "fiscal_year", D(2026, 4, 1), D(2026, 4, 1), D(2027, 3, 31)),
        (D(1986, 3, 31), "fiscal_year", D(2026, 3, 30), D(2025, 4, 1), D(2026, 3, 31)),
        (D(1988, 2, 29), "fiscal_year", D(2028, 2, 28), D(2027, 4, 1), D(2028, 3, 31)),
        # one year from the day after reaching 40, i.e. from the 40th birthday
        (D(1986, 4, 1), "one_year", D(2026, 3, 31), D(2026, 4, 1), D(2027, 3, 31)),
        (D(1986, 4, 2), "one_year", D(2026, 4, 1), D(2026, 4, 2), D(2027, 4, 1)),
        (D(1986, 3, 31), "one_year", D(2026, 3, 30), D(2026, 3, 31), D(2027, 3, 30)),
        # born 29 February: the window starts on 29 February and ends at the end of February
        (D(1988, 2, 29), "one_year", D(2028, 2, 28), D(2028, 2, 29), D(2029, 2, 28)),
        # a 40th "birthday" in a common year (1900): reached 28 February, window from 1 March
        (D(1860, 2, 29), "one_year", D(1900, 2, 28), D(1900, 3, 1), D(1901, 2, 28)),
    ],
)
def test_window(birth: date, rule: str, reached: date, start: date, end: date) -> None:
    win = age40.window(birth, rule)
    assert (win.reached, win.start, win.end) == (reached, start, end)


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError):
        age40.window(D(1986, 4, 1), "calendar_year")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2027, 3, 30), True),  # open (last day)
        (D(2026, 3, 31), True),  # opens today
        (D(2025, 3, 31), True),  # opens in exactly 365 days
        (D(2025, 3, 30), False),  # opens in 366 days
        (D(2027, 3, 31), False),  # closed yesterday
    ],
)
def test_horizon_is_open_or_opening_within_365_days(on: date, expected: bool) -> None:
    win = age40.window(D(1986, 3, 31), "one_year")  # 2026-03-31 .. 2027-03-30
    assert age40.in_horizon(win, on) is expected


def _people(tenant, make_employee) -> dict[str, object]:
    births = {
        "A": D(1986, 4, 1),  # reaches 40 on 2026-03-31
        "B": D(1986, 4, 2),  # reaches 40 on 2026-04-01
        "C": D(1985, 12, 1),  # reached 40 on 2025-11-30
        "D": D(1990, 1, 1),  # far off
    }
    return {
        key: make_employee(tenant.company, employee_number=key, birth_date=birth)
        for key, birth in births.items()
    }


def test_ledger_and_dashboard_follow_the_company_rule(tenant_a, make_employee, session) -> None:
    _people(tenant_a, make_employee)
    on = D(2026, 3, 1)
    company = tenant_a.company

    company.age40_window = "fiscal_year"
    fiscal = {e.employee_number: e.status for e in ledger.age40_entries(session, company, on)}
    # A and C in 年度2025 (open), B in 年度2026 (opens within a year)
    assert fiscal == {"A": "open", "C": "open", "B": "upcoming"}

    company.age40_window = "one_year"
    birthday = {e.employee_number: e.status for e in ledger.age40_entries(session, company, on)}
    # C: 2025-12-01..2026-11-30 open; A: from 2026-04-01, B: from 2026-04-02
    assert birthday == {"C": "open", "A": "upcoming", "B": "upcoming"}

    summary = company_summary(session, company, HR_ACTOR, today=on).age40
    assert summary is not None
    assert (summary.rule, summary.open, summary.pending, summary.upcoming) == ("one_year", 1, 1, 2)
    company.age40_window = "fiscal_year"
    summary = company_summary(session, company, HR_ACTOR, today=on).age40
    assert (summary.rule, summary.open, summary.pending, summary.upcoming) == (
        "fiscal_year",
        2,
        2,
        1,
    )


def test_overdue_entries_stand_out(tenant_a, make_employee, session) -> None:
    _people(tenant_a, make_employee)
    company = tenant_a.company
    company.age40_window = "fiscal_year"
    on = D(2026, 4, 15)  # 年度2025 closed: A and C were due by 2026-03-31
    statuses = {e.employee_number: e.status for e in ledger.age40_entries(session, company, on)}
    assert statuses == {"A": "overdue", "C": "overdue", "B": "open"}
    assert ledger.age40_summary(session, company, on).overdue == 2


def test_cli_prints_the_window_rule_and_entries(app, tenant_a, make_employee, session) -> None:
    _people(tenant_a, make_employee)
    tenant_a.company.age40_window = "one_year"
    session.flush()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "duties",
            "age40",
            "--company",
            tenant_a.slug,
            "--on",
            "2026-03-01",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["window_rule"] == "birthday_year"
    by_number = {e["employee_number"]: e for e in data["entries"]}
    assert set(by_number) == {"A", "B", "C"}
    assert by_number["A"] == {
        "employee_number": "A",
        "birth_date": "1986-04-01",
        "window_start": "2026-04-01",
        "window_end": "2027-03-31",
        "status": "upcoming",
    }
    assert by_number["C"]["status"] == "open"


def test_cli_refuses_bad_input(app, tenant_a) -> None:
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["duties", "age40", "--company", "no-such", "--on", "2026-03-01"])
    assert unknown.exit_code == 2 and "unknown company" in unknown.output
    bad_day = runner.invoke(
        args=["duties", "age40", "--company", tenant_a.slug, "--on", "2026-13-01"]
    )
    assert bad_day.exit_code == 2 and "2026-13-01" in bad_day.output


def test_scopes_horizon_ledger_audit(tenant_a, make_employee, session, record_age40) -> None:
    people = _people(tenant_a, make_employee)
    company = tenant_a.company
    company.age40_window = "fiscal_year"
    on = D(2026, 4, 15)  # A and C were due by 2026-03-31
    record_age40(company, people["A"].id, informed_on=D(2026, 3, 20), today=on)

    def numbers(scope: str) -> dict[str, str]:
        return {
            e.employee_number: e.status
            for e in ledger.age40_entries(session, company, on, scope=scope)
        }

    assert numbers("horizon") == {"B": "open"}
    assert numbers("ledger") == {"B": "open", "C": "overdue"}
    assert numbers("audit") == {"A": "informed", "B": "open", "C": "overdue"}


@pytest.mark.parametrize("rule", ["fiscal_year", "one_year"])
@pytest.mark.parametrize("on", [D(2024, 2, 29), D(2025, 4, 1), D(2026, 3, 31), D(2028, 2, 29)])
@pytest.mark.parametrize("past", [False, True])
def test_listed_births_is_exactly_the_listed_interval(rule: str, on: date, past: bool) -> None:
    """The ledger reads only employees born in ``listed_births``: every birth date whose
    window the list may hold is inside it, and the days just outside are not listable."""

    def listable(born: date) -> bool:
        win = age40.window(born, rule)
        return age40.in_horizon(win, on) or (past and age40.overdue(win, on))

    low, high = age40.listed_births(rule, on, past=past)
    listed = [
        D.fromordinal(n)
        for n in range(D(1940, 1, 1).toordinal(), on.toordinal())
        if listable(D.fromordinal(n))
    ]
    assert listed, "the range checked must hold listable birth dates"
    assert low <= min(listed) and max(listed) <= high
    # Tight: the interval is no wider than the listable days (none missing in between).
    assert (high - low).days + 1 == len(listed)


def test_ledger_lists_the_same_employees_as_a_full_roster_pass(
    tenant_a, make_employee, session
) -> None:
    """Entries read through the birth-date interval equal those computed from every active
    employee (the ``employees`` argument), under both rules and every scope."""
    from hrcare.roster import services as roster

    company = tenant_a.company
    on = D(2026, 4, 15)
    for i, born in enumerate(
        [D(1985, 4, 1), D(1985, 4, 2), D(1986, 4, 15), D(1986, 4, 16), D(1987, 4, 30)]
        + [D(1970, 1, 1), D(1990, 6, 1), D(1984, 3, 31), D(1987, 5, 1), D(1988, 2, 29)]
    ):
        make_employee(company, employee_number=f"X{i:02d}", birth_date=born)
    everyone = roster.active_employees(session, company.id)
    for rule in ("fiscal_year", "one_year"):
        company.age40_window = rule
        for scope in ledger.SCOPES:
            read = ledger.age40_entries(session, company, on, scope=scope)
            full = ledger.age40_entries(session, company, on, scope=scope, employees=everyone)
            assert [(e.employee_number, e.status) for e in read] == [
                (e.employee_number, e.status) for e in full
            ]
            assert read or scope == "horizon"
