"""Fault injection on a live stack on loopback; prints sent, stored, lost, duplicated per scenario.

The stack (``tests/reliability/harness.py``): PostgreSQL — by default a throwaway cluster of
our own (initdb into a temporary directory as the ``postgres`` OS user, a free loopback port;
removed at the end), or with ``--postgres URL`` a database of our own on that server (dropped
and re-created; the server itself is never restarted, so e is skipped) — or SQLite
(``--sqlite``); a ``redis-server`` of our own on ``--redis-port`` (stopped and started by
scenario a; the machine's Redis is never touched), ``gunicorn -w 2``, one RQ worker and an
SMTP sink. Scenarios:

a. Redis stopped while employees submit answers and HR starts jobs (two reports, a reminder
   batch); Redis comes back empty and the delayed runs are queued again by the worker.
b. PostgreSQL: every connection of the app to its database is terminated repeatedly
   (``pg_terminate_backend``, what a restart does to them) in the middle of traffic.
c. The RQ work horse killed with SIGKILL in the middle of a report and of a mail batch.
d. The file store full (a filled tmpfs mounted over it) and unwritable (``chattr +i``) during
   an evidence upload and a report. For d, "lost" counts failures the user was not told of.
e. PostgreSQL restarted for real: the throwaway cluster is restarted (``pg_ctl restart -m
   fast``) ``--restarts`` times while employees answer and HR reads, then HR starts a report.
   The app (same gunicorn and worker processes) must answer again; no partial writes.

Run: ``scripts/faults [--postgres URL | --sqlite] [--redis-port 6390] [--answers 40]
[--restarts 2] [--only a,b,c,d,e]``. Exits 1 when any lost or duplicated figure is not 0.
Needs root for d (mount, chattr) and for the throwaway cluster (initdb through runuser).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability import scenarios  # noqa: E402
from tests.reliability.harness import Figures, PgCluster, Stack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=None,
        help="a database URL on a server we must not restart (default: a cluster of our own)",
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead (b, e skipped)")
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--cuts", type=int, default=8)
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--restarts", type=int, default=2)
    parser.add_argument("--only", default="a,b,c,d,e")
    args = parser.parse_args()
    only = set(args.only.split(","))
    cluster = None if args.sqlite or args.postgres else PgCluster()
    postgres = None if args.sqlite else (args.postgres or cluster.url)  # type: ignore[union-attr]
    where = "SQLite" if postgres is None else postgres
    if cluster is not None:
        where += f" (a throwaway cluster in {cluster.root})"
    print(f"starting the stack on {where}", flush=True)
    results: list[Figures] = []
    try:
        stack = Stack(
            postgres=postgres,
            cluster=cluster,
            redis_port=args.redis_port,
            scale=args.scale,
            mail_delay=0.03,
        )
    except BaseException:
        if cluster is not None:
            cluster.stop()
        raise
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
        if "e" in only and cluster is not None:
            results.append(scenarios.postgres_restart(stack, args.answers, args.restarts))
            print(results[-1].line(), flush=True)
        elif "e" in only:
            print("e. skipped: the server is not ours to restart (use the default cluster)")
    finally:
        stack.stop()
        if cluster is not None:
            cluster.stop()
    print("\nscenario | sent | stored | lost | duplicated")
    for f in results:
        print(f"{f.scenario} | {f.sent} | {f.stored} | {f.lost} | {f.duplicated}")
    bad = [f for f in results if f.lost or f.duplicated]
    print(f"\nlost + duplicated over all scenarios: {sum(f.lost + f.duplicated for f in results)}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
