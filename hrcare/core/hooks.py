"""Extension points: how a feature low in the layers uses what only a higher one knows.

The lower feature names the hook and calls it; the higher feature provides it when its
services module is imported (the app factory imports every feature). No import goes
upwards (README, "Layers"). Example: tenants (below roster) shows each company's head count
and links an account to a roster employee; roster provides both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, Callable[..., Any]] = {}


def provide(name: str, func: Callable[..., Any]) -> None:
    _providers[name] = func


def call(name: str, *args: Any, **kwargs: Any) -> Any:
    try:
        func = _providers[name]
    except KeyError:
        raise LookupError(f"nothing provides {name!r}: is its feature installed?") from None
    return func(*args, **kwargs)
