"""Benchmark: the hub console for 200 client companies of 50–3,000 employees each.

Builds a scratch PostgreSQL database (``--postgres`` server, database ``hrcare_bench_hub``,
dropped and re-created; SQLite in a temporary folder without it), one hub with N clients, their
rosters, and for each client a closed, released wave (the release payload copied from a real
release of a 300-person company), an open wave, a stored loss estimate, plan actions, duty
measures, age-40 notices and consultations (every source the console reads). Then it requests ``GET /hub/`` as the hub
operator through the WSGI test client and prints the median server time and the number of SQL
statements for 20 and for N clients: the statements must not grow with the clients.

Run: ``.venv/bin/python scripts/bench_hub.py [--postgres URL] [--clients 200]``.
House style: a benchmark is a script that prints figures; tests never assert on time.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, insert, select, text

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from hrcare import create_app  # noqa: E402
from hrcare.auth.models import UserSession  # noqa: E402
from hrcare.checklists.models import Age40Notice, DutyMeasure, PlanAction  # noqa: E402
from hrcare.consultations.models import Consultation  # noqa: E402
from hrcare.core.db import Base, utcnow  # noqa: E402
from hrcare.core.roles import Role  # noqa: E402
from hrcare.extensions import db  # noqa: E402
from hrcare.loss.stored import StoredEstimate  # noqa: E402
from hrcare.roster.models import Employee  # noqa: E402
from hrcare.surveys.models import Survey, SurveyInvitation, SurveyRelease  # noqa: E402
from hrcare.tenants import services as tenants  # noqa: E402


def scratch_url(postgres: str | None, instance: str) -> str:
    if not postgres:
        return f"sqlite:///{instance}/hub.sqlite3"
    import psycopg

    with psycopg.connect(f"{postgres.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "hrcare_bench_hub" WITH (FORCE)')
        conn.execute('CREATE DATABASE "hrcare_bench_hub"')
    return f"{postgres.rstrip('/')}/hrcare_bench_hub".replace(
        "postgresql://", "postgresql+psycopg://"
    )


def release_payload() -> dict[str, object]:
    """A real release: the demo's 300-person company, closed wave, computed by the product."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"env": "test", "instance_path": tmp, "database_url": f"sqlite:///{tmp}/demo.sqlite3"}
        )
        with app.app_context():
            Base.metadata.create_all(db.engine)
            from hrcare.core.clock import today_jst
            from hrcare.demo import generator, loader

            loader.load(db.session, generator.generate(seed=1, today=today_jst(), scale=1.0))
            db.session.commit()
            row = db.session.execute(
                text(
                    "SELECT r.data FROM survey_releases r JOIN companies c ON c.id = r.company_id"
                    " WHERE c.slug = 'demo-mid'"
                )
            ).first()
            data = row[0]
            return json.loads(data) if isinstance(data, str) else data


def build(clients: int, payload: dict[str, object], seed: int = 7) -> tuple[int, int]:
    """One hub, ``clients`` companies with rosters, a released wave and an open wave each."""
    rng = random.Random(seed)
    session = db.session
    hub = tenants.create_hub(session, slug="bench-hub", name="ベンチマーク両立支援ハブ")
    operator = tenants.create_user(
        session, email="hub@bench.example.jp", role=Role.HUB_OPERATOR, name="ハブ 担当", hub=hub
    )
    today = date.today()
    from hrcare.surveys.results.release import SUMMARY_KEYS

    results = payload["results"]
    summary = {key: results.get(key) for key in SUMMARY_KEYS}  # type: ignore[attr-defined]
    for n in range(clients):
        company = tenants.create_company(
            session, slug=f"client-{n:03d}", name=f"支援先{n:03d}株式会社", hub=hub
        )
        size = rng.randint(50, 3000)
        session.execute(
            insert(Employee),
            [
                dict(
                    company_id=company.id,
                    employee_number=f"E{i:05d}",
                    name=f"社員{i}",
                    department=f"部署{i % 8}",
                    birth_date=date(1965, 4, 1) + timedelta(days=(i * 97) % (365 * 40)),
                    is_manager=i % 9 == 0,
                    employment_type="regular",
                )
                for i in range(size)
            ],
        )
        for wave, status in ((1, "closed"), (2, "open")):
            survey = Survey(
                company_id=company.id,
                title="仕事と介護の両立に関するアンケート",
                title_en="Survey on balancing work and family care",
                series="caregiving",
                wave=wave,
                status=status,
                opens_on=today - timedelta(days=60 if wave == 1 else 5),
                opened_at=utcnow(),
                closed_at=utcnow() if status == "closed" else None,
            )
            session.add(survey)
            session.flush()
            if status == "closed":
                session.add(
                    SurveyRelease(
                        company_id=company.id,
                        survey_id=survey.id,
                        threshold=5,
                        released_on=today,
                        data=payload,
                        summary=summary,
                        cells={},
                    )
                )
            else:
                ids = session.scalars(
                    select(Employee.id).where(Employee.company_id == company.id).limit(300)
                ).all()
                session.execute(
                    insert(SurveyInvitation),
                    [
                        dict(
                            company_id=company.id,
                            survey_id=survey.id,
                            employee_id=employee_id,
                            token_hash=secrets.token_hex(32),
                            department="部署0",
                            age_band="40-44",
                            is_manager=False,
                            employment_type="regular",
                            invited_on=today,
                            responded=i % 3 == 0,
                        )
                        for i, employee_id in enumerate(ids)
                    ],
                )
        _other_sources(session, company.id, size, operator.id, rng, today)
        session.commit()
    return hub.id, operator.id


