"""Benchmark: sustained survey submissions per second on PostgreSQL behind gunicorn (2 workers).

It creates a scratch database (default ``hrcare_bench_submit``, dropped and re-created),
builds the schema (Alembic migrations; ``create_all`` when the migrations lag the models),
creates a company, an open survey and N invitations whose tokens the script knows, then
starts ``gunicorn -w 2 'hrcare:create_app()'`` on a free loopback port and has a few threads
answer as browsers would: each answer is a fresh cookie jar that opens the link, consents,
and for every page fetches the form (CSRF token) and posts it — 85 % non-carers (4 pages),
15 % carers with one relative (6 pages). It prints answers/second, HTTP requests/second,
latency per answer and the error count, checks the stored responses, and stops gunicorn.

Run from the repository root: ``.venv/bin/python scripts/bench_survey_submit.py
[--postgres postgresql://postgres@127.0.0.1:5432] [--seconds 20] [--threads 4] [--invitations 3000]``.
Loopback only. House style: a benchmark prints figures; tests never assert on time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import queue
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import psycopg  # noqa: E402
from sqlalchemy import func, insert, inspect, select, text, update  # noqa: E402

from hrcare import create_app  # noqa: E402
from hrcare.core import migrate  # noqa: E402
from hrcare.core.clock import today_jst  # noqa: E402
from hrcare.core.db import Base, utcnow  # noqa: E402
from hrcare.extensions import db  # noqa: E402
from hrcare.roster.models import Employee  # noqa: E402
from hrcare.surveys import campaigns  # noqa: E402
from hrcare.surveys.common import new_token  # noqa: E402
from hrcare.surveys.models import SurveyInvitation, SurveyResponse  # noqa: E402
from hrcare.tenants import services as tenants  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NON_CARER = [
    ("now", {"caring_now": "no"}),
    ("ahead", {"likely_future": "possible", "anxiety": "a_little"}),
    (
        "knowledge",
        {
            "knows_insurance": "yes",
            "knows_center": "name_only",
            "knows_measures": "some",
            "can_talk": "yes",
            "can_continue": "dont_know",
            "helpful_support": ["telework", "leave"],
        },
    ),
    ("other", {"comment": ""}),
]
CARER = [
    ("now", {"caring_now": "yes"}),
    (
        "care",
        {
            "dependent_count": "1",
            "balancing_status": "managing",
            "performance": "7",
            "care_hours": "5_10",
            "care_leave_days": "1_5",
        },
    ),
    (
        "dependents",
        {
            "dep1_relationship": "mother",
            "dep1_age_band": "85_plus",
            "dep1_residence": "far",
            "dep1_care_level": "care_2",
            "dep1_main_carer": "professional",
            "dep1_prefecture": "13",
        },
    ),
    *NON_CARER[1:3],
    ("other", {"comment": "遠距離介護で帰省の負担が大きいです。"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def recreate_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_schema(engine) -> str:
    try:
        migrate.upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - fall back below, and say why
        print(f"  migrations failed ({type(exc).__name__}); using create_all")
    found = inspect(engine)
    missing: list[str] = []
    for table in Base.metadata.sorted_tables:
        have = (
            {c["name"] for c in found.get_columns(table.name)}
            if found.has_table(table.name)
            else set()
        )
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
    if not missing:
        return "alembic upgrade head"
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    return (
        f"create_all (migrations lag the models: {len(missing)} columns missing, e.g. {missing[0]})"
    )


def seed(count: int) -> tuple[str, list[str]]:
    """A company, an open survey, ``count`` invitations; returns the slug and the tokens."""
    session = db.session
    company = tenants.create_company(session, slug="bench-submit", name="ベンチ株式会社")
    rng = random.Random(7)
    session.execute(
        insert(Employee),
        [
            {
                "company_id": company.id,
                "employee_number": f"B{i:06d}",
                "name": f"社員{i}",
                "department": f"部署{i % 12}",
                "birth_date": date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35)),
                "is_manager": i % 9 == 0,
                "employment_type": "regular",
                "email": None,
            }
            for i in range(count)
        ],
    )
    today = today_jst()
    survey = campaigns.create_survey(
        session,
        company_id=company.id,
        actor_id=None,
        title="ベンチ",
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    campaigns.open_survey(session, survey, actor_id=None, today=today, now=utcnow())
    ids = list(
        session.scalars(select(SurveyInvitation.id).where(SurveyInvitation.survey_id == survey.id))
    )
    tokens, changes = [], []
    for invitation_id in ids:
        token, token_hash = new_token()
        tokens.append(token)
        changes.append({"id": invitation_id, "token_hash": token_hash, "link_issued_on": today})
    session.execute(update(SurveyInvitation), changes)
    session.commit()
    return company.slug, tokens


class Browser:
    """One respondent's browser: its own cookie jar, following redirects like a browser."""

    def __init__(self, base: str, stats: dict[str, int]) -> None:
        self.base = base
        self.stats = stats
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict | None = None) -> tuple[str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.base + path, data=body, timeout=30) as response:  # noqa: S310 - loopback
            self.stats["requests"] += 1 + (response.url != self.base + path)
            return response.url, response.read().decode("utf-8")

    def answer(self, token: str, pages: list[tuple[str, dict]]) -> bool:
        _url, html = self.request(f"/s/{token}")
        url, html = self.request(
            f"/s/{token}", {"agree": "y", "csrf_token": CSRF.search(html).group(1)}
        )
        for key, fields in pages:
            if not url.endswith(f"p={key}") and not (key == "now" and url.endswith("/answer")):
                _url, html = self.request(f"/s/{token}/answer?p={key}")
            url, html = self.request(
                f"/s/{token}/answer?p={key}",
                {**fields, "nav": "next", "csrf_token": CSRF.search(html).group(1)},
            )
        return url.endswith(f"/s/{token}/thanks")


