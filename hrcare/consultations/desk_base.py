"""The consultation desk's blueprint and what its view modules share (``desk_views`` and
``desk_records_views`` import it; ``desk_views`` imports the other so its routes are
registered: no cycle)."""

from __future__ import annotations

from flask import Blueprint

from hrcare.core.actor import Actor, current_actor

bp = Blueprint("desk", __name__, url_prefix="/c/<company>/desk")


def staff_actor() -> Actor:
    actor = current_actor()
    assert actor is not None  # the policy admits signed-in staff only
    return actor
