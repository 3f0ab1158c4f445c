"""Framework text -> :class:`~regienorm.ir.Framework`: the compiler's entry points.

The work is done by the passes of :mod:`.passes` over one :class:`~.state.Compilation`; files are
read through a :class:`~.loader.Loader`, which a caller may replace (the command line's cache
passes one that notes what was read). See ``docs/errors.md`` for the codes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .. import ir
from .._gc import paused
from ..errors import FrameworkError
from ..files import decode_text, real_path
from .loader import MAX_FILE_BYTES, MAX_INCLUDE_DEPTH, Loader
from .passes import MAX_ERRORS, run
from .result import CompileResult, framework_of  # defined apart so the CLI's cache can return one without Lark
from .state import Compilation

__all__ = ["MAX_ERRORS", "MAX_FILE_BYTES", "MAX_INCLUDE_DEPTH", "CompileResult", "Loader",
           "check_file", "check_text", "compile_file", "compile_text"]


def compile_text(text: str, path: str = "<text>", *, search_path: Sequence[str | Path] = ()) -> ir.Framework:
    """Compile framework text; raise :class:`FrameworkError` on errors."""
    return framework_of(check_text(text, path, search_path=search_path), path)


def compile_file(path: str | Path, *, search_path: Sequence[str | Path] = (), loader: Loader | None = None) -> ir.Framework:
    """Compile a framework file (and its includes); raise :class:`FrameworkError` on errors (RN040
    for a library: a file of shared declarations is checked with :func:`check_file`, not built)."""
    return framework_of(check_file(path, search_path=search_path, loader=loader), str(path))


def check_text(text: str, path: str = "<text>", *, search_path: Sequence[str | Path] = ()) -> CompileResult:
    """Compile framework text and return every diagnostic, with the framework when there are no errors."""
    try:
        source = decode_text(text, path)
    except FrameworkError as exc:
        return CompileResult(None, exc.diagnostics)
    try:
        root = real_path(path).parent if path != "<text>" else Path.cwd()
    except OSError:  # a name that is a loop of links: includes are looked for beside it
        root = Path(os.path.abspath(path)).parent
    with paused():  # no cycles among the trees and declarations: the cyclic collector only costs time
        return run(Compilation(Loader(search_path), root), source)


def check_file(path: str | Path, *, search_path: Sequence[str | Path] = (), loader: Loader | None = None) -> CompileResult:
    """Compile a file and return every diagnostic, with the framework when there are no errors.

    ``loader`` reads the files and resolves the includes (default: ``Loader(search_path)``); one
    given brings its own search path."""
    if loader is None:
        loader = Loader(search_path)
    elif search_path:
        raise TypeError("give the search path to the loader")
    state = Compilation(loader)
    try:
        source = state.read(Path(path), str(path), None)
    except FrameworkError as exc:
        return CompileResult(None, exc.diagnostics, files=tuple(state.files))
    state.root = Path(path).resolve().parent
    with paused():  # no cycles among the trees and declarations: the cyclic collector only costs time
        return run(state, source)

