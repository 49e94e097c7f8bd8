"""Survey results: aggregates under the anonymity rules, waves, exports, the loss input.

``anonymity`` + ``audit`` (pure rules) → ``aggregates`` + ``columns`` (pure figures) ←
``queries`` (constant SQL) → ``views`` / ``export`` / ``cli`` / ``waves``; ``loss_input``
feeds the loss engine. ``definitions`` holds the questions and the fixed segments.
"""
