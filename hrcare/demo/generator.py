"""Synthetic demo data: pure functions of a seed and a date, no database, no Flask.

The rosters aim to look like real Japanese SME rosters so that the dashboards, the age-40
information and the loss estimates show plausible figures:

* ages 20–64 in the shape of employees in the 労働力調査 (2023 averages, 5-year bands):
  fewest in their early twenties, most in 45–59;
* managers (about 10–15 %) are regular employees, mostly 40 and over;
* mostly 正社員; 嘱託 (contract) re-employment after 60, more part-time among women 30–59;
* hire dates consistent with age: new graduates join on 1 April after school, others later,
  never before the company was founded, never before 18, never in the future.

Everything comes from ``random.Random`` seeded from the seed and the company slug, so the
same seed always gives the same data, and one company's roster does not change when another
company's size does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hrcare.demo.names import FAMILY_NAMES, GIVEN_NAMES, cohort, family_name_weights
from hrcare.demo.specs import COMPANIES, HUB, PLATFORM_ADMIN_EMAIL, CompanySpec, HubSpec

DEFAULT_SEED = 20250401
MIN_AGE, MAX_AGE = 20, 64
AGE_BANDS: tuple[tuple[int, int], ...] = tuple((lo, lo + 4) for lo in range(20, 65, 5))
# Relative chance of a regular employee of that band being a manager.
MANAGER_AGE_WEIGHTS = (0.0, 0.0, 0.2, 1.0, 3.0, 5.0, 6.0, 5.0, 1.5)


@dataclass(frozen=True)
class DemoEmployee:
    employee_number: str
    name: str
    department: str
    birth_date: date
    hire_date: date
    is_manager: bool
    employment_type: str
    email: str


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    name: str
    company_slug: str | None = None
    hub_slug: str | None = None
    employee_number: str | None = None  # an employee account linked to the roster
    # Further roles of the same person: (role, company slug), e.g. the HR admin of a small
    # company who is also its consultation desk, or a hub consultant's client companies.
    also: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoCompany:
    spec: CompanySpec
    employees: list[DemoEmployee]


@dataclass(frozen=True)
class DemoData:
    seed: int
    today: date
    hub: HubSpec
    companies: list[DemoCompany]
    accounts: list[DemoAccount] = field(default_factory=list)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, age: int, today: date) -> date:
    """A birthday giving exactly ``age`` on ``today``."""
    latest = _years_before(today, age)  # turned ``age`` today at the latest
    earliest = _years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _employment_type(rng: random.Random, age: int, male: bool) -> str:
    if age >= 60:
        weights = {"regular": 35, "contract": 45, "part_time": 15, "other": 5}
    elif not male and age >= 30:
        weights = {"regular": 60, "part_time": 28, "contract": 7, "dispatched": 5}
    else:
        weights = {"regular": 85, "contract": 7, "part_time": 4, "dispatched": 3, "other": 1}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _hire_date(
    rng: random.Random, birth: date, today: date, founded: int, employment_type: str
) -> date:
    """New graduate on 1 April (more likely for regulars), otherwise a mid-career date."""
    school_year = birth.year if (birth.month, birth.day) >= (4, 2) else birth.year - 1
    entry_age = rng.choices((18, 20, 22, 24), weights=(25, 10, 55, 10))[0]
    first_job = date(school_year + entry_age + 1, 4, 1)
    earliest = max(first_job, date(founded, 4, 1), _years_before(birth, -18))
    new_graduate = rng.random() < (0.55 if employment_type == "regular" else 0.1)
    if new_graduate and first_job >= date(founded, 4, 1) and first_job <= today:
        return first_job
    if employment_type != "regular" and not (
        employment_type == "contract" and age_on(birth, today) >= 60
    ):
        earliest = max(earliest, _years_before(today, 10))  # non-regular contracts are shorter
    latest = today - timedelta(days=30)
    if earliest > latest:
        earliest = max(_years_before(birth, -18), latest - timedelta(days=365))
        if earliest > latest:
            return today
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _pick_managers(rng: random.Random, ages: list[int], types: list[str], rate: float) -> set[int]:
    """Weighted sampling without replacement (Efraimidis–Spirakis) among regular employees."""
    wanted = round(len(ages) * rate)
    keyed = []
    for index, (age, kind) in enumerate(zip(ages, types, strict=True)):
        weight = MANAGER_AGE_WEIGHTS[min((age - MIN_AGE) // 5, len(AGE_BANDS) - 1)]
        if kind == "regular" and weight > 0:
            keyed.append((rng.random() ** (1.0 / weight), index))
    keyed.sort(reverse=True)
    return {index for _, index in keyed[:wanted]}


def generate_roster(
    spec: CompanySpec, *, seed: int, today: date, size: int | None = None
) -> list[DemoEmployee]:
    rng = random.Random(f"{seed}:{spec.slug}")
    n = size if size is not None else max(1, round(spec.size * rng.uniform(0.95, 1.05)))
    family_weights = family_name_weights()
    dept_names = [d for d, _ in spec.departments]
    dept_weights = [w for _, w in spec.departments]
    people = []
    for _ in range(n):
        lo, hi = rng.choices(AGE_BANDS, weights=spec.age_weights)[0]
        age = rng.randint(lo, hi)
        birth = _birth_date(rng, age, today)
        male = rng.random() < spec.male_share
        family = rng.choices(FAMILY_NAMES, weights=family_weights)[0]
        given = rng.choice(GIVEN_NAMES[cohort(birth.year)][0 if male else 1])
        kind = _employment_type(rng, age, male)
        hire = _hire_date(rng, birth, today, spec.founded, kind)
        people.append(
            (
                birth,
                hire,
                age,
                family,
                given,
                kind,
                rng.choices(dept_names, weights=dept_weights)[0],
            )
        )
    # Employee numbers follow the hiring order, with gaps left by people who have left.
    people.sort(key=lambda p: (p[1], p[0]))
    managers = _pick_managers(
        rng, [p[2] for p in people], [p[5] for p in people], spec.manager_rate
    )
    used_emails: dict[str, int] = {}
    employees = []
    number = 0
    for index, (birth, hire, _age, family, given, kind, department) in enumerate(people):
        number += rng.randint(1, 3)
        local = f"{given[1]}.{family[1]}"
        used_emails[local] = used_emails.get(local, 0) + 1
        if used_emails[local] > 1:
            local = f"{local}{used_emails[local]}"
        employees.append(
            DemoEmployee(
                employee_number=f"{number:05d}",
                name=f"{family[0]}\u3000{given[0]}",
                department=department,
                birth_date=birth,
                hire_date=hire,
                is_manager=index in managers,
                employment_type=kind,
                email=f"{local}@{spec.domain}",
            )
        )
    return employees


def _pick(rng: random.Random, employees: list[DemoEmployee], **criteria: object) -> DemoEmployee:
    matching = [e for e in employees if all(getattr(e, k) == v for k, v in criteria.items())]
    return rng.choice(matching or employees)


def _accounts(companies: list[DemoCompany], *, seed: int, today: date) -> list[DemoAccount]:
    rng = random.Random(f"{seed}:accounts")
    accounts = [
        DemoAccount(role="platform_admin", email=PLATFORM_ADMIN_EMAIL, name="hrcare 運営事務局"),
        DemoAccount(
            role="hub_operator", email=f"hub@{HUB.domain}", name="水野\u3000恵", hub_slug=HUB.slug
        ),
        # The hub's consultant handles the consultation desk of two client companies.
        DemoAccount(
            role="hub_consultant",
            email=f"soudan@{HUB.domain}",
            name="杉浦\u3000美紀",
            hub_slug=HUB.slug,
            also=(("consultation_staff", "demo-small"), ("consultation_staff", "demo-mid")),
        ),
    ]
    for company in companies:
        spec = company.spec
        hr = (
            _pick(rng, company.employees, department="人事部")
            if any(e.department == "人事部" for e in company.employees)
            else _pick(rng, company.employees, department="総務部")
        )
        # In a 40-person company the HR admin is also the consultation desk (相談窓口).
        also = (("consultation_staff", spec.slug),) if spec.slug == "demo-small" else ()
        accounts.append(
            DemoAccount(
                role="hr_admin",
                email=f"jinji@{spec.domain}",
                name=hr.name,
                company_slug=spec.slug,
                also=also,
            )
        )
        if spec.slug != "demo-mid":
            continue
        accounts.append(
            DemoAccount(
                role="executive",
                email=f"yakuin@{spec.domain}",
                name="東海\u3000太郎",
                company_slug=spec.slug,
            )
        )
        staff = _pick(rng, company.employees, department="総務部")
        accounts.append(
            DemoAccount(
                role="consultation_staff",
                email=f"soudan@{spec.domain}",
                name=staff.name,
                company_slug=spec.slug,
            )
        )
        # An employee at the age where care usually begins: a regular non-manager aged 45–55.
        candidates = [
            e
            for e in company.employees
            if e.employment_type == "regular"
            and not e.is_manager
            and 45 <= age_on(e.birth_date, today) <= 55
        ]
        person = rng.choice(candidates or company.employees)
        # Their roster address is the account's, so the survey invitation reaches the
        # mailbox the README's employee signs in with.
        where = company.employees.index(person)
        company.employees[where] = person = replace(person, email=f"shain@{spec.domain}")
        accounts.append(
            DemoAccount(
                role="employee",
                # A fixed address like the other roles' (the README lists it): the person
                # behind it depends on the roster and the day, the sign-in does not.
                email=person.email,
                name=person.name,
                company_slug=spec.slug,
                employee_number=person.employee_number,
            )
        )
    return accounts


def generate(*, seed: int = DEFAULT_SEED, today: date, scale: float = 1.0) -> DemoData:
    """The whole demo: one hub, its three clients, one independent company, the accounts.

    ``scale`` shrinks every roster (tests use a small one); sizes never go below 8 so each
    company still has an HR department member to name the HR account after.
    """
    companies = []
    for spec in COMPANIES:
        size = None if scale == 1.0 else max(8, round(spec.size * scale))
        companies.append(
            DemoCompany(
                spec=spec, employees=generate_roster(spec, seed=seed, today=today, size=size)
            )
        )
    return DemoData(
        seed=seed,
        today=today,
        hub=HUB,
        companies=companies,
        accounts=_accounts(companies, seed=seed, today=today),
    )
