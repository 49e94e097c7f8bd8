"""Shared machinery: database, tenancy, permissions, jobs, mail, i18n. Never imports a feature."""
