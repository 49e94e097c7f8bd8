"""Migration 0080: the desk's notice records move into the ledger (one model) with their
intention codes mapped, and move back on downgrade — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

from hrcare.core import migrate
from tests.core.test_migrations import empty_engine  # noqa: F401 - the scratch database

REVISION = "0080_desk_notices_in_ledger"
NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


def _before() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return str(script.get_revision(REVISION).down_revision)


def _tables(engine: Engine) -> MetaData:
    meta = MetaData()
    with engine.connect() as conn:
        meta.reflect(conn)
    return meta


def _populate(engine: Engine) -> int:
    meta = _tables(engine)
    t = meta.tables
    with engine.begin() as conn:
        company_id = conn.execute(
            t["companies"]
            .insert()
            .values(
                slug="kaisha",
                name="株式会社カイシャ",
                anonymity_threshold=5,
                age40_window="fiscal_year",
                consultation_contact="",
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        consultation_id = conn.execute(
            t["consultations"]
            .insert()
            .values(
                company_id=company_id,
                guest_email="emp@example.jp",
                link_nonce="n",
                topics=["leave"],
                urgency="normal",
                contact_method="reply",
                contact_times="",
                relative={},
                is_moushide=True,
                status="waiting",
                due_on=date(2026, 11, 5),
                created_at=NOW,
                updated_at=NOW,
            )
        ).inserted_primary_key[0]
        conn.execute(
            t["consultation_notices"]
            .insert()
            .values(
                company_id=company_id,
                consultation_id=consultation_id,
                moushide_on=date(2026, 11, 1),
                notified_on=date(2026, 11, 2),
                method="letter",
                informed_measures=True,
                informed_where_to_apply=True,
                informed_benefit=False,
                confirmed_intention=True,
                apply_to="人事部",
                intention="later",
                intention_note="来年また相談したい",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    return int(consultation_id)


def test_desk_notices_move_into_the_ledger_and_back(empty_engine: Engine) -> None:  # noqa: F811
    migrate.upgrade(empty_engine, _before())
    consultation_id = _populate(empty_engine)
    migrate.upgrade(empty_engine, REVISION)

    meta = _tables(empty_engine)
    assert "consultation_notices" not in meta.tables
    notices = meta.tables["individual_notices"]
    with empty_engine.connect() as conn:
        row = conn.execute(select(notices)).mappings().one()
    assert row["source"] == "consultation" and row["consultation_id"] == consultation_id
    assert row["employee_id"] is None
    assert (row["reported_on"], row["notified_on"]) == (date(2026, 11, 1), date(2026, 11, 2))
    assert row["intention"] == "not_now" and row["apply_to"] == "人事部"
    assert (row["told_measures"], row["told_where"], row["told_benefit"]) == (True, True, False)
    assert row["asked_intention"] and row["note"] == "来年また相談したい"

    migrate.downgrade(empty_engine, _before())
    meta = _tables(empty_engine)
    with empty_engine.connect() as conn:
        back = conn.execute(select(meta.tables["consultation_notices"])).mappings().one()
        assert conn.execute(select(meta.tables["individual_notices"])).first() is None
    assert back["intention"] == "later" and back["consultation_id"] == consultation_id
    assert "apply_to" not in meta.tables["individual_notices"].c
