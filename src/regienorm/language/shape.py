# mypy: disable-error-code="arg-type,union-attr,index"
# (Lark trees are untyped: a shaper method knows its children by the grammar, not by their types.)
"""Lark tree -> declarations. Shape only: no checks here (they live in the compiler's passes),
so nothing is raised inside a Transformer and no ``VisitError`` can reach the user.

Past the usual size on purpose: one Transformer whose methods mirror the grammar's rules one to
one (Lark looks them up by rule name on one object), so it grows with the grammar and is read
beside it; split in parts it would need a class hierarchy only to keep one lookup table."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
from lark import Token, Transformer, Tree, v_args

from .. import ir
from ..source import Span


@attrs.frozen
class Name:
    """An identifier as written, with where it was written."""

    text: str
    span: Span


@attrs.frozen
class RuleRef:
    """``by NAME`` (``name`` set) or an inline rule body (``inline`` set)."""

    name: Name | None
    inline: ir.Rule | None
    span: Span


@attrs.frozen
class FrameworkDecl:
    id: Name
    title: str
    version: str
    sources: tuple[ir.SourceRef, ...]
    span: Span


@attrs.frozen
class IncludeDecl:
    path: str
    span: Span


@attrs.frozen
class ScaleDecl:
    name: Name
    values: tuple[ir.ScaleValue, ...]
    span: Span


@attrs.frozen
class FindingsScale:
    """``findings on NAME``: the scale findings are given on, at the top, in a normenkader or a norm."""

    name: Name
    span: Span


@attrs.frozen
class VerdictDecl:
    kind: str  # "aspects" | "measure" | "findings"
    rule: RuleRef | None
    measure: Name | None
    span: Span


@attrs.frozen
class AspectDecl:
    id: Name
    text: str
    roles: tuple[Name, ...]
    sources: tuple[ir.SourceRef, ...]
    span: Span


@attrs.frozen
class NormDecl:
    id: Name
    title: str
    roles: tuple[Name, ...]
    sources: tuple[ir.SourceRef, ...]
    aspects: tuple[AspectDecl, ...]
    verdicts: tuple[VerdictDecl, ...]
    measures: tuple[ir.Measure, ...]
    span: Span
    weight: Fraction = Fraction(1)
    findings: tuple[FindingsScale, ...] = ()


@attrs.frozen
class GroupDecl:
    """A group as written; the normenkader flattens it: ``id`` becomes the dotted path, ``children``
    the paths of what is directly inside it."""

    id: Name
    title: str
    roles: tuple[Name, ...]
    sources: tuple[ir.SourceRef, ...]
    weight: Fraction
    items: tuple[Any, ...]  # NormDecl and GroupDecl, in the order written
    verdicts: tuple[RuleRef, ...]
    span: Span
    children: tuple[str, ...] = ()


@attrs.frozen
class ScoreDecl:
    name: Name
    title: str | None
    at_group: ir.Expr | None
    at_norm: ir.Expr | None
    empty: ir.Expr | None
    repeated: tuple[Span, ...]  # a level written twice (RN720)
    span: Span
    categories: tuple[ir.CategoryPolicy, ...] = ()  # on "notchecked" = "fail", as written


@attrs.frozen
class OutcomeDecl:
    name: str
    label: str | None
    symbol: str | None
    status: str | None
    span: Span


@attrs.frozen
class NormenkaderDecl:
    id: Name
    title: str
    roles: tuple[Name, ...]
    sources: tuple[ir.SourceRef, ...]
    norms: tuple[NormDecl, ...]
    measures: tuple[ir.Measure, ...]
    norms_by: tuple[RuleRef, ...]
    total_by: tuple[RuleRef, ...]
    across_by: tuple[RuleRef, ...]
    span: Span
    groups: tuple[GroupDecl, ...] = ()  # every group, flattened, each after the groups inside it
    top: tuple[str, ...] = ()
    groups_by: tuple[RuleRef, ...] = ()
    scores: tuple[ScoreDecl, ...] = ()
    findings: tuple[FindingsScale, ...] = ()


@attrs.frozen
class _OutCells:
    """The values of a table row's outputs, while the row is shaped."""

    values: tuple[ir.Expr, ...]


@attrs.frozen
class _GridRow:
    entry: tuple[ir.EntryTest, ...]
    cells: tuple[ir.Expr, ...]
    span: Span


@attrs.frozen
class _Cells:
    entries: tuple[Any, ...]
    outputs: tuple[ir.Expr, ...]


@attrs.frozen
class DecisionDecl:
    """``decision NAME "title" [one of (…)] = expr``: names in ``expr`` are still fields here; the
    compiler resolves them to inputs and decisions."""

    name: Name
    title: str | None
    expr: ir.Expr
    choices: tuple[str, ...] | None
    unit: str | None
    stated: bool
    reconstructed: str | None
    sources: tuple[ir.SourceRef, ...]
    span: Span


@attrs.frozen
class ProfileDecl:
    """``profile ID "title" version "v" extends BASE``: a framework made of another by changes.
    The base is a file (``base_path``) or a bundled framework by id and version; ``also``: the
    further bases of ``extends A, B, …`` (each ``(path, id, version)``), merged into the first as
    ``merge`` says."""

    id: Name
    title: str
    version: str
    base_path: str | None
    base_id: Name | None
    base_version: str | None
    sources: tuple[ir.SourceRef, ...]
    span: Span
    also: tuple[tuple[str | None, Name | None, str | None], ...] = ()
    merge: MergeDecl | None = None


