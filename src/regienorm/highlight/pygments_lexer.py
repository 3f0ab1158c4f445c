"""A Pygments lexer for framework files (``pip install 'regienorm[pygments]'``), registered under
the ``pygments.lexers`` entry point as ``regienorm`` (aliases ``norm``, ``normenkader``).

The token patterns come from :mod:`.tokens`, one state per keyword language; which state a text
starts in is decided as the parser decides it (:func:`regienorm.language.keywords.detect`: its
``language`` header, else its first keyword).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from ..language import keywords
from .tokens import Pattern, Region, patterns

_TOKENS = {
    "comment": Comment.Single, "string": String.Double, "number": Number, "keyword": Keyword, "name": Name,
    "operator": Operator, "declaration": Keyword.Declaration, "declared": Name.Entity, "function": Name.Function,
    "punctuation": Punctuation, None: Whitespace,
}


def _rule(pattern: Pattern | Region, code: str) -> tuple[Any, ...]:
    if isinstance(pattern, Region):  # a state of its own, left where its end matches
        return (pattern.begin, bygroups(*(_TOKENS[k] for k in pattern.groups)), f"{code}-{pattern.name}")
    if pattern.groups:
        finer = {"keyword": "declaration", "name": "declared"} if pattern.role == "declaration" else {}
        return (pattern.regex, bygroups(*(_TOKENS[finer.get(k, k) if k else None] for k in pattern.groups)))
    return (pattern.regex, _TOKENS[pattern.role or pattern.kind])


def _states() -> dict[str, Any]:
    """A state per keyword language, and one per region of it (``en-condition``)."""
    states: dict[str, Any] = {}
    for code, table in keywords.TABLES.items():
        states[code] = [(r"\s+", Whitespace), *(_rule(p, code) for p in patterns(table)), (r".", Text)]
        for region in (p for p in patterns(table) if isinstance(p, Region)):
            # whitespace a line at a time: an end that looks at a line's start (`^(?=\s*})`) must be
            # tried there, before the next line's indentation is read
            states[f"{code}-{region.name}"] = [(region.end, Text, "#pop"), (r"[^\S\n]+|\n", Whitespace),
                                               *(_rule(p, code) for p in region.patterns), (r".", Text)]
    states["root"] = states[keywords.DEFAULT]
    return states


class RegienormLexer(RegexLexer):
    """Framework files of regienorm, in English or Dutch keywords."""

    name = "regienorm"
    aliases: ClassVar[list[str]] = ["regienorm", "norm", "normenkader"]
    filenames: ClassVar[list[str]] = ["*.norm"]
    mimetypes: ClassVar[list[str]] = ["text/x-regienorm"]
    url = "https://example.invalid/regienorm"

    tokens: ClassVar[dict[str, Any]] = _states()

    def get_tokens_unprocessed(self, text: str, stack: tuple[str, ...] = ("root",)) -> Iterator[tuple[int, Any, str]]:
        found = keywords.detect(text)
        code = found[0] if found is not None and found[0] in keywords.TABLES else keywords.DEFAULT
        yield from super().get_tokens_unprocessed(text, (code,))
