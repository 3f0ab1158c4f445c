# mypy: disable-error-code="union-attr,index,arg-type"
# (Lark trees are untyped: an unparser case knows its children by the grammar, not by their types.)
"""Framework text -> the same framework in its one canonical layout (``regienorm fmt``).

An unparser of the parsed tree, not a rewriter of the text: the file is parsed (with a second
parser that hands over the comments the grammar ignores), every tree node is written back by the
case for its rule (``_Unparser.u_<rule>``; a test fails when a rule of the grammar has none), and
the comments are put back by line. Keywords are written from a keyword table, so translating a file
between English and Dutch is formatting it with the other table.

Past the usual size on purpose, like :mod:`.shape`: one case per grammar rule on one unparser, so a
test can check that every rule of the grammar has its case; the cases are short and read against
the grammar, not against each other.

The layout: one declaration per line, indented two spaces a level; the entries of a block
(norms, aspects, scale values, table rows) one a line, `;` left out; bands, thresholds and case
arms on one line when it fits in :data:`WIDTH` and holds no comment, else one a line (with `;`
between the arms of a `band`, where the next arm could otherwise continue an expression). A
rule's reconstruction note, sources and policies on lines of their own under it, then ``= body``;
a normenkader's or norm's sources on its line when they fit, else under it with `{` on a line of
its own; an aspect's sources under it. A decision's expression on its line when it fits, else
under it. Scale values in aligned columns; one space around operators and arrows; brackets only
where the expression needs them. Names, numbers and quoted texts are kept as written, and the
order of everything. Blank lines between entries are kept (several as one); a comment on a line
of its own stays before what followed it, a comment at the end of a line at the end of its line.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping

import attrs
from lark import Token, Tree

from ..diagnostics import Diagnostic, error
from ..errors import FrameworkError
from ..source import Source, Span
from . import keywords
from .parser import parse_with_comments, rule_name_clash

INDENT = "  "

#: No line is longer than this where a break is possible: a block of bands, thresholds or case arms
#: stays on its line when it fits (and no comment is inside it), a decision's expression moves
#: under its header when it fits there, and an expression still too long is broken (:func:`_wrap`).
WIDTH = 100

#: How far a broken expression's continuation lines are indented, beyond its first line: two
#: levels, so that a continuation never reads as an entry of the block.
CONTINUED = 2


@attrs.define
class _Line:
    depth: int
    text: str
    src: int  # the source line its first node came from
    end: int  # the last source line its content came from
    closes: bool = False  # a `}` line
    comment: str | None = None  # a comment at its end
    anchor: bool = True  # may take comments (a `{` alone under a header takes none)
    #: where the line may be broken: (offset in ``text``, how deep in brackets, how loosely the
    #: operator there binds); :func:`_wrap` breaks at the outermost, loosest places first
    breaks: list[tuple[int, int, int]] = attrs.field(factory=list)


class _Out:
    """Lines being written: text is added to the last line; :meth:`start` begins a new one."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.depth = 0
        self.flat = False  # inside a block written on one line: nested blocks are too
        self.nest = 0  # how deep in brackets the expression being written is

    def mark(self, level: int) -> None:
        """The line may be broken here, before what is written next (at an operator of ``level``)."""
        line = self.lines[-1]
        line.breaks.append((len(line.text), self.nest, level))

    def start(self, src: int, *, closes: bool = False) -> None:
        self.lines.append(_Line(self.depth, "", src, src, closes))

    def add(self, text: str) -> None:
        self.lines[-1].text += text

    def seen(self, line: int | None) -> None:
        if line is not None and line > self.lines[-1].end:
            self.lines[-1].end = line


#: The details of a declaration written on its line, before each of which the line may be broken.
_DETAILS = frozenset({"choices", "source", "reconstructed", "stated"})


def _src(node: Tree | Token, default: int) -> int:
    if isinstance(node, Token):
        return node.line or default
    return default if getattr(node.meta, "empty", True) else node.meta.line


# Binding strength of each expression node (grammar: expr > or > and > not > cmp > add > mul > unary > power > atom).
_LEVELS = {"if_": 0, "or_": 1, "and_": 2, "not_": 3, "compare": 4, "in_list": 4, "sign": 7}
_ARITH = {"ADDOP": (5, 5, 6), "MULOP": (6, 6, 7), "POW": (8, 9, 7)}  # operator: (own level, left needs, right needs)
_ATOM = 9


def _level(node: Tree | Token) -> int:
    if isinstance(node, Token):
        return _ATOM
    if node.data == "arith":
        return _ARITH[node.children[1].type][0]
    return _LEVELS.get(node.data, _ATOM)


