"""Productivity-loss engine (仕事と介護の両立困難による経済損失) and its pages.

The engine is pure (no Flask, no database), so the web app, jobs, the command
line and the benchmark run the same code:

- ``params``: the published parameter set ``meti-2030`` and its sources;
- ``validation``: a roster frame checked and turned into arrays;
- ``results``: ``LossResult`` and the four components' formulas;
- ``model``: the per-row model and the estimates (survey, national average,
  aggregate counts, the range between separation methods);
- ``scenarios``, ``outlook``, ``breakdown``: what-ifs, five years ahead, and
  results by group with anonymity suppression;
- ``labels``: Japanese names; ``cli``: the ``hrcare loss`` command group.

The application layer: ``models`` and ``settings`` (a company's saved
parameters), ``services`` (the company estimate from survey answers or the
roster; the entry point for other features), ``presentation`` (labels, table
rows and chart geometry for the pages), ``forms``, ``views``.
"""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EXEC, HR, HUB, roles, rw

FEATURE = Feature(
    name="loss",
    blueprints=("hrcare.loss.views",),
    models=("hrcare.loss.models", "hrcare.loss.stored"),
    commands=("hrcare.loss.cli",),
    policy={
        # --- loss ---
        # Aggregates only (breakdowns under the anonymity threshold). The scenario form is a
        # GET query: it changes nothing. Hub operators reach their client companies only.
        "loss.index": {"GET": roles(HR, EXEC, HUB)},
        "loss.settings": rw(roles(HR)),
        "loss.settings_reset": {"POST": roles(HR)},
    },
    navigation=(NavItem("loss.index", _l("経済損失"), order=70),),
)