def run_load(base: str, tokens: list[str], seconds: float, threads: int) -> dict[str, object]:
    work: queue.Queue[str] = queue.Queue()
    for token in tokens:
        work.put(token)
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors: list[str] = []
    stats = {"requests": 0}
    lock = threading.Lock()

    def worker(seed_: int) -> None:
        rng = random.Random(seed_)
        local = {"requests": 0}
        while time.perf_counter() < deadline:
            try:
                token = work.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            try:
                ok = Browser(base, local).answer(token, CARER if rng.random() < 0.15 else NON_CARER)
            except (urllib.error.URLError, AttributeError, OSError) as exc:
                ok, reason = False, f"{type(exc).__name__}: {exc}"
            else:
                reason = "did not reach the thank-you page"
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors.append(reason)
        with lock:
            stats["requests"] += local["requests"]

    began = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "elapsed": elapsed,
        "latencies": latencies,
        "errors": errors,
        "requests": stats["requests"],
    }


def wait_until_up(base: str, slug: str, process: subprocess.Popen, limit: float = 30.0) -> None:
    stop = time.perf_counter() + limit
    while time.perf_counter() < stop:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up (see its log above)")
        try:
            with urllib.request.urlopen(f"{base}/s/consult/{slug}", timeout=2):  # noqa: S310 - loopback
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432",
        help="server URL (no database)",
    )
    parser.add_argument("--database", default="hrcare_bench_submit")
    parser.add_argument("--invitations", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    url = recreate_database(args.postgres, args.database)
    instance = tempfile.mkdtemp(prefix="hrcare-bench-submit-")
    secret = secrets.token_urlsafe(32)
    app = create_app(
        {
            "database_url": url,
            "instance_path": instance,
            "secret_key": secret,
            "mail_backend": "memory",
            "env": "development",
        }
    )
    with app.app_context():
        schema = build_schema(db.engine)
        slug, tokens = seed(args.invitations)
    db.engine.dispose()
    print(f"database {args.database}: schema by {schema}; {len(tokens):,} invitations")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HRCARE_DATABASE_URL": url,
        "HRCARE_SECRET_KEY": secret,
        "HRCARE_INSTANCE_PATH": instance,
        "HRCARE_ENV": "development",
        "HRCARE_MAIL_BACKEND": "memory",
        "HRCARE_REDIS_URL": "",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    log = open(Path(instance) / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(  # noqa: S603 - fixed argv, loopback only
        [
            gunicorn,
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "hrcare:create_app()",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base, slug, process)
        result = run_load(base, tokens, args.seconds, args.threads)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

    latencies: list[float] = result["latencies"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    elapsed: float = result["elapsed"]  # type: ignore[assignment]
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(SurveyResponse))
        responded = db.session.scalar(
            select(func.count()).where(SurveyInvitation.responded.is_(True))
        )
        db.session.remove()
    db.engine.dispose()
    done = len(latencies)
    print(f"gunicorn -w 2, {args.threads} client threads, {elapsed:.1f} s")
    print(f"answers completed: {done:,}   errors: {len(errors)}")
    print(f"answers/second: {done / elapsed:.1f}")
    print(
        f"HTTP requests/second: {result['requests'] / elapsed:.1f}  "
        f"({result['requests'] / max(done, 1):.1f} requests per answer)"
    )
    if latencies:
        ordered = sorted(latencies)
        print(
            f"latency per answer (all its requests): median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:.0f} ms"
        )
    print(f"stored responses: {stored:,}; invitations marked responded: {responded:,}")
    for reason in sorted(set(errors))[:5]:
        print(f"  error: {reason}")
    if not args.keep:
        drop_database(args.postgres, args.database)


if __name__ == "__main__":
    main()
