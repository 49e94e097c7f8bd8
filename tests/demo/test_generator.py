"""Properties of the synthetic demo data (pure: no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from hrcare.auth.passwords import password_problem
from hrcare.demo.generator import AGE_BANDS, COMPANIES, age_on, generate
from hrcare.demo.loader import DEMO_PASSWORD
from hrcare.demo.names import FAMILY_NAMES
from hrcare.demo.specs import NATIONAL_AGE_WEIGHTS
from hrcare.roster.models import EMPLOYMENT_TYPES

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def data():
    return generate(seed=7, today=TODAY)


def _ages(company) -> list[int]:
    return [age_on(e.birth_date, TODAY) for e in company.employees]


def test_companies_and_sizes_within_ten_percent(data) -> None:
    assert [c.spec.slug for c in data.companies] == [
        "demo-small",
        "demo-mid",
        "demo-large",
        "demo-solo",
    ]
    for company in data.companies:
        n = len(company.employees)
        assert 0.9 * company.spec.size <= n <= 1.1 * company.spec.size, (company.spec.slug, n)
    hubs = {c.spec.slug: c.spec.hub_slug for c in data.companies}
    assert hubs == {
        "demo-small": "demo-hub",
        "demo-mid": "demo-hub",
        "demo-large": "demo-hub",
        "demo-solo": None,
    }


@pytest.mark.parametrize("seed", [1, 7, 2025])
def test_ages_are_working_ages_with_most_in_45_to_59(seed: int) -> None:
    ages = []
    for company in generate(seed=seed, today=TODAY).companies:
        company_ages = _ages(company)
        assert min(company_ages) >= 20 and max(company_ages) <= 64
        ages += company_ages
    # Over all four rosters (a 40-person company is too small to have a shape of its own).
    share_45_59 = sum(45 <= a <= 59 for a in ages) / len(ages)
    share_20_34 = sum(a <= 34 for a in ages) / len(ages)
    assert share_45_59 > share_20_34 + 0.05
    assert sum(a >= 40 for a in ages) / len(ages) > 0.5


def test_large_roster_follows_the_national_age_shape(data) -> None:
    large = next(c for c in data.companies if c.spec.slug == "demo-large")
    ages = _ages(large)
    total = sum(NATIONAL_AGE_WEIGHTS)
    for (lo, hi), weight in zip(AGE_BANDS, NATIONAL_AGE_WEIGHTS, strict=True):
        share = sum(lo <= a <= hi for a in ages) / len(ages)
        assert abs(share - weight / total) < 0.03, (lo, hi, share)


def test_managers_are_ten_to_fifteen_percent_mostly_over_40(data) -> None:
    managers_40_plus = managers = 0
    for company in data.companies:
        flagged = [e for e in company.employees if e.is_manager]
        assert 0.10 <= len(flagged) / len(company.employees) <= 0.15, company.spec.slug
        assert all(e.employment_type == "regular" for e in flagged)
        managers += len(flagged)
        managers_40_plus += sum(age_on(e.birth_date, TODAY) >= 40 for e in flagged)
    assert managers_40_plus / managers >= 0.8


def test_employment_types_mostly_regular(data) -> None:
    for company in data.companies:
        kinds = Counter(e.employment_type for e in company.employees)
        assert set(kinds) <= set(EMPLOYMENT_TYPES)
        assert kinds["regular"] / len(company.employees) >= 0.6
        if len(company.employees) >= 100:
            assert len(kinds) >= 3  # a mix, not only 正社員


def test_hire_dates_are_consistent_with_age_and_company(data) -> None:
    for company in data.companies:
        for e in company.employees:
            assert e.hire_date <= TODAY
            assert age_on(e.birth_date, e.hire_date) >= 18, e
            assert e.hire_date.year >= company.spec.founded


def test_departments_names_numbers_and_emails(data) -> None:
    family_names = {kanji for kanji, _ in FAMILY_NAMES}
    emails = [e.email for c in data.companies for e in c.employees]
    assert len(emails) == len(set(emails))
    for company in data.companies:
        departments = {d for d, _ in company.spec.departments}
        numbers = [e.employee_number for e in company.employees]
        assert len(numbers) == len(set(numbers))
        for e in company.employees:
            assert e.department in departments
            family, given = e.name.split("\u3000")
            assert family in family_names and given
            assert e.email.endswith("@" + company.spec.domain) and company.spec.domain.endswith(
                ".example.jp"
            )
    large_departments = {e.department for e in data.companies[2].employees}
    assert {
        "営業部",
        "製造部",
        "人事部",
        "経理部",
        "開発部",
        "品質保証部",
        "物流部",
    } <= large_departments


def test_same_seed_same_data_other_seed_other_data(data) -> None:
    assert generate(seed=7, today=TODAY) == data
    other = generate(seed=8, today=TODAY)
    assert other.companies[1].employees != data.companies[1].employees


def test_scale_shrinks_every_roster() -> None:
    small = generate(seed=7, today=TODAY, scale=0.01)
    assert [len(c.employees) for c in small.companies] == [8, 8, 30, 8]


def test_one_account_per_role_and_the_employee_is_on_the_roster(data) -> None:
    roles = Counter(a.role for a in data.accounts)
    assert roles == {
        "platform_admin": 1,
        "hub_operator": 1,
        "hub_consultant": 1,
        "hr_admin": len(COMPANIES),
        "executive": 1,
        "consultation_staff": 1,
        "employee": 1,
    }
    employee = next(a for a in data.accounts if a.role == "employee")
    mid = next(c for c in data.companies if c.spec.slug == employee.company_slug == "demo-mid")
    linked = next(e for e in mid.employees if e.employee_number == employee.employee_number)
    assert linked.email == employee.email and linked.name == employee.name
    assert len({a.email for a in data.accounts}) == len(data.accounts)
    # Several roles: demo-small's HR admin is its desk; the hub consultant serves two clients.
    small_hr = next(
        a for a in data.accounts if a.role == "hr_admin" and a.company_slug == "demo-small"
    )
    assert small_hr.also == (("consultation_staff", "demo-small"),)
    consultant = next(a for a in data.accounts if a.role == "hub_consultant")
    assert {slug for _, slug in consultant.also} == {"demo-small", "demo-mid"}


def test_demo_password_passes_the_password_rules(data) -> None:
    for account in data.accounts:
        assert password_problem(DEMO_PASSWORD, email=account.email) is None
