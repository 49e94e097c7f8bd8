"""The fault scenarios, each on a live ``Stack``; each returns the figures it measured.

sent: what was asked for (answers submitted, jobs started, mails due, files uploaded);
stored: what ended up stored (rows, finished runs, mails delivered); lost: asked for,
acknowledged to the user, and not stored (or a job neither done nor marked failed);
duplicated: stored more than once (a second mail to one person for one event, a second
report file, an answer counted twice).
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.reliability.harness import (
    SLUG,
    Client,
    Figures,
    Stack,
    kill,
    survey_links,
    tool,
    wait_until,
)

TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "sqlalchemy.exc")


def _stored_answers(stack: Stack, survey_id: int) -> int:
    return int(
        stack.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = :p0", survey_id)
    ) + int(
        stack.scalar("SELECT count(*) FROM survey_pooled_answers WHERE survey_id = :p0", survey_id)
    )


def _responded(stack: Stack, survey_id: int) -> int:
    return int(
        stack.scalar(
            "SELECT count(*) FROM survey_invitations WHERE survey_id = :p0 AND responded = :p1",
            survey_id,
            True,
        )
    )


def _answer_all(stack: Stack, links: list[str], threads: int = 4) -> tuple[int, list[str]]:
    """Answer every link from ``threads`` browsers; returns (thanks pages seen, bad pages)."""
    ok, bad, lock = [0], [], threading.Lock()
    queue = list(links)

    def browser() -> None:
        while True:
            with lock:
                if not queue:
                    return
                link = queue.pop()
            try:
                done = Client(stack.base).answer_survey(link)
            except OSError as error:
                done = False
                with lock:
                    bad.append(f"connection: {type(error).__name__}")
            with lock:
                ok[0] += done

    workers = [threading.Thread(target=browser) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return ok[0], bad


def _answer_each(
    stack: Stack, links: list[str], threads: int = 4, pause: float = 1.0
) -> list[tuple[str, float, bool]]:
    """Like ``_answer_all``, per link: (link, when its answering began, thanks page seen).

    After an error page a browser pauses ``pause`` seconds (a person reads it) before the
    next link, so an outage of a second or two does not drain the whole queue at once."""
    done: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    queue = list(links)

    def browser() -> None:
        while True:
            with lock:
                if not queue:
                    return
                link = queue.pop()
            begun = time.monotonic()
            try:
                ok = Client(stack.base).answer_survey(link)
            except (OSError, RuntimeError):  # no connection; no form ("already answered")
                ok = False
            with lock:
                done.append((link, begun, ok))
            if not ok:
                time.sleep(pause)

    workers = [threading.Thread(target=browser) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return done


def _hr(stack: Stack) -> Client:
    hr = Client(stack.base)
    hr.sign_in(stack.hr_email())
    return hr


def _company_id(stack: Stack) -> int:
    return int(stack.scalar("SELECT id FROM companies WHERE slug = :p0", SLUG))


def _generate(hr: Client, language: str) -> int:
    token = hr.csrf(f"/c/{SLUG}/reports/")
    return hr.open(f"/c/{SLUG}/reports/", {"csrf_token": [token], "language": [language]}).status


def _remind(hr: Client, survey_id: int) -> int:
    page = hr.open(f"/c/{SLUG}/surveys/{survey_id}/remind")
    return hr.submit(page, {}, "remind").status


def _runs_since(stack: Stack, since: set[str]) -> list[tuple[str, str, str | None, Any]]:
    """The company's job runs that are not in ``since`` (the ids present before)."""
    rows = stack.query(
        "SELECT id, status, error, result FROM job_runs WHERE company_id = :p0", _company_id(stack)
    )
    return [row for row in rows if row[0] not in since]


def _now(stack: Stack) -> set[str]:
    """The ids of the company's job runs so far (what ``_runs_since`` leaves out)."""
    return {
        r[0]
        for r in stack.query("SELECT id FROM job_runs WHERE company_id = :p0", _company_id(stack))
    }


def _settled(stack: Stack, since: set[str], seconds: float) -> bool:
    def check() -> bool:
        stack.supervise_worker()
        runs = _runs_since(stack, since)
        return bool(runs) and all(status in ("finished", "failed") for _, status, _, _ in runs)

    return wait_until(check, seconds, 0.5)


