"""Entity ids are what they look like: an invisible character in one is an error (RN628), and
two that look alike in one file are a warning (RN629). See :mod:`regienorm._confusables`."""

from __future__ import annotations

from ..._confusables import invisible, lookalikes
from ...diagnostics import Diagnostic, warning
from ...source import Span
from ..readers import Node
from .fields import Checker


def entity_ids(ck: Checker, entities: Node | None) -> None:
    """Check the ids under `entities:` (each as written, at its own place in the file)."""
    declared: list[tuple[str, Span]] = []
    items = entities.value if entities is not None and isinstance(entities.value, list) else []
    for item in items:
        node = item.get("id") if isinstance(item.value, dict) else None
        if node is None or not isinstance(node.value, str):
            continue  # the entity check says what is wrong with it
        hidden = invisible(node.value)
        if hidden is not None:
            ck.err("RN628", f"the entity id `{node.value}` holds the invisible character U+{ord(hidden):04X} "
                   f"({_name(hidden)})", node.span,
                   "retype the id: an invisible character makes an id that looks like another but is not")
            continue
        declared.append((node.value, node.span))
    ck.diags.extend(lookalike_warnings(declared))


def lookalike_warnings(declared: list[tuple[str, Span]]) -> list[Diagnostic]:
    """RN629 for each two ids (as written, at their places) that look alike."""
    return [warning("RN629", f"the entity ids `{ident}` and `{other}` look alike", span,
                    "give entities ids that differ in what a reader sees, or check that both are meant",
                    notes=[f"`{other}` is at {other_span}", f"`{ident}` is {_spelled(ident)}", f"`{other}` is {_spelled(other)}"])
            for ident, span, other, other_span in lookalikes(declared)]


def _name(character: str) -> str:
    import unicodedata

    return unicodedata.name(character, "unnamed").lower()


def _spelled(ident: str) -> str:
    """An id character by character, where it is not plain ASCII: what the eye cannot tell apart."""
    return " ".join(c if c.isascii() else f"U+{ord(c):04X}" for c in ident) if not ident.isascii() else "plain ASCII"
