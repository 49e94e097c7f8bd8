"""Migration 0010 (issue 7, "Bad input"): a database with users in every role, upgraded,
keeps every one of them able to sign in to what they could reach before — on SQLite and
PostgreSQL (the scratch database of ``test_migrations``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

from hrcare.auth.passwords import hash_password
from hrcare.core import migrate
from hrcare.extensions import db
from tests.core.test_migrations import empty_engine  # noqa: F401 - the scratch database


def _revision_before() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return str(script.get_revision("0010_memberships").down_revision)


BEFORE = _revision_before()
PASSWORD = "kaigo-to-shigoto-2026"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
# email, role, place (company / hub / none), the page they reached before the upgrade
PEOPLE = [
    ("admin@x.example.jp", "platform_admin", None, "/admin/"),
    ("hub@x.example.jp", "hub_operator", "hub", "/hub/"),
    ("hr@x.example.jp", "hr_admin", "company", "/c/kaisha/roster/"),
    ("exec@x.example.jp", "executive", "company", "/c/kaisha/loss/"),
    ("desk@x.example.jp", "consultation_staff", "company", "/c/kaisha/"),
    ("emp@x.example.jp", "employee", "company", "/c/kaisha/"),
]


def _populate_old_schema(engine: Engine) -> None:
    meta = MetaData()
    with engine.begin() as conn:
        meta.reflect(conn)
        hubs, companies, users = (meta.tables[t] for t in ("hubs", "companies", "users"))
        hub_id = conn.execute(
            hubs.insert().values(slug="hubu", name="ハブ", created_at=NOW)
        ).inserted_primary_key[0]
        company_id = conn.execute(
            companies.insert().values(
                slug="kaisha",
                name="株式会社カイシャ",
                hub_id=hub_id,
                anonymity_threshold=5,
                age40_window="fiscal_year",
                consultation_contact="",
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        password_hash = hash_password(PASSWORD)
        for email, role, place, _ in PEOPLE:
            conn.execute(
                users.insert().values(
                    email=email,
                    name=role,
                    role=role,
                    company_id=company_id if place == "company" else None,
                    hub_id=hub_id if place == "hub" else None,
                    password_hash=password_hash,
                    credentials_version=1,
                    is_active=True,
                    created_at=NOW,
                )
            )


def _migrate_populated(engine: Engine) -> None:
    """The schema before memberships, filled by ``_populate_old_schema``, then upgraded."""
    migrate.upgrade(engine, BEFORE)
    _populate_old_schema(engine)
    migrate.upgrade(engine)


def test_every_user_carries_over_and_still_reaches_their_pages(
    app,  # type: ignore[no-untyped-def]
    client,
    empty_engine: Engine,  # noqa: F811
) -> None:
    _migrate_populated(empty_engine)

    meta = MetaData()
    with empty_engine.connect() as conn:
        meta.reflect(conn)
        users, memberships = meta.tables["users"], meta.tables["memberships"]
        assert not {"role", "company_id", "hub_id"} & set(users.c.keys())
        rows = conn.execute(
            select(
                users.c.email, memberships.c.role, memberships.c.company_id, memberships.c.hub_id
            )
            .join(memberships, memberships.c.user_id == users.c.id)
            .order_by(users.c.id)
        ).all()
    carried = [
        (email, role, company is not None, hub is not None) for email, role, company, hub in rows
    ]
    assert carried == [
        (email, role, place == "company", place == "hub") for email, role, place, _ in PEOPLE
    ]

    db.bind(empty_engine)  # the app now reads the upgraded database
    try:
        reached = 0
        for email, role, _place, page in PEOPLE:
            client.post("/logout")
            response = client.post("/login", data={"email": email, "password": PASSWORD})
            assert response.status_code == 302, email
            landing = client.get("/", follow_redirects=True)
            assert landing.status_code == 200, email
            if role == "hub_operator":
                # A client's pages are entered explicitly from the hub page.
                assert client.get("/c/kaisha/").status_code == 302
                switch = {"membership": _membership_id(empty_engine, email), "company": "kaisha"}
                assert client.post("/places/switch", data=switch).status_code == 302
                assert client.get("/c/kaisha/loss/").status_code == 200
            assert client.get(page).status_code == 200, (email, page)
            reached += 1
        print(f"figure: users in every role carried over and signed in = {reached}/{len(PEOPLE)}")
        assert reached == len(PEOPLE)
    finally:
        db.session.remove()
        empty_engine.dispose()

    migrate.downgrade(empty_engine, BEFORE)  # and back: each person keeps their role
    meta = MetaData()
    with empty_engine.connect() as conn:
        meta.reflect(conn)
        users = meta.tables["users"]
        back = conn.execute(select(users.c.email, users.c.role).order_by(users.c.id)).all()
    assert [tuple(r) for r in back] == [(email, role) for email, role, _, _ in PEOPLE]


def _membership_id(engine: Engine, email: str) -> int:
    meta = MetaData()
    with engine.connect() as conn:
        meta.reflect(conn)
        users, memberships = meta.tables["users"], meta.tables["memberships"]
        return int(
            conn.execute(
                select(memberships.c.id)
                .join(users, users.c.id == memberships.c.user_id)
                .where(users.c.email == email)
            ).scalar_one()
        )


def test_downgrade_never_turns_a_hub_consultant_into_a_hub_operator(
    empty_engine: Engine,  # noqa: F811
) -> None:
    """Going back to one role per person must not give anyone more than they had."""
    _migrate_populated(empty_engine)
    meta = MetaData()
    with empty_engine.begin() as conn:
        meta.reflect(conn)
        users, memberships = meta.tables["users"], meta.tables["memberships"]
        hub_id = conn.execute(
            select(memberships.c.hub_id).where(memberships.c.role == "hub_operator")
        ).scalar_one()
        company_id = conn.execute(select(meta.tables["companies"].c.id)).scalar_one()
        for email, desks in (("consultant@x.example.jp", True), ("idle@x.example.jp", False)):
            user_id = conn.execute(
                users.insert().values(
                    email=email,
                    name="相談員",
                    password_hash=None,
                    credentials_version=0,
                    is_active=True,
                    created_at=NOW,
                )
            ).inserted_primary_key[0]
            conn.execute(
                memberships.insert().values(
                    user_id=user_id, role="hub_consultant", hub_id=hub_id, created_at=NOW
                )
            )
            if desks:
                conn.execute(
                    memberships.insert().values(
                        user_id=user_id,
                        role="consultation_staff",
                        company_id=company_id,
                        created_at=NOW,
                    )
                )
    migrate.downgrade(empty_engine, BEFORE)
    meta = MetaData()
    with empty_engine.connect() as conn:
        meta.reflect(conn)
        users = meta.tables["users"]
        back = dict(conn.execute(select(users.c.email, users.c.role)).all())
    assert back["consultant@x.example.jp"] == "consultation_staff"
    assert "idle@x.example.jp" not in back
    assert list(back.values()).count("hub_operator") == 1  # only the real operator
