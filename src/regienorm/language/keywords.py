"""The language's keywords, as a table.

The grammar (``grammars/regienorm.lark``) names every keyword by a ``_KW_*`` terminal and never
spells it; :func:`terminal_definitions` writes the spelling from one table here. A second keyword
set (Dutch, for auditors who write frameworks in Dutch) is a second table, not a second grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

#: English keywords: terminal name (without ``_KW_``) -> the word an author writes.
ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "ABOVE": "above",
        "ACROSS": "across",
        "ADD": "add",
        "AKA": "aka",
        "ALL": "all",
        "AND": "and",
        "ANY": "any",
        "ASPECT": "aspect",
        "AT": "at",
        "BAND": "band",
        "BECAUSE": "because",
        "BEST": "best",
        "BY": "by",
        "CASE": "case",
        "COLLECT": "collect",
        "COUNT": "count",
        "DATE": "date",
        "DECISION": "decision",
        "DEFAULT": "default",
        "DOWN": "down",
        "DROP": "drop",
        "ELSE": "else",
        "ENTITIES": "entities",
        "ENTITY": "entity",
        "EVEN": "even",
        "ERROR": "error",
        "EXTENDS": "extends",
        "FALSE": "false",
        "FINDINGS": "findings",
        "FIRST": "first",
        "FOOTNOTE": "footnote",
        "FOR": "for",
        "FRAMEWORK": "framework",
        "FROM": "from",
        "FROM_VALUE": "from",
        "GRID": "grid",
        "GROUP": "group",
        "GROUPS": "groups",
        "HALF": "half",
        "IF": "if",
        "IN": "in",
        "INCLUDE": "include",
        "INPUT": "input",
        "KEEP": "keep",
        "LANGUAGE": "language",
        "LAST": "last",
        "LEAST": "least",
        "LINE": "line",
        "LOWEST": "lowest",
        "MAJORITY": "majority",
        "MAX": "max",
        "MEAN": "mean",
        "MEASURE": "measure",
        "MERGE": "merge",
        "MIN": "min",
        "NORM": "norm",
        "NORMENKADER": "normenkader",
        "NORMS": "norms",
        "NOT": "not",
        "NOTHING_COUNTS": "nothing counts",
        "NOT_APPLICABLE": "not_applicable",
        "NOT_ASSESSED": "not_assessed",
        "NUMBER": "number",
        "OF": "of",
        "ON": "on",
        "ONE": "one",
        "OR": "or",
        "OTHERWISE": "otherwise",
        "OUTCOME": "outcome",
        "OUTPUT_ORDER": "output order",
        "PAGE": "page",
        "PARTS": "parts",
        "POINTS": "points",
        "PRIORITY": "priority",
        "PROFILE": "profile",
        "PROPAGATE": "propagate",
        "RANGE": "range",
        "RECONSTRUCTED": "reconstructed",
        "REFINE": "refine",
        "ROLE": "role",
        "ROUND": "round",
        "RULE": "rule",
        "RULE_ORDER": "rule order",
        "SCALE": "scale",
        "SCORE": "score",
        "SELECT": "select",
        "SHARE": "share",
        "SKIP": "skip",
        "SOURCE": "source",
        "STATED": "stated",
        "SUM": "sum",
        "TABLE": "table",
        "TEXT": "text",
        "THEN": "then",
        "TIE": "tie",
        "TITLE": "title",
        "TO": "to",
        "TOTAL": "total",
        "TRUE": "true",
        "TRUTH": "truth",
        "UNIQUE": "unique",
        "UNIT": "unit",
        "UP": "up",
        "VALUES": "values",
        "VERDICT": "verdict",
        "VERSION": "version",
        "WEIGHT": "weight",
        "WEIGHTED": "weighted",
        "WHEN": "when",
        "WORST": "worst",
    }
)

#: Dutch keywords, for auditors who write frameworks in Dutch. Words an auditor would write; where
#: Dutch needs several words (``geldt voor``, ``ten minste``, ``niet beoordeeld``) the keyword is
#: several words, with any whitespace between them. Words that are common names in Dutch
#: frameworks (``aandeel``, ``gewogen``, ``meerderheid``, ``totaal`` as rule names) are avoided
#: where a name may stand: a keyword there would take the name's place.
DUTCH: Mapping[str, str] = MappingProxyType(
    {
        "ABOVE": "boven",
        "ACROSS": "over",
        "ADD": "voeg toe",
        "AKA": "ofwel",
        "ALL": "alle",
        "AND": "en",
        "ANY": "enig",
        "ASPECT": "toetsaspect",
        "AT": "ten",
        "BAND": "klasse",
        "BECAUSE": "omdat",
        "BEST": "beste",
        "BY": "volgens",
        "CASE": "per",
        "COLLECT": "verzamel",
        "COUNT": "aantal",
        "DATE": "datum",
        "DECISION": "beslissing",
        "DEFAULT": "standaard",
        "DOWN": "omlaag",
        "DROP": "laat weg",
        "ELSE": "anders",
        "ENTITIES": "entiteiten",
        "ENTITY": "entiteit",
        "EVEN": "even",
        "ERROR": "fout",
        "EXTENDS": "breidt uit",
        "FALSE": "onwaar",
        "FINDINGS": "bevindingen",
        "FIRST": "eerste",
        "FOOTNOTE": "voetnoot",
        "FOR": "geldt voor",
        "FRAMEWORK": "toetsingskader",
        "FROM": "uit",
        "FROM_VALUE": "vanaf",
        "GRID": "kruistabel",
        "GROUP": "groep",
        "GROUPS": "groepen",
        "HALF": "half",
        "IF": "als",
        "IN": "in",
        "INCLUDE": "neem op",
        "INPUT": "gegeven",
        "KEEP": "behoud",
        "LANGUAGE": "taal",
        "LAST": "laatste",
        "LEAST": "minste",
        "LINE": "regelnummer",
        "LOWEST": "laagste",
        "MAJORITY": "meestvoorkomend",
        "MAX": "maximum",
        "MEAN": "gemiddelde",
        "MEASURE": "indicator",
        "MERGE": "voeg samen",
        "MIN": "minimum",
        "NORM": "norm",
        "NORMENKADER": "normenkader",
        "NORMS": "normen",
        "NOT": "niet",
        "NOTHING_COUNTS": "niets telt",
        "NOT_APPLICABLE": "niet van toepassing",
        "NOT_ASSESSED": "niet beoordeeld",
        "NUMBER": "getal",
        "OF": "van",
        "ON": "bij",
        "ONE": "een",
        "OR": "of",
        "OTHERWISE": "overig",
        "OUTCOME": "uitkomst",
        "OUTPUT_ORDER": "uitkomstvolgorde",
        "PAGE": "pagina",
        "PARTS": "onderdelen",
        "POINTS": "punten",
        "PRIORITY": "prioriteit",
        "PROFILE": "profiel",
        "PROPAGATE": "doorgeven",
        "RANGE": "bereik",
        "RECONSTRUCTED": "gereconstrueerd",
        "REFINE": "verfijn",
        "ROLE": "rol",
        "ROUND": "rond",
        "RULE": "regel",
        "RULE_ORDER": "regelvolgorde",
        "SCALE": "schaal",
        "SCORE": "score",
        "SELECT": "selecteer",
        "SHARE": "fractie",
        "SKIP": "overslaan",
        "SOURCE": "bron",
        "STATED": "vermeld",
        "SUM": "som",
        "TABLE": "tabel",
        "TEXT": "tekst",
        "THEN": "dan",
        "TIE": "bij gelijke stand",
        "TITLE": "titel",
        "TO": "aan",
        "TOTAL": "totaal",
        "TRUE": "waar",
        "TRUTH": "waarheidswaarde",
        "UNIQUE": "uniek",
        "UNIT": "eenheid",
        "UP": "omhoog",
        "VALUES": "waarden",
        "VERDICT": "oordeel",
        "VERSION": "versie",
        "WEIGHT": "gewicht",
        "WEIGHTED": "weging",
        "WHEN": "wanneer",
        "WORST": "slechtste",
    }
)

#: Every keyword table by the language code a file names in its header (``language en``,
#: ``taal nl``). A third language is a third table here and nothing else.
TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": ENGLISH, "nl": DUTCH})

#: The language of a file that names none and whose first keyword is in several tables.
DEFAULT = "en"

#: The functions' names in each language: the English name (the one the compiler and the semantics
#: know: ``semantics.aggregates.AGGREGATES`` and the decisions' ``min``, ``max``, ``abs``) -> the
#: name an author writes in a file of that language. Function names are names, not keywords (they
#: stand where a call stands and nowhere else), so the parser puts the English name into the tree
#: (:func:`function_from_word`) and the formatter writes it back in the file's language
#: (:func:`function_word`). A language without a table here writes the English names; a file in
#: another language may use the English names too (files written before this table), and
#: ``regienorm fmt`` writes them in the file's language.
FUNCTIONS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "nl": MappingProxyType({
        "count": "aantal",
        "share": "aandeel",
        "mean": "gemiddelde",
        "sum": "som",
        "min": "minimum",
        "max": "maximum",
        "all": "alle",
        "any": "enig",
        "none": "geen",
        "abs": "absoluut",
        "max_points": "maximum_punten",
    }),
})


def function_word(name: str, language: str) -> str:
    """The name a file in ``language`` writes for the function ``name`` (its English name).

    >>> function_word("count", "nl"), function_word("count", "en"), function_word("mystery", "nl")
    ('aantal', 'count', 'mystery')
    """
    return FUNCTIONS.get(language, {}).get(name, name)


def function_from_word(word: str, language: str) -> str | None:
    """The English name of the function a file in ``language`` calls ``word``, or None when
    ``word`` is no function name of that language."""
    for name, spelled in FUNCTIONS.get(language, {}).items():
        if spelled == word:
            return name
    return None


def terminal_definitions(table: Mapping[str, str]) -> str:
    """Lark terminal definitions for one keyword table (appended to the grammar text).

    A one-word keyword is a string terminal (Lark tells it from a name of the same letters). A
    keyword of several words is a regular expression allowing any whitespace between the words and
    a word boundary after the last; its priority puts it before ``NAME``, which would otherwise
    take its first word."""
    lines = []
    for name, word in sorted(table.items()):
        parts = word.split()
        if len(parts) == 1:
            lines.append(f'_KW_{name}: "{word}"\n')
        else:
            pattern = r"\s+".join(re.escape(p) for p in parts) + r"\b"
            lines.append(f"_KW_{name}.2: /{pattern}/\n")
    return "".join(lines)


def word_for(terminal: str, table: Mapping[str, str] = ENGLISH) -> str | None:
    """The keyword an author writes for a Lark terminal name, or None if it is not a keyword."""
    if terminal.startswith("_KW_"):
        return table.get(terminal[4:])
    return None


def detect(text: str) -> tuple[str, int, int] | None:
    """The language a framework text says it is in, with where it says so (offset and length of
    the word that decided), or None when its first word is no keyword at all.

    A header ``language CODE`` (in any table's own word: ``taal nl``) names the language; without
    one, the file's first keyword decides: the table it belongs to, or :data:`DEFAULT` when it is
    a word of several tables (``normenkader``). Comments and whitespace before it are skipped.
    The code of a header is returned as written, known or not: the parser reports an unknown one.
    """
    pos = _skip_blank(text, 0)
    word, end = _word(text, pos)
    if not word:
        return None
    if any(word == t.get("LANGUAGE") for t in TABLES.values()):
        start = _skip_blank(text, end)
        code, code_end = _word(text, start)
        if code:
            return code, start, code_end - start
        return None
    owners = [code for code, t in TABLES.items() if any(w.split()[0] == word for w in t.values())]
    if not owners:
        return None
    return (DEFAULT if DEFAULT in owners or len(owners) > 1 else owners[0]), pos, end - pos


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
        elif text[pos] == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        else:
            break
    return pos


def _word(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[pos:end], end
