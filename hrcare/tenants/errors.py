"""The tenants feature's error: a change that cannot be made, and why."""

from __future__ import annotations


class TenantError(ValueError):
    """A tenant change that cannot be made; the message says why, in the reader's language."""
