# mypy: disable-error-code="union-attr,index,arg-type"
# (Lark trees are untyped: the walk knows a node's children by the grammar, not by their types.)
"""The definitions and references of a compile's files, read from their parse trees.

Every declared thing — the framework, the scale and its values, roles, measures, rules, inputs,
decisions, normenkaders, norms and toetsaspecten — is a :class:`Symbol` under a key that says
what it is (``rule:puntentelling``, ``norm:opzet.1``, ``value:+/-``); every place a name is
written is an :class:`Occurrence` of a key: the declaration itself, and each reference (``by
puntentelling``, ``for procesregie``, ``verdict from measure m by r``, a decision's inputs, ``of
opzet.1`` and a rule's verdicts ``-> "+"``). The trees are the parser's, so the index needs no
compile without errors: a file whose text parses is indexed whatever its other problems.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import attrs
from lark import Token, Tree

from ..source import Span

#: Which tree nodes declare what (the kind shown in the outline and the hover).
DECLARATIONS = {"framework": "framework", "scale": "scale", "role": "role", "measure": "measure", "rule": "rule",
                "input_decl": "input", "decision": "decision", "normenkader": "normenkader", "group": "group",
                "norm": "norm", "aspect": "aspect", "score": "score", "outcome_decl": "outcome", "profile": "profile"}

#: Tree labels that stand for a grammar rule of another name (its alternatives' aliases).
_ALIASES = {"score_simple": "score", "score_levels": "score"}

#: What a normenkader's tree holds: the nodes declared inside it (groups nest to any depth).
_INSIDE = ("group", "norm", "aspect", "measure", "score_simple", "score_levels")

#: Nodes in a rule body whose quoted texts are verdicts on the scale.
_VERDICT_NODES = frozenset({"band", "from_", "above", "otherwise", "tie_verdict", "case", "at_least_rule",
                            "all_rule", "any_rule", "verdict_lit", "outcome_value"})


@attrs.frozen
class Symbol:
    """A declared thing."""

    kind: str
    key: str
    name: str
    #: Its span: the name as written in its declaration.
    span: Span
    #: The whole declaration.
    extent: Span
    title: str | None = None
    sources: tuple[str, ...] = ()
    detail: str | None = None


@attrs.frozen
class Occurrence:
    """A place a symbol's name is written."""

    key: str
    span: Span
    #: The name as written here (a scale value: without the quotes; it may be an alias).
    text: str
    definition: bool
    #: The span covers a quoted text (a scale value): a new name is written in quotes.
    quoted: bool = False


@attrs.frozen
class Node:
    """A symbol with what it contains, for a document's outline."""

    symbol: Symbol
    children: tuple[Node, ...] = ()


def unquote(token: Token | str) -> str:
    """A quoted text's content (the grammar's escapes: ``\\"``, ``\\\\``, ``\\n``, ``\\t``)."""
    text, out, n = str(token)[1:-1], [], 0
    while n < len(text):
        if text[n] == "\\" and n + 1 < len(text):
            out.append({"n": "\n", "t": "\t"}.get(text[n + 1], text[n + 1]))
            n += 2
        else:
            out.append(text[n])
            n += 1
    return "".join(out)


def _span(path: str, node: Tree | Token) -> Span:
    if isinstance(node, Token):
        line, column = node.line or 1, node.column or 1
        return Span(path, line, column, node.end_line or line, node.end_column or column + 1)
    meta = node.meta
    if getattr(meta, "empty", True):
        return Span.point(path, 1)
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


def _source_text(tree: Tree) -> str:
    parts = [unquote(tree.children[0])]
    for detail in tree.children[1:]:
        word = {"src_table": "table", "src_footnote": "footnote", "src_page": "page", "src_line": "line"}[detail.data]
        value = detail.children[0]
        parts.append(f"{word} {unquote(value) if value.type == 'STRING' else value}")
    return ", ".join(parts)


