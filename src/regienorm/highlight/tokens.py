"""What each kind of token looks like, for highlighters, from the keyword tables.

One ordered list of :class:`Pattern` per keyword language: at each place the first pattern that
matches decides (a TextMate engine takes the leftmost match, then the first pattern; the lists are
written so that both come to the same). The kinds are the six the tests hold the highlighters to:
``comment``, ``string``, ``number``, ``keyword``, ``name`` and ``operator`` (punctuation counts as
an operator); a pattern may give its groups kinds of their own.

Where the language lets a keyword's letters stand as a name, the patterns say so as the parser
does: the word after a declaring keyword (``scale oordeel``, ``regel totaal_normen``) is a name,
and an aggregate's name before ``(`` is a function (``share(…)``, ``all(…)``), not the keyword of
the same letters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from ..language import keywords
from ..semantics.aggregates import AGGREGATES

#: The terminals after which a declared name stands.
DECLARING = ("FRAMEWORK", "SCALE", "ROLE", "MEASURE", "RULE", "INPUT", "DECISION", "NORMENKADER", "GROUP", "NORM", "ASPECT",
             "SCORE")

#: The terminals a condition may hold (in a table rule's ``when … ->``): any other keyword's letters
#: there are a name (``count(verdict = "-")``: the field `verdict`).
IN_CONDITIONS = ("AND", "OR", "NOT", "IF", "THEN", "ELSE", "IN", "BY", "ENTITY", "NOT_ASSESSED", "ROUND", "UP", "DOWN",
                 "HALF", "EVEN", "CASE", "BAND", "OTHERWISE", "OF", "NOTHING_COUNTS")

#: The terminals a score's expression may hold (``norm = …``, ``group = …``, ``score NAME = …``,
#: to the end of the line): a condition's, and ``of parts``, ``of norms``; ``points``, ``weight``
#: and ``verdict`` there are the node's values, names.
IN_SCORES = (*IN_CONDITIONS, "PARTS", "NORMS")

#: The terminals of a decision, from ``decision NAME`` to the next declaration, comment or blank
#: line: its header's and a condition's (``sum(points of safe)``: `points` is a name there).
#: A decision table's too: its hit policy, its outputs' types, `default`, `grid`, `true`, `false`.
IN_DECISIONS = (*IN_CONDITIONS, "STATED", "RECONSTRUCTED", "SOURCE", "TABLE", "FOOTNOTE", "PAGE", "LINE", "UNIT", "ONE",
                "UNIQUE", "ANY", "FIRST", "PRIORITY", "RULE_ORDER", "OUTPUT_ORDER", "COLLECT", "SUM", "MIN", "MAX",
                "COUNT", "DEFAULT", "GRID", "TRUE", "FALSE", "NUMBER", "TRUTH", "TEXT", "DATE")

#: The terminals an inline rule after ``by`` starts with (and ``by entity``): after ``by``, any
#: other word is the name of a rule (``totaal volgens totaal``: the rule `totaal`).
AFTER_BY = ("SUM", "SHARE", "MEAN", "WEIGHTED", "WORST", "BEST", "MAJORITY", "AT", "ALL", "ANY", "TABLE", "ENTITY")

#: The terminals a file's first declaration may start with (a file written in a language whose
#: first keyword is its own starts the language there; see :func:`starts`).
FIRST = ("FRAMEWORK", "SCALE", "ROLE", "MEASURE", "RULE", "INPUT", "DECISION", "INCLUDE", "NORMENKADER", "LANGUAGE")

NAME = r"[^\W\d]\w*"
STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
NUMBER = r"\d{4}-\d{2}-\d{2}(?!\w)|\d+\.\d+|\d+"  # a day (2024-01-31) is one number
OPERATOR = r"->|\.\.|>=|<=|!=|[=<>+\-*/^]"
PUNCTUATION = r"[{}()\[\],;.|]"
COMMENT = r"#[^\n]*"


@attrs.frozen
class Pattern:
    """A regular expression (in the subset that Python's ``re`` and Oniguruma read alike) and
    the kind of what it matches, or of each of its groups."""

    name: str
    regex: str
    kind: str | None = None
    groups: tuple[str | None, ...] = ()
    #: Finer than the kind, for scopes and token types: "declaration" keywords, "declared" and
    #: "function" names, "punctuation".
    role: str | None = None


@attrs.frozen
class Region:
    """Text from ``begin`` (its match a token of its own, by ``groups``) up to where ``end``
    matches (not included), read with ``patterns`` instead of the language's."""

    name: str
    begin: str
    groups: tuple[str | None, ...]
    end: str
    patterns: tuple[Pattern, ...]


def _words(words: list[str]) -> str:
    """An alternation of keywords (several words: any whitespace between), longest first."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def patterns(table: Mapping[str, str]) -> tuple[Pattern | Region, ...]:
    """The patterns of one keyword language, in the order they are tried."""
    declaring = _words([table[t] for t in DECLARING])
    # a keyword of several words whose first is a declaring one (`rule order`) is not a declaration
    firsts = {table[t] for t in DECLARING}
    multi = [w for w in table.values() if len(w.split()) > 1 and w.split()[0] in firsts]
    not_multi = rf"(?!(?:{_words(multi)})\b)" if multi else ""
    starts_rule = _words([table[t] for t in AFTER_BY])
    condition = Region("condition", rf"\b({_words([table['WHEN']])})\b", ("keyword",), r"(?=->)",
                       _tokens(table, [table[t] for t in IN_CONDITIONS]))
    in_scores = _tokens(table, [table[t] for t in IN_SCORES])
    # a score's expression may go on over lines (the formatter breaks it at 100 columns): it ends
    # where a line starts the next level, the next item of the normenkader, `}`, a comment or nothing
    next_level = _words([table[t] for t in ("NORM", "GROUP", "WHEN")])
    next_item = _words([table[t] for t in ("NORM", "GROUP", "MEASURE", "NORMS", "GROUPS", "TOTAL", "ACROSS", "SCORE")])
    level = Region("score-level", rf"\b({_words([table['NORM'], table['GROUP']])})(\s*)(=)", ("keyword", None, "operator"),
                   rf"^(?=\s*(?:[}}#]|$|(?:{next_level})\b))", in_scores)
    simple = Region("score", rf"\b({_words([table['SCORE']])})(\s+)({NAME})(?=\s*(?:{STRING}\s*)?=)",
                    ("keyword", None, "name"), rf"^(?=\s*(?:[}}#]|$|(?:{next_item})\b))", in_scores)
    decision = Region("decision", rf"\b({_words([table['DECISION']])})(\s+)({NAME})", ("declaration", None, "declared"),
                      rf"^(?=\s*(?:#|$|(?:{_words([table[t] for t in FIRST])})\b))",
                      _tokens(table, [table[t] for t in IN_DECISIONS]))
    return (
        Pattern("comment", COMMENT, "comment"),
        Pattern("string", STRING, "string"),
        decision,
        simple,
        level,
        Pattern("declaration", rf"\b{not_multi}({declaring})\b(\s+)({NAME})", groups=("keyword", None, "name"),
                role="declaration"),
        Pattern("rule-name", rf"\b({_words([table['BY']])})(\s+)(?!(?:{starts_rule})\b)({NAME})",
                groups=("keyword", None, "name")),
        condition,
        *_tokens(table, list(table.values())),
    )


def _tokens(table: Mapping[str, str], words: list[str]) -> tuple[Pattern, ...]:
    """Comments, texts, functions, the keywords ``words``, numbers, names and operators."""
    # a function's name (`date(…)` too, DMN's day) in the table's language that is also a keyword of it (`min(…)` beside
    # `collect min`, `minimum(…)` beside `verzamel minimum`) is a name before `(`
    code = next((c for c, t in keywords.TABLES.items() if t is table), keywords.DEFAULT)
    spelled = {keywords.function_word(n, code) for n in (*AGGREGATES, "min", "max", "abs", "date")}
    functions = _words([w for w in table.values() if w in AGGREGATES or w in spelled])
    out = [Pattern("comment", COMMENT, "comment"), Pattern("string", STRING, "string")]
    if functions:
        out.append(Pattern("function", rf"\b(?:{functions})(?=\s*\()", "name", role="function"))
    out += [
        Pattern("keyword", rf"\b(?:{_words(words)})\b", "keyword"),
        Pattern("number", rf"\b(?:{NUMBER})\b", "number"),
        Pattern("name", NAME, "name"),
        Pattern("operator", OPERATOR, "operator"),
        Pattern("punctuation", PUNCTUATION, "operator", role="punctuation"),
    ]
    return tuple(out)


def starts(code: str) -> str:
    """Where a file in language ``code`` begins to be in it, as a lookahead at a line's start: its
    header (``taal nl``), or a first declaration in a keyword only this language has."""
    table = keywords.TABLES[code]
    header = _words([t["LANGUAGE"] for t in keywords.TABLES.values()])
    others = {w for c, t in keywords.TABLES.items() if c != code for w in t.values()}
    own = [table[t] for t in FIRST if t != "LANGUAGE" and table[t] not in others]
    alternatives = [rf"(?:{header})\s+{re.escape(code)}\b"] + ([rf"(?:{_words(own)})\b"] if own else [])
    return r"^(?=\s*(?:" + "|".join(alternatives) + "))"
