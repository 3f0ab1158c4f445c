"""A frozen copy of the evaluator and rules as they were before the performance work (issue 4).

The engine is checked against it: every judgement, reasons and spans included, must be equal.
Do not change these files; they are the specification the fast engine is held to.
"""