def _duplicate_mails(counts: Any) -> int:
    return sum(n - 1 for n in counts.values() if n > 1)


# --- (a) Redis stopped ----------------------------------------------------------------------


def redis_outage(stack: Stack, answers: int) -> list[Figures]:
    hr = _hr(stack)
    survey = stack.open_survey()
    links = survey_links(stack, hr, survey)[:answers]
    before, responded = _stored_answers(stack, survey), _responded(stack, survey)
    stack.query("DELETE FROM reports WHERE company_id = :p0", _company_id(stack))
    since, mails = _now(stack), stack.sink.count()
    stack.stop_redis()
    statuses: list[int] = []
    hr_thread = threading.Thread(
        target=lambda: statuses.extend(
            [_generate(hr, "ja"), _generate(hr, "en"), _remind(hr, survey)]
        )
    )
    # SQLite takes one writer at a time and answers a writer that would deadlock with
    # "database is locked" at once: there, HR acts after the answers (Redis still stopped).
    concurrent = stack.postgres is not None
    if concurrent:
        hr_thread.start()
    ok, bad = _answer_all(stack, links)
    if not concurrent:
        hr_thread.start()
    hr_thread.join()
    delayed = sum(
        1
        for _, status, error, _ in _runs_since(stack, since)
        if status == "queued" and (error or "").startswith("delayed")
    )
    stack.start_redis()
    settled = _settled(stack, since, 120)
    stored = _stored_answers(stack, survey) - before
    answer_figures = Figures(
        "a. Redis stopped: survey answers",
        sent=len(links),
        stored=stored,
        lost=max(0, ok - stored),
        duplicated=max(0, stored - ok),
        notes={
            "thanks pages": ok,
            "refused": len(links) - ok,
            "marked answered": _responded(stack, survey) - responded,
            "connection errors": len(bad),
        },
    )
    runs = _runs_since(stack, since)
    finished = sum(1 for _, status, _, _ in runs if status == "finished")
    recipients = stack.sink.per_recipient(mails)
    job_figures = Figures(
        "a. Redis stopped: jobs started by HR",
        sent=len(statuses),
        stored=finished,
        lost=len(statuses) - finished,
        duplicated=_duplicate_mails(recipients),
        notes={
            "request statuses": statuses,
            "app errors": stack.app_errors() if set(statuses) - {200, 302} else [],
            "delayed while Redis was down": delayed,
            "settled": settled,
            "mails": sum(recipients.values()),
            "worker restarts": stack.worker_restarts,
        },
    )
    return [answer_figures, job_figures]


# --- (b) PostgreSQL connections cut ---------------------------------------------------------


def postgres_outage(stack: Stack, answers: int, cuts: int) -> Figures:
    hr = _hr(stack)
    survey = stack.open_survey()
    links = survey_links(stack, hr, survey)[:answers]
    before = _stored_answers(stack, survey)
    pages: list[tuple[int, bool]] = []
    stop = threading.Event()

    reader_client = _hr(stack)  # signed in before the connections are cut

    def reader() -> None:
        while not stop.is_set():
            try:
                reply = reader_client.open(f"/c/{SLUG}/surveys/{survey}")
                leak = any(m in reply.body for m in TRACEBACK_MARKERS)
                pages.append((reply.status, leak))
            except OSError:
                pages.append((0, False))
            time.sleep(0.05)

    def cutter() -> None:
        for _ in range(cuts):
            stack.terminate_app_connections()
            time.sleep(0.3)

    threads = [threading.Thread(target=reader), threading.Thread(target=cutter)]
    for t in threads:
        t.start()
    ok, bad = _answer_all(stack, links)
    threads[1].join()
    stop.set()
    threads[0].join()
    # Recovered without a restart: every page answers again.
    fresh = _hr(stack)
    after = [fresh.open(f"/c/{SLUG}/surveys/{survey}").status for _ in range(5)]
    stored = _stored_answers(stack, survey) - before
    failed = [status for status, _ in pages if status != 200]
    return Figures(
        "b. PostgreSQL connections cut",
        sent=len(links),
        stored=stored,
        lost=max(0, ok - stored),
        duplicated=max(0, stored - ok),
        notes={
            "thanks pages": ok,
            "answers refused": len(links) - ok,
            "page reads": len(pages),
            "page reads failed": len(failed),
            "failed reads with internals": sum(1 for _, leak in pages if leak),
            "failure statuses": sorted(set(failed)),
            "pages after the outage": "all 200" if set(after) == {200} else str(after),
            "connection errors": len(bad),
        },
    )


