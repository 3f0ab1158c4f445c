"""Shared pieces of the robustness suite: a minimal framework, timing by ratios, error checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from regienorm import CompileResult, RegienormError, check_text

#: The smallest framework that compiles; tests append to it.
HEAD = 'framework f "F" version "1"\nscale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }\n'


def codes(result: CompileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def fastest(fn: Callable[[], Any], repeat: int = 3) -> float:
    """The shortest of a few runs, in CPU time of this process: the least noisy estimate of what a
    call costs, and one that other programs busy on the same machine do not inflate."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], Any], run: Callable[[Any], Any], small: int, factor: int = 4) -> float:
    """How much longer ``run`` takes on an input ``factor`` times larger: about ``factor`` when
    the cost is linear, about ``factor ** 2`` when it is quadratic. Times are never compared with a
    fixed number of seconds, only with each other."""
    a, b = make(small), make(small * factor)
    run(a)  # warm up (parser tables, caches)
    return fastest(lambda: run(b)) / max(fastest(lambda: run(a)), 1e-6)


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
