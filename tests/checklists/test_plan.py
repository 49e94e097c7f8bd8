"""The guideline plan: edits with history, bad input changes nothing, progress per step."""

from __future__ import annotations

from datetime import date

import pytest

from hrcare.checklists import plan
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.models import PlanAction, PlanChange
from hrcare.core.roles import Role
from tests.checklists.conftest import NOW, TODAY


def _update(session, hr, company, code="1-2", **changes):
    values = {
        "status": "in_progress",
        "owner_id": None,
        "due_date": None,
        "notes": "",
        "na_reason": "",
        "details": {},
    }
    values.update(changes)
    return plan.update_action(session, hr, company, code, today=TODAY, now=NOW, **values)


def test_update_records_each_changed_field(session, hr, tenant_a) -> None:
    owner = tenant_a.users[Role.EXECUTIVE]
    row = _update(
        session,
        hr,
        tenant_a.company,
        owner_id=owner.id,
        due_date=date(2026, 6, 30),
        details={"message": "介護をしながら働き続けてください。", "sent_on": date(2026, 2, 1)},
    )
    assert (row.status, row.owner_id, row.due_date) == ("in_progress", owner.id, date(2026, 6, 30))
    assert row.details["sent_on"] == "2026-02-01"
    fields = {c.field for c in plan.history(session, tenant_a.company.id, "1-2")}
    assert fields == {"status", "owner_id", "due_date", "message", "sent_on"}
    _update(
        session,
        hr,
        tenant_a.company,
        status="done",
        owner_id=owner.id,
        due_date=date(2026, 6, 30),
        details={"message": "介護をしながら働き続けてください。", "sent_on": date(2026, 2, 1)},
    )
    changes = plan.history(session, tenant_a.company.id, "1-2")
    assert [(c.field, c.old, c.new) for c in changes][0] == ("status", "in_progress", "done")
    assert all(c.actor_id == hr.user_id for c in changes)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "not_applicable", "na_reason": "  "}, "na_reason"),
        ({"status": "finished"}, "status"),
        ({"due_date": date(1999, 12, 31)}, "due_date"),
        ({"due_date": date(2040, 1, 1)}, "due_date"),
        ({"details": {"sent_on": date(2026, 3, 2)}}, "sent_on"),  # a message sent tomorrow
        ({"notes": "x" * 4001}, "notes"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    session, hr, tenant_a, changes, field
) -> None:
    with pytest.raises(ChecklistError) as error:
        _update(session, hr, tenant_a.company, **changes)
    assert error.value.field == field
    assert session.query(PlanAction).count() == 0
    assert session.query(PlanChange).count() == 0


def test_owner_must_belong_to_the_company(session, hr, tenant_a, tenant_b) -> None:
    stranger = tenant_b.users[Role.HR_ADMIN]
    with pytest.raises(ChecklistError) as error:
        _update(session, hr, tenant_a.company, owner_id=stranger.id)
    assert error.value.field == "owner"
    assert session.query(PlanAction).count() == 0


def test_progress_per_step_leaves_not_applicable_out(session, hr, tenant_a) -> None:
    company = tenant_a.company
    _update(session, hr, company, "1-1", status="done")
    _update(session, hr, company, "1-2", status="done")
    _update(session, hr, company, "1-3", status="not_applicable", na_reason="社長1人の会社のため")
    _update(session, hr, company, "2-1", status="in_progress")
    _update(session, hr, company, "opt-effect", status="done")  # optional: not counted
    progress = plan.progress(session, company.id)
    assert [(s.step, s.done, s.applicable) for s in progress.steps] == [
        (1, 2, 2),
        (2, 0, 3),
        (3, 0, 3),
    ]
    assert (progress.done, progress.applicable, progress.pct) == (2, 8, 25)


def test_indicators_and_targets(session, hr, tenant_a) -> None:
    plan.set_indicators(
        session,
        hr,
        tenant_a.company,
        {"knows_legal_share": 70.0, "response_rate": None},
        chosen={"knows_legal_share", "response_rate"},
        now=NOW,
    )
    assert plan.tracked_indicators(session, tenant_a.company.id) == {
        "knows_legal_share": 70.0,
        "response_rate": None,
    }
    with pytest.raises(ChecklistError):
        plan.set_indicators(
            session,
            hr,
            tenant_a.company,
            {"response_rate": 120.0},
            chosen={"response_rate"},
            now=NOW,
        )
    with pytest.raises(ChecklistError):
        plan.set_indicators(session, hr, tenant_a.company, {}, chosen={"happiness"}, now=NOW)


def test_training_sessions(session, hr, tenant_a) -> None:
    plan.add_training_session(
        session,
        hr,
        tenant_a.company,
        held_on=date(2026, 2, 10),
        title="管理職研修",
        attendees=18,
        invited=20,
        today=TODAY,
        now=NOW,
    )
    state = plan.action_state(session, tenant_a.company.id, "3-2")
    assert state.details["sessions"] == [
        {"held_on": "2026-02-10", "title": "管理職研修", "attendees": 18, "invited": 20}
    ]
    with pytest.raises(ChecklistError) as error:
        plan.add_training_session(
            session,
            hr,
            tenant_a.company,
            held_on=date(2026, 2, 10),
            title="研修",
            attendees=30,
            invited=20,
            today=TODAY,
            now=NOW,
        )
    assert error.value.field == "invited"
