"""A live stack on loopback for fault injection: the database, a Redis of its own, gunicorn
with two workers, one RQ worker and an SMTP sink that records every mail.

Used by ``scripts/faults`` (long runs, printed figures) and by ``tests/reliability`` (short
runs). Nothing here touches a shared service: Redis is a ``redis-server`` started on its own
port (stopped and started by the scenarios); PostgreSQL is either one database of our own on
a given server (its app connections are cut with ``pg_terminate_backend``; that server is
never restarted) or a throwaway cluster of our own (``PgCluster``: initdb into a temporary
directory, its own loopback port), which is the only one the scenarios restart.
"""

from __future__ import annotations

import csv
import glob
import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "ryouritsu-demo-2025"  # noqa: S105 - the published demo password
SLUG = "demo-large"  # the demo company with the largest open wave


def tool(name: str) -> str:
    """The full path of a system command (the scenarios start no command by a bare name)."""
    return shutil.which(name) or name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())


# --- an SMTP sink ----------------------------------------------------------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for ``smtplib.send_message``; each message is recorded when DATA ends."""

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        self.wfile.write(b"220 sink\r\n")
        rcpt: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"MAIL":
                rcpt = []
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"RCPT":
                rcpt.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go\r\n")
                body = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(part)
                time.sleep(sink.delay)  # a slow relay: a batch takes long enough to interrupt
                subject = next((b for b in body if b.lower().startswith(b"subject:")), b"")
                sink.record(rcpt, subject.decode("utf-8", "replace").strip())
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class SmtpSink:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self.server.daemon_threads = True
        self.server.sink = self  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, recipients: list[str], subject: str) -> None:
        with self.lock:
            self.messages.extend((r, subject) for r in recipients)

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def per_recipient(self, since: int = 0) -> Counter[str]:
        with self.lock:
            return Counter(r for r, _ in self.messages[since:])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- a PostgreSQL cluster of our own ---------------------------------------------------------


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian layout), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def can_run_cluster() -> str | None:
    """Why a throwaway cluster cannot be made here, or None when it can."""
    if postgres_bin() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return "initdb runs as the postgres OS user through runuser: needs root"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres OS user"
    return None