# --- (e) PostgreSQL restarted ----------------------------------------------------------------


def postgres_restart(stack: Stack, answers: int, restarts: int = 1) -> Figures:
    """The stack's own cluster restarted (``pg_ctl restart -m fast``) while employees answer
    and HR reads a page; then HR starts a report. Only a ``PgCluster`` is ever restarted."""
    cluster = stack.cluster
    if cluster is None:
        raise RuntimeError("postgres_restart needs a stack on a cluster of its own (PgCluster)")
    hr = _hr(stack)
    survey = stack.open_survey()
    links = survey_links(stack, hr, survey)[:answers]
    before, responded = _stored_answers(stack, survey), _responded(stack, survey)
    processes = {name: p.pid for name, p in stack.processes.items()}
    postmaster = cluster.postmaster_pid()
    pages: list[tuple[int, bool]] = []
    failed_at: list[float] = []  # when each failed read began
    outages: list[tuple[float, float]] = []  # (restart begun, server back up)
    stop = threading.Event()
    reader_client = _hr(stack)  # signed in before the restart

    def reader() -> None:
        while not stop.is_set():
            begun = time.monotonic()
            try:
                reply = reader_client.open(f"/c/{SLUG}/surveys/{survey}")
                pages.append((reply.status, any(m in reply.body for m in TRACEBACK_MARKERS)))
            except OSError:
                pages.append((0, False))
            if pages[-1][0] != 200:
                failed_at.append(begun)
            time.sleep(0.05)

    in_flight: list[int] = []

    def restarter() -> None:
        # In the middle of traffic: after a share of the answers is stored, not before.
        for n in range(1, restarts + 1):
            target = before + max(1, len(links) * n // (restarts + 2))
            wait_until(lambda t=target: _stored_answers(stack, survey) >= t, 120, 0.1)
            in_flight.append(_stored_answers(stack, survey) - before)
            down = time.monotonic()
            cluster.restart()
            outages.append((down, time.monotonic()))

    threads = [threading.Thread(target=reader), threading.Thread(target=restarter)]
    for t in threads:
        t.start()
    first = _answer_each(stack, links)
    threads[1].join()
    stop.set()
    threads[0].join()
    refused = [link for link, _, ok in first if not ok]
    # A read takes well under a second: one begun outside every restart (with a second's
    # slack for one in flight) that failed means the app had not recovered. An answer takes
    # several pages: only one begun after the last restart was over counts so.
    late_reads = sum(
        1 for begun in failed_at if not any(down - 1 <= begun <= up for down, up in outages)
    )
    over = outages[-1][1] if outages else float("inf")
    refused_late = sum(1 for _, begun, ok in first if not ok and begun > over)
    # An employee shown the error page tries the link again, as a person would: what was
    # refused during the outage is answered now (or found already answered: see below).
    again = _answer_each(stack, refused)
    ok = sum(1 for _, _, done in first + again if done)
    # Recovered without restarting the app: the same processes answer every page again and
    # the worker runs a job started after the restart.
    fresh = _hr(stack)
    after = [fresh.open(f"/c/{SLUG}/surveys/{survey}").status for _ in range(5)]
    stack.query("DELETE FROM reports WHERE company_id = :p0", _company_id(stack))
    since = _now(stack)
    report_request = _generate(fresh, "ja")
    _settled(stack, since, 180)
    job = [status for _, status, _, _ in _runs_since(stack, since)]
    stored = _stored_answers(stack, survey) - before
    marked = _responded(stack, survey) - responded
    failed = [status for status, _ in pages if status != 200]
    same = {name: p.pid for name, p in stack.processes.items()} == processes
    return Figures(
        "e. PostgreSQL restarted (pg_ctl restart -m fast)",
        sent=len(links),
        stored=stored,
        lost=max(0, ok - stored),
        duplicated=max(0, stored - marked),
        notes={
            "restarts": len(cluster.restarts),
            "restart seconds": [round(s, 2) for s in cluster.restarts],
            "server restarted": cluster.postmaster_pid() != postmaster,
            "answers stored before each restart": in_flight,
            "answers begun after each restart": [
                sum(1 for _, begun, _ in first if begun > down) for down, _ in outages
            ],
            "thanks pages": ok,
            "refused during the outage": len(refused) - refused_late,
            "refused, begun after the server was back": refused_late,
            "answered on a second try": sum(1 for _, _, done in again if done),
            "stored, thanks page failed": max(0, stored - ok),
            "partial writes": max(0, marked - stored),
            "page reads": len(pages),
            "page reads failed": len(failed),
            "failed reads with internals": sum(1 for _, leak in pages if leak),
            "failure statuses": sorted(set(failed)),
            "failed reads begun after the server was back": late_reads,
            "pages after the restart": "all 200" if set(after) == {200} else str(after),
            "report after the restart": f"HTTP {report_request}, run {'/'.join(job) or 'none'}",
            "app processes restarted": not same,
        },
    )


# --- (c) a worker killed with SIGKILL ---------------------------------------------------------


def _kill_when(stack: Stack, ready: Any, seconds: float) -> bool:
    """SIGKILL the work horse as soon as ``ready()``; True when one was running then."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            horses = stack.work_horses()
            for pid in horses:
                kill(pid)
            if horses:
                return True
        time.sleep(0.02)
    return False


def killed_report(stack: Stack) -> Figures:
    hr = _hr(stack)
    company = _company_id(stack)
    stack.query("DELETE FROM reports WHERE company_id = :p0", company)
    since = _now(stack)
    status = _generate(hr, "ja")
    ((report_id, run_id),) = stack.query(
        "SELECT id, job_run_id FROM reports WHERE company_id = :p0", company
    )
    hit = _kill_when(
        stack,
        lambda: stack.scalar("SELECT status FROM job_runs WHERE id = :p0", run_id) == "running",
        60,
    )
    _settled(stack, since, 120)
    ((state, attempts),) = stack.query(
        "SELECT status, attempts FROM job_runs WHERE id = :p0", run_id
    )
    rows = stack.query("SELECT file_name FROM reports WHERE company_id = :p0", company)
    folder = stack.file_store / "reports" / str(company)
    pdfs = list(folder.glob(f"{report_id}-*.pdf")) if folder.is_dir() else []
    leftovers = [p.name for p in folder.glob(".*")] if folder.is_dir() else []
    return Figures(
        "c. worker killed mid-report",
        sent=1,
        stored=int(state == "finished" and len(pdfs) == 1),
        lost=int(state not in ("finished", "failed")),
        duplicated=max(0, len(rows) - 1) + max(0, len(pdfs) - 1),
        notes={
            "request": status,
            "killed while running": hit,
            "final status": state,
            "attempts": attempts,
            "temporary files left": len(leftovers),
        },
    )


def killed_mail_batch(stack: Stack) -> Figures:
    hr = _hr(stack)
    survey = stack.open_survey()
    # As if nobody had been reminded today (scenario a may have sent today's reminder).
    stack.query(
        "UPDATE survey_invitations SET last_reminded_on = NULL WHERE survey_id = :p0", survey
    )
    stack.query("DELETE FROM mail_deliveries WHERE key LIKE :p0", f"survey:{survey}:reminder:%")
    targets = int(
        stack.scalar(
            "SELECT count(*) FROM survey_invitations i JOIN employees e ON e.id = i.employee_id"
            " WHERE i.survey_id = :p0 AND i.responded = :p1 AND e.email IS NOT NULL"
            " AND e.left_at IS NULL",
            survey,
            False,
        )
    )
    since, mark = _now(stack), stack.sink.count()
    _remind(hr, survey)
    hit = _kill_when(stack, lambda: stack.sink.count() - mark >= max(2, targets // 3), 60)
    _settled(stack, since, 180)
    runs = _runs_since(stack, since)
    recipients = stack.sink.per_recipient(mark)
    uncertain = 0
    for _, _, _, result in runs:
        if isinstance(result, str):
            import json

            result = json.loads(result)
        uncertain += int((result or {}).get("uncertain", 0))
    delivered = len(recipients)
    return Figures(
        "c. worker killed mid-mail-batch",
        sent=targets,
        stored=delivered,
        lost=max(0, targets - delivered - uncertain),
        duplicated=_duplicate_mails(recipients),
        notes={
            "killed while sending": hit,
            "final status": ",".join(sorted({status for _, status, _, _ in runs})),
            "uncertain (reported on the job, not resent)": uncertain,
        },
    )


# --- (d) the file store full or unwritable ----------------------------------------------------


def _store_files(stack: Stack) -> set[str]:
    root = stack.file_store
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.is_dir()
        else set()
    )


def _evidence_upload(stack: Stack, hr: Client, code: str) -> tuple[bool, bool]:
    """(clear message shown, a row was written)."""
    before = int(stack.scalar("SELECT count(*) FROM checklist_evidence"))
    token = hr.csrf(f"/c/{SLUG}/plan/{code}")
    pdf = b"%PDF-1.4\n" + b"0" * 40_000 + b"\n%%EOF\n"
    reply = hr.upload(
        f"/c/{SLUG}/plan/evidence/file",
        {"csrf_token": token, "subject": f"action:{code}"},
        "evidence.pdf",
        pdf,
    )
    page = hr.open(reply.url).body if reply.status == 200 else reply.body
    clear = "ファイルを保存できませんでした" in page or "could not be stored" in page
    clear = clear or "ファイルを保存できませんでした" in reply.body
    return clear, int(stack.scalar("SELECT count(*) FROM checklist_evidence")) > before


def _report_on_full_store(stack: Stack, hr: Client) -> tuple[bool, bool]:
    company = _company_id(stack)
    stack.query("DELETE FROM reports WHERE company_id = :p0", company)
    since = _now(stack)
    _generate(hr, "en")
    _settled(stack, since, 120)
    ((report_id,),) = stack.query("SELECT id FROM reports WHERE company_id = :p0", company)
    page = hr.open(f"/c/{SLUG}/reports/{report_id}").body
    clear = "保存先に書き込めなかった" in page or "could not be stored" in page
    written = bool(
        stack.query("SELECT id FROM reports WHERE id = :p0 AND file_name IS NOT NULL", report_id)
    )
    return clear, written


def _mount_full(path: Path) -> bool:
    """A 1 MiB tmpfs over the store, filled up: writes fail with ENOSPC (needs root)."""
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603
        [tool("mount"), "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return False
    with open(path / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    return True


def store_faults(stack: Stack) -> list[Figures]:
    from hrcare.checklists.guideline import ACTIONS

    hr = _hr(stack)
    code = ACTIONS[0].code
    figures = []
    store = stack.file_store
    if _mount_full(store):
        try:
            files_before = _store_files(stack)
            clear_upload, row = _evidence_upload(stack, hr, code)
            clear_report, report_written = _report_on_full_store(stack, hr)
            new_files = _store_files(stack) - files_before
        finally:
            subprocess.run([tool("umount"), str(store)], check=False)  # noqa: S603
        figures.append(
            Figures(
                "d. disk full: evidence upload and report",
                sent=2,
                stored=int(row) + int(report_written),
                lost=int(not clear_upload) + int(not clear_report),
                duplicated=0,
                notes={
                    "half-written files": len(new_files),
                    "messages shown": f"{int(clear_upload) + int(clear_report)}/2",
                },
            )
        )
    else:
        figures.append(Figures("d. disk full", notes={"not run": "tmpfs mount refused"}))
    store.mkdir(parents=True, exist_ok=True)
    locked = subprocess.run(  # noqa: S603 - our own command
        [tool("chattr"), "-R", "+i", str(store)], capture_output=True, check=False
    )
    if locked.returncode == 0:
        try:
            files_before = _store_files(stack)
            clear_upload, row = _evidence_upload(stack, hr, code)
            new_files = _store_files(stack) - files_before
        finally:
            subprocess.run([tool("chattr"), "-R", "-i", str(store)], check=False)  # noqa: S603
        figures.append(
            Figures(
                "d. store unwritable: evidence upload",
                sent=1,
                stored=int(row),
                lost=int(not clear_upload),
                duplicated=0,
                notes={"half-written files": len(new_files), "message shown": clear_upload},
            )
        )
    else:
        figures.append(Figures("d. store unwritable", notes={"not run": "chattr refused"}))
    return figures
