"""The hub console's blueprint and its actor check, shared by the console's view modules."""

from __future__ import annotations

from flask import Blueprint, abort

from hrcare.core.actor import Actor, current_actor

bp = Blueprint("hubs", __name__, url_prefix="/hub")


def _hub_actor() -> Actor:
    """The hub member in force, or 404 (no hub in force: nothing of a hub to show)."""
    actor = current_actor()
    if actor is None or actor.hub_id is None:
        abort(404)
    return actor
