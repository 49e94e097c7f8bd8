"""Tenants: hubs (中小企業両立支援ハブ operators) and companies."""
