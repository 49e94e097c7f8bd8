"""Every model, imported once so metadata (Alembic, tests) sees the whole schema: each
feature declares its model modules (``FEATURE.models``), ``hrcare.features`` imports them."""

from hrcare.features import load_models

load_models()
