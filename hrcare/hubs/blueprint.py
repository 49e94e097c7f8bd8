"""The hub console's blueprint and its actor check, shared by the console's view modules."""

from __future__ import annotations

from flask import Blueprint, abort

from hrcare.core.actor import Actor, current_actor
from hrcare.extensions import db
from hrcare.tenants import services as tenants

bp = Blueprint("hubs", __name__, url_prefix="/hub")


def _hub_actor() -> Actor:
    """The hub member in force, or 404 (no hub in force: nothing of a hub to show)."""
    actor = current_actor()
    if actor is None or actor.hub_id is None:
        abort(404)
    return actor


def current_hub() -> tenants.Hub:
    """The hub of the member in force, or 404."""
    hub = tenants.hub_by_id(db.session, _hub_actor().hub_id)
    if hub is None:
        abort(404)
    return hub
