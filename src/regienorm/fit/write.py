"""``regienorm fit --write``: the chosen values put into the framework through the formatter.

The file is parsed as ``regienorm fmt`` parses it, the rule's tree gets the new numbers (a
threshold's bound, a weight, a band's bounds, a table's constant, each found where the compiled
rule says it is written) and a ``reconstructed "…"`` note that says what the fit found (the region,
the count, the source tables and leave one table out), and the formatter writes the tree in its
canonical layout, comments kept. A file that was canonical stays so (``regienorm fmt --check``
passes); one that was not comes out formatted. The new text is compiled again, and refused unless
the rule compiles to the chosen values.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import ir
from ..diagnostics import error
from ..errors import RegienormError
from ..files import decode, read_limited
from ..semantics.reasons import fraction_text
from ..source import Source, Span
from .parameters import CONSTANT, CUT, THRESHOLD, WEIGHT, Parameter, parameters
from .places import uses
from .report import names
from .result import Fit, region_text


def _written(value: Fraction) -> str:
    """A number as the language reads it back exactly: whole, a short decimal, or a fraction."""
    if value.denominator == 1:
        return str(value.numerator)
    text = fraction_text(value)
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"


def note(result: Fit, chosen: Sequence[tuple[Parameter, Fraction]], lang: str = "en") -> str:
    """What the ``reconstructed`` note says: the region the chosen values lie in, the count, the
    tables, and prediction."""
    values = [v for _, v in chosen]
    region = next((r for r in result.regions if r.contains(values)), result.regions[0])
    tables = ", ".join(sorted({o.table or "?" for o in result.observations}))
    parts = [_part(p, region_text(p, i), lang) for p, i in zip(result.parameters, region.intervals, strict=True)]
    if region.constraints:
        parts[-1] += (" waar " if lang == "nl" else " where ") + ", ".join(c.text(names(result)) for c in region.constraints)
    right, _, _ = result.predicted
    total = len(result.observations)
    if lang == "nl":
        text = (f"gefit door regienorm fit: {'; '.join(parts)}; reproduceert {region.reproduced} van {total} afgedrukte "
                f"oordelen ({tables})")
        if len(result.regions) > 1:
            text += f"; één van {len(result.regions)} beste gebieden"
        if result.predictions:
            text += f"; één tabel weglaten: {right} van {total} goed voorspeld"
    else:
        text = f"fitted by regienorm fit: {'; '.join(parts)}; reproduces {region.reproduced} of {total} printed verdicts ({tables})"
        if len(result.regions) > 1:
            text += f"; one of {len(result.regions)} best regions"
        if result.predictions:
            text += f"; leave one table out: {right} of {total} predicted right"
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _part(parameter: Parameter, interval: str, lang: str) -> str:
    """``from t -> + for t in (2/3, 7/10]``; a band boundary, a weight or a constant: its label ``in`` the interval."""
    if parameter.kind == THRESHOLD:
        word, _, rest = parameter.label.partition(" ")
        return f"{word} t -> {rest.split(' -> ', 1)[1]} {'voor' if lang == 'nl' else 'for'} t in {interval}"
    return f"{parameter.label} in {interval}"


def _fail(message: str, span: Span | None, help: str) -> RegienormError:
    return RegienormError([error("RN901", message, span, help)])


# ------------------------------------------------------------------------------------ the tree
def _tree() -> Any:
    from lark import Token, Tree  # the formatter brings Lark: only when writing

    return Token, Tree


def _number(value: Fraction, like: Any) -> Any:
    """``value`` as the grammar's ``number`` (outside expressions), positioned as ``like``."""
    Token, Tree = _tree()
    text = _written(value)
    if "/" in text:
        top, bottom = text.split("/")
        return Tree("number", [Token.new_borrow_pos("INT", top, like), Token.new_borrow_pos("INT", bottom, like)])
    return Tree("number", [Token.new_borrow_pos("DECIMAL" if "." in text else "INT", text, like)])


def _literal(value: Fraction, like: Any) -> Any:
    """``value`` as an expression: ``50``, ``0.5`` or ``1/2`` (two whole numbers divided)."""
    Token, Tree = _tree()
    text = _written(value)
    if "/" in text:
        top, bottom = text.split("/")
        return Tree("arith", [Tree("int_lit", [Token.new_borrow_pos("INT", top, like)]), Token.new_borrow_pos("MULOP", "/", like),
                              Tree("int_lit", [Token.new_borrow_pos("INT", bottom, like)])])
    kind = "DECIMAL" if "." in text else "INT"
    return Tree("decimal_lit" if kind == "DECIMAL" else "int_lit", [Token.new_borrow_pos(kind, text, like)])


def _first_token(node: Any) -> Any:
    Token, _ = _tree()
    while not isinstance(node, Token):
        node = node.children[0]
    return node


def _at(node: Any, span: Span, new: Any) -> Any:
    """``node`` with the subtree written exactly at ``span`` replaced by ``new(subtree)``."""
    Token, Tree = _tree()
    if isinstance(node, Token):
        return node
    meta = node.meta
    if not getattr(meta, "empty", True) and (meta.line, meta.column, meta.end_line, meta.end_column) == \
            (span.line, span.column, span.end_line, span.end_column):
        return new(node)
    return Tree(node.data, [_at(child, span, new) for child in node.children], node.meta)


def _body(rule_tree: Any) -> Any:
    return rule_tree.children[-1]


