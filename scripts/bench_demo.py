"""Benchmark ``hrcare demo load``: generate and write the full demo into a scratch database.

Prints the generation time, the load time (hubs, companies, ~3,600 employees in bulk, the
accounts with their Argon2id hashes) and the commit time. Target: well under 10 s in total.

House style: a benchmark is a script that prints figures; tests never assert on time.
Run from the repository root: ``python scripts/bench_demo.py [--database-url URL]``
(default: a temporary SQLite file; a PostgreSQL URL must name an empty, disposable database).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from hrcare import create_app  # noqa: E402
from hrcare.core.db import Base  # noqa: E402
from hrcare.demo import generator, loader  # noqa: E402
from hrcare.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=generator.DEFAULT_SEED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"instance_path": tmp, "database_url": args.database_url, "env": "development"}
        )
        with app.app_context():
            engine = db.engine
            assert engine is not None
            Base.metadata.drop_all(engine)
            Base.metadata.create_all(engine)
            started = time.perf_counter()
            data = generator.generate(seed=args.seed, today=date.today())
            generated = time.perf_counter()
            summary = loader.load(db.session, data)
            loaded = time.perf_counter()
            db.session.commit()
            committed = time.perf_counter()
            sizes = ", ".join(f"{c.spec.slug} {len(c.employees):,}" for c in data.companies)
            print(f"backend: {engine.dialect.name}")
            print(f"employees: {summary.employees:,} ({sizes}); accounts: {summary.accounts}")
            print(f"generate: {generated - started:.3f} s")
            print(f"load:     {loaded - generated:.3f} s")
            print(f"commit:   {committed - loaded:.3f} s")
            print(f"total:    {committed - started:.3f} s")
            db.session.remove()
            Base.metadata.drop_all(engine)


if __name__ == "__main__":
    main()
