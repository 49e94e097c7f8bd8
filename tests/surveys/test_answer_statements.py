"""What the answer path asks the database: one statement per form page, and the link found by
index lookups (never by reading every invitation). Counts, not times (house style)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select

from hrcare.extensions import db
from hrcare.surveys.models import SurveyPooledAnswer
from tests.surveys.conftest import NON_CAREGIVER_PAGES, consent

# The tests run inside an outer transaction: their own SAVEPOINTs are not the app's work.
HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(HARNESS):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_consent_page_costs_one_statement(client, token) -> None:
    """The link, its survey, company and the company's hub (named on the page): one statement."""
    assert client.get(f"/s/{token}").status_code == 303
    db.session.expunge_all()  # as in a fresh worker: nothing of the tenant already loaded
    with statements() as shown:
        page = client.get("/s/start")
    assert page.status_code == 200 and "支援機関（ハブA）" in page.get_data(as_text=True)
    assert len(shown) == 1, shown


def test_each_form_page_costs_one_statement(client, token) -> None:
    """The link and the survey's questions come in one statement, shown or posted."""
    consent(client, token)
    for key, data in list(NON_CAREGIVER_PAGES.items())[:-1]:
        with statements() as shown:
            assert client.get(f"/s/answer?p={key}").status_code == 200
        with statements() as posted:
            assert (
                client.post(f"/s/answer?p={key}", data={**data, "nav": "next"}).status_code == 302
            )
        assert len(shown) == 1, (key, shown)
        assert len(posted) == 1, (key, posted)


def test_submission_marks_and_pools_without_rereading(client, token) -> None:
    """The last page: the link, the mark (its snapshot returned by the UPDATE), the sealed
    pooled row and the pool's size — nothing read twice."""
    pages = list(NON_CAREGIVER_PAGES.items())
    consent(client, token)
    for key, data in pages[:-1]:
        client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
    key, data = pages[-1]
    with statements() as sent:
        done = client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
    assert done.location.endswith("/s/thanks")
    kinds = [s.lstrip().split()[0].upper() for s in sent]
    assert kinds == ["SELECT", "UPDATE", "INSERT", "SELECT"], sent
    assert "RETURNING" in sent[1].upper() and "survey_pooled_answers" in sent[2]
    assert db.session.scalar(select(func.count()).select_from(SurveyPooledAnswer)) == 1


def test_link_lookup_uses_the_hash_indexes(client, token) -> None:
    """The link's invitation is found through the two unique hash indexes (a UNION of two
    lookups, current and earlier links), not by an OR with a subquery, which PostgreSQL can
    only answer by reading every invitation of every company."""
    with statements() as sent:
        assert client.get(f"/s/{token}").status_code == 303
    (lookup,) = sent
    assert "UNION ALL" in lookup.upper() and " OR " not in lookup.upper()
    assert "survey_previous_links" in lookup