@attrs.frozen
class MergeDecl:
    """``merge keep first``, ``merge keep last`` or ``merge error``: what a declaration that two
    bases of a profile both make (the same id, not the same declaration) becomes."""

    policy: str  # "keep first" | "keep last" | "error"
    span: Span


@attrs.frozen
class ChangeDecl:
    """One change of a profile: ``select``, ``drop``, ``drop rule``, ``refine rule``, ``refine
    scale``, ``refine`` or ``add``.

    ``paths``: the dotted targets it names (for ``refine rule`` the rule's name, for ``drop rule``
    the rules', for ``refine scale`` the scale's); ``rule``: the new body of a refined rule;
    ``refinements``: ``(what, value, span)`` of a ``refine`` (of a ``refine scale``: ``(symbol,
    label, span)``); ``items``: the
    norms, groups or toetsaspecten an ``add`` puts in; ``because``: the reasons given."""

    kind: str
    paths: tuple[Name, ...]
    span: Span
    rule: ir.Rule | None = None
    refinements: tuple[tuple[str, Any, Span], ...] = ()
    items: tuple[Any, ...] = ()
    because: tuple[str, ...] = ()
    sources: tuple[ir.SourceRef, ...] = ()


@attrs.frozen
class Choices:
    labels: tuple[str, ...]
    span: Span


@attrs.frozen
class Applies:
    roles: tuple[Name, ...]


