"""Benchmark the roster import end to end on a synthetic 50,000-employee file.

For each database (a fresh SQLite file; PostgreSQL too with ``--postgres URL``) it runs the
web path twice — a first import into an empty roster, then a re-import where some people
changed department, some left and some joined — and prints, per run, the seconds for
parse, upload + preview, and commit, then peak memory (tracemalloc peak of a second, traced
pass, and the process's ru_maxrss). Targets: <= 15 s end to end, <= 500 MB.

House style: a benchmark is a script that prints figures; tests never assert on time.
Run from the repository root: ``python scripts/bench_roster.py [--postgres URL]``.
The PostgreSQL database is emptied (drop_all/create_all): give it one of its own,
e.g. ``postgresql://postgres@127.0.0.1:5432/hrcare_roster_bench``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from hrcare import create_app  # noqa: E402
from hrcare.core.clock import today_jst  # noqa: E402
from hrcare.core.db import Base  # noqa: E402
from hrcare.extensions import db  # noqa: E402
from hrcare.roster import services  # noqa: E402
from hrcare.roster.importer import ImportLimits, parse_roster  # noqa: E402
from hrcare.tenants import services as tenants  # noqa: E402

TARGET_SECONDS = 15.0
TARGET_MB = 500.0
NOW = datetime(2025, 6, 1, 3, 0, tzinfo=UTC)
HEADER = ["社員番号", "氏名", "部署", "生年月日", "入社日", "管理職", "雇用形態", "メール"]
FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
]
GIVEN = [
    "太郎",
    "花子",
    "一郎",
    "美咲",
    "健太",
    "陽菜",
    "翔太",
    "結衣",
    "大輔",
    "さくら",
    "拓也",
    "愛",
]
DEPARTMENTS = [
    f"{name}{n}課"
    for name in ("営業", "開発", "総務", "人事", "経理", "製造", "品質", "物流")
    for n in range(1, 11)
]
KINDS = ["正社員"] * 8 + ["契約社員", "パート", "アルバイト", "派遣"]


def synthetic_rows(count: int, seed: int = 20250601) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 43))
        hire = birth + timedelta(days=365 * 22 + rng.randrange(0, 365 * 15))
        birth_text = birth.isoformat() if i % 3 else birth.strftime("%Y/%-m/%-d")
        rows.append(
            [
                f"E{i:06d}",
                f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                rng.choice(DEPARTMENTS),
                birth_text,
                hire.isoformat() if hire < date(2025, 5, 1) else "",
                "管理職" if rng.random() < 0.12 else "非管理職",
                rng.choice(KINDS),
                f"user{i}@example.co.jp" if rng.random() < 0.7 else "",
            ]
        )
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def changed(rows: list[list[str]], seed: int = 7) -> list[list[str]]:
    """5% change department, 2% leave, 2% join."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        if rng.random() < 0.02:
            continue
        row = list(row)
        if rng.random() < 0.05:
            row[2] = rng.choice(DEPARTMENTS)
        out.append(row)
    extra = synthetic_rows(len(rows) // 50, seed=seed + 1)
    for i, row in enumerate(extra):
        row[0] = f"N{i:06d}"
    return out + extra


@dataclass
class Timing:
    parse: float
    preview: float
    commit: float

    @property
    def total(self) -> float:
        return self.parse + self.preview + self.commit


def run_import(company, content: bytes, limits: ImportLimits) -> tuple[Timing, str]:
    session = db.session
    start = time.perf_counter()
    parsed = parse_roster(content, "bench.csv", today=today_jst(NOW), limits=limits)
    assert parsed.ok, parsed.errors[:5]
    parse_s = time.perf_counter() - start
    del parsed

    start = time.perf_counter()
    upload = services.create_upload(
        session,
        company,
        filename="bench.csv",
        content=content,
        actor_id=None,
        now=NOW,
        limits=limits,
    )
    session.commit()
    preview = services.preview_import(session, company, upload, now=NOW, limits=limits)
    preview_s = time.perf_counter() - start

    start = time.perf_counter()
    summary = services.commit_import(
        session, company, upload, actor_id=None, now=NOW, limits=limits
    )
    session.commit()
    commit_s = time.perf_counter() - start
    assert (summary.added, summary.updated, summary.left) == (
        preview.added,
        preview.updated,
        preview.left,
    )
    counts = (
        f"added {summary.added:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
        f"left {summary.left:,}"
    )
    return Timing(parse_s, preview_s, commit_s), counts


def scenario(
    database_url: str, instance: Path, files: list[bytes], label: str, traced: bool
) -> list[tuple[Timing, str]]:
    app = create_app(
        {
            "env": "test",
            "instance_path": str(instance),
            "database_url": database_url,
            "secret_key": "bench",
            "mail_backend": "memory",
        }
    )
    results = []
    with app.app_context():
        engine = db.engine
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        company = tenants.create_company(db.session, slug=f"bench-{label}", name="ベンチ株式会社")
        db.session.commit()
        settings = app.extensions["hrcare.settings"]
        limits = ImportLimits(settings.upload_max_bytes, settings.upload_max_rows)
        if traced:
            tracemalloc.start()
        for content in files:
            results.append(run_import(company, content, limits))
        db.session.remove()
        Base.metadata.drop_all(engine)
        engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--postgres", metavar="URL", help="also run on this (dedicated) PostgreSQL database"
    )
    args = parser.parse_args()

    rows = synthetic_rows(args.rows)
    first, second = to_csv(rows), to_csv(changed(rows))
    print(
        f"file: {args.rows:,} rows, {len(first) / 1e6:.1f} MB (re-import: {len(second) / 1e6:.1f} MB)"
    )
    del rows
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ru_maxrss {baseline:.1f} MB before importing (interpreter, app modules, generated files)"
    )
    backends = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in backends:
            instance = Path(tmp) / name
            instance.mkdir()
            database_url = url or f"sqlite:///{instance / 'bench.sqlite3'}"
            results = scenario(database_url, instance, [first, second], name, traced=False)
            for run, (timing, counts) in zip(("first import", "re-import"), results, strict=True):
                print(
                    f"{name:10s} {run:12s} parse {timing.parse:5.2f} s  upload+preview {timing.preview:5.2f} s"
                    f"  commit {timing.commit:5.2f} s  total {timing.total:5.2f} s  ({counts})"
                )
                ok &= timing.total <= TARGET_SECONDS
            untraced_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            print(
                f"{name:10s} ru_maxrss {untraced_rss:6.1f} MB so far (untraced runs; includes the"
                " benchmark's own generated rows and files)"
            )
            ok &= untraced_rss <= TARGET_MB
            scenario(database_url, instance, [first, second], name, traced=True)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{name:10s} tracemalloc peak {peak / 2**20:6.1f} MB (both imports, traced pass)")
            ok &= peak / 2**20 <= TARGET_MB
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ru_maxrss {maxrss_mb:.1f} MB at the end (whole process, tracemalloc's own overhead included)"
    )
    print(
        f"targets: <= {TARGET_SECONDS:g} s per import, <= {TARGET_MB:g} MB: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
