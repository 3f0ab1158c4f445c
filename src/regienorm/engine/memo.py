"""One bounded memo, owned by whoever needs it (an engine, a rule runner), never module-global.

The engine remembers what is a pure function of immutable things (a rule's outcome for given
inputs, a compiled condition): when a memo is full it starts afresh, so memory stays constant
however long an evaluation runs. Keys by identity (:meth:`BoundedMemo.by_identity`) hold the
object itself, so its ``id`` cannot be reused for another object while it is remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

_V = TypeVar("_V")


class BoundedMemo(Generic[_V]):
    """A dict of at most ``limit`` entries, emptied when full."""

    __slots__ = ("limit", "entries")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[Any, _V] = {}

    def get(self, key: Hashable) -> _V | None:
        return self.entries.get(key)

    def put(self, key: Hashable, value: _V) -> _V:
        entries = self.entries
        if len(entries) >= self.limit:
            entries.clear()
        entries[key] = value
        return value

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries.clear()

    def by_identity(self, obj: Any, make: Callable[[Any], _V]) -> _V:
        """``make(obj)``, remembered by the identity of ``obj`` (an immutable IR object)."""
        known: Any = self.entries.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]  # type: ignore[no-any-return]
        value = make(obj)
        self.put(id(obj), (obj, value))  # type: ignore[arg-type]
        return value
