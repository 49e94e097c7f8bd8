"""Benchmark: the survey results page for 1,000 and 10,000 responses (issue 4 figures).

Builds a scratch database (SQLite in a temporary folder; PostgreSQL with ``--postgres URL``,
a database of your own, e.g. hrcare_bench_results: its tables are dropped and recreated),
fills a company with a closed survey and releases it (timed: the one computation of its
figures), then requests the results page for every segment
(department, age band, position) through the Flask test client as an HR user. Prints the
median server time per page and the number of SQL statements per request, which must not
grow with the number of responses.

    .venv/bin/python scripts/bench_survey_results.py [--postgres URL] [--runs 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrcare import create_app  # noqa: E402
from hrcare.auth.models import UserSession  # noqa: E402
from hrcare.core.db import Base, utcnow  # noqa: E402
from hrcare.core.roles import Role  # noqa: E402
from hrcare.extensions import db  # noqa: E402
from hrcare.roster.models import Employee  # noqa: E402
from hrcare.surveys.models import Survey, SurveyInvitation, SurveyQuestion, SurveyResponse  # noqa: E402
from hrcare.surveys.questionnaire import AGE_BANDS, DEPENDENT_FIELDS, STANDARD_QUESTIONS  # noqa: E402
from hrcare.surveys.results.services import release_survey  # noqa: E402
from hrcare.tenants import services as tenants  # noqa: E402

RELEASE_MS: dict[int, float] = {}

DEPARTMENTS = {  # relative sizes: large divisions and a few very small teams
    "営業部": 30,
    "開発部": 25,
    "製造部": 40,
    "品質保証部": 8,
    "総務部": 6,
    "人事部": 4,
    "経理部": 5,
    "法務部": 1,
    "広報室": 1,
    "物流部": 12,
    "購買部": 3,
    "秘書室": 0.3,
}
BAND_WEIGHTS = (8, 9, 10, 12, 14, 16, 17, 14)


def answers(rng: random.Random) -> dict[str, Any]:
    caring = rng.choices(["yes", "no", "prefer_not"], [10, 85, 5])[0]
    result: dict[str, Any] = {"caring_now": caring}
    if caring == "yes":
        count = rng.choice(["1", "1", "2", "3_plus"])
        result["dependent_count"] = count
        result["dependents"] = [
            {name: rng.choice([o.code for o in opts]) for name, opts in DEPENDENT_FIELDS.items()}
            for _ in range({"1": 1, "2": 2, "3_plus": 3}[count])
        ]
        result["balancing_status"] = rng.choice(
            ["balancing_well", "managing", "very_hard", "considering_leaving"]
        )
        result["performance"] = rng.randint(3, 10)
        result["care_hours"] = rng.choice(["under_5", "5_10", "10_20", "20_plus"])
        result["care_leave_days"] = rng.choice(["0", "1_5", "6_20", "21_plus"])
    result["likely_future"] = rng.choice(["very_likely", "possible", "no", "prefer_not"])
    result["anxiety"] = rng.choice(["very_anxious", "anxious", "a_little", "not_anxious"])
    result["knows_insurance"] = rng.choice(["yes", "name_only", "no"])
    result["knows_center"] = rng.choice(["knows_how", "name_only", "no"])
    result["knows_measures"] = rng.choice(["yes", "some", "no", "unsure_exist"])
    result["can_talk"] = rng.choice(["yes", "no", "not_sure"])
    result["can_continue"] = rng.choice(["yes", "no", "dont_know"])
    result["helpful_support"] = rng.sample(
        ["flexible_hours", "telework", "leave", "information"], 2
    )
    return result


def populate(responses: int, seed: int = 7) -> tuple[Any, Any, Any]:
    rng = random.Random(seed)
    session = db.session
    hub = tenants.create_hub(session, slug="bench-hub", name="ベンチハブ")
    company = tenants.create_company(session, slug="bench-co", name="株式会社ベンチ", hub=hub)
    hr = tenants.create_user(
        session, email="hr@bench.example.jp", role=Role.HR_ADMIN, name="HR", company=company
    )
    survey = Survey(
        company_id=company.id,
        title="介護の実態把握調査",
        title_en="Caregiving survey",
        status="closed",
        opens_on=date.today() - timedelta(days=30),
        closes_on=date.today() - timedelta(days=1),
        opened_at=utcnow() - timedelta(days=30),
        closed_at=utcnow(),
    )
    session.add(survey)
    session.flush()
    session.execute(
        insert(SurveyQuestion),
        [
            dict(
                company_id=company.id,
                survey_id=survey.id,
                code=q.code,
                kind=q.kind,
                position=i,
                is_core=True,
                text_ja=q.ja,
                text_en=q.en,
                settings={},
                options={"min": q.scale_min, "max": q.scale_max}
                if q.kind == "scale"
                else [{"code": o.code, "ja": o.ja, "en": o.en} for o in q.options],
            )
            for i, q in enumerate(STANDARD_QUESTIONS)
        ],
    )
    invited = int(responses * 1.15)
    names = list(DEPARTMENTS)
    weights = list(DEPARTMENTS.values())
    people = [
        (
            rng.choices(names, weights)[0],
            rng.choices(AGE_BANDS, BAND_WEIGHTS)[0],
            rng.random() < 0.15,
        )
        for _ in range(invited)
    ]
    for start in range(0, invited, 2000):
        chunk = people[start : start + 2000]
        session.execute(
            insert(Employee),
            [
                dict(
                    company_id=company.id,
                    employee_number=f"B{start + i:06d}",
                    name=f"社員{start + i}",
                    department=d,
                    birth_date=date(1980, 1, 1),
                    is_manager=m,
                    employment_type="regular",
                )
                for i, (d, _b, m) in enumerate(chunk)
            ],
        )
    ids = [
        row[0]
        for row in session.execute(
            Employee.__table__.select()
            .with_only_columns(Employee.id)
            .where(Employee.company_id == company.id)
            .order_by(Employee.id)
        )
    ]
    rows, answered = [], []
    for i, ((dept, band, manager), employee_id) in enumerate(zip(people, ids, strict=True)):
        responded = i < responses
        rows.append(
            dict(
                company_id=company.id,
                survey_id=survey.id,
                employee_id=employee_id,
                token_hash=f"{i:064d}",
                department=dept,
                age_band=band,
                is_manager=manager,
                employment_type="regular",
                invited_on=date.today() - timedelta(days=30),
                responded=responded,
            )
        )
        if responded:
            answered.append(
                dict(
                    company_id=company.id,
                    survey_id=survey.id,
                    department=dept,
                    age_band=band,
                    is_manager=manager,
                    employment_type="regular",
                    consent_version="2026-1",
                    consented_at=utcnow(),
                    answers=answers(rng),
                )
            )
    for start in range(0, len(rows), 2000):
        session.execute(insert(SurveyInvitation), rows[start : start + 2000])
    for start in range(0, len(answered), 2000):
        session.execute(insert(SurveyResponse), answered[start : start + 2000])
    session.commit()
    # Closing releases the wave: the one computation of its figures (issue 8).
    start = time.perf_counter()
    release_survey(session, survey, today=date.today())
    session.commit()
    RELEASE_MS[responses] = (time.perf_counter() - start) * 1000
    return company, survey, hr


def measure(url: str, responses: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "env": "test",
                "instance_path": instance,
                "database_url": url or f"sqlite:///{instance}/bench.sqlite3",
                "mail_backend": "memory",
                "secret_key": "bench-secret-key-not-for-production",
            }
        )
        with app.app_context():
            Base.metadata.drop_all(db.engine)
            Base.metadata.create_all(db.engine)
            company, survey, hr = populate(responses)
            row = UserSession(id=f"bench-{responses}", user_id=hr.id)
            db.session.add(row)
            db.session.commit()
            slug, survey_id, session_id = company.slug, survey.id, row.id
            db.session.remove()
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = session_id
            sess["_fresh"] = True
        figures: dict[str, Any] = {}
        for by in ("department", "age_band", "position"):
            path = f"/c/{slug}/surveys/results/{survey_id}?by={by}"
            for _ in range(2):
                assert client.get(path).status_code == 200
            times = []
            for _ in range(runs):
                statements.clear()
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            figures[by] = (statistics.median(times), len(statements))
        with app.app_context():
            Base.metadata.drop_all(db.engine)
        db.engine.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default="", help="postgresql://… of a scratch database (dropped!)"
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    backends = [("SQLite", "")] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    for name, url in backends:
        for responses in (1_000, 10_000):
            figures = measure(url, responses, args.runs)
            for by, (median_ms, queries) in figures.items():
                print(
                    f"figure: results page {name} {responses:,} responses by={by}: "
                    f"median {median_ms:.0f} ms, SQL statements {queries}"
                )
            print(
                f"figure: release computed and audited once at close {name} {responses:,} "
                f"responses: {RELEASE_MS[responses]:.0f} ms"
            )
            worst = max(m for m, _q in figures.values())
            print(
                f"figure: results page {name} {responses:,} responses: slowest segment median {worst:.0f} ms "
                f"(target ≤ 300 ms), SQL statements per request {sorted({q for _m, q in figures.values()})}"
            )


if __name__ == "__main__":
    main()
