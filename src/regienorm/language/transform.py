"""Lark's ``Transformer.transform`` with less overhead per node (the compiler's shaping step).

Lark looks every callback up by name and goes through a generator per node; here the callbacks
are looked up once per rule name and the walk is a plain recursive function. The result is the
same, exceptions included (a callback's exception comes out as Lark's ``VisitError``), except that
the tree is used up: a callback that takes the tree gets the parsed node itself, its children
replaced by their transformed values (Lark would build a new Tree). Nesting is bounded before this
runs (``parser.parse`` checks it), as for Lark's own recursive transform.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lark.visitors
from lark import Token, Transformer, Tree
from lark.exceptions import GrammarError, VisitError
from lark.visitors import Discard

_vargs_tree = getattr(lark.visitors, "_vargs_tree", object())  # v_args(tree=True); absent: the general path

_MISSING = object()


def transform(transformer: Transformer[Any, Any], tree: Tree[Any]) -> Any:
    """``transformer.transform(tree)``, faster."""
    rules: dict[Any, tuple[Callable[..., Any] | None, Any]] = {}
    tokens: dict[str, Callable[[Token], Any] | None] = {}
    visit_tokens = transformer.__visit_tokens__
    default = transformer.__default__
    default_token = transformer.__default_token__

    def rule(data: Any) -> tuple[Callable[..., Any] | None, Any]:
        f: Any = getattr(transformer, data, _MISSING)
        entry = (None, None) if f is _MISSING else (f, getattr(f, "visit_wrapper", None))
        rules[data] = entry
        return entry

    def token(t: Token) -> Any:
        kind = t.type
        f = tokens.get(kind, _MISSING)
        if f is _MISSING:
            f = tokens[kind] = getattr(transformer, kind, None)
        if f is None:
            return default_token(t)
        try:
            return f(t)  # type: ignore[operator]
        except GrammarError:
            raise
        except Exception as e:
            raise VisitError(kind, t, e) from e

    def walk(node: Tree[Any]) -> Any:
        children = []
        for c in node.children:
            if isinstance(c, Tree):
                c = walk(c)
            elif visit_tokens and isinstance(c, Token):
                c = token(c)
            if c is not Discard:
                children.append(c)
        data = node.data
        f, wrapper = rules.get(data) or rule(data)
        if f is None:
            return default(data, children, node.meta)
        try:
            if wrapper is _vargs_tree:  # the callback takes the tree: this one, its children transformed
                node.children = children
                return f(node)
            if wrapper is not None:
                return wrapper(f, data, children, node.meta)
            return f(children)
        except GrammarError:
            raise
        except Exception as e:
            raise VisitError(data, node, e) from e

    result = walk(tree)
    return None if result is Discard else result
