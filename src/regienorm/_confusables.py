"""Ids that are not what they look like: invisible characters in them, and ids that look alike.

An id is what a reader matches by eye: `noord` in a table header, `1` in a norm's number. Two
things break that. An invisible character (a zero-width space, a bidi control) makes an id that
looks like another but is not, and can move a verdict under another column; such ids are refused
(:func:`invisible`). Two different ids that look the same (`1` and the Arabic-Indic `١`, `noord`
and `nооrd` with Cyrillic o's, `Noord` and `noord`) are allowed but warned about
(:func:`skeleton`: equal skeletons, different ids).

The skeleton is a simplified version of the "skeleton" of Unicode TR #39 (confusable
detection), without its full table:

1. NFKC: compatibility forms become their plain letters and digits (fullwidth `１`, superscript
   `²`, the ligature `ﬁ`, the Roman numeral `Ⅰ`, the Kelvin sign);
2. case folded (`Noord`, `NOORD`, `noord`);
3. every decimal digit becomes its value (`١`, `۱`, `१`, `১`: 1), whatever its script;
4. the Cyrillic and Greek letters that look like Latin ones (the table below) become those;
5. format characters (zero-width, bidi) are dropped.

Not caught: look-alikes across other scripts and shapes the table does not list (`l` and `I`,
`0` and `O` are not mapped either: in ids they are different on purpose often enough).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import TypeVar

#: Cyrillic and Greek letters drawn like Latin ones (after case folding), to the Latin letter.
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
})

#: Unicode categories that are never part of an id: format characters (zero-width spaces and
#: joiners, bidi controls, the soft hyphen, the BOM), line and paragraph separators. Control
#: characters (ESC) are visible as escapes wherever an id is shown, and stay allowed.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


def invisible(text: str) -> str | None:
    """The first character of ``text`` that cannot be seen or that is a space other than U+0020
    (a no-break space looks like one but is not), or None."""
    for character in text:
        if character != " " and (unicodedata.category(character) in _INVISIBLE_CATEGORIES
                                 or unicodedata.category(character) == "Zs"):
            return character
    return None


def skeleton(text: str) -> str:
    """What ``text`` looks like, for comparing ids (see the module for what it catches)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for character in folded:
        digit = unicodedata.decimal(character, None)
        if digit is not None:
            out.append(str(digit))
        elif unicodedata.category(character) != "Cf":
            out.append(character)
    return "".join(out).translate(_LOOKALIKE)


_T = TypeVar("_T")


def lookalikes(items: Iterable[tuple[str, _T]]) -> Iterator[tuple[str, _T, str, _T]]:
    """For ids given with something each (a span), every id that looks like an earlier different
    one: ``(id, its thing, the earlier id, the earlier one's thing)``, in the order given."""
    first: dict[str, tuple[str, _T]] = {}
    for ident, thing in items:
        key = skeleton(ident)
        seen = first.get(key)
        if seen is None:
            first[key] = (ident, thing)
        elif seen[0] != ident:
            yield ident, thing, seen[0], seen[1]
