"""Text to Lark tree. The LALR parser is built once per keyword table and cached on disk.

Lark's exceptions never leave this module: they become :class:`~regienorm.errors.FrameworkError`
with a located diagnostic that says, in words, what was expected and which keyword was probably
meant.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import lark
from lark import Lark, Tree

from . import keywords
from ._resources import grammar_path
from .diagnostics import Diagnostic, error
from .errors import FrameworkError
from .source import Source, Span

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


def _cache_path(grammar: str) -> str:
    digest = hashlib.sha256(grammar.encode() + lark.__version__.encode()).hexdigest()[:16]
    base = os.environ.get("REGIENORM_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), "regienorm-cache"
    )
    return os.path.join(base, f"parser-{digest}.lark")


@functools.lru_cache(maxsize=4)
def get_parser(language: str = "en") -> Lark:
    """The LALR parser for a keyword table, built once and cached on disk between runs."""
    table = keywords.TABLES[language]
    grammar = grammar_path().read_text(encoding="utf-8") + keywords.terminal_definitions(table)
    options = dict(parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=False)
    cache = _cache_path(grammar)
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        return Lark(grammar, cache=cache, **options)  # type: ignore[arg-type]
    except OSError:  # an unwritable cache folder only costs time
        return Lark(grammar, **options)  # type: ignore[arg-type]


def parse(source: Source, language: str = "en") -> Tree:
    """Parse a framework file's text into a Lark tree, or raise FrameworkError."""
    parser = get_parser(language)
    try:
        return parser.parse(source.text)
    except lark.exceptions.UnexpectedInput as exc:
        raise FrameworkError([_translate(exc, source, keywords.TABLES[language])]) from None
    except RecursionError:
        raise FrameworkError(
            [error("RN105", "the file is nested too deeply to read", Span.point(source.path, 1),
                   "split deeply nested conditions into several cases")]
        ) from None


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
    close = difflib.get_close_matches(shown, candidates, n=1, cutoff=0.6)
    if close:
        help_text = f"did you mean the keyword `{close[0]}`? ({help_text})"
    elif shown in table.values():
        help_text = f"`{shown}` is a keyword and cannot be used here; {help_text}"
    return error("RN102", f"unexpected `{_clip(shown)}`", span, help_text,
                 label="not expected here")


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def read_source(path: str | Path, display: str | None = None) -> Source:
    """Read a framework file as text: UTF-8 (a BOM is dropped), line ends made ``\\n``."""
    data = Path(path).read_bytes()
    return decode(data, display or str(path))


def decode(data: bytes, name: str) -> Source:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise FrameworkError(
            [error("RN001", "the file is not valid UTF-8", Span.point(name, line, column),
                   "save the file as UTF-8 (in Word or Excel: 'Save as', encoding UTF-8)",
                   notes=[f"byte 0x{data[exc.start]:02x} at offset {exc.start}"])]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise FrameworkError(
            [error("RN002", "the file contains a NUL character", Span.point(name, line, column),
                   "remove the NUL character; the file may be binary or damaged")]
        )
    return Source(name, text)
