"""Decision and score expressions compiled to closures, for evaluation without reasons.

:func:`regienorm.semantics.decisions.evaluate` interprets an expression tree: for every node of
every decision of every entity it tests the node's kind (a dozen ``isinstance`` checks for the last
kinds) before it does the node's work. :func:`compiled` does the dispatch once per expression,
giving a function of the environment alone, built from the same pieces the interpreter uses
(``_arith`` for division and powers, ``COMPARISONS``, the functions of values, ``round_to``). A
node kind with reasons of its own to say or a rare meaning (tables, cases, bands, fields, parts of a
target, a verdict constant) is left to the interpreter itself, so its meaning stays written once.
Steps are never recorded: with reasons the engine interprets. tests/test_fast_equals_semantics.py
holds the closures to the interpreter over generated decisions and inputs, errors and missing values
included.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

from ... import ir
from ...semantics.conditions import COMPARISONS
from ...semantics.decisions import _FUNCTIONS, DecisionError, NoValue, _arith, evaluate, round_to

__all__ = ["compiled", "decisions_of", "value_of"]

Compiled = Callable[[Mapping[Any, Any]], Any]


def compiled(expr: ir.Expr) -> Compiled:
    """``env -> value``: what ``evaluate(expr, env)`` gives (or raises), without steps."""
    kind = expr.__class__
    if kind is ir.Const or kind is ir.Text or kind is ir.Truth:
        value = expr.value  # type: ignore[union-attr]
        return lambda env: value
    if kind is ir.Ref:
        return _ref(expr.name)  # type: ignore[union-attr]
    if kind is ir.Neg:
        operand = compiled(expr.operand)  # type: ignore[union-attr]
        return lambda env: -operand(env)
    if kind is ir.Arith:
        return _arithmetic(expr)  # type: ignore[arg-type]
    if kind is ir.Compare:
        compare = COMPARISONS[expr.op]  # type: ignore[union-attr]
        left, right = compiled(expr.left), compiled(expr.right)  # type: ignore[union-attr]
        return lambda env: compare(left(env), right(env))
    if kind is ir.BoolOp:
        operands = tuple(compiled(o) for o in expr.operands)  # type: ignore[union-attr]
        if expr.op == "and":  # type: ignore[union-attr]
            return lambda env: all(o(env) for o in operands)
        return lambda env: any(o(env) for o in operands)
    if kind is ir.Not:
        operand = compiled(expr.operand)  # type: ignore[union-attr]
        return lambda env: not operand(env)
    if kind is ir.InList:
        subject = compiled(expr.operand)  # type: ignore[union-attr]
        options = tuple(compiled(o) for o in expr.options)  # type: ignore[union-attr]

        def in_list(env: Mapping[Any, Any]) -> bool:
            value = subject(env)
            return any(value == o(env) for o in options)
        return in_list
    if kind is ir.If:
        condition, then, otherwise = (compiled(e) for e in (expr.condition, expr.then, expr.otherwise))  # type: ignore[union-attr,arg-type]
        return lambda env: then(env) if condition(env) else otherwise(env)
    if kind is ir.Func:
        function = _FUNCTIONS[expr.name]  # type: ignore[union-attr]
        args = tuple(compiled(a) for a in expr.args)  # type: ignore[union-attr]
        return lambda env: function([a(env) for a in args])
    if kind is ir.Round:
        operand = compiled(expr.operand)  # type: ignore[union-attr]
        step, mode = expr.step, expr.mode  # type: ignore[union-attr]
        return lambda env: round_to(operand(env), step, mode)
    return lambda env: evaluate(expr, env)  # the interpreter: its meaning, once


def _ref(name: str) -> Compiled:
    def ref(env: Mapping[Any, Any]) -> Any:
        if name not in env:
            raise NoValue(f"`{name}` has no value", (name,))
        value = env[name]
        if isinstance(value, (NoValue, DecisionError)):
            raise value
        return value
    return ref


def _arithmetic(expr: ir.Arith) -> Compiled:
    left, right = compiled(expr.left), compiled(expr.right)
    op = expr.op
    if op == "+":  # what _arith does for these three, without its tests of the operator
        return lambda env: left(env) + right(env)
    if op == "-":
        return lambda env: left(env) - right(env)
    if op == "*":
        return lambda env: left(env) * right(env)
    return lambda env: _arith(expr, left(env), right(env))


#: Each framework's decisions compiled, by the framework's identity (it is immutable).
_DECISIONS: dict[int, tuple[weakref.ref[ir.Framework], dict[str, Compiled]]] = {}


def decisions_of(framework: ir.Framework) -> dict[str, Compiled]:
    """The framework's decisions compiled, by id (compiled on first use, kept while it lives)."""
    found = _DECISIONS.get(id(framework))
    if found is None or found[0]() is not framework:
        key = id(framework)

        def forget(_: object, key: int = key) -> None:
            _DECISIONS.pop(key, None)

        found = (weakref.ref(framework, forget), {d.id: compiled(d.expr) for d in framework.decisions})
        _DECISIONS[key] = found
    return found[1]


#: Score expressions compiled, by identity (the expression kept with it, so its id is not reused).
_EXPRESSIONS: dict[int, tuple[ir.Expr, Compiled]] = {}
_EXPRESSION_LIMIT = 4096


def value_of(expr: ir.Expr, env: Mapping[Any, Any]) -> Any:
    """``evaluate(expr, env)`` without steps, by the expression's compiled form (compiled once)."""
    found = _EXPRESSIONS.get(id(expr))
    if found is None or found[0] is not expr:
        if len(_EXPRESSIONS) >= _EXPRESSION_LIMIT:
            _EXPRESSIONS.clear()
        found = _EXPRESSIONS[id(expr)] = (expr, compiled(expr))
    return found[1](env)
