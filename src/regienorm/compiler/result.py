"""What compiling produces, in a module of its own: the command line's cache hands back compile
results without loading the compiler (and Lark) at all. :mod:`regienorm.compiler` re-exports it."""

from __future__ import annotations

import attrs

from .. import ir
from ..diagnostics import Diagnostic, error
from ..errors import FrameworkError
from ..source import Source, Span


@attrs.frozen
class CompileResult:
    """What compiling produced: the framework (None if there were errors) and every diagnostic."""

    framework: ir.Framework | None
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, Source] = attrs.field(eq=False, repr=False, factory=dict)
    #: The paths of the files read (the main file as given, included files resolved), in reading order.
    files: tuple[str, ...] = attrs.field(eq=False, repr=False, default=())
    #: The main file is a library (shared declarations, no framework header): checked, not built.
    library: bool = attrs.field(eq=False, repr=False, default=False)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


def framework_of(result: CompileResult, path: str) -> ir.Framework:
    """The compiled framework, or :class:`FrameworkError` with the errors; a library, which is no
    framework, is RN040 at its first line."""
    if result.framework is not None:
        return result.framework
    if result.library and not result.errors:
        raise FrameworkError([library_is_no_framework(path)])
    raise FrameworkError(result.diagnostics)


def library_is_no_framework(path: str) -> Diagnostic:
    """RN040: a library of shared declarations was given where a framework is needed."""
    return error("RN040", f"`{path}` is a library of shared declarations, not a framework", Span.point(path, 1),
                 'include it from a framework file (`include "…"`), or give it a header `framework ID "Title" version "1"`',
                 label="no framework header")
