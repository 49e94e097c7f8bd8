"""The installed features: the one list. Each package declares what it brings (``FEATURE``
in its ``__init__``: ``core.features``); this module installs them. The order is the order
of registration (blueprints, commands); navigation items carry their own places.

Adding a feature: write ``hrcare/<name>/__init__.py`` with its ``FEATURE`` and add the
package here.
"""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask

from hrcare.core.features import Feature

INSTALLED = (
    "hrcare.auth",
    "hrcare.dashboard",
    "hrcare.tenants",
    "hrcare.hubs",
    "hrcare.roster",
    "hrcare.surveys",
    "hrcare.loss",
    "hrcare.reports",
    "hrcare.checklists",
    "hrcare.consultations",
    "hrcare.privacy",
    "hrcare.demo",
)

# The core's own tables and commands (the core is not a feature: it is under all of them).
CORE_MODELS = ("hrcare.core.audit", "hrcare.core.jobs", "hrcare.core.mail")
CORE_COMMANDS = ("hrcare.core.cli",)


def features() -> list[Feature]:
    return [importlib.import_module(name).FEATURE for name in INSTALLED]


def load_models() -> None:
    """Import every table definition, so the metadata (Alembic, tests) holds the whole schema."""
    for name in CORE_MODELS:
        importlib.import_module(name)
    for feature in features():
        for name in feature.models:
            importlib.import_module(name)


def setup(app: Flask) -> None:
    """Run each feature's set-up hooks (``FEATURE.setup``), in the order of the list."""
    for feature in features():
        for target in feature.setup:
            module_name, _, function = target.partition(":")
            getattr(importlib.import_module(module_name), function)(app)


def install(app: Flask) -> None:
    """Register every feature's policy entries, navigation items, blueprints and commands."""
    from hrcare.core.navigation import register_navigation
    from hrcare.core.policy import register_policy

    for name in CORE_COMMANDS:
        for command in importlib.import_module(name).COMMANDS:
            _add_command(app, command)
    for feature in features():
        register_policy(feature.name, feature.policy)
        register_navigation(feature.navigation)
        for name in feature.blueprints:
            module = importlib.import_module(name)
            for blueprint in getattr(module, "BLUEPRINTS", (module.bp,)):
                app.register_blueprint(blueprint)
        for name in feature.commands:
            for command in importlib.import_module(name).COMMANDS:
                _add_command(app, command)


def _add_command(app: Flask, command: Any) -> None:
    """Mount a feature's command; two features may contribute to one group (``hrcare
    survey …``), so a group whose name is already taken is merged, not replaced."""
    import click

    existing = app.cli.commands.get(command.name)
    if (
        isinstance(existing, click.Group)
        and isinstance(command, click.Group)
        and existing is not command
    ):
        for sub in command.commands.values():
            existing.add_command(sub)
        return
    app.cli.add_command(command)
