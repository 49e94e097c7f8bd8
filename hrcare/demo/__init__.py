"""Demo data: synthetic tenants, rosters and accounts for trying hrcare (``hrcare demo``)."""
