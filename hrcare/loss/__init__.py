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
