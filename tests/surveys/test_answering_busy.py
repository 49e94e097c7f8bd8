"""A submission the database refuses for a reason other than "this link was already used".

On SQLite (WAL) a transaction that read before another connection committed cannot write:
that happens whenever a *different* employee's answer is committed while this request runs.
Such a refusal must not be reported as "already answered" (which drops the answers kept in
the session and falsely says a first answer was saved).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from hrcare.extensions import db
from hrcare.surveys import submission
from hrcare.surveys.models import SurveyInvitation, SurveyPooledAnswer, SurveyResponse
from tests.surveys.conftest import NON_CAREGIVER_PAGES, answer_all, invitations


def refusing(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """Make the next ``times`` submissions fail as SQLite fails a stale snapshot's write."""
    real = submission.submit_response
    calls: list[int] = []

    def submit(*args: Any, **kwargs: Any) -> bool:
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError(
                "UPDATE survey_invitations …", {}, Exception("database is locked")
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(submission, "submit_response", submit)
    return calls


def stored() -> int:
    """Answers kept: written as responses, or waiting in the pool for their batch."""
    return sum(
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (SurveyResponse, SurveyPooledAnswer)
    )


def test_a_write_refused_because_someone_else_committed_is_retried(
    client: Any, opened: Any, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = refusing(monkeypatch, times=1)
    done = answer_all(client, token, NON_CAREGIVER_PAGES)
    assert done.location.endswith("/s/thanks")
    assert len(calls) == 2 and stored() == 1
    invitation = invitations(opened)[0]
    db.session.refresh(invitation)
    assert invitation.responded is True


def test_a_database_failure_is_not_reported_as_already_answered(
    app: Any, client: Any, opened: Any, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    refusing(monkeypatch, times=2)
    for key, data in list(NON_CAREGIVER_PAGES.items())[:-1]:
        if key == "now":
            client.post(f"/s/{token}", data={"agree": "y"})
        client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
    last = {**NON_CAREGIVER_PAGES["other"], "nav": "next"}
    failed = client.post("/s/answer?p=other", data=last)
    assert failed.status_code == 500 and "回答済み" not in failed.get_data(as_text=True)
    assert stored() == 0
    assert (
        db.session.scalar(
            select(SurveyInvitation.responded).where(
                SurveyInvitation.id == invitations(opened)[0].id
            )
        )
        is False
    )
    # The answers are still in the session: sending the last page again stores them.
    again = client.post("/s/answer?p=other", data=last)
    assert again.status_code == 302 and again.location.endswith("/s/thanks")
    assert stored() == 1
