"""The language's keywords, as a table.

The grammar (``grammars/regienorm.lark``) names every keyword by a ``_KW_*`` terminal and never
spells it; :func:`terminal_definitions` writes the spelling from one table here. A second keyword
set (Dutch, for auditors who write frameworks in Dutch) is a second table, not a second grammar.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: English keywords: terminal name (without ``_KW_``) -> the word an author writes.
ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "ABOVE": "above",
        "ACROSS": "across",
        "AKA": "aka",
        "ALL": "all",
        "AND": "and",
        "ANY": "any",
        "ASPECT": "aspect",
        "AT": "at",
        "BAND": "band",
        "BEST": "best",
        "BY": "by",
        "CASE": "case",
        "DATE": "date",
        "DECISION": "decision",
        "DOWN": "down",
        "ELSE": "else",
        "ENTITIES": "entities",
        "ENTITY": "entity",
        "EVEN": "even",
        "FINDINGS": "findings",
        "FOOTNOTE": "footnote",
        "FOR": "for",
        "FRAMEWORK": "framework",
        "FROM": "from",
        "HALF": "half",
        "IF": "if",
        "IN": "in",
        "INCLUDE": "include",
        "INPUT": "input",
        "LEAST": "least",
        "LINE": "line",
        "LOWEST": "lowest",
        "MAJORITY": "majority",
        "MEAN": "mean",
        "MEASURE": "measure",
        "NORM": "norm",
        "NORMENKADER": "normenkader",
        "NORMS": "norms",
        "NOT": "not",
        "NOT_APPLICABLE": "not_applicable",
        "NOT_ASSESSED": "not_assessed",
        "NUMBER": "number",
        "OF": "of",
        "ON": "on",
        "ONE": "one",
        "OR": "or",
        "OTHERWISE": "otherwise",
        "PAGE": "page",
        "POINTS": "points",
        "PROPAGATE": "propagate",
        "RANGE": "range",
        "RECONSTRUCTED": "reconstructed",
        "ROLE": "role",
        "ROUND": "round",
        "RULE": "rule",
        "SCALE": "scale",
        "SHARE": "share",
        "SKIP": "skip",
        "SOURCE": "source",
        "STATED": "stated",
        "SUM": "sum",
        "TABLE": "table",
        "TEXT": "text",
        "THEN": "then",
        "TIE": "tie",
        "TOTAL": "total",
        "TRUTH": "truth",
        "UNIT": "unit",
        "UP": "up",
        "VALUES": "values",
        "VERDICT": "verdict",
        "VERSION": "version",
        "WEIGHTED": "weighted",
        "WHEN": "when",
        "WORST": "worst",
    }
)

TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": ENGLISH})


def terminal_definitions(table: Mapping[str, str]) -> str:
    """Lark terminal definitions for one keyword table (appended to the grammar text)."""
    return "".join(f'_KW_{name}: "{word}"\n' for name, word in sorted(table.items()))


def word_for(terminal: str, table: Mapping[str, str] = ENGLISH) -> str | None:
    """The keyword an author writes for a Lark terminal name, or None if it is not a keyword."""
    if terminal.startswith("_KW_"):
        return table.get(terminal[4:])
    return None
