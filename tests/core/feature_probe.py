"""A feature used only by tests/core/test_features.py: everything it brings is declared here."""

from __future__ import annotations

import click
from flask import Blueprint

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import PUBLIC

bp = Blueprint("probe", __name__, url_prefix="/_probe")


@bp.get("/")
def index() -> str:
    return "probe"


@click.command("probe")
def probe() -> None:
    click.echo("probe command")


COMMANDS = (probe,)

FEATURE = Feature(
    name="probe",
    blueprints=("tests.core.feature_probe",),
    commands=("tests.core.feature_probe",),
    policy={"probe.index": {"GET": PUBLIC}},
    navigation=(NavItem("probe.index", _l("ホーム"), company_scoped=False, order=5),),
)
