"""Fault injection on a live stack on loopback; prints sent, stored, lost, duplicated per scenario.

The stack (``tests/reliability/harness.py``): PostgreSQL (``--postgres``, a database of our
own that is dropped and re-created: never a shared one) or SQLite, a ``redis-server`` of our
own on ``--redis-port`` (stopped and started by scenario a; the machine's Redis is never
touched), ``gunicorn -w 2``, one RQ worker and an SMTP sink. Scenarios:

a. Redis stopped while employees submit answers and HR starts jobs (two reports, a reminder
   batch); Redis comes back empty and the delayed runs are queued again by the worker.
b. PostgreSQL: every connection of the app to its database is terminated repeatedly
   (``pg_terminate_backend``, what a restart does to them) in the middle of traffic.
c. The RQ work horse killed with SIGKILL in the middle of a report and of a mail batch.
d. The file store full (a filled tmpfs mounted over it) and unwritable (``chattr +i``) during
   an evidence upload and a report. For d, "lost" counts failures the user was not told of.

Run: ``scripts/faults [--postgres URL] [--redis-port 6390] [--answers 40] [--only a,b,c,d]``.
Exits 1 when any lost or duplicated figure is not 0. Needs root for d (mount, chattr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability import scenarios  # noqa: E402
from tests.reliability.harness import Figures, Stack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/test_reliability"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead (b is skipped)")
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--cuts", type=int, default=8)
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--only", default="a,b,c,d")
    args = parser.parse_args()
    only = set(args.only.split(","))
    postgres = None if args.sqlite else args.postgres
    print(f"starting the stack ({'SQLite' if postgres is None else postgres})", flush=True)
    stack = Stack(postgres=postgres, redis_port=args.redis_port, scale=args.scale, mail_delay=0.03)
    results: list[Figures] = []
    try:
        if "a" in only:
            results += scenarios.redis_outage(stack, args.answers)
            print(results[-2].line(), results[-1].line(), sep="\n", flush=True)
        if "b" in only and postgres is not None:
            results.append(scenarios.postgres_outage(stack, args.answers, args.cuts))
            print(results[-1].line(), flush=True)
        if "c" in only:
            results.append(scenarios.killed_report(stack))
            print(results[-1].line(), flush=True)
            results.append(scenarios.killed_mail_batch(stack))
            print(results[-1].line(), flush=True)
        if "d" in only:
            for figures in scenarios.store_faults(stack):
                results.append(figures)
                print(figures.line(), flush=True)
    finally:
        stack.stop()
    print("\nscenario | sent | stored | lost | duplicated")
    for f in results:
        print(f"{f.scenario} | {f.sent} | {f.stored} | {f.lost} | {f.duplicated}")
    bad = [f for f in results if f.lost or f.duplicated]
    print(f"\nlost + duplicated over all scenarios: {sum(f.lost + f.duplicated for f in results)}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
