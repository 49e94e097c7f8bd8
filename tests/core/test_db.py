"""Database errors reach logs and the failed-job registry: they must not carry personal data."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from hrcare.auth.models import User
from hrcare.core.roles import Role
from tests.conftest import Tenant


def test_database_error_message_hides_the_values(session, tenant_a: Tenant) -> None:
    """The bound values (here a name) are hidden. PostgreSQL's own DETAIL still names the
    duplicated key itself ("Key (email)=(…) already exists"); that is the server's text."""
    taken = tenant_a.users[Role.EMPLOYEE].email
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.add(User(email=taken, name="介護 花子"))
        session.flush()
    message = str(caught.value)
    assert "INSERT INTO users" in message  # the statement is still there to debug with
    assert "介護 花子" not in message
