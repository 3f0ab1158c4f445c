"""Open documents, and what compiling each one says: its include graph compiled with the texts
as they are in the editor (saved or not), the diagnostics by file, and the index of its names.

A document is compiled as the main file of its own include graph (a file of shared declarations
alone is checked as a library); a file another open document includes is seen through that
document's compile too, so its references reach across the include.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from ..compiler.driver import check_file
from ..compiler.loader import Loader
from ..compiler.result import CompileResult
from ..diagnostics import Diagnostic
from ..errors import FrameworkError
from ..language.parser import language_of, parse
from ..source import Source, Span
from .index import Index


class OverlayLoader(Loader):
    """Reads a file from the editor's buffer when it is open there, else from the disk."""

    def __init__(self, buffers: dict[Path, str]) -> None:
        super().__init__()
        self.buffers = buffers

    def read(self, path: Path, display: str, at: Span | None) -> Source:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path
        if key in self.buffers:
            return Source(display, self.buffers[key])
        return super().read(path, display, at)


def absolute(shown: str) -> Path:
    """The file a path in a diagnostic names (messages show paths relative to the working folder)."""
    return Path(os.path.abspath(shown))


@attrs.frozen
class Analysis:
    """One document's compile: its result, its diagnostics by file, and its index."""

    main: Path
    result: CompileResult
    diagnostics: dict[Path, tuple[Diagnostic, ...]]
    index: Index
    #: The files of its include graph, the main file first.
    files: tuple[Path, ...]
    #: Each file's text as compiled, by its absolute path.
    texts: dict[str, str]


class Workspace:
    """The documents open in the editor and their latest analyses."""

    def __init__(self) -> None:
        self.buffers: dict[Path, str] = {}
        self.analyses: dict[Path, Analysis] = {}
        #: The last tree of a file that parsed: a file being typed in keeps its names meanwhile.
        self._trees: dict[Path, tuple[str, object]] = {}

    def open(self, path: Path, text: str) -> None:
        self.buffers[path.resolve()] = text

    def close(self, path: Path) -> None:
        self.buffers.pop(path.resolve(), None)
        self.analyses.pop(path.resolve(), None)

    def analyse(self, path: Path) -> Analysis:
        """Compile the open document ``path`` as a main file, with every open buffer's text."""
        main = path.resolve()
        result = check_file(main, loader=OverlayLoader(self.buffers))
        by_file: dict[Path, list[Diagnostic]] = {}
        for diagnostic in result.diagnostics:
            where = absolute(diagnostic.span.path) if diagnostic.span is not None else main
            by_file.setdefault(where, []).append(diagnostic)
        index = Index()
        texts: dict[str, str] = {}
        files: list[Path] = []
        for shown, source in result.sources.items():
            file = absolute(shown)
            files.append(file)
            texts[str(file)] = source.text
            tree = self._tree(file, source)
            if tree is not None:  # indexed under the absolute path, as the editor names files
                index.add(str(file), tree)  # type: ignore[arg-type]
        if main not in files:
            files.insert(0, main)
        analysis = Analysis(main, result, {f: tuple(d) for f, d in by_file.items()}, index.resolve(), tuple(files), texts)
        self.analyses[main] = analysis
        return analysis

    def _tree(self, file: Path, source: Source) -> object | None:
        try:
            tree = parse(source)
        except FrameworkError:
            kept = self._trees.get(file)
            return kept[1] if kept is not None else None
        self._trees[file] = (source.text, tree)
        return tree

    def dependents(self, path: Path) -> list[Path]:
        """The open documents whose include graph holds ``path`` (itself first, when open)."""
        path = path.resolve()
        out = [path] if path in self.buffers else []
        out += [main for main, analysis in self.analyses.items() if main != path and path in analysis.files
                and main in self.buffers]
        return out

    def views(self, path: Path) -> Iterable[Analysis]:
        """The analyses that hold ``path``: its own first, then those of documents including it."""
        path = path.resolve()
        if path in self.analyses:
            yield self.analyses[path]
        for main, analysis in self.analyses.items():
            if main != path and path in analysis.files:
                yield analysis


def language(text: str, path: str) -> str:
    """The keyword language of a document's text (English when its header names none known)."""
    try:
        return language_of(Source(path, text))
    except FrameworkError:
        return "en"