def _edit_rule(rule_tree: Any, rule: ir.Rule, chosen: Sequence[tuple[Parameter, Fraction]], reconstructed: str) -> Any:
    Token, Tree = _tree()
    body = _body(rule_tree)
    for parameter, value in chosen:
        if parameter.kind == THRESHOLD:
            thresholds = body.children[-1]
            item = thresholds.children[parameter.where]
            thresholds = Tree("thresholds", [*thresholds.children[:parameter.where],
                                             Tree(item.data, [_number(value, _first_token(item.children[0])), *item.children[1:]], item.meta),
                                             *thresholds.children[parameter.where + 1:]], thresholds.meta)
            body = Tree(body.data, [*body.children[:-1], thresholds], body.meta)
        elif parameter.kind == WEIGHT and parameter.where < len(body.children) - 1:
            item = body.children[parameter.where]
            weight = Tree("weight", [item.children[0], _number(value, _first_token(item.children[1]))], item.meta)
            body = Tree(body.data, [*body.children[:parameter.where], weight, *body.children[parameter.where + 1:]], body.meta)
        elif parameter.kind == WEIGHT:  # a node's declared weight, which the rule did not name: now it does
            like = _first_token(body.children[-1])
            name = rule.body.weights[parameter.where][0]  # type: ignore[union-attr]
            weight = Tree("weight", [Tree("ident", [Token.new_borrow_pos("NAME", name, like)]), _number(value, like)])
            body = Tree(body.data, [*body.children[:-1], weight, body.children[-1]], body.meta)
        elif parameter.kind == CUT:
            bands = list(body.children)
            below, above = bands[parameter.where], bands[parameter.where + 1]
            low, high, symbol = below.children
            bands[parameter.where] = Tree("band", [low, Token.new_borrow_pos("INT", str(int(value) - 1), high), symbol], below.meta)
            low, high, symbol = above.children
            bands[parameter.where + 1] = Tree("band", [Token.new_borrow_pos("INT", str(int(value)), low), high, symbol], above.meta)
            body = Tree(body.data, bands, body.meta)
        else:
            assert parameter.kind == CONSTANT and parameter.span is not None
            body = _at(body, parameter.span, lambda old, value=value: _literal(value, _first_token(old)))
    head = list(rule_tree.children[:-1])
    text = f'"{reconstructed}"'
    at = next((n for n, c in enumerate(head) if isinstance(c, Tree) and c.data == "reconstructed"), None)
    if at is not None:
        head[at] = Tree("reconstructed", [Token.new_borrow_pos("STRING", text, head[at].children[0])], head[at].meta)
    else:  # after the name and title, before the sources and policies
        at = 2 if len(head) > 1 and isinstance(head[1], Token) and head[1].type == "STRING" else 1
        head.insert(at, Tree("reconstructed", [Token.new_borrow_pos("STRING", text, head[0])]))
    return Tree("rule", [*head, body], rule_tree.meta)


def rewrite(source: Source, rule: ir.Rule, chosen: Sequence[tuple[Parameter, Fraction]], reconstructed: str) -> str:
    """``source`` with the chosen values in ``rule`` and its ``reconstructed`` note, as the formatter writes it."""
    from ..language.format import format_source  # the formatter brings Lark: only when writing

    Token, Tree = _tree()
    if rule.span is None:
        raise _fail(f"rule `{rule.id}` is written inline; --write changes named rules", None,
                    "name the rule (`rule NAME = …`) and use it by name")
    changed = [(p, v) for p, v in chosen if v != p.value]

    def edit(tree: Any) -> Any:
        children = []
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "rule" and str(child.children[0]) == rule.id:
                child = _edit_rule(child, rule, changed, reconstructed)
            children.append(child)
        return Tree(tree.data, children, tree.meta)

    return format_source(source, edit=edit)


def as_used(framework: ir.Framework, rule: ir.Rule) -> ir.Rule:
    used = uses(framework, rule.id)
    return used[0] if len(used) == 1 else rule


def _key(parameter: Parameter) -> object:
    """A parameter across the rewrite: a weight by its name (a node's weight written into the rule
    moves among the weights), the others by number."""
    return parameter.label if parameter.kind == WEIGHT else parameter.index


def write(path: Path, result: Fit, chosen: Sequence[tuple[Parameter, Fraction]], lang: str = "en") -> tuple[str, ir.Framework]:
    """The framework file's new text and the framework compiled from it. Refuses a rule the
    source states (a stated rule is not reconstructed), a rule written in another file, and text
    that does not compile back to the chosen values."""
    from ..compiler.driver import compile_text  # the compiler brings Lark: only when writing

    rule = result.rule
    if rule.stated:
        raise _fail(f"rule `{rule.id}` is stated by the source; --write changes only rules that are not", rule.span,
                    "fit it without --write to see how well the stated rule fits")
    if rule.span is None or Path(rule.span.path).resolve() != path.resolve():
        raise _fail(f"rule `{rule.id}` is not written in `{path}`", rule.span,
                    "run --write on the file that declares the rule")
    if not result.regions:
        raise _fail(f"nothing to write for `{rule.id}`: no printed verdicts are recorded where it decides", rule.span,
                    "give evidence with recorded verdicts at the places the rule decides")
    from ..compiler.loader import MAX_FILE_BYTES

    source = decode(read_limited(path, MAX_FILE_BYTES), rule.span.path)  # read as the compiler read it
    new_text = rewrite(source, rule, chosen, note(result, chosen, lang))
    framework = compile_text(new_text, str(path))
    written = next((r for r in framework.every_rule() if r.id == rule.id), None)
    got = {_key(p): p.value for p in parameters(as_used(framework, written))} if written is not None else {}
    want = {_key(p): v for p, v in chosen}
    if any(got.get(k) != v for k, v in want.items()):
        raise _fail(f"the rewritten rule `{rule.id}` does not compile back to the chosen values", rule.span,
                    "report this as a bug in regienorm fit; the file is left as it was")
    return new_text, framework
