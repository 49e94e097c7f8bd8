"""The navigation bar: the items the features declare (``core.features``), in their order,
filtered by the policy for the roles of the actor in the place in force (the company in the
URL, else the place chosen in the header)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, url_for

from hrcare.core.actor import current_actor


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    company_scoped: bool = True
    order: int = 0  # the place in the bar (features declare their items: ``core.features``)


_NAV: list[NavItem] = []


def register_navigation(items: tuple[NavItem, ...]) -> None:
    """Add a feature's items (once: installing a feature again changes nothing)."""
    for item in items:
        if item not in _NAV:
            _NAV.append(item)
    _NAV.sort(key=lambda item: item.order)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    endpoint: str


def nav_links() -> list[NavLink]:
    actor = current_actor()
    if actor is None:
        return []
    company = g.get("company")
    slug = company.slug if company is not None else actor.company_slug
    links = []
    for item in _NAV:
        if item.endpoint not in current_app.view_functions:
            continue
        if not actor.can(item.endpoint):
            continue
        if item.company_scoped:
            if slug is None:
                continue
            url = url_for(item.endpoint, company=slug)
        else:
            url = url_for(item.endpoint)
        links.append(NavLink(url=url, label=str(item.label), endpoint=item.endpoint))
    return links


def install_navigation(app: Flask) -> None:
    app.jinja_env.globals["nav_links"] = nav_links
