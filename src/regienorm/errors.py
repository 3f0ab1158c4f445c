"""The exceptions regienorm raises. Each carries its diagnostics; nothing else escapes the API."""

from __future__ import annotations

from collections.abc import Iterable

from .diagnostics import Diagnostic, render_short, sort


class RegienormError(Exception):
    """Base class: a problem the user can fix, described by one or more diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = sort(diagnostics)
        super().__init__("\n".join(render_short(d) for d in self.diagnostics))


class FrameworkError(RegienormError):
    """A framework file could not be read, parsed or compiled."""


class EvidenceError(RegienormError):
    """An evidence file could not be read or does not fit its framework."""
