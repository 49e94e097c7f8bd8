"""The SME hub console: one operator's view over the client companies its hub manages."""
