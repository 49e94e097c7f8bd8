"""Every benchmark figure in one run, on the production set-up, printed as one table.

The stack: a scratch PostgreSQL database (``--postgres`` server, database ``--database``,
default ``hrcare_bench``, dropped and re-created) with the demo loaded, Redis (``--redis``),
``gunicorn -w 2`` on a loopback port and one RQ worker (``hrcare worker``). HTTP load comes
from this second process: ``wrk`` for page loads (the HR results page) and Python threads that
answer the survey as browsers do (fetch each form, post it, follow redirects). In-process
figures (the loss engine and its growth, the answer path's SQL statements) are measured here
too. Each row: figure, value, target, met or missed, and the same-run reference where the
issue names one.

Steps (``--only STEP[,STEP]`` runs some of them; the default runs all, in this order):
``loss``, ``growth``, ``report``, ``hub`` (no stack needed), ``http``, ``answer``, ``memory``
(these start the stack).

What "submission throughput ÷ trivial route" means. Both sides are HTTP requests per second
against the same gunicorn, driven by the *same* load generator with the same number of users:
the Python client that answers the survey, which also loads ``/healthz`` — a real application
route (WSGI, routing, the policy check, response headers) that reads no database and writes
no session. The ratio is then what one answering request costs the server next to the
cheapest request the application serves, plus what the client does between requests (parsing
each form: part of answering, absent from the trivial loop). On a 2-core machine the client's
threads share the cores with the server, so both rates are lower than the server alone could
reach, and by roughly the same generator overhead per request. wrk's rates for ``/healthz``
and a static file are printed as references, not divided by: wrk (C, no GIL) drives far more
requests per second than any Python client could, so a Python rate ÷ a wrk rate measures the
generators as much as the server (the table shows that ratio too, in the reference column).
The ``answer`` step gives the server-only view: the answer path walked in-process through
Flask's test client, with SQL statements per request counted by an engine event listener and
the CPU time per request next to ``/healthz``'s.

Run: ``scripts/bench [--postgres URL] [--redis URL] [--database NAME] [--seconds 10]
[--users 20,50] [--answers 20] [--only http,answer] [--quick]``. Loopback only; never part of
``scripts/test``. Figures vary with the machine and with what else runs on it.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "ryouritsu-demo-2025"  # noqa: S105 - the published demo password
HR_EMAIL = "jinji@tokai-foods.example.jp"  # demo-mid's HR admin (README)


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None
    reference: str = ""


ROWS: list[Row] = []


def add(
    figure: str,
    value: float,
    unit: str,
    target: str = "",
    met: bool | None = None,
    reference: str = "",
) -> None:
    ROWS.append(Row(figure, value, unit, target, met, reference))
    print(f"  {figure}: {value:,.2f} {unit}", flush=True)


# --- the stack -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stack:
    """PostgreSQL database + Redis + gunicorn (2 workers) + one RQ worker, all on loopback."""

    def __init__(
        self, postgres: str, redis: str, workers: int = 2, database: str = "hrcare_bench"
    ) -> None:
        self.instance = Path(tempfile.mkdtemp(prefix="hrcare-bench-"))
        self.database = database
        self.url = f"{postgres.rstrip('/')}/{self.database}"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HRCARE_ENV": "development",
            "HRCARE_INSTANCE_PATH": str(self.instance),
            "HRCARE_DATABASE_URL": self.url,
            "HRCARE_REDIS_URL": redis,
            "HRCARE_MAIL_BACKEND": "outbox",
            "HRCARE_PORT": str(self.port),
            "HRCARE_SECRET_KEY": "bench-" + os.urandom(16).hex(),
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self._recreate(postgres)
        self.cli("db", "upgrade")
        self.cli("demo", "load")
        log = (self.instance / "gunicorn.log").open("wb")
        self.gunicorn = self._start(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "hrcare:create_app()",
            ],
            log,
        )
        self.worker = self._start(
            [sys.executable, "-m", "hrcare.cli", "worker"],
            (self.instance / "worker.log").open("wb"),
        )
        self._wait()

    def hr_email(self, slug: str) -> str:
        """The HR admin of a demo company, as ``hrcare demo credentials`` prints it."""
        import psycopg

        with psycopg.connect(self.url) as conn:
            (name,) = conn.execute("SELECT name FROM companies WHERE slug = %s", (slug,)).fetchone()
        for line in self.cli("demo", "credentials").splitlines():
            if f"（{name}）" in line and "@" in line and "jinji@" in line:
                return line.split()[-1]
        raise SystemExit(f"no HR admin of {slug} in the demo credentials")

    def _recreate(self, postgres: str) -> None:
        recreate_database(postgres, self.database)

    def cli(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "hrcare.cli", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def _start(self, argv: list[str], log: object) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603 - our own processes
            argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT
        )
        self.processes.append(process)
        return process

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=2):  # noqa: S310 - loopback
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise SystemExit(
            "gunicorn did not answer within 60 s: see " + str(self.instance / "gunicorn.log")
        )

    def children(self, process: subprocess.Popen[bytes]) -> list[int]:
        tasks = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        return [int(pid) for pid in tasks.read_text().split()] if tasks.exists() else []

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.instance, ignore_errors=True)


def recreate_database(postgres: str, name: str) -> str:
    """Drop and create the scratch database ``name`` on the server; its URL."""
    import psycopg

    server = postgres.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def script_figures(name: str, *args: str) -> dict[str, float]:
    """Run the sibling benchmark ``scripts/<name>.py`` in a process of its own and read the
    ``BENCH <key> <value>`` lines it prints."""
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(REPO_ROOT / "scripts" / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
    )
    figures = {
        parts[1]: float(parts[2])
        for parts in (line.split() for line in done.stdout.splitlines())
        if len(parts) >= 3 and parts[0] == "BENCH"
    }
    if done.returncode != 0 or not figures:
        print(f"  {name} ended with {done.returncode}: {done.stderr.strip()[-500:]}", flush=True)
    return figures


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the peak resident set of a live process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- a browser-like client -------------------------------------------------------------------


class _Forms(HTMLParser):
    """The first POST form of a page: its action and the fields a person would send."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, list[str]] = {}
        self.radios: dict[str, str] = {}
        self.selects: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and self.action is None:
            if "language" in a.get("action", "") or "logout" in a.get("action", ""):
                return
            self.action, self._in_form = a.get("action", ""), True
        elif not self._in_form:
            return
        elif tag == "input":
            kind, name = a.get("type", "text"), a.get("name")
            if not name or "disabled" in a:
                return
            if kind == "hidden":
                self.fields[name] = [a.get("value", "")]
            elif kind == "radio":
                self.radios.setdefault(name, a.get("value", ""))
            elif kind == "checkbox" and name not in self.fields:
                self.fields[name] = [a.get("value", "y")]
        elif tag == "select":
            self._select = a.get("name")
        elif (
            tag == "option" and self._select and a.get("value") and self._select not in self.selects
        ):
            if a["value"] != "prefer_not":
                self.selects[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None


class Client:
    def __init__(self, base: str, latencies: list[float]) -> None:
        self.base = base
        self.latencies = latencies
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.url = base

    def request(self, url: str, data: dict[str, list[str]] | None = None) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        with self.opener.open(
            urllib.parse.urljoin(self.url, url), data=body, timeout=60
        ) as response:  # noqa: S310
            html = response.read().decode("utf-8", "replace")
            self.url = response.url
        self.latencies.append(time.perf_counter() - started)
        return html

    def submit(self, html: str, extra: dict[str, list[str]] | None = None) -> str:
        form = _Forms()
        form.feed(html)
        if form.action is None:
            raise RuntimeError("no form on " + self.url)
        data = {**form.fields, **{k: [v] for k, v in form.radios.items()}}
        data.update({k: [v] for k, v in form.selects.items()})
        data.update(extra or {})
        return self.request(form.action or self.url, data)

    def sign_in(self, email: str) -> None:
        html = self.request("/login")
        self.submit(html, {"email": [email], "password": [DEMO_PASSWORD]})
        if "/login" in self.url:
            raise SystemExit(f"could not sign in as {email}")

    def answer_survey(self, link: str) -> bool:
        html = self.request(link)
        html = self.submit(html, {"agree": ["y"]})
        for _ in range(20):
            if "/thanks" in self.url or 'name="nav"' not in html:
                break
            html = self.submit(html, {"nav": ["next"]})
        return "/thanks" in self.url or "ありがとう" in html


class InProcessClient(Client):
    """The same browser walk through Flask's test client, in this process: what each request
    costs the server alone (no HTTP, no other process), and the SQL statements it sends,
    counted by an engine event listener. ``log`` gets (method, route, statements, seconds,
    CPU seconds of this thread — the application's own work, steadier than the wall clock
    on a busy machine; the database server's work is in the wall clock only)."""

    def __init__(
        self, app: Any, log: list[tuple[str, str, int, float, float]], counter: list[int]
    ) -> None:
        super().__init__("http://localhost", [])
        self.app_client = app.test_client()
        self.log = log
        self.counter = counter

    def request(self, url: str, data: dict[str, list[str]] | None = None) -> str:
        target = urllib.parse.urljoin(self.url, url)
        while True:
            parts = urllib.parse.urlsplit(target)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            method = "GET" if data is None else "POST"
            before, started, cpu = self.counter[0], time.perf_counter(), time.thread_time()
            response = self.app_client.open(path, method=method, data=data)
            elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
            route = re.sub(r"^/s/[A-Za-z0-9_-]{20,}$", "/s/<token>", parts.path)
            self.log.append((method, route, self.counter[0] - before, elapsed, cpu))
            if response.status_code not in (301, 302, 303, 307, 308):
                self.url = target
                return response.get_data(as_text=True)
            target, data = urllib.parse.urljoin(target, response.location), None


TRIVIAL_IN_PROCESS = 300  # /healthz requests timed in-process, the answer path's reference


def answer_path(stack: Stack, slug: str, answers: int) -> dict[str, Any]:
    """Answer ``answers`` times in-process (Flask's test client on the stack's database and
    settings): SQL statements and server milliseconds per request, per route and overall;
    then ``/healthz`` the same way, for the server-only ratio."""
    from sqlalchemy import event, select

    from hrcare import create_app
    from hrcare.core.clock import today_jst
    from hrcare.extensions import db
    from hrcare.surveys.common import new_token
    from hrcare.surveys.models import Survey, SurveyInvitation
    from hrcare.tenants.services import Company

    app = create_app(
        {
            "env": "development",
            "instance_path": str(stack.instance),
            "database_url": stack.url,
            "redis_url": stack.env["HRCARE_REDIS_URL"],
            "secret_key": stack.env["HRCARE_SECRET_KEY"],
            "mail_backend": "outbox",
        }
    )
    with app.app_context():
        invitations = db.session.scalars(
            select(SurveyInvitation)
            .join(Survey, Survey.id == SurveyInvitation.survey_id)
            .join(Company, Company.id == Survey.company_id)
            .where(
                Company.slug == slug, Survey.status == "open", SurveyInvitation.responded.is_(False)
            )
            .order_by(SurveyInvitation.id.desc())
            .limit(answers)
            .execution_options(all_tenants=True)
        ).all()
        tokens = []
        for invitation in invitations:  # fresh links, as the e-mail job issues them
            token, invitation.token_hash = new_token()
            invitation.link_issued_on = today_jst()
            tokens.append(token)
        db.session.commit()
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    log: list[tuple[str, str, int, float, float]] = []
    try:
        for token in tokens:
            if not InProcessClient(app, log, counter).answer_survey(f"/s/{token}"):
                raise SystemExit("the in-process answer did not reach the thanks page")
        trivial: list[tuple[str, str, int, float, float]] = []
        probe = InProcessClient(app, trivial, counter)
        for _ in range(TRIVIAL_IN_PROCESS):
            probe.request("/healthz")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    routes: dict[str, list[tuple[int, float, float]]] = {}
    for method, route, statements, seconds, cpu in log:
        routes.setdefault(f"{method} {route}", []).append((statements, seconds, cpu))
    return {
        "requests": len(log),
        "statements": _mean([s for _, _, s, _, _ in log]),
        "ms": 1000 * _mean([t for *_, t, _ in log]),
        "cpu_ms": 1000 * _mean([c for *_, c in log]),
        "healthz_statements": _mean([s for _, _, s, _, _ in trivial]),
        "healthz_ms": 1000 * _mean([t for *_, t, _ in trivial]),
        "healthz_cpu_ms": 1000 * _mean([c for *_, c in trivial]),
        "routes": {
            name: (
                _mean([s for s, _, _ in rows]),
                1000 * _mean([t for _, t, _ in rows]),
                1000 * _mean([c for _, _, c in rows]),
            )
            for name, rows in sorted(routes.items())
        },
    }


def _mean(values: list[float] | list[int]) -> float:
    return sum(values) / len(values) if values else float("nan")


def survey_links(stack: Stack, slug: str) -> list[str]:
    """HR downloads the personal links of the open wave's non-respondents, as the UI offers."""
    import psycopg

    with psycopg.connect(stack.url) as conn:
        row = conn.execute(
            "SELECT s.id FROM surveys s JOIN companies c ON c.id = s.company_id"
            " WHERE c.slug = %s AND s.status = 'open' ORDER BY s.id DESC",
            (slug,),
        ).fetchone()
    hr = Client(stack.base, [])
    hr.sign_in(stack.hr_email(slug))
    html = hr.request(f"/c/{slug}/surveys/{row[0]}/links")
    content = hr.submit(html, {"scope": ["not_responded"], "confirm": ["y"], "department": [""]})
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    # The path only: the bench knows where it serves (the links carry the configured base URL).
    return [urllib.parse.urlsplit(r[-1]).path for r in rows[1:] if r and r[-1].startswith("http")]


# --- measurements ----------------------------------------------------------------------------


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("HRCARE %d %f %f %f %d %d\\n", summary.requests, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    e.status))
end
"""


def wrk(url: str, connections: int, seconds: int, cookie: str = "") -> dict[str, float]:
    """Requests/s, latency percentiles (ms) and errors (socket errors and non-2xx/3xx) from wrk."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_REPORT)
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url]
    if cookie:
        argv[1:1] = ["-H", f"Cookie: {cookie}"]
    try:
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        script.unlink()
    fields = re.search(r"^HRCARE (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)$", out, re.M)
    if fields is None:
        raise SystemExit("wrk printed no summary:\n" + out)
    requests, p50, p95, p99, socket_errors, status_errors = fields.groups()
    return {
        "rps": int(requests) / seconds,
        "p50": float(p50) / 1000,
        "p95": float(p95) / 1000,
        "p99": float(p99) / 1000,
        "errors": int(socket_errors) + int(status_errors),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def survey_load(stack: Stack, links: list[str], users: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if not links:
                    return
                link = links.pop()
            local: list[float] = []
            try:
                ok = Client(stack.base, local).answer_survey(link)
            except (urllib.error.URLError, OSError, RuntimeError):
                ok = False
            with lock:
                latencies.extend(local)
                done[0] += ok
                errors[0] += not ok

    elapsed = run_users(user, users)
    return {
        "answers_per_s": done[0] / elapsed,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "errors": errors[0],
        "answers": done[0],
    }


def run_users(user: Callable[[], None], users: int) -> float:
    """Run ``user`` in ``users`` threads at once; the wall time (s) until all have finished."""
    began = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def trivial_load(base: str, path: str, users: int, seconds: float) -> dict[str, float]:
    """The trivial route through the submissions' own generator: ``users`` threads of the same
    ``Client`` (urllib, a cookie jar, the body read and decoded), each GETting ``path`` in a
    loop for ``seconds``. What it lacks next to answering is only the work a browser-like
    client does *between* requests (parsing each form, choosing answers)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user() -> None:
        local: list[float] = []
        client = Client(base, local)
        failed = 0
        while time.perf_counter() < deadline:
            try:
                client.request(path)
            except (urllib.error.URLError, OSError):
                failed += 1
        with lock:
            latencies.extend(local)
            errors[0] += failed

    elapsed = run_users(user, users)
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "errors": errors[0],
    }


def bench_http(stack: Stack, seconds: int, user_counts: tuple[int, ...]) -> None:
    """Page loads (wrk), survey answering and the trivial route (Python threads).

    The issue's ratio — survey-submission throughput ÷ the same server's throughput on a
    trivial route — is taken with one load generator on both sides: the Python client that
    answers like a browser also loads ``/healthz`` (a real application route: routing, the
    policy check, the response hooks; no database, no session) with as many threads. wrk's
    figures for ``/healthz`` and a static file are printed as references only: wrk is C and
    pipelines nothing through the GIL, so dividing a Python client's rate by wrk's measures
    the two generators as much as the server.
    """
    references = {
        "/healthz": wrk(stack.base + "/healthz", 20, seconds),
        "/static/favicon.svg": wrk(stack.base + "/static/favicon.svg", 20, seconds),
    }
    for path, got in references.items():
        add(f"trivial route {path}, wrk 20 connections (reference)", got["rps"], "req/s")
    first = user_counts[0]
    trivial = trivial_load(stack.base, "/healthz", first, seconds)
    add(f"trivial route /healthz, Python client, {first} users", trivial["rps"], "req/s")
    add(f"trivial route /healthz, Python client, {first} users: p95", trivial["p95"], "ms")
    add(
        f"trivial route /healthz, Python client, {first} users: errors",
        trivial["errors"],
        "",
        "0",
        trivial["errors"] == 0,
    )
    hr = Client(stack.base, [])
    hr.sign_in(HR_EMAIL)
    cookie = _cookie(hr)
    hr.request("/c/demo-mid/surveys/results")
    results_url = hr.url  # after redirects: wrk must time the page itself
    for users in user_counts:
        page = wrk(results_url, users, seconds, cookie)
        add(f"HR results page, {users} users: throughput", page["rps"], "req/s")
        add(f"HR results page, {users} users: p50", page["p50"], "ms")
        add(
            f"HR results page, {users} users: p95",
            page["p95"],
            "ms",
            "≤ 300 ms at 20 users" if users == 20 else "",
            page["p95"] <= 300 if users == 20 else None,
        )
        add(f"HR results page, {users} users: p99", page["p99"], "ms")
        add(f"HR results page, {users} users: errors", page["errors"], "", "0", page["errors"] == 0)
    links = survey_links(stack, "demo-large")
    print(f"  {len(links):,} personal links of demo-large's open wave", flush=True)
    for users in user_counts:
        load = survey_load(stack, links, users, seconds)
        add(f"survey submission, {users} users: answers", load["answers_per_s"], "answers/s")
        add(f"survey submission, {users} users: HTTP throughput", load["rps"], "req/s")
        add(f"survey submission, {users} users: p50", load["p50"], "ms")
        add(
            f"survey submission, {users} users: p95",
            load["p95"],
            "ms",
            "≤ 300 ms at 20 users" if users == 20 else "",
            load["p95"] <= 300 if users == 20 else None,
        )
        add(f"survey submission, {users} users: p99", load["p99"], "ms")
        add(
            f"survey submission, {users} users: errors",
            load["errors"],
            "",
            "0",
            load["errors"] == 0,
        )
        if users == first:
            ratio = load["rps"] / trivial["rps"]
            add(
                "submission throughput ÷ trivial route (same client)",
                ratio,
                "",
                "≥ 0.2",
                ratio >= 0.2,
                f"/healthz {trivial['rps']:,.0f} req/s, Python client, {first} users"
                f" (wrk: {references['/healthz']['rps']:,.0f}; ratio to wrk"
                f" {load['rps'] / references['/healthz']['rps']:.2f})",
            )


def _cookie(client: Client) -> str:
    for handler in client.opener.handlers:
        jar = getattr(handler, "cookiejar", None)
        if jar is not None:
            return "; ".join(f"{c.name}={c.value}" for c in jar)
    return ""


def _script_module(name: str) -> Any:
    """A sibling benchmark script, loaded by path (scripts/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def bench_answer_path(stack: Stack, answers: int) -> None:
    """The answer path's server-side cost without HTTP or a load generator: SQL statements
    and time per request (in-process), and the same for ``/healthz``."""
    got = answer_path(stack, "demo-large", answers)
    for route, (statements, ms, cpu) in got["routes"].items():
        print(f"    {route:18} {statements:5.2f} statements {ms:6.2f} ms ({cpu:.2f} ms CPU)")
    add(
        "survey answer path: SQL statements per request",
        got["statements"],
        "",
        reference=f"{got['requests']} requests of {answers} answers, in-process",
    )
    add(
        "survey answer path: server time per request (in-process)",
        got["ms"],
        "ms",
        reference=f"CPU {got['cpu_ms']:.2f} ms; /healthz {got['healthz_ms']:.2f} ms",
    )
    add(
        "submission ÷ trivial route, server work only (in-process CPU)",
        got["healthz_cpu_ms"] / got["cpu_ms"],
        "",
        reference=f"/healthz {got['healthz_cpu_ms']:.2f} ms CPU, {got['healthz_statements']:.0f} SQL",
    )


def bench_loss_engine(quick: bool) -> None:
    bench_loss = _script_module("bench_loss")

    from hrcare.loss.model import estimate
    from hrcare.loss.params import LossParameters

    params = LossParameters()
    employees = 10_000 if quick else 100_000
    frame = bench_loss.synthetic_roster(employees)
    seconds = bench_loss.best_of(5, lambda: estimate(frame, params))
    baseline = bench_loss.best_of(5, lambda: frame.groupby("department")["value_added_yen"].sum())
    add(f"loss estimate, {employees:,} employees", seconds * 1000, "ms", "≤ 500 ms", seconds <= 0.5)
    add(
        "loss engine ÷ bare pandas group-by",
        seconds / baseline,
        "",
        "≤ 5",
        seconds / baseline <= 5,
        f"group-by {baseline * 1000:.2f} ms",
    )


def bench_growth(quick: bool, postgres: str) -> None:
    """Every cost the issue names, from 1,000 to 100,000 employees (scripts/bench_growth.py)."""
    growth = _script_module("bench_growth")
    sizes = [1_000, 10_000 if quick else 100_000]
    for cost, (seconds, ratio) in growth.run_for_bench(sizes, postgres).items():
        add(
            f"{cost}, {sizes[-1]:,} employees (growth ÷ linear)",
            ratio,
            "",
            f"≤ {growth.WORSE_THAN_LINEAR} (not worse than linear)",
            ratio <= growth.WORSE_THAN_LINEAR,
            f"{seconds:.2f} s at {sizes[-1]:,}",
        )


def bench_report(postgres: str, redis: str) -> None:
    """The executive report of the 3,000-employee demo company, and batches of 20."""
    url = recreate_database(postgres, "hrcare_bench_report")
    got = script_figures("bench_report", "--postgres", url, "--redis", redis)
    if "report_s" in got:
        add("report, 3,000 employees", got["report_s"], "s", "≤ 3 s", got["report_s"] <= 3)
        ratio = got["report_s"] / got["report_static_s"]
        add(
            "report ÷ static WeasyPrint render",
            ratio,
            "",
            "≤ 1.3",
            ratio <= 1.3,
            f"static render {got['report_static_s']:.2f} s",
        )
        add(
            "report peak memory",
            got["report_peak_mb"],
            "MB",
            "≤ 400 MB",
            got["report_peak_mb"] <= 400,
        )
    for workers in (1, 2):
        key = f"batch_{workers}_workers_s"
        # A batch that did not finish all 20 prints no figure: say so rather than leave it out.
        add(
            f"batch of 20 reports, {workers} worker(s)",
            got.get(key, float("nan")),
            "s",
            "20 of 20 built",
            key in got,
        )


def bench_hub(postgres: str) -> None:
    """The hub console for 200 clients of 50–3,000 employees (scripts/bench_hub.py)."""
    got = script_figures("bench_hub", "--postgres", postgres, "--clients", "200")
    if "hub_ms" in got:
        add("hub console, 200 clients", got["hub_ms"], "ms", "≤ 500 ms", got["hub_ms"] <= 500)
        same = got["hub_statements_many"] == got["hub_statements_few"]
        add(
            "hub console SQL statements, 200 clients",
            got["hub_statements_many"],
            "",
            "same as for 20",
            same,
            f"{got['hub_statements_few']:.0f} for 20 clients",
        )


def bench_memory(stack: Stack) -> None:
    workers = stack.children(stack.gunicorn)
    peak = max((peak_rss_mib(pid) for pid in workers), default=0.0)
    add("peak RSS of a gunicorn worker", peak, "MiB")
    horses = [stack.worker.pid, *stack.children(stack.worker)]
    add("peak RSS of the RQ worker", max(peak_rss_mib(pid) for pid in horses), "MiB")


def print_table() -> None:
    print()
    header = ("figure", "value", "target", "result", "same-run reference")
    lines = [
        (
            r.figure,
            f"{r.value:,.2f} {r.unit}".strip(),
            r.target,
            "" if r.met is None else ("met" if r.met else "missed"),
            r.reference,
        )
        for r in ROWS
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=False)]
    for line in (header, *lines):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=False)
            ).rstrip()
        )


