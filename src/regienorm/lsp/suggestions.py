"""The replacement a diagnostic suggests, for the editor's quick fix.

Every "unknown name" diagnostic says what was probably meant in its help, in one of two fixed
forms (``did you mean `name`?`` for a name or keyword, ``did you mean "text"?`` for a quoted
category or verdict), from the one :func:`regienorm.diagnostics.did_you_mean`. The fix replaces
the text the diagnostic points at, and only when that is one word or one quoted text: a help
that points at a whole declaration suggests nothing to replace.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic

_SUGGESTED = re.compile(r'did you mean (?:the keyword )?(?:`(?P<name>[^`\n]+)`|"(?P<text>[^"\n]*)")\?')
_WORD = re.compile(r"[^\W\d]\w*|\d+")
_QUOTED = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')


def replacement(diagnostic: Diagnostic, written: str) -> str | None:
    """What to write in place of ``written`` (the text under the diagnostic's span), or None."""
    if not diagnostic.help:
        return None
    found = _SUGGESTED.search(diagnostic.help)
    if found is None:
        return None
    suggested = found.group("name") if found.group("name") is not None else found.group("text")
    if _QUOTED.fullmatch(written):
        new = '"' + suggested.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif _WORD.fullmatch(written):
        new = suggested
    else:
        return None
    return new if new != written else None
