"""Shared pieces of the robustness suite: a minimal framework, timing by ratios, error checks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from regienorm import CompileResult, RegienormError, check_text

#: The smallest framework that compiles; tests append to it.
HEAD = 'framework f "F" version "1"\nscale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }\n'


def codes(result: CompileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def fastest(fn: Callable[[], Any], repeat: int = 1) -> float:
    """What a call costs, counted, not timed: the Python functions it calls and the built-in calls
    they make (a profiler's ``call`` and ``c_call`` events). The count is the same on a slow CI
    machine as on a fast laptop and under any load, so a growth test cannot flake (speed itself is
    measured in bench/, as ratios run side by side). Work done inside one C call (a regular
    expression's backtracking) counts once: those tests bound memory as well."""
    fn()  # warm up: parser tables, caches, imports
    events = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal events
        if event in ("call", "c_call"):
            events += 1

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        fn()
    finally:
        sys.setprofile(previous)
    return float(events)


def growth(make: Callable[[int], Any], run: Callable[[Any], Any], small: int, factor: int = 4) -> float:
    """How much more work ``run`` does on an input ``factor`` times larger: about ``factor`` when
    the cost is linear, about ``factor ** 2`` when it is quadratic (counted by :func:`fastest`)."""
    a, b = make(small), make(small * factor)
    return fastest(lambda: run(b)) / max(fastest(lambda: run(a)), 1.0)


def compile_only_our_errors(text: str, path: str = "<fuzz>") -> CompileResult | None:
    """Compile; anything raised except a RegienormError fails the test, and so does a diagnostic
    without a code, a message or (for errors) a location."""
    try:
        result = check_text(text, path)
    except RegienormError:
        return None
    for d in result.diagnostics:
        assert d.code.startswith("RN") and d.message
    return result
