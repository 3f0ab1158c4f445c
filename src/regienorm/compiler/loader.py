"""Reading framework files and finding included ones: the compiler's only contact with the disk.

:class:`Loader` reads a file (at most :data:`MAX_FILE_BYTES`; RN003, RN004, and RN001/RN002 from
decoding) and resolves an ``include`` inside the sandbox (RN501, RN502, RN503, RN506). Whoever
needs to watch what a compile reads — the command line's cache — passes a loader of its own to
:func:`regienorm.compiler.check_file`; the compiler knows only this interface.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import error
from ..errors import FrameworkError
from ..files import TooLarge, decode, read_limited
from ..source import Source, Span
from .bundled import bundled

#: Documented limits (docs/robustness.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_INCLUDE_DEPTH = 32


class Loader:
    """Reads framework files and resolves includes.

    ``search_path``: folders an include may also be found in, after the including file's folder.
    Every method raises :class:`FrameworkError` with one located diagnostic when it cannot do its work.
    """

    def __init__(self, search_path: Sequence[str | Path] = ()) -> None:
        self.search_path = tuple(Path(p).resolve() for p in search_path)

    def read(self, path: Path, display: str, at: Span | None) -> Source:
        """The file's text; ``display`` is its path as messages show it, ``at`` the include that asked
        for it (None for the main file)."""
        try:
            data = read_limited(path, MAX_FILE_BYTES)
        except TooLarge as big:
            raise FrameworkError([error(
                "RN004", f"the file is too large ({big.size:,} bytes)", at or Span.point(display, 1),
                f"framework files may be at most {MAX_FILE_BYTES:,} bytes; split it with `include`")]) from None
        except FileNotFoundError:
            raise FrameworkError([error("RN003", f"cannot find the file `{display}`", at or Span.point(display, 1),
                                        "check the path and its spelling")]) from None
        except OSError as exc:
            raise FrameworkError([error("RN003", f"cannot read `{display}`", at or Span.point(display, 1),
                                        "check that the file exists and can be read",
                                        notes=[exc.strerror or str(exc)])]) from None
        return decode(data, display)

    def find_bundled(self, framework_id: str, version: str) -> Path | None:
        """The bundled framework of this id and version (``extends ID version "V"``), or None."""
        return bundled(framework_id, version)

    def candidates(self, name: str, here: Path) -> list[tuple[Path | None, Path]]:
        """Where ``include "name"`` may be, in order: ``(search path folder or None, path)``."""
        requested = Path(name)
        return [(None, here / requested), *((base, base / requested) for base in self.search_path)]

    def resolve_include(self, name: str, at: Span, *, root: Path, chain: Sequence[Path], current: Path | None) -> Path:
        """The file ``include "name"`` (written at ``at`` in ``current``, None for text) stands for.

        ``root``: the main file's folder; ``chain``: the files that included ``current``, outermost first.
        An include is relative to the including file first, then to each search path; a candidate
        counts only when, symbolic links followed, it lies inside ``root`` or that search path."""
        if not name or any(ord(ch) < 32 for ch in name):
            raise _error("RN503", "the include path is empty or has control characters", at,
                         "write the path of a framework file, relative to this file")
        if Path(name).is_absolute():
            raise _error("RN503", f"include `{clip(name)}` is an absolute path", at, "write the path relative to this file")
        here = current.parent if current is not None else root
        target = self._find(name, at, here, root)
        including = [*chain, *([current] if current else [])]
        if target in chain or target == current:
            names = " -> ".join([display(p) for p in including] + [display(target)])
            raise _error("RN502", "include cycle", at, "remove one of the includes in the cycle", notes=[f"chain: {names}"])
        if len(chain) >= MAX_INCLUDE_DEPTH:
            raise _error("RN506", "includes are nested too deeply", at, f"at most {MAX_INCLUDE_DEPTH} levels of include")
        if not target.is_file():
            names = " -> ".join([display(p) for p in including] + [display(target)])
            raise _error("RN501", f"cannot find the included file `{clip(name)}`", at,
                         "check the path; it is relative to the including file", notes=[f"chain: {names}"])
        return target

    def _find(self, name: str, at: Span, here: Path, root: Path) -> Path:
        """The first candidate that is a file inside the sandbox, else the first candidate (RN503 when
        that one leads outside)."""
        allowed = [root, *self.search_path]
        target: Path | None = None
        outside: Path | None = None
        tried: list[Path] = []
        try:
            for base, candidate in self.candidates(name, here):
                real = candidate.resolve()
                tried.append(real)
                if not any(_inside(real, b) for b in allowed) or (base is not None and not _inside(real, base)):
                    outside = outside or real
                    continue
                if real.is_file():
                    target = real
                    break
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long, an unusable name
            raise _error("RN501", f"cannot resolve the included file `{clip(name)}`", at,
                         "check the path", notes=[getattr(exc, "strerror", None) or str(exc)]) from None
        if target is None and outside is not None and outside == tried[0]:
            raise _error("RN503", f"include `{clip(name)}` leads outside the framework's folder", at,
                         f"keep included files inside `{display(root) if root != Path.cwd() else '.'}` or pass a search path",
                         notes=["`..` steps, absolute paths and symbolic links may not lead out of the folder tree"])
        return target if target is not None else tried[0]


def _error(code: str, message: str, at: Span, help_text: str, *, notes: Sequence[str] = ()) -> FrameworkError:
    return FrameworkError([error(code, message, at, help_text, notes=notes)])


def clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def display(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    return os.path.relpath(path, Path.cwd()) if _inside(path, Path.cwd()) else str(path)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
        return True
    except ValueError:
        return False
