"""Text to Lark tree. The LALR parser is built once per keyword table and cached on disk.

Lark's exceptions never leave this module: they become :class:`~regienorm.errors.FrameworkError`
with a located diagnostic that says, in words, what was expected and which keyword was probably
meant.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token, Tree
from lark.grammar import Rule
from lark.lexer import TerminalDef

from ..cachedir import directory, read_private, write_private
from ..diagnostics import Diagnostic, did_you_mean, error
from ..errors import FrameworkError
from ..resources import grammar_path
from ..source import LineIndex, Source, Span
from . import keywords

#: How terminals read in messages.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "a whole number",
    "DECIMAL": "a number",
    "STRING": 'a quoted text ("…")',
    "CMP": "a comparison (<, <=, =, !=, >=, >)",
    "ADDOP": "+ or -",
    "MULOP": "* or /",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "EQUAL": "`=`",
    "COMMA": "`,`",
    "SLASH": "`/`",
    "_SEP": "`;`",
    "__ANON_0": "`..`",
    "__ANON_1": "`->`",
    "$END": "the end of the file",
}


#: Lark's tables as stored: a header, a SHA-256 of the rest, then JSON (see _encode). JSON, not
#: Lark's own pickle: a cache file cannot run code, whoever wrote it.
_TABLES_FORMAT = b"regienorm-lark-tables/1\n"
_MAX_TABLES_BYTES = 16 * 1024 * 1024


def _cache_path(grammar: str, options: Mapping[str, object]) -> Path | None:
    """Where the parse tables for this grammar are kept: the user's own cache folder."""
    base = directory()
    if base is None:
        return None
    digest = hashlib.sha256(f"{grammar}\0{lark.__version__}\0{sorted(options.items())}".encode()).hexdigest()[:16]
    return base / f"parser-{digest}.json"


@functools.lru_cache(maxsize=4)
def get_parser(language: str = "en") -> Lark:
    """The LALR parser for a keyword table, built once per process and its tables cached on disk
    between runs. Lark's own ``cache=`` is not used: it writes its file with the umask's mode and
    loads it with pickle without looking at who wrote it. Ours is read through
    :func:`regienorm.cachedir.read_private` (the user's, 0600, bounded) and holds plain data."""
    return _build(language)


class _Comments:
    """Where the formatter's parser puts the comments it reads: Lark calls ``append`` for each
    ``COMMENT`` token (ignored by the grammar, seen by the lexer callback); one list per parse."""

    def __init__(self) -> None:
        self.found: list[Token] = []

    def append(self, token: Token) -> None:
        self.found.append(token)


_COMMENTS = _Comments()


@functools.lru_cache(maxsize=4)
def _formatter_parser(language: str) -> Lark:
    """The same tables as :func:`get_parser`'s (and the same cache file), with a lexer callback."""
    return _build(language, {"COMMENT": _COMMENTS.append})


def _build(language: str, lexer_callbacks: dict[str, Any] | None = None) -> Lark:
    table = keywords.TABLES[language]
    grammar = grammar_path().read_text(encoding="utf-8") + keywords.terminal_definitions(table)
    options = dict(parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=False)
    extra = {"lexer_callbacks": lexer_callbacks} if lexer_callbacks else {}
    path = _cache_path(grammar, options)
    if path is not None:
        stored = _load_tables(path, extra)
        if stored is not None:
            return stored
    if extra:  # the tables are stored by the plain parser only: a callback is no plain data
        return Lark(grammar, **options, **extra)  # type: ignore[arg-type]
    parser = Lark(grammar, **options)  # type: ignore[arg-type]
    if path is not None:
        _store_tables(path, parser)
    return parser


def _load_tables(path: Path, extra: dict[str, Any] | None = None) -> Lark | None:
    data = read_private(path, _MAX_TABLES_BYTES)
    head = len(_TABLES_FORMAT)
    if data is None or data[:head] != _TABLES_FORMAT or hashlib.sha256(data[head + 32:]).digest() != data[head:head + 32]:
        return None
    try:
        stored = json.loads(data[head + 32:], object_hook=_decode)
        return Lark._load_from_dict(stored["data"], stored["memo"], **(extra or {}))  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, building the parser is the answer
        return None


def _store_tables(path: Path, parser: Lark) -> None:
    try:
        data, memo = parser.memo_serialize([TerminalDef, Rule])
        payload = json.dumps(_encode({"data": data, "memo": memo}), separators=(",", ":")).encode()
        write_private(path, _TABLES_FORMAT + hashlib.sha256(payload).digest() + payload)
    except (OSError, TypeError, ValueError):  # an unwritable folder, or tables that are not plain data: no cache
        pass


