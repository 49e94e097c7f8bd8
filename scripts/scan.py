"""Dependency audit and black-box scan; prints a summary of each.

1. ``pip-audit`` on ``requirements.lock`` as pinned (``--no-deps --disable-pip``: the hashes
   and versions of the lock, nothing resolved again), against the PyPI advisory data.
2. ``wapiti`` against the app on loopback: gunicorn on a scratch SQLite database with the demo
   loaded (development settings), crawled and attacked with the session of a demo HR admin
   (signed in by this script: wapiti's form login cannot send the CSRF token), logout
   excluded. Findings are summarised by category; the JSON report stays in ``--out``.

Run: ``scripts/scan [--out DIR] [--max-scan-time 300] [--skip-audit] [--skip-wapiti]``.
Exits 1 when pip-audit reports a vulnerability or wapiti a vulnerability (anomalies and
informational findings are printed, not counted), and 2 when pip-audit could fetch no
advisory data at all (an audit that did not happen is not a pass).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.harness import Client, free_port, wait_until  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCAN_VENV = ROOT / ".scan-venv" / "bin"
HR_EMAIL = "jinji@tokai-foods.example.jp"


def audit() -> int:
    print("== pip-audit on requirements.lock", flush=True)
    result = subprocess.run(  # noqa: S603 - our own tool
        [
            str(SCAN_VENV / "pip-audit"),
            "-r",
            str(ROOT / "requirements.lock"),
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
        return 1
    packages = report.get("dependencies", [])
    found = [(p["name"], p["version"], v) for p in packages for v in p.get("vulns", [])]
    skipped = [p for p in packages if p.get("skip_reason")]
    print(f"packages audited: {len(packages) - len(skipped)}, skipped: {len(skipped)}")
    for name, version, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"  {name} {version}: {vuln['id']} (fixed in {fixes})")
    if packages and len(skipped) == len(packages):
        reasons = {p["skip_reason"].split(":")[0] for p in skipped}
        print(f"audit NOT done: no advisory data could be fetched ({'; '.join(sorted(reasons))})")
        return -1
    print(f"figure: known vulnerabilities in the lock = {len(found)}")
    return len(found)


def wapiti(out: Path, max_scan_time: int) -> int:
    print("== wapiti against the app on loopback", flush=True)
    instance = Path(tempfile.mkdtemp(prefix="hrcare-scan-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HRCARE_ENV": "development",
        "HRCARE_INSTANCE_PATH": str(instance),
        "HRCARE_DATABASE_URL": f"sqlite:///{instance / 'scan.sqlite3'}",
        "HRCARE_PORT": str(port),
        "HRCARE_SECRET_KEY": "scan-" + os.urandom(16).hex(),
    }
    python = sys.executable
    for args in (["db", "upgrade"], ["demo", "load", "--scale", "0.05"]):
        subprocess.run([python, "-m", "hrcare.cli", *args], env=env, check=True, cwd=ROOT)  # noqa: S603
    log = (instance / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own app
        [
            str(Path(python).parent / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "hrcare:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        import urllib.request

        def up() -> bool:
            try:
                with urllib.request.urlopen(base + "/login", timeout=2):  # noqa: S310 - loopback
                    return True
            except OSError:
                return False

        if not wait_until(up, 60, 0.3):
            raise SystemExit("the app did not start")
        hr = Client(base)
        hr.sign_in(HR_EMAIL)
        cookie = "; ".join(f"{c.name}={c.value}" for c in hr.jar)
        out.mkdir(parents=True, exist_ok=True)
        report = out / "wapiti.json"
        subprocess.run(  # noqa: S603 - our own tool
            [
                str(SCAN_VENV / "wapiti"),
                "-u",
                base + "/",
                "--scope",
                "domain",
                # Signed in as the demo HR admin: wapiti's own form login cannot send the
                # CSRF token, so the session cookie of a sign-in made here is handed over.
                "-C",
                cookie,
                "-x",
                base + "/logout",
                "--flush-session",
                "--max-scan-time",
                str(max_scan_time),
                "--max-attack-time",
                str(max(30, max_scan_time // 10)),
                "-f",
                "json",
                "-o",
                str(report),
            ],
            cwd=instance,
            check=False,
        )
        data = json.loads(report.read_text())
    finally:
        server.terminate()
        server.wait(timeout=15)
    vulns = {k: v for k, v in data.get("vulnerabilities", {}).items() if v}
    anomalies = {k: v for k, v in data.get("anomalies", {}).items() if v}
    additional = {k: v for k, v in data.get("additionals", {}).items() if v}
    infos = data.get("infos", {})
    signed_in = (infos.get("auth") or {}).get("logged_in")
    print(f"crawled {infos.get('crawled_pages_nbr', '?')} pages (wapiti's own login: {signed_in})")
    for title, group in (
        ("vulnerabilities", vulns),
        ("anomalies", anomalies),
        ("additional", additional),
    ):
        print(f"{title}:")
        for category, items in group.items():
            print(f"  {category}: {len(items)}")
            for item in items[:5]:
                where = f"{item.get('method', '')} {item.get('path', '')}"
                print(f"    - {where}: {str(item.get('info', ''))[:160]}")
    # The scan runs over plain HTTP in development, where the session cookie is deliberately
    # not Secure (production sets it: hrcare/__init__.py, SECURITY.md item 7).
    expected = {"Secure Flag cookie"}
    for category in sorted(expected & set(vulns)):
        print(f"  ({category}: expected over http in development; Secure in production)")
    count = sum(len(v) for k, v in vulns.items() if k not in expected)
    print(
        f"figure: wapiti vulnerabilities = {count}, anomalies = {sum(len(v) for v in anomalies.values())}"
    )
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "instance" / "scan")
    parser.add_argument("--max-scan-time", type=int, default=300)
    parser.add_argument("--skip-audit", action="store_true")
    parser.add_argument("--skip-wapiti", action="store_true")
    args = parser.parse_args()
    found, audit_failed = 0, False
    if not args.skip_audit:
        audited = audit()
        audit_failed = audited < 0
        found += max(0, audited)
    if not args.skip_wapiti:
        found += wapiti(args.out, args.max_scan_time)
    return 1 if found else 2 if audit_failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