@dataclass(frozen=True)
class Step:
    title: str
    run: Callable[[argparse.Namespace, Stack | None], None]
    needs_stack: bool = False


# ``--only`` names these; the default runs them all, in this order.
STEPS: dict[str, Step] = {
    "loss": Step("loss engine", lambda a, _: bench_loss_engine(a.quick)),
    "growth": Step(
        "growth 1,000 → 100,000 employees", lambda a, _: bench_growth(a.quick, a.postgres)
    ),
    # Its own Redis database: the stack's worker (on --redis) would take the batch's jobs.
    "report": Step("executive report", lambda a, _: bench_report(a.postgres, a.report_redis)),
    "hub": Step("hub console", lambda a, _: bench_hub(a.postgres)),
    "http": Step(
        "HTTP load", lambda a, stack: bench_http(stack, a.seconds, a.users), needs_stack=True
    ),
    "answer": Step(
        "survey answer path in-process (SQL statements, server time)",
        lambda a, stack: bench_answer_path(stack, a.answers),
        needs_stack=True,
    ),
    "memory": Step("memory", lambda a, stack: bench_memory(stack), needs_stack=True),
}


def _steps(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown step {', '.join(unknown) or '(none given)'}: choose from {', '.join(STEPS)}"
        )
    return names


def _users(value: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(n) for n in value.split(","))
    except ValueError:
        counts = ()
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"users must be whole numbers ≥ 1, e.g. 20,50: {value!r}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--report-redis",
        default="redis://127.0.0.1:6379/12",
        help="the report batches' Redis (not --redis: the stack's worker would take their jobs)",
    )
    parser.add_argument(
        "--database", default="hrcare_bench", help="the stack's scratch database (re-created)"
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each HTTP load")
    parser.add_argument(
        "--users", type=_users, default=(20, 50), help="concurrent users of the HTTP loads"
    )
    parser.add_argument(
        "--answers", type=int, default=20, help="answers walked in-process (step answer)"
    )
    parser.add_argument(
        "--only",
        type=_steps,
        default=list(STEPS),
        metavar="STEP[,STEP]",
        help=f"run only these steps (default: all): {', '.join(STEPS)}",
    )
    parser.add_argument("--quick", action="store_true", help="short runs (checking the harness)")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 3
    chosen = [name for name in STEPS if name in args.only]  # the default order
    if "http" in chosen and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    stack = None
    if any(STEPS[name].needs_stack for name in chosen):
        print("== starting the stack (PostgreSQL, Redis, gunicorn -w 2, RQ worker)", flush=True)
        stack = Stack(args.postgres, args.redis, database=args.database)
    try:
        for name in chosen:
            print(f"== {STEPS[name].title}", flush=True)
            STEPS[name].run(args, stack)
    finally:
        if stack is not None:
            stack.stop()
    print_table()
    missed = [r for r in ROWS if r.met is False]
    print(f"\n{len(ROWS)} figures, {sum(r.met is True for r in ROWS)} met, {len(missed)} missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
