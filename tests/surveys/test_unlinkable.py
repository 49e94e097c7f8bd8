"""Issue 8, attack 4: nothing stored or logged links a response to its invitation.

Before: on PostgreSQL the invitation UPDATE and the response and comment INSERTs shared one
transaction id (``xmin``: 3 of 3 linked); on SQLite response rowids followed submission
order and the access log held ``GET /s/<token>/thanks`` (12 of 12 linked).

The attacker here reads the tables with their system columns (``xmin`` on PostgreSQL,
``rowid`` on SQLite) and knows the order in which people answered (from the logs, or by
watching). An answer counts as *linkable* when that evidence narrows it to fewer than the
threshold of people: it shares a transaction with an invitation, or it was written in a
transaction (a batch) holding fewer than the threshold of answers. The test commits real
rows in separate transactions, as requests do, so it makes its own company and removes it.
"""

from __future__ import annotations

import logging
import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.logsafe import redact_links
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys import campaigns
from hrcare.surveys.common import new_token
from hrcare.surveys.models import Survey, SurveyInvitation
from hrcare.surveys.submission import submit_response, write_pool
from hrcare.tenants.models import Company

FIGURES = {"linkable": 0, "answers": 0}


def _setup(engine: Any, n: int, threshold: int) -> tuple[int, int, list[tuple[int, str]]]:
    with Session(engine) as s:
        company = Company(
            slug=f"unlink-{n}-{threshold}", name="連結テスト株式会社", anonymity_threshold=threshold
        )
        s.add(company)
        s.flush()
        s.add_all(
            Employee(
                company_id=company.id,
                employee_number=f"U{i:03d}",
                name=f"社員{i}",
                department="営業部" if i % 2 else "開発部",
                birth_date=date(1970 + i, 1, 1),
            )
            for i in range(n)
        )
        s.flush()
        today = today_jst()
        survey = campaigns.create_survey(
            s,
            company_id=company.id,
            actor_id=None,
            title="unlink",
            opens_on=today,
            closes_on=today + timedelta(days=1),
        )
        campaigns.open_survey(s, survey, actor_id=None, today=today, now=utcnow())
        links = []
        for invitation in s.scalars(
            select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
        ):
            _token, invitation.token_hash = new_token()
            links.append((invitation.id, invitation.token_hash))
        s.commit()
        return company.id, survey.id, links


def _rows(engine: Any, sql: str, survey_id: int) -> list[Any]:
    """``sql`` names a system column (one of two constants) and binds the survey id."""
    with engine.connect() as conn:
        return list(conn.execute(text(sql), {"sid": survey_id}))


