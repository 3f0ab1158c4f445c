"""RN214: two names in a framework that look alike (``norm 1`` and ``norm ١``, ``noord`` and
``nооrd``), among the names one reference could mean: the roles, the measures, the rules, the
normenkaders, a normenkader's norms, a norm's toetsaspecten. A warning: both compile, but an
auditor reading the report cannot tell them apart. What counts as alike:
:mod:`regienorm._confusables`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._confusables import lookalikes
from .state import Compilation


def pass_lookalikes(state: Compilation) -> None:
    framework = state.framework
    if framework is None:
        return
    groups: list[tuple[str, Iterable[Any]]] = [
        ("roles", framework.roles), ("measures", framework.measures),
        ("rules", (r for r in framework.rules if getattr(r, "span", None) is not None)),
        ("normenkaders", framework.normenkaders)]
    for nk in framework.normenkaders:
        groups.append((f"the norms of `{nk.id}`", nk.norms))
        for norm in nk.norms:
            groups.append((f"the toetsaspecten of `{nk.id}.{norm.id}`", norm.aspects))
    for where, items in groups:
        for ident, span, other, other_span in lookalikes((item.id, item.span) for item in items):
            state.warn("RN214", f"`{ident}` and `{other}` look alike", span,
                       "rename one, so that a reader can tell them apart",
                       notes=[f"among {where}; `{other}` is at {other_span}", f"`{ident}` is {_spelled(ident)}"])


def _spelled(ident: str) -> str:
    return " ".join(c if c.isascii() else f"U+{ord(c):04X}" for c in ident) if not ident.isascii() else "plain ASCII"