def _unquote(token: Token | str) -> str:
    text = str(token)[1:-1]
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class Shaper(Transformer[Token, Any]):
    """Builds declarations; spans come from Lark's propagated positions."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    # -- helpers
    def _span(self, node: Tree | Token | Any) -> Span:
        if isinstance(node, Token):
            return Span(self.path, node.line or 1, node.column or 1,
                        node.end_line or node.line or 1, node.end_column or (node.column or 1) + 1)
        meta = node.meta
        if getattr(meta, "empty", True):
            return Span(self.path, 1, 1, 1, 2)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _name(self, token: Token) -> Name:
        return Name(str(token), self._span(token))

    # -- terminals
    def STRING(self, token: Token) -> Token:
        return token

    # -- small pieces
    def ident(self, children: list[Token]) -> Name:
        return self._name(children[0])

    def number(self, children: list[Token]) -> Fraction | None:
        """A constant; None for a fraction over zero (the compiler reports it)."""
        if len(children) == 2:
            denominator = int(children[1])
            return Fraction(int(children[0]), denominator) if denominator else None
        return Fraction(str(children[0]))

    def label(self, children: list[Token]) -> str:
        token = children[0]
        return _unquote(token) if token.type == "STRING" else str(token)

    def aliases(self, children: list[Token]) -> tuple[str, ...]:
        return tuple(_unquote(t) for t in children)

    def src_table(self, c: list[Token]) -> tuple[str, Any]:
        return ("table", _unquote(c[0]))

    def src_footnote(self, c: list[Token]) -> tuple[str, Any]:
        return ("footnote", _unquote(c[0]))

    def src_page(self, c: list[Token]) -> tuple[str, Any]:
        return ("page", int(c[0]))

    def src_line(self, c: list[Token]) -> tuple[str, Any]:
        return ("line", int(c[0]))

    def source(self, children: list[Any]) -> ir.SourceRef:
        fields: dict[str, Any] = {}
        for key, value in children[1:]:
            fields[key] = value
        return ir.SourceRef(_unquote(children[0]), **fields)

    def applies(self, children: list[Token]) -> Applies:
        return Applies(tuple(self._name(t) for t in children))

    # -- profiles
    @v_args(tree=True)
    def profile(self, tree: Tree) -> ProfileDecl:
        name, title, version, base, *rest = tree.children
        also = tuple(r for r in rest if isinstance(r, tuple))
        merge = next((r for r in rest if isinstance(r, MergeDecl)), None)
        sources = tuple(r for r in rest if isinstance(r, ir.SourceRef))
        return ProfileDecl(self._name(name), _unquote(title), _unquote(version), base[0], base[1], base[2],
                           sources, self._span(tree), also, merge)

    @v_args(tree=True)
    def merge_keep_first(self, tree: Tree) -> MergeDecl:
        return MergeDecl("keep first", self._span(tree))

    @v_args(tree=True)
    def merge_keep_last(self, tree: Tree) -> MergeDecl:
        return MergeDecl("keep last", self._span(tree))

    @v_args(tree=True)
    def merge_error(self, tree: Tree) -> MergeDecl:
        return MergeDecl("error", self._span(tree))

    def base_file(self, c: list[Token]) -> tuple[str | None, Name | None, str | None]:
        return (_unquote(c[0]), None, None)

    def base_bundled(self, c: list[Token]) -> tuple[str | None, Name | None, str | None]:
        return (None, self._name(c[0]), _unquote(c[1]))

    @v_args(tree=True)
    def target_path(self, tree: Tree) -> Name:
        return Name(".".join(n.text for n in tree.children), self._span(tree))

    def because(self, c: list[Token]) -> tuple[str, str]:
        return ("because", _unquote(c[0]))

    @v_args(tree=True)
    def change(self, tree: Tree) -> ChangeDecl:
        body, *meta = tree.children
        assert isinstance(body, ChangeDecl)
        return attrs.evolve(body, because=tuple(m[1] for m in meta if isinstance(m, tuple)),
                            sources=tuple(m for m in meta if isinstance(m, ir.SourceRef)), span=self._span(tree))

    @v_args(tree=True)
    def select(self, tree: Tree) -> ChangeDecl:
        return ChangeDecl("select", tuple(tree.children), self._span(tree))

    @v_args(tree=True)
    def drop(self, tree: Tree) -> ChangeDecl:
        return ChangeDecl("drop", tuple(tree.children), self._span(tree))

    @v_args(tree=True)
    def drop_rule(self, tree: Tree) -> ChangeDecl:
        return ChangeDecl("drop_rule", tuple(self._name(t) for t in tree.children), self._span(tree))

    @v_args(tree=True)
    def refine_scale(self, tree: Tree) -> ChangeDecl:
        name, *relabels = tree.children
        return ChangeDecl("refine_scale", (self._name(name),), self._span(tree), refinements=tuple(relabels))

    @v_args(tree=True)
    def relabel(self, tree: Tree) -> tuple[str, Any, Span]:
        symbol, label = tree.children
        return (_unquote(symbol), label, self._span(tree))

    @v_args(tree=True)
    def refine_rule(self, tree: Tree) -> ChangeDecl:
        name, body = tree.children
        rule = ir.Rule(str(name), body, span=self._span(name))
        return ChangeDecl("refine_rule", (self._name(name),), self._span(tree), rule=rule)

    @v_args(tree=True)
    def refine(self, tree: Tree) -> ChangeDecl:
        path, *refinements = tree.children
        return ChangeDecl("refine", (path,), self._span(tree), refinements=tuple(refinements))

    @v_args(tree=True)
    def add(self, tree: Tree) -> ChangeDecl:
        path, *items = tree.children
        return ChangeDecl("add", (path,), self._span(tree), items=tuple(items))

    @v_args(tree=True)
    def set_weight(self, tree: Tree) -> tuple[str, Any, Span]:
        return ("weight", tree.children[0], self._span(tree))

    @v_args(tree=True)
    def set_roles(self, tree: Tree) -> tuple[str, Any, Span]:
        return ("roles", tree.children[0].roles, self._span(tree))

    @v_args(tree=True)
    def set_title(self, tree: Tree) -> tuple[str, Any, Span]:
        return ("title", _unquote(tree.children[0]), self._span(tree))

    @v_args(tree=True)
    def set_verdict(self, tree: Tree) -> tuple[str, Any, Span]:
        return ("verdict", tree.children[0], self._span(tree))

    @v_args(tree=True)
    def set_total(self, tree: Tree) -> tuple[str, Any, Span]:
        return ("total", tree.children[0], self._span(tree))

    # -- top level
    @v_args(tree=True)
    def framework(self, tree: Tree) -> FrameworkDecl:
        name, title, version, *sources = tree.children
        return FrameworkDecl(self._name(name), _unquote(title), _unquote(version), tuple(sources),
                             self._span(tree))

    @v_args(tree=True)
    def include(self, tree: Tree) -> IncludeDecl:
        return IncludeDecl(_unquote(tree.children[0]), self._span(tree))

    @v_args(tree=True)
    def scale_value(self, tree: Tree) -> ir.ScaleValue:
        symbol, label, points, *rest = tree.children
        aliases = rest[0] if rest else ()
        if points is not None and points.denominator == 1:
            points = int(points)  # whole points stay ints: the integer fast paths and today's output
        return ir.ScaleValue(_unquote(symbol), label, points, aliases, span=self._span(tree))

    @v_args(tree=True)
    def findings_scale(self, tree: Tree) -> FindingsScale:
        return FindingsScale(self._name(tree.children[0]), self._span(tree))

    def yields(self, c: list[Token]) -> tuple[str, Any]:
        return ("yields", str(c[0]))

    @v_args(tree=True)
    def scale(self, tree: Tree) -> ScaleDecl:
        name, *values = tree.children
        return ScaleDecl(self._name(name), tuple(values), self._span(tree))

    @v_args(tree=True)
    def role(self, tree: Tree) -> ir.Role:
        name, *title = tree.children
        return ir.Role(str(name), _unquote(title[0]) if title else None, span=self._span(name))

    def m_unit(self, c: list[Token]) -> tuple[str, Any]:
        return ("unit", _unquote(c[0]))

    def m_range(self, c: list[Fraction]) -> tuple[str, Any]:
        return ("range", (c[0], c[1]))

    @v_args(tree=True)
    def measure(self, tree: Tree) -> ir.Measure:
        name, *rest = tree.children
        title = None
        unit = None
        low = high = None
        for item in rest:
            if isinstance(item, Token):
                title = _unquote(item)
            elif item[0] == "unit":
                unit = item[1]
            else:
                low, high = item[1]
        return ir.Measure(str(name), title, unit, low, high, span=self._span(name))

    # -- rules
    def stated(self, _: list[Any]) -> tuple[str, Any]:
        return ("stated", True)

    def reconstructed(self, c: list[Token]) -> tuple[str, Any]:
        return ("reconstructed", _unquote(c[0]))

    def not_assessed(self, _: list[Any]) -> str:
        return "not_assessed"

    def not_applicable(self, _: list[Any]) -> str:
        return "not_applicable"

    def skip(self, _: list[Any]) -> ir.Policy:
        return ir.Policy.SKIP

    def lowest(self, _: list[Any]) -> ir.Policy:
        return ir.Policy.LOWEST

    def propagate(self, _: list[Any]) -> ir.Policy:
        return ir.Policy.PROPAGATE

    def policy(self, c: list[Any]) -> tuple[str, Any]:
        return (c[0], c[1])

    @v_args(tree=True)
    def category_policy(self, tree: Tree) -> tuple[str, Any]:
        name, action = tree.children
        if isinstance(action, ir.Policy):
            return ("category", ir.CategoryPolicy(_unquote(name), action, span=self._span(name)))
        return ("category", ir.CategoryPolicy(_unquote(name), symbol=action, span=self._span(name)))

    score_category = category_policy  # a score's: the same policy, in a score's braces

    def count_as(self, c: list[Token]) -> str:
        return _unquote(c[0])

    @v_args(tree=True)
    def rule(self, tree: Tree) -> ir.Rule:
        name, *rest = tree.children
        body = rest[-1]
        fields: dict[str, Any] = {}
        sources = []
        title = None
        categories = []
        for item in rest[:-1]:
            if isinstance(item, Token):
                title = _unquote(item)
            elif isinstance(item, ir.SourceRef):
                sources.append(item)
            elif item[0] == "category":
                categories.append(item[1])
            else:
                fields[item[0]] = item[1]
        return ir.Rule(str(name), body, title=title, sources=tuple(sources),
                       span=self._span(name), categories=tuple(categories), **fields)

    @v_args(tree=True)
    def band(self, tree: Tree) -> ir.Band:
        low, high, symbol = tree.children
        return ir.Band(int(low), int(high), _unquote(symbol), span=self._span(tree))

    def sum_rule(self, c: list[ir.Band]) -> ir.SumBands:
        return ir.SumBands(tuple(c))

    @v_args(tree=True)
    def from_(self, tree: Tree) -> ir.Threshold:
        return ir.Threshold(tree.children[0], False, _unquote(tree.children[1]), span=self._span(tree))

    @v_args(tree=True)
    def above(self, tree: Tree) -> ir.Threshold:
        return ir.Threshold(tree.children[0], True, _unquote(tree.children[1]), span=self._span(tree))

    def otherwise(self, c: list[Token]) -> str:
        return _unquote(c[0])

    def thresholds(self, c: list[Any]) -> tuple[tuple[ir.Threshold, ...], str]:
        return tuple(c[:-1]), c[-1]

    def share_rule(self, c: list[Any]) -> ir.ShareThresholds:
        return ir.ShareThresholds(*c[0])

    def mean_rule(self, c: list[Any]) -> ir.MeanThresholds:
        return ir.MeanThresholds(*c[0])

    def weight(self, c: list[Any]) -> tuple[str, Fraction]:
        return (c[0].text, c[1])

    def weighted_rule(self, c: list[Any]) -> ir.Weighted:
        thresholds, otherwise = c[-1]
        return ir.Weighted(tuple(c[:-1]), thresholds, otherwise)

    def worst_rule(self, _: list[Any]) -> ir.Worst:
        return ir.Worst()

    def best_rule(self, _: list[Any]) -> ir.Best:
        return ir.Best()

    def tie_worst(self, _: list[Any]) -> str:
        return "worst"

    def tie_best(self, _: list[Any]) -> str:
        return "best"

    def tie_verdict(self, c: list[Token]) -> str:
        return _unquote(c[0])

    def majority_rule(self, c: list[str]) -> ir.Majority:
        return ir.Majority(c[0]) if c else ir.Majority()

    def at_least_rule(self, c: list[Token]) -> ir.AtLeast:
        k, op, level, then, otherwise = c
        return ir.AtLeast(int(k), str(op), _unquote(level), _unquote(then), _unquote(otherwise))

    def all_rule(self, c: list[Token]) -> ir.AllOf:
        op, level, then, otherwise = c
        return ir.AllOf(str(op), _unquote(level), _unquote(then), _unquote(otherwise))

    def any_rule(self, c: list[Token]) -> ir.AnyOf:
        op, level, then, otherwise = c
        return ir.AnyOf(str(op), _unquote(level), _unquote(then), _unquote(otherwise))

    def on_values(self, _: list[Any]) -> bool:
        return True

    @v_args(tree=True)
    def case(self, tree: Tree) -> ir.Case:
        condition, symbol = tree.children
        return ir.Case(condition, _unquote(symbol), span=self._span(tree))

    def table_rule(self, c: list[Any]) -> ir.Table:
        on_values = bool(c) and c[0] is True
        items = c[1:] if on_values else c
        return ir.Table(tuple(items[:-1]), items[-1], on_values)

    # -- inputs and decisions
    def t_number(self, _: list[Any]) -> ir.Kind:
        return ir.Kind.NUMBER

    def t_truth(self, _: list[Any]) -> ir.Kind:
        return ir.Kind.TRUTH

    def t_text(self, _: list[Any]) -> ir.Kind:
        return ir.Kind.TEXT

    def t_date(self, _: list[Any]) -> ir.Kind:
        return ir.Kind.DATE

    @v_args(tree=True)
    def choices(self, tree: Tree) -> Choices:
        return Choices(tuple(_unquote(t) for t in tree.children), self._span(tree))

    @v_args(tree=True)
    def input_decl(self, tree: Tree) -> ir.InputDecl:
        name, *rest = tree.children
        title = _unquote(rest.pop(0)) if rest and isinstance(rest[0], Token) else None
        kind, *details = rest
        fields = dict(details)
        low, high = fields.get("range", (None, None))
        if isinstance(kind, Choices):
            return ir.InputDecl(str(name), ir.Kind.CATEGORY, title, fields.get("unit"), low, high, kind.labels,
                                span=self._span(name))
        return ir.InputDecl(str(name), kind, title, fields.get("unit"), low, high, span=self._span(name))

    @v_args(tree=True)
    def decision(self, tree: Tree) -> DecisionDecl:
        name, *rest = tree.children
        expr = rest.pop()
        title = _unquote(rest.pop(0)) if rest and isinstance(rest[0], Token) else None
        choices = next((c.labels for c in rest if isinstance(c, Choices)), None)
        fields: dict[str, Any] = dict(m for m in rest if isinstance(m, tuple))
        sources = tuple(m for m in rest if isinstance(m, ir.SourceRef))
        return DecisionDecl(self._name(name), title, expr, choices, fields.get("unit"), bool(fields.get("stated")),
                            fields.get("reconstructed"), sources, self._span(name))

    @v_args(tree=True)
    def not_assessed_lit(self, tree: Tree) -> ir.Unassessed:
        return ir.Unassessed(span=self._span(tree))

    @v_args(tree=True)
    def if_(self, tree: Tree) -> ir.If:
        condition, then, otherwise = tree.children
        return ir.If(condition, then, otherwise, span=self._span(tree))

    @v_args(tree=True)
    def in_list(self, tree: Tree) -> ir.InList:
        operand, *options = tree.children
        return ir.InList(operand, tuple(options), span=self._span(tree))

    @v_args(tree=True)
    def sign(self, tree: Tree) -> ir.Expr:
        op, operand = tree.children
        return operand if str(op) == "+" else ir.Neg(operand, span=self._span(tree))  # type: ignore[return-value]

    def up(self, _: list[Any]) -> ir.Rounding:
        return ir.Rounding.UP

    def down(self, _: list[Any]) -> ir.Rounding:
        return ir.Rounding.DOWN

    def half_up(self, _: list[Any]) -> ir.Rounding:
        return ir.Rounding.HALF_UP

    def half_down(self, _: list[Any]) -> ir.Rounding:
        return ir.Rounding.HALF_DOWN

    def half_even(self, _: list[Any]) -> ir.Rounding:
        return ir.Rounding.HALF_EVEN

    @v_args(tree=True)
    def round_(self, tree: Tree) -> ir.Round:
        mode, operand, step = tree.children
        return ir.Round(operand, step, mode, span=self._span(tree))

    @v_args(tree=True)
    def case_arm(self, tree: Tree) -> ir.Arm:
        *labels, value = tree.children
        return ir.Arm(tuple(_unquote(t) for t in labels), value, span=self._span(tree))

    def otherwise_arm(self, c: list[Any]) -> tuple[str, ir.Expr]:
        return ("otherwise", c[0])

    @v_args(tree=True)
    def case_of(self, tree: Tree) -> ir.CaseOf:
        subject, *arms = tree.children
        otherwise = arms.pop()[1] if arms and isinstance(arms[-1], tuple) else None
        return ir.CaseOf(subject, tuple(arms), otherwise, span=self._span(tree))

    def closed(self, _: list[Any]) -> bool:
        return True

    def open(self, _: list[Any]) -> bool:
        return False

    open_out = open  # `]a..b[`: open ends written with the brackets turned outwards

    def snumber(self, c: list[Any]) -> Fraction | None:
        if len(c) == 2:
            return -c[1] if str(c[0]) == "-" and c[1] is not None else c[1]
        return c[0]

    def between(self, c: list[Any]) -> ir.Interval:
        low_closed, low, high, high_closed = c
        return ir.Interval(low, low_closed, high, high_closed)

    def beyond(self, c: list[Any]) -> ir.Interval:
        op, bound = str(c[0]), c[1]
        if op in (">", ">="):
            return ir.Interval(bound, op == ">=", None, False)
        if op in ("<", "<="):
            return ir.Interval(None, False, bound, op == "<=")
        # `!= x` is no range: an empty interval, which the compiler reports (RN)
        return ir.Interval(bound, True, bound, True) if op == "=" else ir.Interval(bound, False, bound, False)

    @v_args(tree=True)
    def band_arm(self, tree: Tree) -> ir.BandArm:
        interval, value = tree.children
        return ir.BandArm(interval, value, span=self._span(tree))

    @v_args(tree=True)
    def band_of(self, tree: Tree) -> ir.BandOf:
        subject, *arms = tree.children
        otherwise = arms.pop()[1] if arms and isinstance(arms[-1], tuple) else None
        return ir.BandOf(subject, tuple(arms), otherwise, span=self._span(tree))

    # -- decision tables
    def hp_unique(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.UNIQUE

    def hp_any(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.ANY

    def hp_first(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.FIRST

    def hp_priority(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.PRIORITY

    def hp_rule_order(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.RULE_ORDER

    def hp_output_order(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.OUTPUT_ORDER

    def hp_collect(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.COLLECT

    def hp_collect_sum(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.COLLECT_SUM

    def hp_collect_min(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.COLLECT_MIN

    def hp_collect_max(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.COLLECT_MAX

    def hp_collect_count(self, _: list[Any]) -> ir.HitPolicy:
        return ir.HitPolicy.COLLECT_COUNT

    def table_head(self, c: list[Any]) -> Any:
        return c[0]

    def head_cells(self, c: list[Any]) -> tuple[tuple[ir.Expr, ...], tuple[ir.TableOutput, ...]]:
        first, rest = c
        if isinstance(rest, tuple) and len(rest) == 2 and isinstance(rest[0], tuple):
            return (first, *rest[0]), rest[1]
        return (first,), rest

    def out_cols(self, c: list[Any]) -> tuple[ir.TableOutput, ...]:
        return (c[0], *(c[1] if len(c) > 1 else ()))

    @v_args(tree=True)
    def out_col(self, tree: Tree) -> ir.TableOutput:
        name, *kind = tree.children
        if kind and isinstance(kind[0], Choices):
            return ir.TableOutput(str(name), ir.Kind.CATEGORY, kind[0].labels, span=self._span(name))
        return ir.TableOutput(str(name), kind[0] if kind else None, span=self._span(name))

    @v_args(tree=True)
    def table_row(self, tree: Tree) -> ir.TableRow:
        cells = tree.children[0]
        return ir.TableRow(cells.entries, cells.outputs, "", span=self._span(tree))

    def row_cells(self, c: list[Any]) -> _Cells:
        first, rest = c
        if isinstance(rest, _Cells):
            return _Cells((first, *rest.entries), rest.outputs)
        return _Cells((first,), rest.values)

    def out_cells(self, c: list[Any]) -> _OutCells:
        return _OutCells((c[0], *(c[1].values if len(c) > 1 else ())))

    def table_default(self, c: list[Any]) -> tuple[str, tuple[ir.Expr, ...]]:
        return ("default", tuple(c))

    @v_args(tree=True)
    def table_of(self, tree: Tree) -> ir.TableOf:
        policy, head, *rest = tree.children
        rows: list[Any] = list(rest)
        default = rows.pop()[1] if rows and isinstance(rows[-1], tuple) else None
        inputs, outputs = head  # type: ignore[misc]  # (the shaped header: its inputs and outputs)
        labelled = [attrs.evolve(r, label=f"row {n}") for n, r in enumerate(rows, 1)]
        return ir.TableOf(policy, inputs, outputs, tuple(labelled), default, span=self._span(tree))

    def grid_head(self, c: list[Any]) -> tuple[Any, ...]:
        return c[0]

    def grid_head_cells(self, c: list[Any]) -> tuple[Any, ...]:
        return (c[0], *(c[1] if len(c) > 1 else ()))

    @v_args(tree=True)
    def grid_row(self, tree: Tree) -> _GridRow:
        entry, cells = tree.children
        return _GridRow(entry, cells.values, self._span(tree))

    @v_args(tree=True)
    def grid_of(self, tree: Tree) -> ir.TableOf:
        """A two-way table as the rows it stands for: one per cell, its row's entry on the first
        input and its column's on the second."""
        down, across, head, *rows = tree.children
        default = rows.pop()[1] if rows and isinstance(rows[-1], tuple) else None
        out: list[ir.TableRow] = []
        for r, row in enumerate(rows, 1):
            entry, cells, span = row.entry, row.cells, row.span
            for k, cell in enumerate(cells):
                # a row with more cells than the header has columns: the extra ones test nothing,
                # and the compiler reports them (RN730)
                column = head[k] if k < len(head) else (ir.EntryTest("column", span=span),)
                out.append(ir.TableRow((entry, column), (cell,), f"row {r}, column {k + 1}", span=span))
            if len(cells) < len(head):
                out.append(ir.TableRow((entry, (ir.EntryTest("cells", span=span),)), (), f"row {r}", span=span))
        return ir.TableOf(ir.HitPolicy.UNIQUE, (down, across), (ir.TableOutput("value"),), tuple(out), default,
                          grid=True, span=self._span(tree))

    @v_args(tree=True)
    def any_entry(self, tree: Tree) -> tuple[ir.EntryTest, ...]:
        if str(tree.children[0]) == "-":
            return ()
        return (ir.EntryTest("+", span=self._span(tree)),)  # `+` is no entry: the compiler says so (RN731)

    def entry(self, c: list[ir.EntryTest]) -> tuple[ir.EntryTest, ...]:
        return tuple(c)

    @v_args(tree=True)
    def t_compare(self, tree: Tree) -> ir.EntryTest:
        op, value = tree.children
        return ir.EntryTest(str(op), value, span=self._span(tree))

    @v_args(tree=True)
    def t_equal(self, tree: Tree) -> ir.EntryTest:
        return ir.EntryTest("=", tree.children[0], span=self._span(tree))

    @v_args(tree=True)
    def t_not(self, tree: Tree) -> ir.EntryTest:
        return ir.EntryTest("not", tests=tuple(tree.children), span=self._span(tree))

    @v_args(tree=True)
    def t_interval(self, tree: Tree) -> ir.EntryTest:
        low_closed, low, high, high_closed = tree.children
        return ir.EntryTest("in", low=low, low_closed=low_closed, high=high, high_closed=high_closed,
                            span=self._span(tree))

    @v_args(tree=True)
    def t_open_interval(self, tree: Tree) -> ir.EntryTest:
        low, high, high_closed = tree.children
        return ir.EntryTest("in", low=low, low_closed=False, high=high, high_closed=high_closed, span=self._span(tree))

    @v_args(tree=True)
    def bound(self, tree: Tree) -> ir.Expr:
        return ir.Const(tree.children[0], span=self._span(tree))

    @v_args(tree=True)
    def bound_name(self, tree: Tree) -> ir.Expr:
        return ir.Field(str(tree.children[0]), span=self._span(tree))

    @v_args(tree=True)
    def bound_date(self, tree: Tree) -> ir.Expr:
        return ir.DateLit(str(tree.children[0]), span=self._span(tree))

    @v_args(tree=True)
    def bound_call(self, tree: Tree) -> ir.Expr:
        """``date("2024-01-31")`` as an interval's bound; any other name is a function the
        compiler reports (RN711)."""
        name, text = tree.children
        if str(name) == "date":
            return ir.DateLit(_unquote(text), span=self._span(tree))
        return ir.Func(str(name), (ir.VerdictConst(_unquote(text), span=self._span(text)),),
                       span=self._span(tree))

    @v_args(tree=True)
    def date_lit(self, tree: Tree) -> ir.DateLit:
        return ir.DateLit(str(tree.children[0]), span=self._span(tree))

    @v_args(tree=True)
    def true_lit(self, tree: Tree) -> ir.Truth:
        return ir.Truth(True, span=self._span(tree))

    @v_args(tree=True)
    def false_lit(self, tree: Tree) -> ir.Truth:
        return ir.Truth(False, span=self._span(tree))

    @v_args(tree=True)
    def member(self, tree: Tree) -> ir.Member:
        name, field = tree.children
        return ir.Member(ir.Field(str(name), span=self._span(name)), str(field), span=self._span(tree))

    # -- expressions
    @v_args(tree=True)
    def or_(self, tree: Tree) -> ir.BoolOp:
        return self._boolop("or", tree)

    @v_args(tree=True)
    def and_(self, tree: Tree) -> ir.BoolOp:
        return self._boolop("and", tree)

    def _boolop(self, op: str, tree: Tree) -> ir.BoolOp:
        operands: list[ir.Expr] = []
        for child in tree.children:
            if isinstance(child, ir.BoolOp) and child.op == op:
                operands.extend(child.operands)
            else:
                operands.append(child)
        return ir.BoolOp(op, tuple(operands), span=self._span(tree))

    @v_args(tree=True)
    def not_(self, tree: Tree) -> ir.Not:
        return ir.Not(tree.children[0], span=self._span(tree))

    @v_args(tree=True)
    def compare(self, tree: Tree) -> ir.Compare:
        left, op, right = tree.children
        return ir.Compare(str(op), left, right, span=self._span(tree))

    @v_args(tree=True)
    def arith(self, tree: Tree) -> ir.Arith:
        left, op, right = tree.children
        return ir.Arith(str(op), left, right, span=self._span(tree))

    @v_args(tree=True)
    def int_lit(self, tree: Tree) -> ir.Const:
        return ir.Const(Fraction(int(tree.children[0])), span=self._span(tree))

    @v_args(tree=True)
    def decimal_lit(self, tree: Tree) -> ir.Const:
        return ir.Const(Fraction(str(tree.children[0])), span=self._span(tree))

    @v_args(tree=True)
    def verdict_lit(self, tree: Tree) -> ir.VerdictConst:
        return ir.VerdictConst(_unquote(tree.children[0]), span=self._span(tree))

    @v_args(tree=True)
    def field(self, tree: Tree) -> ir.Field:
        return ir.Field(str(tree.children[0]), span=self._span(tree))

    def by_entity(self, _: list[Any]) -> str:
        return "by_entity"

    def of_target(self, c: list[Name]) -> tuple[str, str]:
        return ("of", ".".join(n.text for n in c))

    def of_parts(self, _: list[Any]) -> tuple[str, str]:
        return ("of", ir.OF_PARTS)

    def of_norms(self, _: list[Any]) -> tuple[str, str]:
        return ("of", ir.OF_NORMS)

    # -- outcome categories
    @v_args(tree=True)
    def outcome_decl(self, tree: Tree) -> OutcomeDecl:
        name, *rest = tree.children
        as_ = rest.pop()
        label = rest[0] if rest else None
        symbol, status = (as_[1], None) if as_[0] == "value" else (None, as_[0])
        return OutcomeDecl(_unquote(name), label, symbol, status, self._span(name))

    def outcome_value(self, c: list[Token]) -> tuple[str, str]:
        return ("value", _unquote(c[0]))

    def outcome_not_applicable(self, _: list[Any]) -> tuple[str, None]:
        return ("not_applicable", None)

    def outcome_not_assessed(self, _: list[Any]) -> tuple[str, None]:
        return ("not_assessed", None)

    # -- trees and scores
    def weight_of(self, c: list[Any]) -> tuple[str, Fraction]:
        return ("weight", c[0])

    def group_verdict(self, c: list[RuleRef]) -> tuple[str, RuleRef]:
        return ("group_verdict", c[0])

    def groups_by(self, c: list[RuleRef]) -> tuple[str, RuleRef]:
        return ("groups_by", c[0])

    @v_args(tree=True)
    def group(self, tree: Tree) -> GroupDecl:
        ident, title, *items = tree.children
        weight = next((m[1] for m in items if isinstance(m, tuple) and m[0] == "weight"), Fraction(1))
        return GroupDecl(
            ident, _unquote(title),
            tuple(r for m in items if isinstance(m, Applies) for r in m.roles),
            tuple(m for m in items if isinstance(m, ir.SourceRef)),
            weight,
            tuple(m for m in items if isinstance(m, (NormDecl, GroupDecl))),
            tuple(m[1] for m in items if isinstance(m, tuple) and m[0] == "group_verdict"),
            ident.span)

    def score_at_norm(self, c: list[Any]) -> tuple[str, Any]:
        return ("norm", c[0])

    def score_at_group(self, c: list[Any]) -> tuple[str, Any]:
        return ("group", c[0])

    def score_empty(self, c: list[Any]) -> tuple[str, Any]:
        return ("empty", c[0])

    @v_args(tree=True)
    def score_simple(self, tree: Tree) -> ScoreDecl:
        name, *rest = tree.children
        title = _unquote(rest[0]) if len(rest) == 2 else None
        return ScoreDecl(self._name(name), title, rest[-1], None, None, (), self._span(name))

    @v_args(tree=True)
    def score_levels(self, tree: Tree) -> ScoreDecl:
        name, *rest = tree.children  # type: Any, list[Any]
        title = _unquote(rest.pop(0)) if rest and isinstance(rest[0], Token) else None
        levels: dict[str, Any] = {}
        repeated = []
        categories = tuple(item for kind, item in rest if kind == "category")
        for level, expr in rest:
            if level == "category":
                continue
            if level in levels:
                repeated.append(expr.span)
            levels.setdefault(level, expr)
        return ScoreDecl(self._name(name), title, levels.get("group"), levels.get("norm"), levels.get("empty"),
                         tuple(repeated), self._span(name), categories)

    @v_args(tree=True)
    def call(self, tree: Tree) -> ir.Call | ir.Func | ir.DateLit:
        name, *rest = tree.children
        of = next((a[1] for a in rest if isinstance(a, tuple) and a[0] == "of"), None)
        if of is not None:
            argument = rest[0] if len(rest) == 2 else None
            return ir.Call(str(name), argument, False, span=self._span(tree), of=of)
        by_entity = "by_entity" in rest
        args = [a for a in rest if a != "by_entity"]
        if str(name) == "date" and len(args) == 1 and isinstance(args[0], ir.VerdictConst) and not by_entity:
            return ir.DateLit(args[0].symbol, span=self._span(tree))  # DMN's date literal
        if len(args) > 1 or str(name) == "abs":  # min/max of several values, abs: functions, not aggregates
            return ir.Func(str(name), tuple(args), span=self._span(tree))
        return ir.Call(str(name), args[0] if args else None, by_entity, span=self._span(tree))

    # -- structure
    @v_args(tree=True)
    def named_rule(self, tree: Tree) -> RuleRef:
        return RuleRef(self._name(tree.children[0]), None, self._span(tree))

    @v_args(tree=True)
    def inline_rule(self, tree: Tree) -> RuleRef:
        span = self._span(tree)
        rule = ir.Rule(f"(inline rule at line {span.line})", tree.children[0], span=span)
        return RuleRef(None, rule, span)

    @v_args(tree=True)
    def verdict_from_aspects(self, tree: Tree) -> VerdictDecl:
        return VerdictDecl("aspects", tree.children[0], None, self._span(tree))

    @v_args(tree=True)
    def verdict_from_measure(self, tree: Tree) -> VerdictDecl:
        measure, rule = tree.children
        return VerdictDecl("measure", rule, self._name(measure), self._span(tree))

    @v_args(tree=True)
    def verdict_from_findings(self, tree: Tree) -> VerdictDecl:
        return VerdictDecl("findings", None, None, self._span(tree))

    @v_args(tree=True)
    def aspect(self, tree: Tree) -> AspectDecl:
        ident, text, *meta = tree.children
        roles = tuple(r for m in meta if isinstance(m, Applies) for r in m.roles)
        sources = tuple(m for m in meta if isinstance(m, ir.SourceRef))
        return AspectDecl(ident, _unquote(text), roles, sources, self._span(tree))

    @v_args(tree=True)
    def norm(self, tree: Tree) -> NormDecl:
        ident, title, *items = tree.children
        return NormDecl(
            ident,
            _unquote(title),
            tuple(r for m in items if isinstance(m, Applies) for r in m.roles),
            tuple(m for m in items if isinstance(m, ir.SourceRef)),
            tuple(m for m in items if isinstance(m, AspectDecl)),
            tuple(m for m in items if isinstance(m, VerdictDecl)),
            tuple(m for m in items if isinstance(m, ir.Measure)),
            ident.span,
            next((m[1] for m in items if isinstance(m, tuple) and m[0] == "weight"), Fraction(1)),
            tuple(m for m in items if isinstance(m, FindingsScale)),
        )

    def norms_by(self, c: list[RuleRef]) -> tuple[str, RuleRef]:
        return ("norms_by", c[0])

    def total_by(self, c: list[RuleRef]) -> tuple[str, RuleRef]:
        return ("total_by", c[0])

    def across_by(self, c: list[RuleRef]) -> tuple[str, RuleRef]:
        return ("across_by", c[0])

    @v_args(tree=True)
    def normenkader(self, tree: Tree) -> NormenkaderDecl:
        name, title, *items = tree.children
        refs: dict[str, list[RuleRef]] = {"norms_by": [], "total_by": [], "across_by": [], "groups_by": []}
        for item in items:
            if isinstance(item, tuple):
                refs[item[0]].append(item[1])
        norms: list[NormDecl] = []
        groups: list[GroupDecl] = []
        top = _flatten([m for m in items if isinstance(m, (NormDecl, GroupDecl))], "", norms, groups)
        return NormenkaderDecl(
            self._name(name),
            _unquote(title),
            tuple(r for m in items if isinstance(m, Applies) for r in m.roles),
            tuple(m for m in items if isinstance(m, ir.SourceRef)),
            tuple(norms),
            tuple(m for m in items if isinstance(m, ir.Measure)),
            tuple(refs["norms_by"]),
            tuple(refs["total_by"]),
            tuple(refs["across_by"]),
            self._span(name),
            groups=tuple(groups),
            top=tuple(top) if groups else (),
            groups_by=tuple(refs["groups_by"]),
            scores=tuple(m for m in items if isinstance(m, ScoreDecl)),
            findings=tuple(m for m in items if isinstance(m, FindingsScale)),
        )

    def start(self, children: list[Any]) -> list[Any]:
        # the `language` header chose the keyword table before parsing; it declares nothing
        return [c for c in children if not (isinstance(c, Tree) and c.data == "language")]


def _flatten(items: list[Any], prefix: str, norms: list[NormDecl], groups: list[GroupDecl]) -> list[str]:
    """Norms and groups inside a normenkader, flattened: each norm's id becomes its dotted path, each
    group follows the groups inside it (the order they are judged in). The ids of ``items``."""
    ids = []
    for item in items:
        path = Name(prefix + item.id.text, item.id.span)
        if isinstance(item, NormDecl):
            norms.append(attrs.evolve(item, id=path))
        else:
            children = _flatten(list(item.items), path.text + ".", norms, groups)
            groups.append(attrs.evolve(item, id=path, children=tuple(children)))
        ids.append(path.text)
    return ids