class _Unparser:
    """One ``u_<rule>`` per tree label of the grammar (rule names and aliases)."""

    def __init__(self, table: Mapping[str, str], language: str, out: _Out, comments: list[int]) -> None:
        self.table = table
        self.language = language
        self.out = out
        self.comments = comments  # the offsets where comments start, in order
        self.collisions: list[Token] = []  # call names that would mean another function in this language

    def _scratch(self) -> _Unparser:
        scratch = _Unparser(self.table, self.language, _Out(), self.comments)
        scratch.out.depth = self.out.depth
        scratch.out.start(0)
        return scratch

    def _has_comment(self, node: Tree) -> bool:
        n = bisect.bisect_right(self.comments, node.meta.start_pos)
        return n < len(self.comments) and self.comments[n] < node.meta.end_pos

    # ---------------------------------------------------------------- helpers
    def kw(self, *names: str) -> str:
        return " ".join(self.table[n] for n in names)

    def tok(self, token: Token) -> str:
        self.out.seen(token.end_line)
        return str(token)

    def node(self, node: Tree | Token) -> None:
        if isinstance(node, Token):
            self.out.add(self.tok(node))
            return
        getattr(self, "u_" + node.data)(node)
        if not getattr(node.meta, "empty", True):
            self.out.seen(node.meta.end_line)

    def inline(self, *parts: Tree | Token | str) -> None:
        """Write parts separated by one space; a declaration's details (a unit, a range, the
        categories, a source, a note) are places its line may be broken."""
        first = True
        for part in parts:
            if not first:
                self.out.add(" ")
                if isinstance(part, Tree) and part.data in _DETAILS:
                    self.out.mark(0)
            first = False
            if isinstance(part, str) and not isinstance(part, Token):
                self.out.add(part)
            else:
                self.node(part)

    def line(self, node: Tree) -> None:
        """``node`` on a line of its own at the current depth."""
        self.out.start(_src(node, self.out.lines[-1].end if self.out.lines else 1))
        self.node(node)

    def block(self, owner: Tree, items: list[Tree], *, separated: bool = False, short: bool = False,
              opened: bool = False) -> None:
        """`` {`` items, one a line, ``}``; an empty block is ``{}``. ``separated``: a `;` after
        each item but the last, where the next item could otherwise continue this one's
        expression (a band arm ``-> x`` before ``(0..1]`` would read as a call ``x(…)``)."""
        if not items:
            self.out.add(" {}")
            return
        if not opened and (self.out.flat or (short and self._fits(owner, items))):
            flat, self.out.flat = self.out.flat, True
            self.out.add(" { ")
            for n, item in enumerate(items):
                if n:
                    self.out.add("; ")
                self.node(item)
            self.out.add(" }")
            self.out.flat = flat
            return
        if not opened:
            self.out.add(" {")
        self.out.depth += 1
        for n, item in enumerate(items):
            self.line(item)
            if separated and n < len(items) - 1:
                self.out.add(";")
        self.out.depth -= 1
        self.out.start(owner.meta.end_line, closes=True)
        self.out.add("}")

    def _fits(self, owner: Tree, items: list[Tree]) -> bool:
        """``short`` blocks (bands, thresholds, case arms) stay on one line when it fits in
        :data:`WIDTH` and no comment is inside them (it would leave the block)."""
        if self._has_comment(owner):
            return False
        scratch = self._scratch()
        scratch.out.flat = True
        for item in items:
            scratch.node(item)
            scratch.out.add("; ")
        width = len(INDENT * self.out.depth + self.out.lines[-1].text) + len(scratch.out.lines[0].text) + 2
        return width <= WIDTH

    def continued(self, node: Tree) -> None:
        """``node`` on a line of its own, one level in (a rule's sources, policies, body)."""
        self.out.depth += 1
        self.line(node)
        self.out.depth -= 1

    # ---------------------------------------------------------------- file, header, includes
    def u_start(self, tree: Tree) -> None:
        for child in tree.children:
            self.line(child)

    def u_language(self, tree: Tree) -> None:
        self.inline(self.kw("LANGUAGE"), self.language)

    def u_framework(self, tree: Tree) -> None:
        name, title, version, *sources = tree.children
        self.inline(self.kw("FRAMEWORK"), name, title, self.kw("VERSION"), version)
        for source in sources:
            self.continued(source)

    def u_include(self, tree: Tree) -> None:
        self.inline(self.kw("INCLUDE"), tree.children[0])

    def u_source(self, tree: Tree) -> None:
        self.inline(self.kw("SOURCE"), *tree.children)

    def u_src_table(self, tree: Tree) -> None:
        self.inline(self.kw("TABLE"), tree.children[0])

    def u_src_footnote(self, tree: Tree) -> None:
        self.inline(self.kw("FOOTNOTE"), tree.children[0])

    def u_src_page(self, tree: Tree) -> None:
        self.inline(self.kw("PAGE"), tree.children[0])

    def u_src_line(self, tree: Tree) -> None:
        self.inline(self.kw("LINE"), tree.children[0])

    # ---------------------------------------------------------------- profiles
    def u_profile(self, tree: Tree) -> None:
        name, title, version, base, *rest = tree.children
        self.inline(self.kw("PROFILE"), name, title, self.kw("VERSION"), version, self.kw("EXTENDS"), base)
        for more in rest:
            if more.data in ("base_file", "base_bundled"):
                self.out.add(", ")
                self.node(more)
            elif more.data.startswith("merge_"):
                self.out.add(" ")
                self.node(more)
        for source in rest:
            if source.data == "source":
                self.continued(source)

    def u_merge_keep_first(self, tree: Tree) -> None:
        self.out.add(self.kw("MERGE", "KEEP", "FIRST"))

    def u_merge_keep_last(self, tree: Tree) -> None:
        self.out.add(self.kw("MERGE", "KEEP", "LAST"))

    def u_merge_error(self, tree: Tree) -> None:
        self.out.add(self.kw("MERGE", "ERROR"))

    def u_base_file(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_base_bundled(self, tree: Tree) -> None:
        self.inline(tree.children[0], self.kw("VERSION"), tree.children[1])

    def u_change(self, tree: Tree) -> None:
        # the change and the reasons written first on one line; what follows (sources, and a reason
        # after a source) each on a line under it, in the order written: the tree keeps that order
        body, *metas = tree.children
        self.node(body)
        split = next((n for n, meta in enumerate(metas) if meta.data != "because"), len(metas))
        for meta in metas[:split]:
            self.out.add(" ")
            self.node(meta)
        for meta in metas[split:]:
            self.continued(meta)

    def u_because(self, tree: Tree) -> None:
        self.inline(self.kw("BECAUSE"), tree.children[0])

    def _paths(self, keyword: str, tree: Tree) -> None:
        self.out.add(self.kw(keyword) + " ")
        for n, path in enumerate(tree.children):
            if n:
                self.out.add(", ")
            self.node(path)

    def u_select(self, tree: Tree) -> None:
        self._paths("SELECT", tree)

    def u_drop(self, tree: Tree) -> None:
        self._paths("DROP", tree)

    def u_drop_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("DROP", "RULE") + " ")
        for n, name in enumerate(tree.children):
            if n:
                self.out.add(", ")
            self.node(name)

    def u_refine_scale(self, tree: Tree) -> None:
        name, *relabels = tree.children
        self.inline(self.kw("REFINE", "SCALE"), name)
        for n, relabel in enumerate(relabels):
            self.out.add(", " if n else " ")
            self.node(relabel)

    def u_relabel(self, tree: Tree) -> None:
        self.inline(tree.children[0], self.kw("TITLE"), tree.children[1])

    def u_target_path(self, tree: Tree) -> None:
        for n, part in enumerate(tree.children):
            if n:
                self.out.add(".")
            self.node(part)

    def u_refine_rule(self, tree: Tree) -> None:
        self.inline(self.kw("REFINE", "RULE"), tree.children[0], "=", tree.children[1])

    def u_refine(self, tree: Tree) -> None:
        self.inline(self.kw("REFINE"), *tree.children)

    def u_set_weight(self, tree: Tree) -> None:
        self.inline(self.kw("WEIGHT"), tree.children[0])

    def u_set_roles(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_set_title(self, tree: Tree) -> None:
        self.inline(self.kw("TITLE"), tree.children[0])

    def u_set_verdict(self, tree: Tree) -> None:
        self.inline(self.kw("VERDICT", "BY"), tree.children[0])

    def u_set_total(self, tree: Tree) -> None:
        self.inline(self.kw("TOTAL", "BY"), tree.children[0])

    def u_add(self, tree: Tree) -> None:
        path, *items = tree.children
        self.inline(self.kw("ADD", "TO"), path)
        self.block(tree, items)

    # ---------------------------------------------------------------- scale
    def u_scale(self, tree: Tree) -> None:
        name, *values = tree.children
        self.inline(self.kw("SCALE"), name)
        # aligned columns: symbol, label, `= points`
        self._widths = (max((len(v.children[0]) for v in values), default=0),
                        max((len(self._label(v.children[1])) for v in values), default=0))
        self.block(tree, values)

    @staticmethod
    def _label(label: Tree) -> str:
        return str(label.children[0])

    def u_scale_value(self, tree: Tree) -> None:
        symbol, label, points, *aliases = tree.children
        width_symbol, width_label = self._widths
        self.out.add(self.tok(symbol).ljust(width_symbol) + " ")
        self.out.add(self.tok(label.children[0]).ljust(width_label) + " = ")
        self.node(points)
        for alias in aliases:
            self.out.add(" ")
            self.node(alias)

    def u_label(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_aliases(self, tree: Tree) -> None:
        self.out.add(self.kw("AKA") + " " + ", ".join(self.tok(t) for t in tree.children))

    # ---------------------------------------------------------------- roles, measures, inputs, decisions
    def u_role(self, tree: Tree) -> None:
        self.inline(self.kw("ROLE"), *tree.children)

    def u_measure(self, tree: Tree) -> None:
        self.inline(self.kw("MEASURE"), *tree.children)

    def u_m_unit(self, tree: Tree) -> None:
        self.inline(self.kw("UNIT"), tree.children[0])

    def u_m_range(self, tree: Tree) -> None:
        low, high = tree.children
        self.inline(self.kw("RANGE"), "")
        self.node(low)
        self.out.add("..")
        self.node(high)

    def u_input_decl(self, tree: Tree) -> None:
        self.inline(self.kw("INPUT"), *tree.children)

    def u_t_number(self, tree: Tree) -> None:
        self.out.add(self.kw("NUMBER"))

    def u_t_truth(self, tree: Tree) -> None:
        self.out.add(self.kw("TRUTH"))

    def u_t_text(self, tree: Tree) -> None:
        self.out.add(self.kw("TEXT"))

    def u_t_date(self, tree: Tree) -> None:
        self.out.add(self.kw("DATE"))

    def u_choices(self, tree: Tree) -> None:
        self.out.add(self.kw("ONE", "OF") + " (")
        self.out.nest += 1
        for n, label in enumerate(tree.children):
            if n:
                self.out.add(",")
                self.out.mark(0)
                self.out.add(" ")
            self.out.add(self.tok(label))
        self.out.nest -= 1
        self.out.add(")")

    def u_decision(self, tree: Tree) -> None:
        *head, body = tree.children
        self._named_expr(self.kw("DECISION"), head, body)

    def _named_expr(self, keyword: str, head: list[Tree | Token], body: Tree | Token) -> None:
        """``keyword head… = expr`` (a decision, a score): the expression where it reads best."""
        self.inline(keyword, *head, "=")
        here, line = len(self.out.lines), self.out.lines[-1]
        text, end, breaks = line.text, line.end, list(line.breaks)

        def write(under: bool) -> bool:
            """The expression on the header's line or under it; True when it took one line."""
            del self.out.lines[here:]
            line.text, line.end, line.breaks = text, end, list(breaks)
            if under:
                self.out.depth += 1
                self.out.start(_src(body, end))
            else:
                self.out.add(" ")
            self.expr(body, 0)
            if under:
                self.out.depth -= 1
            first = self.out.lines[here - 1 + under]
            return len(self.out.lines) == here + under and len(INDENT * first.depth + first.text) <= WIDTH

        # on the header's line when it fits there on one line; else under it when it fits there on
        # one line (rather than a short block broken up); else broken into lines, starting on the
        # header's line when that line fits, under it when not
        if write(under=False) or write(under=True):
            return
        write(under=False)
        if len(INDENT * line.depth + line.text) > WIDTH:
            write(under=True)

    def u_stated(self, tree: Tree) -> None:
        self.out.add(self.kw("STATED"))

    def u_reconstructed(self, tree: Tree) -> None:
        self.inline(self.kw("RECONSTRUCTED"), tree.children[0])

    # ---------------------------------------------------------------- rules
    def u_rule(self, tree: Tree) -> None:
        *head, body = tree.children
        # the name, title and `stated` on the rule's line; `reconstructed "why"`, sources and
        # policies (long, and several) each on a line of its own under it, then `= body` (the
        # order as written: a `stated` after them goes under them too)
        split = next((n for n, c in enumerate(head) if isinstance(c, Tree) and c.data not in ("stated", "yields")), len(head))
        inline, below = head[:split], head[split:]
        self.inline(self.kw("RULE"), *inline)
        for meta in below:
            self.continued(meta)
        if below:
            self.out.depth += 1
            self.out.start(_src(body, self.out.lines[-1].end))
            self.out.add("= ")
            self.node(body)
            self.out.depth -= 1
        else:
            self.out.add(" = ")
            self.node(body)

    def u_yields(self, tree: Tree) -> None:
        self.inline(self.kw("YIELDS"), tree.children[0])

    def u_findings_scale(self, tree: Tree) -> None:
        self.inline(self.kw("FINDINGS", "ON"), tree.children[0])

    def u_policy(self, tree: Tree) -> None:
        self.inline(self.kw("ON"), *tree.children)

    def u_category_policy(self, tree: Tree) -> None:
        self.inline(self.kw("ON"), *tree.children)

    u_score_category = u_category_policy

    def u_count_as(self, tree: Tree) -> None:
        self.inline("=", *tree.children)

    def u_not_assessed(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT_ASSESSED"))

    def u_not_applicable(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT_APPLICABLE"))

    def u_skip(self, tree: Tree) -> None:
        self.out.add(self.kw("SKIP"))

    def u_lowest(self, tree: Tree) -> None:
        self.out.add(self.kw("LOWEST"))

    def u_propagate(self, tree: Tree) -> None:
        self.out.add(self.kw("PROPAGATE"))

    def u_sum_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("SUM", "OF", "POINTS"))
        self.block(tree, tree.children, short=True)

    def u_band(self, tree: Tree) -> None:
        low, high, verdict = tree.children
        self.out.add(f"{self.tok(low)}..{self.tok(high)} -> {self.tok(verdict)}")

    def u_share_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("SHARE", "OF", "POINTS"))
        self.node(tree.children[0])

    def u_mean_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("MEAN", "OF", "POINTS"))
        self.node(tree.children[0])

    def u_weighted_rule(self, tree: Tree) -> None:
        *weights, thresholds = tree.children
        self.out.add(self.kw("WEIGHTED") + " { ")
        for n, weight in enumerate(weights):
            if n:
                self.out.add("; ")
            self.node(weight)
        self.out.add(" }")
        self.node(thresholds)

    def u_weight(self, tree: Tree) -> None:
        self.inline(tree.children[0], "=", tree.children[1])

    def u_thresholds(self, tree: Tree) -> None:
        self.block(tree, tree.children, short=True)

    def u_from_(self, tree: Tree) -> None:
        self.inline(self.kw("FROM_VALUE"), tree.children[0], "->", tree.children[1])

    def u_above(self, tree: Tree) -> None:
        self.inline(self.kw("ABOVE"), tree.children[0], "->", tree.children[1])

    def u_otherwise(self, tree: Tree) -> None:
        self.inline(self.kw("OTHERWISE"), "->", tree.children[0])

    def u_worst_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("WORST"))

    def u_best_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("BEST"))

    def u_majority_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("MAJORITY"))
        if tree.children:
            self.inline("", self.kw("TIE"), tree.children[0])

    def u_tie_worst(self, tree: Tree) -> None:
        self.out.add(self.kw("WORST"))

    def u_tie_best(self, tree: Tree) -> None:
        self.out.add(self.kw("BEST"))

    def u_tie_verdict(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_at_least_rule(self, tree: Tree) -> None:
        count, cmp, verdict, then, other = tree.children
        self.inline(self.kw("AT", "LEAST"), count, self.kw("OF"), cmp, verdict, self.kw("THEN"), then,
                    self.kw("ELSE"), other)

    def u_all_rule(self, tree: Tree) -> None:
        self.inline(self.kw("ALL"), tree.children[0], tree.children[1], self.kw("THEN"), tree.children[2],
                    self.kw("ELSE"), tree.children[3])

    def u_any_rule(self, tree: Tree) -> None:
        self.inline(self.kw("ANY"), tree.children[0], tree.children[1], self.kw("THEN"), tree.children[2],
                    self.kw("ELSE"), tree.children[3])

    def u_table_rule(self, tree: Tree) -> None:
        self.out.add(self.kw("TABLE"))
        rows = list(tree.children)
        if rows and rows[0].data == "on_values":
            self.out.add(" ")
            self.node(rows.pop(0))
        self.block(tree, rows)

    def u_on_values(self, tree: Tree) -> None:
        self.out.add(self.kw("ON", "VALUES"))

    def u_case(self, tree: Tree) -> None:
        self.out.add(self.kw("WHEN") + " ")
        self.expr(tree.children[0], 0)
        self.out.add(" -> ")
        self.node(tree.children[1])

    def u_named_rule(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_inline_rule(self, tree: Tree) -> None:
        self.node(tree.children[0])

    # ---------------------------------------------------------------- normenkaders, norms, aspects
    def u_normenkader(self, tree: Tree) -> None:
        name, title, *rest = tree.children
        metas = [c for c in rest if c.data in ("source", "applies", "findings_scale")]
        items = [c for c in rest if c.data not in ("source", "applies", "findings_scale")]
        self.inline(self.kw("NORMENKADER"), name, title)
        self._open(tree, items, self._metas(tree, metas))

    def _metas(self, owner: Tree, metas: list[Tree], *, inline: bool = True) -> bool:
        """A normenkader's, norm's or aspect's sources and roles, in their written order: on the
        header's line when it fits in :data:`WIDTH` (and no comment is among them); else each
        source, and what follows the first, on a line under the header. True when under it."""
        if not metas:
            return False
        scratch = self._scratch()
        for meta in metas:
            scratch.out.add(" ")
            scratch.node(meta)
        fits = len(INDENT * self.out.depth + self.out.lines[-1].text + scratch.out.lines[0].text) + 2 <= WIDTH
        if inline and fits and not any(self._has_comment_between(a, b) for a, b in zip(metas, metas[1:], strict=False)):
            for meta in metas:
                self.out.add(" ")
                self.node(meta)
            return False
        below = False
        for meta in metas:
            if meta.data == "source" or below:
                below = True
                self.continued(meta)
            else:
                self.out.add(" ")
                self.node(meta)
        return below

    def _has_comment_between(self, a: Tree, b: Tree) -> bool:
        n = bisect.bisect_right(self.comments, a.meta.end_pos)
        return n < len(self.comments) and self.comments[n] < b.meta.start_pos

    def _open(self, owner: Tree, items: list[Tree], below: bool) -> None:
        """A block after a header with lines under it opens on a line of its own."""
        if below and items:
            self.out.start(self.out.lines[-1].end)
            self.out.lines[-1].anchor = False  # a comment after the last source stays there
            self.out.add("{")
            self.block(owner, items, opened=True)
        else:
            self.block(owner, items)

    def u_group(self, tree: Tree) -> None:
        name, title, *rest = tree.children
        split = next((n for n, c in enumerate(rest) if c.data not in ("source", "applies", "weight_of")), len(rest))
        self.inline(self.kw("GROUP"), name, title)
        self._open(tree, rest[split:], self._metas(tree, rest[:split]))

    def u_weight_of(self, tree: Tree) -> None:
        self.inline(self.kw("WEIGHT"), tree.children[0])

    def u_group_verdict(self, tree: Tree) -> None:
        self.inline(self.kw("VERDICT", "BY"), tree.children[0])

    def u_groups_by(self, tree: Tree) -> None:
        self.inline(self.kw("GROUPS", "BY"), tree.children[0])

    def u_score_simple(self, tree: Tree) -> None:
        *head, body = tree.children
        self._named_expr(self.kw("SCORE"), head, body)

    def u_score_levels(self, tree: Tree) -> None:
        head = [c for c in tree.children if not isinstance(c, Tree)]
        items = [c for c in tree.children if isinstance(c, Tree)]
        self.inline(self.kw("SCORE"), *head)
        self.block(tree, items)

    def u_score_at_norm(self, tree: Tree) -> None:
        self._named_expr(self.kw("NORM"), [], tree.children[0])

    def u_score_at_group(self, tree: Tree) -> None:
        self._named_expr(self.kw("GROUP"), [], tree.children[0])

    def u_score_empty(self, tree: Tree) -> None:
        self.out.add(self.kw("WHEN", "NOTHING_COUNTS") + " -> ")
        self.expr(tree.children[0], 0)

    # ---------------------------------------------------------------- outcome categories
    def u_outcome_decl(self, tree: Tree) -> None:
        *head, as_ = tree.children
        self.inline(self.kw("OUTCOME"), *head, "=")
        self.out.add(" ")
        self.node(as_)

    def u_outcome_value(self, tree: Tree) -> None:
        self.out.add(self.tok(tree.children[0]))

    def u_outcome_not_applicable(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT_APPLICABLE"))

    def u_outcome_not_assessed(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT_ASSESSED"))

    def u_norms_by(self, tree: Tree) -> None:
        self.inline(self.kw("NORMS", "BY"), tree.children[0])

    def u_total_by(self, tree: Tree) -> None:
        self.inline(self.kw("TOTAL", "BY"), tree.children[0])

    def u_across_by(self, tree: Tree) -> None:
        self.inline(self.kw("ACROSS", "ENTITIES", "BY"), tree.children[0])

    def u_norm(self, tree: Tree) -> None:
        name, title, *rest = tree.children
        # sources and roles before the first entry of the block read as the norm's own, on its line;
        # the tree is the same whether they were written before `{` or inside it
        split = next((n for n, c in enumerate(rest) if c.data not in ("source", "applies", "weight_of", "findings_scale")), len(rest))
        self.inline(self.kw("NORM"), name, title)
        below = self._metas(tree, rest[:split])
        if rest[split:]:
            self._open(tree, rest[split:], below)

    def u_aspect(self, tree: Tree) -> None:
        name, text, *metas = tree.children
        self.inline(self.kw("ASPECT"), name, text)
        self._metas(tree, metas, inline=False)  # an aspect's text is long: its sources go under it

    def u_applies(self, tree: Tree) -> None:
        self.out.add(self.kw("FOR") + " " + ", ".join(self.tok(t) for t in tree.children))

    def u_verdict_from_aspects(self, tree: Tree) -> None:
        self.inline(self.kw("VERDICT", "BY"), tree.children[0])

    def u_verdict_from_measure(self, tree: Tree) -> None:
        self.inline(self.kw("VERDICT", "FROM", "MEASURE"), tree.children[0], self.kw("BY"), tree.children[1])

    def u_verdict_from_findings(self, tree: Tree) -> None:
        self.out.add(self.kw("VERDICT", "FROM", "FINDINGS"))

    def u_ident(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_number(self, tree: Tree) -> None:
        self.out.add("/".join(self.tok(t) for t in tree.children))

    # ---------------------------------------------------------------- expressions
    def expr(self, node: Tree | Token, need: int) -> None:
        """An expression where the grammar needs at least level ``need``: bracketed when it binds
        less tightly (the brackets are not in the tree; they are put back only where needed)."""
        if _level(node) < need:
            self.out.add("(")
            self.out.nest += 1
            self.node(node)
            self.out.nest -= 1
            self.out.add(")")
        else:
            self.node(node)

    def u_if_(self, tree: Tree) -> None:
        cond, then, other = tree.children
        self.out.add(self.kw("IF") + " ")
        self.expr(cond, 0)
        self.out.add(" ")
        self.out.mark(0)
        self.out.add(self.kw("THEN") + " ")
        self.expr(then, 0)
        self.out.add(" ")
        self.out.mark(0)
        self.out.add(self.kw("ELSE") + " ")
        self.expr(other, 0)

    def _chain(self, tree: Tree, word: str, need: int) -> None:
        for n, child in enumerate(tree.children):
            if n:
                self.out.add(" ")
                self.out.mark(need - 1)
                self.out.add(f"{word} ")
            self.expr(child, need)

    def u_or_(self, tree: Tree) -> None:
        self._chain(tree, self.kw("OR"), 2)

    def u_and_(self, tree: Tree) -> None:
        self._chain(tree, self.kw("AND"), 3)

    def u_not_(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT") + " ")
        self.expr(tree.children[0], 3)

    def u_compare(self, tree: Tree) -> None:
        left, op, right = tree.children
        self.expr(left, 5)
        self.out.add(" ")
        self.out.mark(4)
        self.out.add(f"{self.tok(op)} ")
        self.expr(right, 5)

    def u_in_list(self, tree: Tree) -> None:
        left, *items = tree.children
        self.expr(left, 5)
        self.out.add(" ")
        self.out.mark(4)
        self.out.add(self.kw("IN") + " (")
        self.out.nest += 1
        for n, item in enumerate(items):
            if n:
                self.out.add(",")
                self.out.mark(0)
                self.out.add(" ")
            self.expr(item, 0)
        self.out.nest -= 1
        self.out.add(")")

    def u_arith(self, tree: Tree) -> None:
        left, op, right = tree.children
        _, left_needs, right_needs = _ARITH[op.type]
        self.expr(left, left_needs)
        # a fraction of two whole numbers reads as one number, as outside expressions: `1/2`
        fraction = str(op) == "/" and all(isinstance(c, Tree) and c.data == "int_lit" for c in (left, right))
        if fraction:
            self.out.add(self.tok(op))
        else:
            self.out.add(" ")
            self.out.mark(_ARITH[op.type][0])
            self.out.add(f"{self.tok(op)} ")
        self.expr(right, right_needs)

    def u_sign(self, tree: Tree) -> None:
        op, operand = tree.children
        self.out.add(self.tok(op))
        self.expr(operand, 7)

    def u_int_lit(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_decimal_lit(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_verdict_lit(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_not_assessed_lit(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT_ASSESSED"))

    def u_field(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_call(self, tree: Tree) -> None:
        name, *args = tree.children  # the English name (the parser's): written in the file's language
        written = keywords.function_word(self.tok(name), self.language)
        if written == str(name) and keywords.function_from_word(written, self.language) not in (None, written):
            self.collisions.append(name)  # `som(…)` in English is no function; in Dutch it would be `sum`
        self.out.add(written + "(")
        self.out.nest += 1
        first = True
        for arg in args:
            if isinstance(arg, Tree) and arg.data in ("by_entity", "of_target", "of_parts", "of_norms"):
                if not first:
                    self.out.add(" ")
                self.node(arg)
            else:
                if not first:
                    self.out.add(",")
                    self.out.mark(0)
                    self.out.add(" ")
                self.expr(arg, 0)
            first = False
        self.out.nest -= 1
        self.out.add(")")

    def u_by_entity(self, tree: Tree) -> None:
        self.out.add(self.kw("BY", "ENTITY"))

    def u_of_target(self, tree: Tree) -> None:
        self.out.add(self.kw("OF") + " ")
        for n, part in enumerate(tree.children):
            if n:
                self.out.add(".")
            self.node(part)

    def u_of_parts(self, tree: Tree) -> None:
        self.out.add(self.kw("OF", "PARTS"))

    def u_of_norms(self, tree: Tree) -> None:
        self.out.add(self.kw("OF", "NORMS"))

    def u_round_(self, tree: Tree) -> None:
        mode, value, step = tree.children
        self.out.add(self.kw("ROUND") + " ")
        self.node(mode)
        self.out.add("(")
        self.out.nest += 1
        self.expr(value, 0)
        self.out.add(",")
        self.out.mark(0)
        self.out.add(" ")
        self.node(step)
        self.out.nest -= 1
        self.out.add(")")

    def u_up(self, tree: Tree) -> None:
        self.out.add(self.kw("UP"))

    def u_down(self, tree: Tree) -> None:
        self.out.add(self.kw("DOWN"))

    def u_half_up(self, tree: Tree) -> None:
        self.out.add(self.kw("HALF", "UP"))

    def u_half_down(self, tree: Tree) -> None:
        self.out.add(self.kw("HALF", "DOWN"))

    def u_half_even(self, tree: Tree) -> None:
        self.out.add(self.kw("HALF", "EVEN"))

    def u_case_of(self, tree: Tree) -> None:
        subject, *arms = tree.children
        self.out.add(self.kw("CASE") + " ")
        self.expr(subject, 1)
        self.block(tree, arms, short=True)

    def u_case_arm(self, tree: Tree) -> None:
        *labels, result = tree.children
        self.out.add(", ".join(self.tok(t) for t in labels) + " -> ")
        self.expr(result, 0)

    def u_otherwise_arm(self, tree: Tree) -> None:
        self.out.add(self.kw("OTHERWISE") + " -> ")
        self.expr(tree.children[0], 0)

    def u_band_of(self, tree: Tree) -> None:
        subject, *arms = tree.children
        self.out.add(self.kw("BAND") + " ")
        self.expr(subject, 1)
        self.block(tree, arms, separated=True, short=True)

    def u_band_arm(self, tree: Tree) -> None:
        interval, result = tree.children
        self.node(interval)
        self.out.add(" -> ")
        self.expr(result, 0)

    def u_between(self, tree: Tree) -> None:
        low_end, low, high, high_end = tree.children
        self.out.add("[" if low_end.data == "closed" else "(")
        self.node(low)
        self.out.add("..")
        self.node(high)
        self.out.add("]" if high_end.data == "closed" else ")")

    def u_beyond(self, tree: Tree) -> None:
        self.inline(tree.children[0], tree.children[1])

    # `closed` and `open` are written by `between`, which knows which end they are
    def u_closed(self, tree: Tree) -> None:  # pragma: no cover - reached only through u_between
        raise AssertionError("an interval's end is written by `between`")

    u_open = u_open_out = u_closed

    def u_snumber(self, tree: Tree) -> None:
        for child in tree.children:
            self.node(child)


    # ---------------------------------------------------------------- decision tables
    def _cell(self, node: Tree | Token, *, entry: bool = False) -> str:
        """One cell's text, on one line."""
        scratch = self._scratch()
        scratch.out.flat = True
        if entry:
            scratch.node(node)
        else:
            scratch.expr(node, 0)
        self.out.seen(scratch.out.lines[-1].end)
        return " ".join(line.text.strip() for line in scratch.out.lines)

    @staticmethod
    def _chain_items(node: Tree | None, label: str) -> list[Tree | Token]:
        """The cells of a right-recursive cell list (``out_cells``, ``out_cols``, …), in order."""
        items: list[Tree | Token] = []
        while isinstance(node, Tree) and node.data == label:
            items.append(node.children[0])
            node = node.children[1] if len(node.children) > 1 else None
        return items

    def _cells(self, node: Tree) -> tuple[list[str], list[str]]:
        """A header's or row's input cells and output cells, as text."""
        ins: list[str] = []
        while node.data in ("head_cells", "row_cells"):
            first, rest = node.children
            ins.append(self._cell(first, entry=node.data == "row_cells"))
            node = rest
        label = "out_cols" if node.data == "out_cols" else "out_cells"
        outs = [self._cell(c, entry=label == "out_cols") for c in self._chain_items(node, label)]
        return ins, outs

    def _table_block(self, tree: Tree, lines: list[tuple[Tree, list[str], int]], default: Tree | None) -> None:
        """``{``, the aligned rows (``inputs`` cells, then ``->``, then the outputs), the default, ``}``."""
        self.out.add(" {")
        widths: dict[int, int] = {}
        for _, cells, _ins in lines:
            for n, cell in enumerate(cells):
                widths[n] = max(widths.get(n, 0), len(cell))
        self.out.depth += 1
        for node, cells, ins in lines:
            self.out.start(_src(node, self.out.lines[-1].end))
            text = "|"
            for n, cell in enumerate(cells):
                text += " " + cell.ljust(widths[n]) + (" ->" if n == ins - 1 else " |")
            self.out.add(text.rstrip())
            self.out.seen(node.meta.end_line)
        if default is not None:
            self.line(default)
        self.out.depth -= 1
        self.out.start(tree.meta.end_line, closes=True)
        self.out.add("}")

    def u_table_of(self, tree: Tree) -> None:
        policy, head, *rows = tree.children
        default = rows.pop() if rows and rows[-1].data == "table_default" else None
        self.out.add(self.kw("TABLE") + " ")
        self.node(policy)
        lines = []
        for node in (head, *rows):
            ins, outs = self._cells(node.children[0])
            lines.append((node, ins + outs, len(ins)))
        self._table_block(tree, lines, default)

    def u_grid_of(self, tree: Tree) -> None:
        down, across, head, *rows = tree.children
        default = rows.pop() if rows and rows[-1].data == "table_default" else None
        self.out.add(self.kw("TABLE", "GRID") + " ")
        self.expr(down, 1)
        self.out.add(" " + self.kw("BY") + " ")
        self.expr(across, 1)
        lines = [(head, [""] + [self._cell(c, entry=True) for c in self._chain_items(head.children[0],
                                                                                    "grid_head_cells")], 0)]
        for row in rows:
            entry, cells = row.children
            lines.append((row, [self._cell(entry, entry=True)] + [self._cell(c) for c in
                                                                  self._chain_items(cells, "out_cells")], 0))
        self._table_block(tree, lines, default)

    def u_table_default(self, tree: Tree) -> None:
        self.out.add(self.kw("DEFAULT") + " -> ")
        for n, value in enumerate(tree.children):
            if n:
                self.out.add(" | ")
            self.expr(value, 0)

    def _policy(self, *names: str) -> None:
        self.out.add(self.kw(*names))

    def u_hp_unique(self, tree: Tree) -> None:
        self._policy("UNIQUE")

    def u_hp_any(self, tree: Tree) -> None:
        self._policy("ANY")

    def u_hp_first(self, tree: Tree) -> None:
        self._policy("FIRST")

    def u_hp_priority(self, tree: Tree) -> None:
        self._policy("PRIORITY")

    def u_hp_rule_order(self, tree: Tree) -> None:
        self._policy("RULE_ORDER")

    def u_hp_output_order(self, tree: Tree) -> None:
        self._policy("OUTPUT_ORDER")

    def u_hp_collect(self, tree: Tree) -> None:
        self._policy("COLLECT")

    def u_hp_collect_sum(self, tree: Tree) -> None:
        self._policy("COLLECT", "SUM")

    def u_hp_collect_min(self, tree: Tree) -> None:
        self._policy("COLLECT", "MIN")

    def u_hp_collect_max(self, tree: Tree) -> None:
        self._policy("COLLECT", "MAX")

    def u_hp_collect_count(self, tree: Tree) -> None:
        self._policy("COLLECT", "COUNT")

    # the cells of headers and rows are written by `table_of` and `grid_of`, which align them
    def u_table_head(self, tree: Tree) -> None:  # pragma: no cover - reached only through u_table_of
        raise AssertionError("a table's header is written by `table_of`")

    u_head_cells = u_out_cols = u_table_row = u_row_cells = u_out_cells = u_table_head
    u_grid_head = u_grid_head_cells = u_grid_row = u_table_head

    def u_out_col(self, tree: Tree) -> None:
        self.inline(*tree.children)

    def u_any_entry(self, tree: Tree) -> None:
        self.out.add(self.tok(tree.children[0]))

    def u_entry(self, tree: Tree) -> None:
        for n, test in enumerate(tree.children):
            if n:
                self.out.add(", ")
            self.node(test)

    def u_t_compare(self, tree: Tree) -> None:
        op, value = tree.children
        self.out.add(self.tok(op) + " ")
        self.expr(value, 5)

    def u_t_equal(self, tree: Tree) -> None:
        self.expr(tree.children[0], 5)

    def u_t_not(self, tree: Tree) -> None:
        self.out.add(self.kw("NOT") + "(")
        for n, test in enumerate(tree.children):
            if n:
                self.out.add(", ")
            self.node(test)
        self.out.add(")")

    def u_t_interval(self, tree: Tree) -> None:
        low_end, low, high, high_end = tree.children
        self.out.add({"closed": "[", "open_out": "]"}.get(low_end.data, "("))
        self._interval_rest(low, high, high_end)

    def u_t_open_interval(self, tree: Tree) -> None:
        low, high, high_end = tree.children
        self.out.add("(")
        self._interval_rest(low, high, high_end)

    def _interval_rest(self, low: Tree, high: Tree, high_end: Tree) -> None:
        """An entry's interval after its first bracket; an open end as written, `)` or `[`."""
        self.node(low)
        self.out.add("..")
        self.node(high)
        self.out.add({"closed": "]", "open_out": "["}.get(high_end.data, ")"))

    def u_bound(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_bound_name(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_bound_date(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_bound_call(self, tree: Tree) -> None:
        name, text = tree.children
        self.out.add(f"{self.tok(name)}(")
        self.node(text)
        self.out.add(")")

    def u_date_lit(self, tree: Tree) -> None:
        self.node(tree.children[0])

    def u_true_lit(self, tree: Tree) -> None:
        self.out.add(self.kw("TRUE"))

    def u_false_lit(self, tree: Tree) -> None:
        self.out.add(self.kw("FALSE"))

    def u_member(self, tree: Tree) -> None:
        name, field = tree.children
        self.out.add(self.tok(name) + "." + self.tok(field))


def handled_rules() -> frozenset[str]:
    """The tree labels the unparser has a case for (a test holds them to the grammar's)."""
    return frozenset(name[2:] for name in dir(_Unparser) if name.startswith("u_"))


def format_source(source: Source, keywords_to: str | None = None, edit: Callable[[Tree], Tree] | None = None) -> str:
    """``source`` in canonical layout, its keywords from the table ``keywords_to`` (by default the
    file's own). Raises :class:`~regienorm.errors.FrameworkError` when the file does not parse.
    ``edit`` gets the parsed tree and returns the tree to write instead (``regienorm fit --write``
    puts its values in this way): new nodes borrow the positions of those they replace, or have
    none, and the comments stay by line.

    >>> print(format_source(Source("x.norm", 'rule zwakste "De zwakste"=worst  # kort')), end="")
    rule zwakste "De zwakste" = worst  # kort
    >>> print(format_source(Source("x.norm", 'rule zwakste = worst'), "nl"), end="")
    taal nl
    regel zwakste = slechtste
    """
    tree, comments, language = parse_with_comments(source)
    if edit is not None:
        tree = edit(tree)
    target = keywords_to or language
    if target != language:  # a rule's name that is a kind of rule in the other language could not be used there
        clashes = [d for node in tree.iter_subtrees_topdown() if node.data == "rule"
                   for d in (rule_name_clash(node, source.path, target),) if d is not None]
        if clashes:
            raise FrameworkError(clashes)
    out = _Out()
    notes = [_Comment(c.line or 1, c.column or 1, c.start_pos or 0, str(c).rstrip()) for c in comments]
    unparser = _Unparser(keywords.TABLES[target], target, out, [c.start for c in notes])
    children = list(tree.children)
    if target != language:  # translated: the header names the new table (English needs none)
        children = [c for c in children if not (isinstance(c, Tree) and c.data == "language")]
        if target != keywords.DEFAULT:
            out.start(0)
            unparser.u_language(tree)
            out.lines[-1].end = 0
    for child in children:
        unparser.line(child)
    if unparser.collisions:
        raise FrameworkError([_collision(source.path, name, target) for name in unparser.collisions])
    return _layout(_wrapped(out.lines), notes, source.text)


def _wrapped(lines: list[_Line]) -> list[_Line]:
    """Every line broken as :func:`_wrap` breaks it. A broken line that opens a block (``case x {``
    on a continuation line) takes its block along: the entries and the ``}`` move in as far as the
    continuation, so that they stay inside what opened them."""
    out: list[_Line] = []
    shift: list[tuple[int, int]] = []  # (depth of the line that opened the block, levels moved)
    for line in lines:
        moved = sum(by for _, by in shift)
        if moved:
            line = attrs.evolve(line, depth=line.depth + moved, breaks=line.breaks)
        if shift and line.closes and line.depth - moved == shift[-1][0]:
            shift.pop()
        pieces = _wrap(line)
        out.extend(pieces)
        if len(pieces) > 1 and pieces[-1].text.endswith("{"):
            shift.append((line.depth - moved, CONTINUED))
    return out


def _wrap(line: _Line) -> list[_Line]:
    """A line longer than :data:`WIDTH` broken at the places its expression may break, each piece
    after the first indented :data:`CONTINUED` levels more; a line that fits, as it is.

    Each piece is filled as far as it fits, broken at the outermost and loosest place that keeps
    it within the width (an ``or`` before an ``and``, an ``and`` before a comparison, a comparison
    before ``+``, outside brackets before inside); where nothing fits, at the first place there
    is. The places come from the tree, not from the text, so formatting again breaks the same way."""
    lead = len(INDENT * line.depth)
    if lead + len(line.text) <= WIDTH or not line.breaks:
        return [line]
    pieces: list[_Line] = []
    start, depth = 0, line.depth
    while True:
        room = WIDTH - len(INDENT * depth)
        rest = line.text[start:]
        later = [b for b in line.breaks if b[0] > start]
        if len(rest) <= room or not later:
            break
        fitting = [b for b in later if b[0] - start <= room]
        if fitting:
            loosest = min((nest, level) for _, nest, level in fitting)
            at = max(b[0] for b in fitting if (b[1], b[2]) == loosest)
        else:
            at = later[0][0]
        pieces.append(_Line(depth, line.text[start:at].rstrip(), line.src, line.end, line.closes, anchor=line.anchor))
        start, depth = at, line.depth + CONTINUED
    pieces.append(_Line(depth, line.text[start:].lstrip(), line.src, line.end, line.closes and not pieces,
                        anchor=line.anchor))
    return pieces


def _collision(path: str, name: Token, language: str) -> Diagnostic:
    """RN107: a call whose name is no function where it is written, but is one in the language it
    is translated to; written there it would mean that function, so it is not written."""
    line, column = name.line or 1, name.column or 1
    meant = keywords.function_from_word(str(name), language)
    return error("RN107", f"`{name}` cannot be written in the keywords `{language}`: there it is the function `{meant}`",
                 Span(path, line, column, line, column + len(name)),
                 "rename the call, or correct it to a function of this file's language",
                 label=f"means `{meant}` there")


@attrs.frozen
class _Comment:
    line: int
    column: int
    start: int  # offset in the text
    text: str


def _layout(lines: list[_Line], comments: list[_Comment], text: str) -> str:
    """The written lines with the comments put back and the blank-line groups kept."""
    source_lines = text.split("\n")
    blank = [0]  # blank[n]: how many of the first n source lines are blank
    for content in source_lines:
        blank.append(blank[-1] + (not content.strip()))
    own_line = [c for c in comments if not source_lines[c.line - 1][: c.column - 1].strip()]
    at_end = [c for c in comments if source_lines[c.line - 1][: c.column - 1].strip()]

    merged: list[_Line] = []
    pending = iter(own_line)
    comment = next(pending, None)
    for line in lines:
        while comment is not None and comment.line < line.src and line.anchor:  # never between a header and its `{`
            merged.append(_Line(line.depth + line.closes, "", comment.line, comment.line, comment=comment.text))
            comment = next(pending, None)
        merged.append(line)
    while comment is not None:
        merged.append(_Line(0, "", comment.line, comment.line, comment=comment.text))
        comment = next(pending, None)

    code = [n for n, line in enumerate(merged) if line.text and line.anchor]
    starts = [merged[n].src for n in code]
    for c in at_end:  # onto the last code line that began at or before the comment's line
        at = bisect.bisect_right(starts, c.line) - 1
        target = merged[code[max(at, 0)]]
        target.comment = c.text if target.comment is None else f"{target.comment} {c.text}"

    written: list[str] = []
    previous: _Line | None = None
    for line in merged:
        if (previous is not None and not line.closes and not previous.text.endswith("{")
                and line.src - 1 > previous.end and blank[line.src - 1] - blank[previous.end] > 0):
            written.append("")
        body = line.text
        if line.comment is not None:
            body = f"{body}  {line.comment}" if body else line.comment
        written.append(INDENT * line.depth + body)
        previous = line
    return "\n".join(written) + "\n" if written else ""
