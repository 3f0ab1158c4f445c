"""What the editor may complete at a place: the keywords of the file's language and the names the
framework declares, those that fit the place first (a rule after ``by``, a role after ``for``)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from ..language import keywords
from .index import Index


@attrs.frozen
class Item:
    label: str
    #: "keyword", or the kind of symbol (rule, role, measure, input, decision, value, normenkader, norm)
    kind: str
    detail: str | None = None
    insert: str | None = None
    #: Sorted before the others: fits the place.
    fits: bool = False


#: After which keyword (terminal name) which kinds of names stand.
_AFTER = {"BY": {"rule"}, "FOR": {"role"}, "MEASURE": {"measure"}, "OF": {"normenkader", "norm"}}

_NAMED = ("rule", "role", "measure", "input", "decision", "normenkader", "value")


def complete(index: Index | None, language: str, before: str) -> list[Item]:
    """Completions for a place; ``before`` is the text of its line up to the cursor."""
    table = keywords.TABLES.get(language, keywords.ENGLISH)
    previous = _previous_keyword(before, table)
    wanted = _AFTER.get(previous or "", set())
    items: list[Item] = []
    in_quotes = before.count('"') % 2 == 1
    if index is not None:
        for symbol in index.named(_NAMED):
            if symbol.kind == "value":
                label = symbol.name if in_quotes else f'"{symbol.name}"'
                items.append(Item(label, "value", symbol.title, label, fits=in_quotes or before.rstrip().endswith("->")))
            elif not in_quotes:
                items.append(Item(symbol.name, symbol.kind, symbol.title, fits=symbol.kind in wanted))
    if not in_quotes:
        for word in sorted(set(table.values())):
            items.append(Item(word, "keyword"))
    return sorted(items, key=lambda i: (not i.fits, i.kind == "keyword", i.label))


def _previous_keyword(before: str, table: Mapping[str, str]) -> str | None:
    """The terminal of the keyword right before the word being typed, if it is one."""
    head = re.sub(r"[^\s,]*$", "", before).rstrip(" ,")
    head = re.sub(r"(?:\s*,\s*[^\W\d]\w*)+$", "", head)  # `for a, b, ` still completes roles
    for terminal, word in sorted(table.items(), key=lambda kv: -len(kv[1])):
        if re.search(r"(?:^|\s)" + r"\s+".join(map(re.escape, word.split())) + r"$", head):
            return str(terminal)
    return None
