"""What compiling produces, in a module of its own: the command line's cache hands back compile
results without loading the compiler (and Lark) at all. :mod:`regienorm.compiler` re-exports it."""

from __future__ import annotations

import attrs

from .. import ir
from ..diagnostics import Diagnostic
from ..source import Source


@attrs.frozen
class CompileResult:
    """What compiling produced: the framework (None if there were errors) and every diagnostic."""

    framework: ir.Framework | None
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, Source] = attrs.field(eq=False, repr=False, factory=dict)
    #: The paths of the files read (the main file as given, included files resolved), in reading order.
    files: tuple[str, ...] = attrs.field(eq=False, repr=False, default=())

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)
