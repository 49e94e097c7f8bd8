"""Demo data: synthetic tenants, rosters and accounts for trying hrcare (``hrcare demo``)."""

from __future__ import annotations

from hrcare.core.features import Feature

FEATURE = Feature(
    name="demo",
    commands=("hrcare.demo.cli",),
)
