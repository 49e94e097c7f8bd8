"""Benchmark two pages through the WSGI test client: the sign-in page and an HR dashboard.

Builds an app on a temporary SQLite database (and, with ``--postgres URL``, on that PostgreSQL
database too), loads one company with 300 employees and an HR admin, then times N requests of
``GET /login`` and of ``GET /c/<slug>/`` signed in as the HR admin. Prints the median and 95th
percentile server time per request in milliseconds (the whole request inside the app: routing,
policy, session lookup, queries, template; no network).

House style: a benchmark is a script that prints figures; tests never assert on time.
Run from the repository root: ``.venv/bin/python scripts/bench_pages.py [-n 200] [--postgres URL]``.
The PostgreSQL database must be empty: the script creates the tables and drops them afterwards.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import inspect  # noqa: E402

from hrcare import create_app  # noqa: E402
from hrcare.auth.models import UserSession  # noqa: E402
from hrcare.core.db import Base  # noqa: E402
from hrcare.core.roles import Role  # noqa: E402
from hrcare.extensions import db  # noqa: E402
from hrcare.roster.models import Employee  # noqa: E402
from hrcare.tenants import services as tenants  # noqa: E402

EMPLOYEES = 300
WARM_UP = 5


def load_company(seed: int = 20250401) -> tuple[str, int]:
    """One company, 300 employees of plausible ages, one HR admin; returns (slug, hr user id)."""
    rng = random.Random(seed)
    session = db.session
    company = tenants.create_company(session, slug="bench-co", name="ベンチマーク株式会社")
    hr = tenants.create_user(
        session, email="hr@bench.example.jp", role=Role.HR_ADMIN, name="人事 太郎", company=company
    )
    departments = ["営業部", "製造部", "総務部", "開発部", "品質保証部", "物流部"]
    for n in range(EMPLOYEES):
        birth = date(1962, 4, 1) + timedelta(days=rng.randrange(0, 365 * 42))
        session.add(
            Employee(
                company_id=company.id,
                employee_number=f"B{n:05d}",
                name=f"社員{n}",
                department=rng.choice(departments),
                birth_date=birth,
                hire_date=birth + timedelta(days=365 * 22 + rng.randrange(0, 365 * 10)),
                is_manager=rng.random() < 0.12,
                employment_type="regular",
            )
        )
    session.commit()
    return company.slug, hr.id


def signed_in_client(app, user_id: int):  # type: ignore[no-untyped-def]
    """A test client carrying a server-side session for the user (skips the slow password hash)."""
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user_id)
    db.session.add(row)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = row.id
        cookie["_fresh"] = True
    return client


def time_requests(client, path: str, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    for _ in range(WARM_UP):
        client.get(path)
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}, expected 200")
    return timings


def summary(label: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return f"{label:<34} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   (n={len(ordered)})"


def run(backend: str, database_url: str, n: int, instance: str) -> None:
    app = create_app(
        {
            "env": "development",
            "instance_path": instance,
            "database_url": database_url,
            "mail_backend": "memory",
            "secret_key": secrets.token_urlsafe(32),
        }
    )
    engine = db.engine
    assert engine is not None
    if backend == "postgresql" and inspect(engine).get_table_names():
        raise SystemExit(
            "the PostgreSQL database is not empty; give an empty one (tables are dropped after)"
        )
    Base.metadata.create_all(engine)
    try:
        with app.app_context():
            slug, hr_id = load_company()
        db.session.remove()
        anonymous = app.test_client()
        with app.app_context():
            hr_client = signed_in_client(app, hr_id)
        db.session.remove()
        print(f"[{backend}] {EMPLOYEES} employees, {n} requests per page after {WARM_UP} warm-up")
        print(summary("GET /login (anonymous)", time_requests(anonymous, "/login", n)))
        print(summary(f"GET /c/{slug}/ (HR dashboard)", time_requests(hr_client, f"/c/{slug}/", n)))
    finally:
        db.session.remove()
        Base.metadata.drop_all(engine)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument(
        "--postgres", metavar="URL", help="also run on this (empty) PostgreSQL database"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hrcare-bench-") as instance:
        run("sqlite", f"sqlite:///{Path(instance) / 'bench.sqlite3'}", args.n, instance)
        if args.postgres:
            run("postgresql", args.postgres, args.n, instance)


if __name__ == "__main__":
    main()
