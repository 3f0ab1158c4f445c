"""The engine's fast forms of the semantics: integer kernels and compiled conditions."""
