"""The authorization policy: every route × method and the roles allowed. Deny by default.

A request whose endpoint and method are not listed here is refused (403), and
``tests/core/test_policy.py`` fails when a registered route is missing. Which *objects* a
role may reach inside an allowed route is decided beside this table: the place resolver
(foreign companies answer 404, ``tenants.places``) and the object rules (``core.objects``).
A person with several roles in one place may use a route when any of them is allowed
(``core.actor``). Each feature declares its section in its own package (``core.features``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hrcare.core.roles import ANONYMOUS, AUTHENTICATED, Role

PA = Role.PLATFORM_ADMIN.value
HUB = Role.HUB_OPERATOR.value
HUB_CONSULTANT = Role.HUB_CONSULTANT.value
HR = Role.HR_ADMIN.value
EXEC = Role.EXECUTIVE.value
STAFF = Role.CONSULTATION_STAFF.value
EMP = Role.EMPLOYEE.value

PUBLIC = frozenset({ANONYMOUS})
SIGNED_IN = frozenset({AUTHENTICATED})


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


def rw(allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    """A form route: shown with GET, submitted with POST, by the same roles."""
    return {"GET": allowed, "POST": allowed}


# The core's own routes: static files and the health checks (``core.health``).
CORE_POLICY: dict[str, dict[str, frozenset[str]]] = {
    "static": {"GET": PUBLIC},
    "healthz": {"GET": PUBLIC},
    "readyz": {"GET": PUBLIC},
}

# The table starts with the core's own routes; each feature adds its section when the app is
# built (``FEATURE.policy`` in ``hrcare/<feature>/__init__.py``, ``register_policy``).
POLICY: dict[str, dict[str, frozenset[str]]] = dict(CORE_POLICY)


def register_policy(feature: str, rules: Mapping[str, Mapping[str, frozenset[str]]]) -> None:
    """Add a feature's routes to the table. A route is declared by one feature only; installing
    the same feature again (another app in the same process) changes nothing."""
    for endpoint, methods in rules.items():
        entry = {method: frozenset(allowed) for method, allowed in methods.items()}
        existing = POLICY.get(endpoint)
        if existing is not None and existing != entry:
            raise ValueError(f"{feature}: {endpoint} is already in the policy with other roles")
        POLICY[endpoint] = entry


def allowed_roles(endpoint: str | None, method: str) -> frozenset[str] | None:
    """The roles allowed, or None when the route × method is not in the policy."""
    if endpoint is None:
        return None
    methods = POLICY.get(endpoint)
    if methods is None:
        return None
    if method in {"HEAD", "OPTIONS"}:
        method = "GET"
    return methods.get(method)


def is_allowed(endpoint: str, roles: str | Iterable[str] | None, method: str = "GET") -> bool:
    """May someone holding ``roles`` (one role, several, or None when signed out) use this
    route × method? Several roles in one place: allowed when any of them is."""
    allowed = allowed_roles(endpoint, method)
    if allowed is None:
        return False
    if ANONYMOUS in allowed:
        return True
    if roles is None:
        return False
    held = {roles} if isinstance(roles, str) else set(roles)
    return AUTHENTICATED in allowed or bool(held & allowed)