def _other_sources(  # type: ignore[no-untyped-def]
    session, company_id: int, size: int, user_id: int, rng: random.Random, today: date
) -> None:
    """A stored estimate, a partly done plan, duty measures, age-40 notices, consultations."""
    session.add(
        StoredEstimate(
            company_id=company_id,
            inputs_key=secrets.token_hex(32),
            inputs={},
            basis="survey",
            employees=size,
            total_yen=size * 77_300,
            per_employee_yen=77_300,
            computed_on=today,
        )
    )
    for code in ("1-1", "1-2", "2-1", "2-2")[: rng.randint(0, 4)]:
        session.add(PlanAction(company_id=company_id, code=code, status="done", details={}))
    if rng.random() < 0.8:
        session.add(DutyMeasure(company_id=company_id, code="desk", in_place=True))
    ids = session.scalars(
        select(Employee.id).where(Employee.company_id == company_id).limit(size // 40)
    ).all()
    session.execute(
        insert(Age40Notice),
        [
            dict(company_id=company_id, employee_id=i, informed_on=today, method="meeting")
            for i in ids
        ],
    )
    session.execute(
        insert(Consultation),
        [
            dict(
                company_id=company_id,
                requester_id=user_id,
                topics=["leave"],
                relative={},
                status="new",
                due_on=today - timedelta(days=n),
            )
            for n in range(rng.randint(0, 8))
        ]
        or [dict(company_id=company_id, requester_id=user_id, due_on=today, status="resolved")],
    )


def measure(app, user_id: int, runs: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user_id)
    db.session.add(row)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = row.id
        cookie["_fresh"] = True
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    for _ in range(3):
        assert client.get("/hub/").status_code == 200
    timings = []
    for _ in range(runs):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get("/hub/")
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(db.engine, "before_cursor_execute", count)
        if response.status_code != 200:
            raise SystemExit(f"GET /hub/ answered {response.status_code}")
    return statistics.median(timings), len(statements)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="PostgreSQL server URL (no database)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    payload = release_payload()
    results = []
    for clients in (20, args.clients):
        with tempfile.TemporaryDirectory() as instance:
            url = scratch_url(args.postgres, instance)
            app = create_app({"env": "test", "instance_path": instance, "database_url": url})
            with app.app_context():
                Base.metadata.drop_all(db.engine)
                Base.metadata.create_all(db.engine)
                started = time.perf_counter()
                _hub, operator = build(clients, payload)
                if args.postgres:  # fresh statistics, as autovacuum keeps them in service
                    db.session.commit()
                    with db.engine.connect() as conn:
                        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                            text("VACUUM ANALYZE")
                        )
                built = time.perf_counter() - started
                median, statements = measure(app, operator, args.runs)
                results.append((clients, median, statements))
                print(
                    f"hub console, {clients} clients: median {median:.1f} ms, "
                    f"{statements} SQL statements (data built in {built:.1f} s)"
                )
                db.session.remove()
                db.engine.dispose()
    (_, _, few), (_, time_many, many) = results
    print(f"BENCH hub_ms {time_many:.2f}")
    print(f"BENCH hub_statements_few {few}")
    print(f"BENCH hub_statements_many {many}")
    print(
        f"targets: <= 500 ms for {args.clients} clients: {'met' if time_many <= 500 else 'missed'};"
        f" statements independent of the clients: {'met' if few == many else 'missed'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
