"""The ``hrcare`` console script: Flask's CLI over ``create_app`` plus every feature's commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from hrcare import create_app


def _create_app() -> object:
    return create_app()


main = FlaskGroup(
    create_app=_create_app, add_default_commands=True, help="hrcare: 仕事と介護の両立支援"
)


if __name__ == "__main__":
    main()
