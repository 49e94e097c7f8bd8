"""What a feature declares about itself, in its own package (``FEATURE`` in
``hrcare/<feature>/__init__.py``): its blueprints, models, policy entries, navigation items
and commands. The app factory installs every feature named in ``hrcare.features``; no other
central list names a feature's routes, models, menu entries or commands.

Module names are strings, imported when the app is built (a feature's package ``__init__``
stays light: importing any of its modules runs it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hrcare.core.navigation import NavItem

Rules = Mapping[str, Mapping[str, frozenset[str]]]


@dataclass(frozen=True)
class Feature:
    name: str
    # Modules exposing ``bp`` (or ``BLUEPRINTS``), registered in this order.
    blueprints: tuple[str, ...] = ()
    # Modules defining the feature's tables (imported so the metadata holds the whole schema).
    models: tuple[str, ...] = ()
    # Route × method → roles, merged into the one deny-by-default table (``core.policy``).
    policy: Rules = field(default_factory=dict)
    # Entries of the navigation bar, placed by their ``order``; shown when the policy allows.
    navigation: tuple[NavItem, ...] = ()
    # Modules exposing ``COMMANDS`` (click commands or groups under ``hrcare``).
    commands: tuple[str, ...] = ()
    # ``"module:function"`` called with the app while it is set up, before the policy and
    # the routes (sign-in sessions, the actor resolver: what every request relies on).
    setup: tuple[str, ...] = ()