def _encode(value: Any) -> Any:
    """Lark's serialized tables as JSON: tuples as ``{"(": [...]}``, a mapping whose keys are not
    all text (the LALR tables are keyed by state numbers) as ``{"{": [[key, value], ...]}``."""
    kind = value.__class__
    if kind is tuple:
        return {"(": [_encode(v) for v in value]}
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict:
        if all(k.__class__ is str for k in value) and "(" not in value and "{" not in value:
            return {k: _encode(v) for k, v in value.items()}
        return {"{": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or kind in (str, int, float, bool):
        return value
    raise TypeError(f"{kind.__name__} in Lark's tables")


def _decode(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1:
        if "(" in mapping:
            return tuple(mapping["("])
        if "{" in mapping:
            return {key: value for key, value in mapping["{"]}
    return mapping


#: Documented limits (docs/robustness.md): how deep one condition may nest (brackets, `not`,
#: comparisons, arithmetic and function calls count one level each; a chain of `and` or of `or`
#: is one level however long), and how many characters a number may have.
MAX_NESTING = 100
MAX_NUMBER_LENGTH = 30

#: Tree nodes that make a condition one level deeper (see the grammar's ``expr`` rules).
_NESTING_RULES = frozenset({"or_", "and_", "not_", "compare", "arith", "call"})


def language_of(source: Source) -> str:
    """The keyword table a file is written in: the one its ``language`` header names, else the one
    its first keyword belongs to, else English (:func:`keywords.detect`). A header naming no known
    table is an error (RN106) at the name."""
    found = keywords.detect(source.text)
    if found is None:
        return keywords.DEFAULT
    code, offset, length = found
    if code not in keywords.TABLES:
        line, column = LineIndex(source.text).position(offset)
        known = ", ".join(f"`{c}`" for c in sorted(keywords.TABLES))
        close = did_you_mean(code, list(keywords.TABLES))
        raise FrameworkError([error(
            "RN106", f"unknown language `{_clip(code)}`", Span(source.path, line, column, line, column + length),
            f"did you mean `{close}`? (known: {known})" if close else f"the known languages are {known}",
            label="no keyword table of this name")])
    return code


def parse(source: Source, language: str | None = None) -> Tree:
    """Parse a framework file's text into a Lark tree, or raise FrameworkError.

    ``language`` is the keyword table (``"en"``, ``"nl"``); by default the file's own header or
    first keyword chooses it (:func:`language_of`). The tree that comes back is safe to transform
    recursively: chains of `and` / `or` are made flat, and nesting beyond :data:`MAX_NESTING` or
    numbers longer than :data:`MAX_NUMBER_LENGTH` are located errors (RN105, RN104) instead of a
    RecursionError or a giant number later.
    """
    if language is None:
        language = language_of(source)
    return _parse_with(get_parser(language), source, language)


def parse_with_comments(source: Source, language: str | None = None) -> tuple[Tree, list[Token], str]:
    """For the formatter: the tree as :func:`parse` gives it, the comments in file order (which the
    grammar ignores), and the language the file is written in."""
    if language is None:
        language = language_of(source)
    parser = _formatter_parser(language)
    _COMMENTS.found = []
    try:
        tree = _parse_with(parser, source, language)
        return tree, list(_COMMENTS.found), language
    finally:
        _COMMENTS.found = []


def _parse_with(parser: Lark, source: Source, language: str) -> Tree:
    try:
        tree = parser.parse(source.text)
    except lark.exceptions.UnexpectedInput as exc:
        raise FrameworkError([_translate(exc, source, keywords.TABLES[language])]) from None
    except RecursionError:
        raise FrameworkError(
            [error("RN105", "the file is nested too deeply to read", Span.point(source.path, 1),
                   "split deeply nested conditions into several cases")]
        ) from None
    problems = _check_tree(tree, source.path, language)
    if problems:
        raise FrameworkError(problems)
    return tree


#: The keywords a rule body starts with (`sum of points`, `share of points`, `worst`, `table`, …).
#: Where a rule is named (`norms by NAME`) a rule body may stand too, and the keyword wins, so a rule
#: named one of these could never be referred to by its name (RN215).
RULE_KINDS = ("SUM", "SHARE", "MEAN", "WEIGHTED", "WORST", "BEST", "MAJORITY", "AT", "ALL", "ANY", "TABLE")


def rule_name_clash(node: Tree, path: str, language: str) -> Diagnostic | None:
    """RN215 for a ``rule`` node named with a word of :data:`RULE_KINDS` in ``language``; None otherwise.
    (The formatter asks it too, of the language it translates a file into.)"""
    table = keywords.TABLES[language]
    name = node.children[0] if node.children else None
    kinds = {table[k]: k for k in RULE_KINDS}
    if not isinstance(name, Token) or str(name) not in kinds:
        return None
    body = node.children[-1]
    if (len(node.children) == 2 and isinstance(body, Tree) and kinds[str(name)] in ("WORST", "BEST")
            and body.data == f"{kinds[str(name)].lower()}_rule"):
        return None  # `rule worst = worst`, bare: `by worst` means just what this rule does
    return error("RN215", f"a rule cannot be named `{name}`: it starts a kind of rule, so `{table['BY']} {name}` would never name this rule",
                 _token_span(name, path), f"give the rule another name: `{name}_{table['RULE']}`, or a word of your own",
                 label="a kind of rule")


def _check_tree(tree: Tree, path: str, language: str = keywords.DEFAULT) -> list[Diagnostic]:
    """Flatten `and`/`or` chains and check nesting and number sizes, without recursion; a call's
    function name, written in the file's language (``aantal``), becomes the English name the
    compiler knows (``count``), at the same place (:data:`keywords.FUNCTIONS`)."""
    functions = language in keywords.FUNCTIONS
    problems: list[Diagnostic] = []
    too_deep = False
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in ("and_", "or_"):
            _flatten(node)
        elif node.data == "rule" and (clash := rule_name_clash(node, path, language)) is not None:
            problems.append(clash)
        elif functions and node.data == "call":
            name = node.children[0]
            english = keywords.function_from_word(str(name), language)
            if english is not None and isinstance(name, Token):
                node.children[0] = Token.new_borrow_pos(name.type, english, name)
        if node.data in _NESTING_RULES:
            depth += 1
            if depth > MAX_NESTING:
                if not too_deep:  # one report per file: the rest is the same problem
                    too_deep = True
                    problems.append(error(
                        "RN105", f"the condition is nested more than {MAX_NESTING} levels deep", _tree_span(node, path),
                        "split it into several cases, or name the parts in separate rules",
                        label=f"level {MAX_NESTING + 1} starts here"))
                continue
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth))
            elif (isinstance(child, Token) and child.type in ("INT", "DECIMAL") and node.data != "ident"
                  and len(child) > MAX_NUMBER_LENGTH):
                problems.append(error(
                    "RN104", f"a number of {len(child):,} characters", _token_span(child, path),
                    f"numbers in a framework have at most {MAX_NUMBER_LENGTH} characters",
                    label="too long"))
    return problems