class _FileWalk:
    """One file's declarations and references; names are resolved by :class:`Index` afterwards."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.symbols: list[Symbol] = []
        self.outline: list[Node] = []
        #: (candidate keys in order of preference, occurrence without key)
        self.references: list[tuple[tuple[str, ...], Occurrence]] = []
        self.aliases: dict[str, str] = {}

    def walk(self, tree: Tree) -> None:
        for item in tree.children:
            if isinstance(item, Tree):
                node = self.declaration(item, None)
                if node is not None:
                    self.outline.append(node)

    def declaration(self, tree: Tree, path: str | None) -> Node | None:
        """A declaration and what it holds; ``path`` is the dotted id of the node it stands in
        (``opzet``, ``benchmark.system``, ``opzet.1`` for a toetsaspect), None at the top."""
        kind = DECLARATIONS.get(_ALIASES.get(tree.data, tree.data))
        if kind is None:
            self.scan(tree, in_rule=False)
            return None
        first = tree.children[0]
        token = first.children[0] if isinstance(first, Tree) else first  # norm, group and aspect ids are `ident`
        quoted = kind == "outcome"  # an outcome category is named by a quoted text
        name = unquote(token) if quoted else str(token)
        strings = [c for c in tree.children[1:] if isinstance(c, Token) and c.type == "STRING"]
        title = unquote(strings[0]) if strings else None
        metas = [c for c in tree.children if isinstance(c, Tree)]
        if kind == "outcome" and metas and metas[0].data == "label":
            label = metas[0].children[0]
            title = unquote(label) if label.type == "STRING" else str(label)
        sources = tuple(_source_text(m) for m in metas if m.data == "source")
        nk = path.split(".")[0] if path else None
        key = {"group": f"group:{path}.{name}", "norm": f"norm:{path}.{name}", "aspect": f"aspect:{path}.{name}",
               "score": f"score:{nk}.{name}"}.get(kind, f"{kind}:{name}")
        children: list[Node] = []
        detail = None
        if kind == "scale":
            for value in metas:
                children.append(self.scale_value(value))
        elif kind in ("normenkader", "group", "norm"):
            inner = name if kind == "normenkader" else f"{path}.{name}"
            for item in metas:
                if item.data in _INSIDE:
                    child = self.declaration(item, inner)
                    if child is not None:
                        children.append(child)
                elif item.data != "source":
                    self.scan(item, in_rule=item.data in ("norms_by", "groups_by", "total_by", "across_by",
                                                          "verdict_from_aspects", "verdict_from_measure", "group_verdict"),
                              nk=inner.split(".")[0])
        elif kind in ("rule", "decision", "input", "measure", "aspect", "role", "framework", "score", "outcome", "profile"):
            for item in metas:
                if item.data != "source":
                    self.scan(item, in_rule=kind in ("rule", "outcome"), nk=nk)
            if kind == "input":
                typed = next((m for m in metas if m.data in ("t_number", "t_truth", "t_text", "t_date", "choices")), None)
                if typed is not None:
                    detail = {"t_number": "a number", "t_truth": "a truth", "t_text": "a text", "t_date": "a date"}.get(
                        typed.data) or "one of " + ", ".join(str(c) for c in typed.children)
        symbol = Symbol(kind, key, name, _span(self.path, token), _span(self.path, tree), title, sources, detail)
        self.symbols.append(symbol)
        self.references.append(((key,), Occurrence(key, symbol.span, name, True, quoted=quoted)))
        return Node(symbol, tuple(children))

    def scale_value(self, tree: Tree) -> Node:
        symbol_token, label, points, *rest = tree.children
        symbol = unquote(symbol_token)
        key = f"value:{symbol}"
        label_token = label.children[0]
        words = unquote(label_token) if label_token.type == "STRING" else str(label_token)
        aliases = [unquote(t) for t in rest[0].children] if rest else []
        for alias in aliases:
            self.aliases[alias] = symbol
        written = "/".join(str(t) for t in points.children) if isinstance(points, Tree) else str(points)  # 2, 2.5, 5/2
        detail = f"{written} points" + (f", also written {', '.join(repr(a) for a in aliases)}" if aliases else "")
        made = Symbol("value", key, symbol, _span(self.path, symbol_token), _span(self.path, tree), words, (), detail)
        self.symbols.append(made)
        self.references.append(((key,), Occurrence(key, made.span, symbol, True, quoted=True)))
        return Node(made)

    def scan(self, tree: Tree, *, in_rule: bool, nk: str | None = None) -> None:
        """References anywhere below ``tree`` (no recursion: conditions may nest deep)."""
        todo: list[tuple[Tree, bool]] = [(tree, in_rule)]
        while todo:
            node, rule = todo.pop()
            data = node.data
            children = node.children
            if data == "named_rule":
                self.refer(("rule:{}",), children[0])
            elif data == "applies":
                for token in children:
                    self.refer(("role:{}",), token)
            elif data == "verdict_from_measure":
                self.refer(("measure:{}",), children[0])
            elif data == "field":  # in a score, the normenkader's other scores by name too
                self.refer(("input:{}", "decision:{}", "measure:{}", *((f"score:{nk}.{{}}",) if nk else ())), children[0])
            elif data == "of_target":
                parts = [c.children[0] for c in children]
                for n, token in enumerate(parts):
                    prefix = ".".join(str(t) for t in parts[:n])
                    kinds = ("group", "norm", "aspect") if n else ("normenkader",)
                    self.refer(tuple(f"{kind}:{prefix + '.' if prefix else ''}{{}}" for kind in kinds), token)
            elif data == "inline_rule":
                rule = True
            if rule and data in _VERDICT_NODES:
                for token in children:
                    if isinstance(token, Token) and token.type == "STRING":
                        self.refer(("value:{}",), token, quoted=True)
            todo.extend((c, rule) for c in reversed(children) if isinstance(c, Tree))

    def refer(self, patterns: tuple[str, ...], token: Token, *, quoted: bool = False) -> None:
        text = unquote(token) if quoted else str(token)
        keys = tuple(p.format(text) for p in patterns)
        self.references.append((keys, Occurrence("", _span(self.path, token), text, False, quoted=quoted)))


class Index:
    """The symbols and occurrences of a set of files (a main file and its includes)."""

    def __init__(self) -> None:
        self.symbols: dict[str, Symbol] = {}
        self.occurrences: dict[str, list[Occurrence]] = defaultdict(list)
        self.outlines: dict[str, tuple[Node, ...]] = {}
        self._pending: list[tuple[tuple[str, ...], Occurrence]] = []
        self._aliases: dict[str, str] = {}

    def add(self, path: str, tree: Tree) -> None:
        """Index one file's parse tree (``path`` as its spans name it)."""
        walk = _FileWalk(path)
        walk.walk(tree)
        for symbol in walk.symbols:
            self.symbols.setdefault(symbol.key, symbol)  # an aspect declared per role: the first
        self._pending.extend(walk.references)
        self._aliases.update(walk.aliases)
        self.outlines[path] = tuple(walk.outline)

    def resolve(self) -> Index:
        """Attach every reference to the first of its candidate keys that is declared."""
        for keys, occurrence in self._pending:
            if occurrence.definition:
                self.occurrences[keys[0]].append(attrs.evolve(occurrence, key=keys[0]))
                continue
            for key in keys:
                if key.startswith("value:") and key not in self.symbols:
                    key = "value:" + self._aliases.get(key[6:], key[6:])
                if key in self.symbols:
                    self.occurrences[key].append(attrs.evolve(occurrence, key=key))
                    break
        self._pending = []
        return self

    def at(self, path: str, line: int, column: int) -> Occurrence | None:
        """The occurrence under a 1-based line and column of a file, if any."""
        from .positions import contains

        for found in self.all_occurrences():
            if found.span.path == path and contains(found.span, line, column):
                return found
        return None

    def all_occurrences(self) -> Iterator[Occurrence]:
        for found in self.occurrences.values():
            yield from found

    def references(self, key: str, *, declaration: bool = True) -> list[Occurrence]:
        """Every place ``key`` is written, in file and line order."""
        found = [o for o in self.occurrences.get(key, ()) if declaration or not o.definition]
        return sorted(found, key=lambda o: (o.span.path, o.span.line, o.span.column))

    def named(self, kinds: Iterable[str]) -> list[Symbol]:
        """The declared symbols of some kinds, by name."""
        wanted = set(kinds)
        return sorted((s for s in self.symbols.values() if s.kind in wanted), key=lambda s: (s.kind, s.name))
