"""How each cost grows from 1,000 to 100,000 employees (issue 16).

For each size it measures, on a scratch database: the roster import (parse, upload + preview,
commit of a CSV of that many rows), the loss estimate (the engine on a roster frame of that
size), the release computed once at the close of a wave that many people answered, the HR
results page of that wave (median server time through the WSGI client), and the executive PDF
report of that company. It prints the seconds per size and, per cost, the growth ratio:
(time at the largest size ÷ time at the smallest) ÷ (largest ÷ smallest). 1 is linear, below 1
better than linear (fixed costs dominate at the small size); above 1.5 is worse than linear,
a defect to fix.

Run: ``.venv/bin/python scripts/bench_growth.py [--sizes 1000,10000,100000] [--postgres URL]``
(``URL``: a server; the script drops and re-creates its database ``hrcare_bench_growth``).
``scripts/bench`` runs it as part of the one benchmark run. Never part of ``scripts/test``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

COSTS = ("roster import", "loss estimate", "release at close", "results page", "executive report")
WORSE_THAN_LINEAR = 1.5


def sibling(name: str) -> ModuleType:
    """A sibling benchmark script, loaded by path (scripts/ is not a package) once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def scratch_database(postgres: str | None, instance: str) -> str:
    if not postgres:
        return f"sqlite:///{instance}/growth.sqlite3"
    import psycopg

    server = postgres.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "hrcare_bench_growth" WITH (FORCE)')
        conn.execute('CREATE DATABASE "hrcare_bench_growth"')
    return f"{server}/hrcare_bench_growth"


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def roster_import(size: int, database_url: str, instance: Path) -> float:
    roster = sibling("bench_roster")
    content = roster.to_csv(roster.synthetic_rows(size))
    [(timing, _counts)] = roster.scenario(database_url, instance, [content], "growth", False)
    return float(timing.total)


def loss_estimate(size: int) -> float:
    loss = sibling("bench_loss")
    from hrcare.loss.model import estimate
    from hrcare.loss.params import LossParameters

    frame, params = loss.synthetic_roster(size), LossParameters()
    return float(loss.best_of(3, lambda: estimate(frame, params)))


def survey_costs(size: int, database_url: str, instance: str) -> dict[str, float]:
    """Release, results page and report for a company whose ``size`` employees answered."""
    results = sibling("bench_survey_results")
    from hrcare import create_app
    from hrcare.auth.models import UserSession
    from hrcare.core.db import Base
    from hrcare.core.tenancy import set_current_company
    from hrcare.extensions import db
    from hrcare.reports.build import build_report

    app = create_app(
        {
            "env": "test",
            "instance_path": instance,
            "database_url": database_url,
            "mail_backend": "memory",
            "secret_key": "bench-growth-secret-key-not-for-production",
        }
    )
    figures: dict[str, float] = {}
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        company, survey, hr = results.populate(size)
        figures["release at close"] = results.RELEASE_MS[size] / 1000
        set_current_company(db.session, company)
        figures["executive report"] = timed(
            lambda: build_report(db.session, company, language="ja", today=date.today())
        )
        row = UserSession(id=f"growth-{size}", user_id=hr.id)
        db.session.add(row)
        db.session.commit()
        path = f"/c/{company.slug}/surveys/results/{survey.id}?by=department"
        session_id = row.id
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = session_id
        sess["_fresh"] = True
    assert client.get(path).status_code == 200  # warm: templates, caches
    figures["results page"] = statistics.median(timed(lambda: client.get(path)) for _ in range(5))
    with app.app_context():
        Base.metadata.drop_all(db.engine)
    db.engine.dispose()
    return figures


def measure(sizes: list[int], postgres: str | None) -> dict[int, dict[str, float]]:
    """Seconds per cost and size."""
    out: dict[int, dict[str, float]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"== {size:,} employees", flush=True)
            url = scratch_database(postgres, tmp)
            figures = {"roster import": roster_import(size, url, Path(tmp))}
            figures["loss estimate"] = loss_estimate(size)
            figures.update(survey_costs(size, url, tmp))
            for cost in COSTS:
                print(f"   {cost:18s} {figures[cost]:8.3f} s", flush=True)
            out[size] = figures
    return out


def growth(timings: dict[int, dict[str, float]], cost: str) -> float:
    small, large = min(timings), max(timings)
    return (timings[large][cost] / timings[small][cost]) / (large / small)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (scratch database)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    timings = measure(sizes, args.postgres)
    print()
    worse = 0
    for cost in COSTS:
        ratio = growth(timings, cost)
        worse += ratio > WORSE_THAN_LINEAR
        verdict = (
            "worse than linear"
            if ratio > WORSE_THAN_LINEAR
            else ("about linear" if ratio > 1 else "linear or better")
        )
        print(
            f"figure: {cost} growth {sizes[0]:,}→{sizes[-1]:,} ÷ linear = {ratio:.2f} ({verdict})"
        )
    return 1 if worse else 0


def run_for_bench(sizes: list[int], postgres: str | None) -> dict[str, Any]:
    """What ``scripts/bench`` adds to its table: per cost, the largest size's seconds and the
    growth ratio."""
    timings = measure(sizes, postgres)
    return {cost: (timings[max(sizes)][cost], growth(timings, cost)) for cost in COSTS}


if __name__ == "__main__":
    raise SystemExit(main())
