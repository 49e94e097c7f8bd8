"""The guideline plan (METI 2024, steps 1–3) and the legal-duty ledger (2025 law).

``guideline`` (the actions as data) and ``age40`` (the windows) are pure; ``plan``,
``evidence``, ``ledger``, ``figures`` (the one adapter to survey results), ``recommend`` and
``effect`` are the services; other features import ``services`` only.
"""
