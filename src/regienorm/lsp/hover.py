"""What the editor shows on hover: a symbol's text, its sources and where it is used (Markdown)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .index import Occurrence, Symbol

#: At most this many places of use are listed; the rest are counted.
MAX_USES = 12

_KIND = {"framework": "framework", "scale": "scale", "value": "scale value", "role": "role", "measure": "measure",
         "rule": "rule", "input": "input", "decision": "decision", "normenkader": "normenkader", "group": "group",
         "norm": "norm", "aspect": "toetsaspect", "score": "score", "outcome": "outcome category"}


def where(path: str, line: int, column: int) -> str:
    """A place as the hover shows it: the file's name relative to the working folder when inside it."""
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    return f"{shown}:{line}:{column}"


def _name(symbol: Symbol) -> str:
    if symbol.kind in ("group", "norm", "aspect", "score"):
        return symbol.key.split(":", 1)[1]
    return f'"{symbol.name}"' if symbol.kind in ("value", "outcome") else symbol.name


def hover_text(symbol: Symbol, uses: Sequence[Occurrence], header_line: str | None = None) -> str:
    """The Markdown of a hover on ``symbol``: what it is and its text, its declaration line, its
    sources, and every place it is used (``uses``, in the order to show)."""
    lines = [f"**{_KIND[symbol.kind]}** `{_name(symbol)}`" + (f" — {symbol.title}" if symbol.title else "")]
    if symbol.detail:
        lines += ["", symbol.detail]
    if header_line:
        lines += ["", "```regienorm", header_line.strip(), "```"]
    if symbol.sources:
        lines += ["", "Sources:"] + [f"- {s}" for s in symbol.sources]
    span = symbol.span
    lines += ["", f"Declared at {where(span.path, span.line, span.column)}"]
    if uses:
        shown = [where(u.span.path, u.span.line, u.span.column) + (f" (as \"{u.text}\")" if u.text != symbol.name else "")
                 for u in uses[:MAX_USES]]
        more = f" and {len(uses) - MAX_USES} more" if len(uses) > MAX_USES else ""
        lines += ["", f"Used {len(uses)} time{'s' if len(uses) != 1 else ''}:"] + [f"- {s}" for s in shown]
        if more:
            lines.append(f"- …{more}")
    else:
        lines += ["", "Not used anywhere in this framework."]
    return "\n".join(lines)
