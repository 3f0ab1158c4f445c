"""Pausing Python's cyclic garbage collector while regienorm computes.

Compiling and judging allocate hundreds of thousands of small objects (parse trees, rows,
judgements, reasons) that contain no reference cycles: reference counting frees every one of them.
The cyclic collector does not know that; it is triggered by the allocations alone and each pass
walks every object alive (the framework, the evidence, the results so far). On the benchmark that
was half the time of a compile and two thirds of an evaluation. So regienorm pauses the collector
for the length of a computation and puts it back as it was; code that runs in between (a
consumer of :func:`regienorm.stream`, between two results) runs with the collector as it set it.
Anything with cycles created meanwhile is collected at the next pass after the pause. (The switch
is the interpreter's, shared by all threads: a program that turns the collector off from another
thread while regienorm computes may find it on again afterwards.)
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


def pause() -> bool:
    """Turn the cyclic collector off; whether it was on (for :func:`resume`). Allocates nothing, so
    it cannot itself set off the collection it is there to avoid."""
    was_on = gc.isenabled()
    gc.disable()
    return was_on


def resume(was_on: bool) -> None:
    """Put the collector back as :func:`pause` found it."""
    if was_on:
        gc.enable()


class paused:
    """``with paused(): ...`` runs the block with the cyclic collector off (if it was on)."""

    __slots__ = ("_was_on",)

    def __enter__(self) -> None:
        self._was_on = pause()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        resume(self._was_on)


def pausing(fn: _F) -> _F:
    """``@pausing`` on a function: each call runs with the cyclic collector off (if it was on), as
    inside :class:`paused` (the renderers, whose output holds no cycles)."""
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        was_on = pause()
        try:
            return fn(*args, **kwargs)
        finally:
            resume(was_on)
    return call  # type: ignore[return-value]