def _flatten(node: Tree) -> None:
    """``a and b and c`` parses as ``and_(and_(a, b), c)``: make it ``and_(a, b, c)`` in place."""
    op = node.data
    flat: list[object] = []
    todo = list(reversed(node.children))
    while todo:
        child = todo.pop()
        if isinstance(child, Tree) and child.data == op:
            todo.extend(reversed(child.children))
        else:
            flat.append(child)
    node.children = flat  # type: ignore[assignment]


def _tree_span(node: Tree, path: str) -> Span:
    meta = node.meta
    if getattr(meta, "empty", True):
        return Span.point(path, 1)
    return Span(path, meta.line, meta.column, meta.line, meta.column + 1)


def _token_span(token: Token, path: str) -> Span:
    line, column = token.line or 1, token.column or 1
    return Span(path, line, column, token.end_line or line, token.end_column or column + 1)


def _describe_expected(expected: Iterable[str], table: Mapping[str, str]) -> list[str]:
    words = []
    for terminal in sorted(set(expected)):
        word = keywords.word_for(terminal, table)
        if word is not None:
            words.append(f"`{word}`")
        else:
            words.append(_TERMINAL_WORDS.get(terminal, terminal))
    return sorted(set(words))


def _translate(exc: lark.exceptions.UnexpectedInput, source: Source, table: Mapping[str, str]) -> Diagnostic:
    line = getattr(exc, "line", None) or 1
    column = getattr(exc, "column", None) or 1
    if line < 1:  # Lark reports -1 at the end of input
        lines = source.text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    span = Span(source.path, line, column, line, column + 1)
    expected: set[str] = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    described = _describe_expected(expected, table)
    want = ", ".join(described[:12]) + (" …" if len(described) > 12 else "")
    if isinstance(exc, lark.exceptions.UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = source.text[pos] if pos < len(source.text) else ""
        return error(
            "RN101",
            f"unexpected character {char!r}",
            span,
            f"expected {want}" if want else "remove or quote this character",
            label="not part of the language here",
        )
    if isinstance(exc, lark.exceptions.UnexpectedEOF) or (
        isinstance(exc, lark.exceptions.UnexpectedToken) and exc.token.type == "$END"
    ):
        return error("RN103", "the file ends too early", span,
                     f"expected {want}" if want else "complete the last declaration",
                     label="more was expected here")
    assert isinstance(exc, lark.exceptions.UnexpectedToken)
    token = exc.token
    shown = str(token)
    span = Span(source.path, line, column, line, column + max(1, len(shown)))
    help_text = f"expected {want}" if want else None
    kw_words = [keywords.word_for(t, table) for t in expected]
    candidates = [w for w in kw_words if w]
    close = did_you_mean(shown, candidates)
    if close:
        help_text = f"did you mean the keyword `{close}`? ({help_text})"
    elif shown in table.values():
        help_text = f"`{shown}` is a keyword and cannot be used here; {help_text}"
    return error("RN102", f"unexpected `{_clip(shown)}`", span, help_text,
                 label="not expected here")


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