@pytest.mark.parametrize(("N", "THRESHOLD", "seed"), [(12, 5, 5), (23, 7, 1), (9, 5, 2)])
def test_no_response_is_linkable_by_transaction_row_order_or_log(
    app: Any, N: int, THRESHOLD: int, seed: int
) -> None:
    engine = db.engine
    postgres = engine.dialect.name == "postgresql"
    system = "xmin::text" if postgres else "rowid"
    company_id, survey_id, links = _setup(engine, N, THRESHOLD)
    order = random.Random(seed).sample(links, len(links))  # the order people answer in
    try:
        written: list[int] = []
        for i, (invitation_id, token_hash) in enumerate(order):
            with Session(engine) as s:  # the answer's request: mark + pool
                assert submit_response(
                    s,
                    invitation_id=invitation_id,
                    token_hash=token_hash,
                    answers={"caring_now": "no", "marker": i},
                    comments={"comment": f"marker-{i}"},
                    consent_version="2026-1",
                    consented_at=utcnow(),
                )
                s.commit()
            if i == 0:
                # While pooled, the answer is sealed: its row holds no answer in clear (the
                # comment's marker is nowhere in the stored text), so the shared transaction
                # below links an invitation only to ciphertext.
                stored = _rows(
                    engine,
                    "SELECT payload FROM survey_pooled_answers WHERE survey_id = :sid",
                    survey_id,
                )
                assert len(stored) == 1 and "marker-0" not in str(stored[0][0])
                assert "caring_now" not in str(stored[0][0]) and "sealed" in str(stored[0][0])
            if postgres and i == 0:
                # The residual, stated in the threat model: an answer still in the pool
                # shares its invitation mark's transaction (the metric sees it) until the
                # next batch deletes it; reading its content needs the app's secret key.
                pooled_x = _rows(
                    engine,
                    "SELECT xmin::text FROM survey_pooled_answers WHERE survey_id = :sid",
                    survey_id,
                )
                marked_x = _rows(
                    engine,
                    "SELECT xmin::text FROM survey_invitations WHERE survey_id = :sid",
                    survey_id,
                )
                assert {r[0] for r in pooled_x} <= {r[0] for r in marked_x}
            with Session(engine) as s:  # then, in a transaction of its own, the batch
                written.append(write_pool(s, survey_id))
                s.commit()
        # While open: batches of at least the threshold, never one answer at a time.
        batches_open = [n for n in written if n]
        assert batches_open and all(n >= THRESHOLD for n in batches_open)
        open_rows = _rows(
            engine,
            f"SELECT {system}, id FROM survey_responses WHERE survey_id = :sid",  # noqa: S608
            survey_id,
        )
        assert len(open_rows) == sum(batches_open)
        with Session(engine) as s:
            survey = s.get(Survey, survey_id)
            assert survey is not None
            campaigns.close_survey(s, survey, actor_id=None, now=utcnow())
            s.commit()
        responses = _rows(
            engine,
            f"SELECT {system}, id, consented_at FROM survey_responses WHERE survey_id = :sid",  # noqa: S608
            survey_id,
        )
        comments = _rows(
            engine,
            f"SELECT {system} FROM survey_comments WHERE survey_id = :sid",  # noqa: S608
            survey_id,
        )
        marks = {
            r[0]
            for r in _rows(
                engine,
                f"SELECT {system} FROM survey_invitations WHERE survey_id = :sid",  # noqa: S608
                survey_id,
            )
        }
        assert len(responses) == N and len(comments) == N
        linkable = 0
        if postgres:
            # Same transaction as a mark, or a write transaction of fewer than k answers.
            batches: dict[str, int] = {}
            for xmin, _id, _at in responses:
                batches[xmin] = batches.get(xmin, 0) + 1
            linkable += sum(1 for xmin, *_ in responses if xmin in marks)
            linkable += sum(n for n in batches.values() if n < THRESHOLD)
            linkable += sum(1 for (xmin,) in comments if xmin in marks)
        else:
            # Rowids: the closed wave is one shuffled batch, rewritten at the close (the
            # rows of the open wave are gone); the rank attack has nothing to follow.
            after = sorted(r[0] for r in responses)
            assert after == list(range(after[0], after[0] + N))
        # Every response of the closed wave has a new random id (rewritten at the close).
        assert {r[1] for r in responses}.isdisjoint({r[1] for r in open_rows})
        # Nothing finer than the wave, random ids.
        assert len({str(at) for *_x, at in responses}) == 1
        assert len({r[1] for r in responses}) == N
        FIGURES["linkable"] += linkable
        FIGURES["answers"] += N
        print(
            f"figure: answers linkable on {engine.dialect.name} = {FIGURES['linkable']} of "
            f"{FIGURES['answers']} so far "
            "(transaction id, write batch, row order)"
        )
        assert linkable == 0
    finally:
        with Session(engine) as cleanup:
            cleanup.execute(delete(Company).where(Company.id == company_id))
            cleanup.commit()


def test_request_logs_carry_no_survey_token(
    app: Any, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The link's request line, and every later Referer, is logged without the token."""
    token = "Co8Eufw0CLwRmL4irKVbKiWsvEZvuKfMu2zwycgpSfs"
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info(
            '%s - - [%s] "%s" %s -', "127.0.0.1", "06/Dec/2026", f"GET /s/{token} HTTP/1.1", 303
        )
    assert token not in caplog.text and "/s/[link]" in caplog.text
    assert redact_links(f"https://example.jp/s/{token}") == "https://example.jp/s/[link]"
    for path in ("/s/start", "/s/answer?p=now", "/s/thanks", "/s/consult/demo-mid"):
        assert redact_links(path) == path


def test_gunicorn_access_log_is_redacted(app: Any) -> None:
    from types import SimpleNamespace

    from gunicorn.config import Config

    from hrcare.core.gunicorn_log import RedactingLogger

    token = "1LQHymrYxeJ9OfF45avJLtClnG1Oe4R8WJuQ4sZpPpk"
    cfg = Config()
    cfg.set("logger_class", "hrcare.core.gunicorn_log.RedactingLogger")
    logger = RedactingLogger(cfg)
    req = SimpleNamespace(
        headers=[("REFERER", f"https://hr.example.jp/s/{token}")],
        method="GET",
        uri=f"/s/{token}",
        path=f"/s/{token}",
        query="",
        version=(1, 1),
    )
    resp = SimpleNamespace(status="303 See Other", headers=[], sent=0, response_length=0)
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/s/{token}",
        "PATH_INFO": f"/s/{token}",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://hr.example.jp/s/{token}",
    }
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=3))
    assert token not in repr(atoms)
    assert "/s/[link]" in atoms["r"]


def test_the_token_is_never_in_a_url_after_the_first_request(client: Any, token: str) -> None:
    """Every redirect after the link leads to a token-free address."""
    first = client.get(f"/s/{token}")
    assert first.status_code == 303 and token not in first.location
    consent = client.post("/s/start", data={"agree": "y"})
    assert consent.status_code == 302 and token not in consent.location
    page = client.get(consent.location).get_data(as_text=True)
    assert token not in page