class PgCluster:
    """A PostgreSQL cluster of our own: initdb into a temporary directory as the ``postgres``
    OS user, listening on a free loopback port (and a socket in that directory only).

    It is the only server the fault scenarios restart; the machine's shared server (port 5432)
    is never stopped or restarted. ``url`` is a database on it (created by ``Stack``).
    """

    def __init__(self, database: str = "hrcare_faults") -> None:
        import pwd

        reason = can_run_cluster()
        if reason:
            raise RuntimeError(reason)
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="hrcare-pg-"))
        owner = pwd.getpwnam("postgres")
        os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{database}"
        self.restarts: list[float] = []
        self._as_postgres(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-instructions",
        )  # fmt: skip
        self._as_postgres(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def _as_postgres(self, command: str, *args: str) -> None:
        assert self.bin is not None
        subprocess.run(  # noqa: S603 - our own cluster's commands
            [tool("runuser"), "-u", "postgres", "--", str(self.bin / command), *args],
            check=True,
            capture_output=True,
            cwd=self.root,
        )

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: every session ended, the server down and up again.
        Returns the seconds it took."""
        started = time.monotonic()
        self._as_postgres(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-m", "fast", "restart",
        )  # fmt: skip
        self.restarts.append(time.monotonic() - started)
        return self.restarts[-1]

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_postgres("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


# --- the stack -------------------------------------------------------------------------------


class Stack:
    def __init__(
        self,
        *,
        postgres: str | None,
        redis_port: int,
        scale: float = 0.05,
        mail_delay: float = 0.02,
        file_store: Path | None = None,
        cluster: PgCluster | None = None,
    ) -> None:
        self.cluster = cluster
        if cluster is not None:
            postgres = cluster.url
        self.instance = Path(tempfile.mkdtemp(prefix="hrcare-faults-"))
        self.postgres = postgres
        self.url = postgres or f"sqlite:///{self.instance / 'faults.sqlite3'}"
        self.redis_port = redis_port
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.sink = SmtpSink(mail_delay)
        self.file_store = file_store or self.instance / "files"
        self.env = {
            **os.environ,
            "HRCARE_ENV": "development",
            "HRCARE_INSTANCE_PATH": str(self.instance),
            "HRCARE_DATABASE_URL": self.url,
            "HRCARE_REDIS_URL": self.redis_url,
            "HRCARE_MAIL_BACKEND": "smtp",
            "HRCARE_SMTP_HOST": "127.0.0.1",
            "HRCARE_SMTP_PORT": str(self.sink.port),
            "HRCARE_FILE_STORE": str(self.file_store),
            "HRCARE_PORT": str(self.port),
            "HRCARE_SECRET_KEY": "faults-" + os.urandom(16).hex(),
            "HRCARE_JOB_MAX_RETRIES": "2",
            "HRCARE_JOB_RETRY_SECONDS": "1",
            "HRCARE_JOB_REQUEUE_SECONDS": "4",
            "PYTHONPATH": str(REPO_ROOT),
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.worker_restarts = 0
        self.start_redis()
        self._recreate()
        self.cli("db", "upgrade")
        self.cli("demo", "load", "--scale", str(scale))
        self.start_gunicorn()
        self.start_worker()

    # processes
    def cli(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "hrcare.cli", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
        ).stdout

    def _start(self, name: str, argv: list[str]) -> None:
        log = (self.instance / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own processes
            argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT
        )

    def start_gunicorn(self) -> None:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self._start(
            "gunicorn",
            [gunicorn, "-w", "2", "-b", f"127.0.0.1:{self.port}", "hrcare:create_app()"],
        )
        if not wait_until(lambda: self._answers("/login"), 60, 0.3):
            raise RuntimeError("gunicorn did not start: see " + str(self.instance))

    def start_worker(self) -> None:
        self._start("worker", [sys.executable, "-m", "hrcare.cli", "worker"])

    def supervise_worker(self) -> None:
        """Like systemd's Restart=always: a worker that exited is started again."""
        worker = self.processes.get("worker")
        if worker is not None and worker.poll() is not None:
            self.worker_restarts += 1
            self.start_worker()

    def work_horses(self) -> list[int]:
        worker = self.processes["worker"]
        path = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def _answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.base + path, timeout=2):  # noqa: S310 - loopback
                return True
        except (urllib.error.URLError, OSError):
            return False

    # Redis of our own
    def start_redis(self) -> None:
        subprocess.run(  # noqa: S603
            [
                tool("redis-server"),
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--logfile",
                str(self.instance / "redis.log"),
            ],
            check=True,
            capture_output=True,
        )
        if not wait_until(self._redis_up, 10):
            raise RuntimeError(f"redis-server did not start on port {self.redis_port}")

    def stop_redis(self) -> None:
        subprocess.run(  # noqa: S603
            [tool("redis-cli"), "-p", str(self.redis_port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        wait_until(lambda: not self._redis_up(), 10)

    def _redis_up(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.redis_port)) == 0

    # the database
    def _recreate(self) -> None:
        if not self.postgres:
            return
        import psycopg

        server, _, name = self.postgres.rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        try:
            with engine.begin() as conn:
                names = {f"p{i}": v for i, v in enumerate(params)}
                result = conn.execute(text(sql), names)
                return [tuple(r) for r in result] if result.returns_rows else []
        finally:
            engine.dispose()

    def scalar(self, sql: str, *params: Any) -> Any:
        return self.query(sql, *params)[0][0]

    def terminate_app_connections(self) -> int:
        """End every other session on our database (what a PostgreSQL restart does to the app's
        connections), without touching the cluster or any other database."""
        import psycopg

        server, _, name = str(self.postgres).rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            ).fetchall()
        return len(rows)

    def hr_email(self) -> str:
        if getattr(self, "_hr_email", None):
            return self._hr_email
        (name,) = self.query("SELECT name FROM companies WHERE slug = :p0", SLUG)[0]
        for line in self.cli("demo", "credentials").splitlines():
            if f"（{name}）" in line and "jinji@" in line:
                self._hr_email: str = line.split()[-1]
                return self._hr_email
        raise RuntimeError(f"no HR admin of {SLUG}")

    def open_survey(self) -> int:
        return int(
            self.scalar(
                "SELECT s.id FROM surveys s JOIN companies c ON c.id = s.company_id"
                " WHERE c.slug = :p0 AND s.status = 'open' ORDER BY s.id DESC",
                SLUG,
            )
        )

    def app_errors(self, last: int = 3) -> list[str]:
        """The last errors the app logged (file, line and exception type: never data)."""
        log = self.instance / "gunicorn.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        return [line[-200:] for line in lines if "ERROR" in line][-last:]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.stop_redis()
        self.sink.close()
        shutil.rmtree(self.instance, ignore_errors=True)


# --- a browser-like client -------------------------------------------------------------------


class _Form(HTMLParser):
    """The first POST form (language and logout forms skipped): action and default fields."""

    def __init__(self, action_contains: str = "") -> None:
        super().__init__()
        self.want = action_contains
        self.action: str | None = None
        self.fields: dict[str, list[str]] = {}
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and self.action is None:
            action = a.get("action", "")
            if "language" in action or "logout" in action:
                return
            if action and self.want not in action:
                return
            self.action, self._in = action, True
        elif self._in and tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.fields[a["name"]] = [a.get("value", "")]
            elif kind == "radio":
                self.fields.setdefault(a["name"], [a.get("value", "")])
            elif kind == "checkbox":
                self.fields.setdefault(a["name"], [a.get("value", "y")])
        elif self._in and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif self._in and tag == "option" and getattr(self, "_select", None):
            if a.get("value") and a["value"] != "prefer_not":
                self.fields.setdefault(self._select, [a["value"]])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in = False
        elif tag == "select":
            self._select = None


@dataclass
class Reply:
    status: int
    url: str
    body: str


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.url = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(
        self,
        path: str,
        data: dict[str, list[str]] | bytes | None = None,
        headers: dict | None = None,
    ) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(  # noqa: S310 - loopback
            urllib.parse.urljoin(self.url, path), data=body, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                self.url = response.url
                return Reply(
                    response.status, response.url, response.read().decode("utf-8", "replace")
                )
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.url, error.read().decode("utf-8", "replace"))

    def submit(self, reply: Reply, extra: dict[str, list[str]], action: str = "") -> Reply:
        form = _Form(action)
        form.feed(reply.body)
        if form.action is None:
            raise RuntimeError(f"no form on {reply.url}")
        return self.open(form.action or reply.url, {**form.fields, **extra})

    def csrf(self, path: str) -> str:
        page = self.open(path).body
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if match is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def sign_in(self, email: str, attempts: int = 3) -> None:
        """Sign in as a person would, trying again after a refused attempt (a PostgreSQL
        restart, say). On SQLite a sign-in no longer meets a busy database when the worker
        writes: write transactions begin with ``BEGIN IMMEDIATE`` and wait (core/db.py). A
        sign-in that never succeeds fails with what the server said."""
        reply = None
        for attempt in range(attempts):
            reply = self.submit(
                self.open("/login"), {"email": [email], "password": [DEMO_PASSWORD]}
            )
            if "/login" not in reply.url:
                return
            time.sleep(1 + attempt)
        assert reply is not None
        raise RuntimeError(f"could not sign in as {email}: HTTP {reply.status} at {reply.url}")

    def answer_survey(self, link: str) -> bool:
        reply = self.open(link)
        if reply.status != 200:
            return False
        reply = self.submit(reply, {"agree": ["y"]})
        for _ in range(20):
            if reply.status != 200:
                return False
            if "/thanks" in reply.url or 'name="nav"' not in reply.body:
                break
            reply = self.submit(reply, {"nav": ["next"]})
        return reply.status == 200 and "/thanks" in reply.url

    def upload(self, path: str, fields: dict[str, str], name: str, data: bytes) -> Reply:
        boundary = "----hrcare" + os.urandom(8).hex()
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def survey_links(stack: Stack, hr: Client, survey_id: int) -> list[str]:
    """The personal links of everyone who has not answered, as HR downloads them."""
    page = hr.open(f"/c/{SLUG}/surveys/{survey_id}/links")
    content = hr.submit(
        page, {"scope": ["not_responded"], "confirm": ["y"], "department": [""]}, "links"
    )
    rows = list(csv.reader(io.StringIO(content.body.lstrip("\ufeff"))))
    return [urllib.parse.urlsplit(r[-1]).path for r in rows[1:] if r and r[-1].startswith("http")]


@dataclass
class Figures:
    scenario: str
    sent: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        extra = ", ".join(f"{k} {v}" for k, v in self.notes.items())
        return (
            f"{self.scenario}: sent {self.sent}, stored {self.stored}, lost {self.lost}, "
            f"duplicated {self.duplicated}" + (f" ({extra})" if extra else "")
        )


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
