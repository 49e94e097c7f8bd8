"""Productivity-loss engine (仕事と介護の両立困難による経済損失).

Pure calculation code: no Flask, no database. ``calc`` holds the model, ``params``
the published defaults, ``format`` the yen formatting and ``cli`` the ``loss``
command group that the application mounts under its own CLI.
"""
