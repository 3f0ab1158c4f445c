"""The engine: applying a compiled framework to evidence fast (plans, memos, integer kernels,
streaming, processes), proven equal to :mod:`regienorm.semantics` by tests."""
