"""The command line's cache of compiled frameworks, keyed by content.

An auditor runs ``regienorm check`` or ``evaluate`` again and again; most runs compile a framework
that has not changed since the last. :func:`check_file` returns the stored result of an identical
compile, and compiles (and stores) otherwise. Never a wrong answer: an entry is used only when
everything the compile depended on is as it was:

* the key: the framework file's bytes, the path as given, the working folder (messages show paths
  relative to it), the resolved file and search paths, and a fingerprint of the code that compiles:
  regienorm's own source and grammar (hashed), Python's version, Lark's and attrs' installation;
* in the entry: the bytes (SHA-256) of every included file read, and, for every ``include``, what
  each candidate path resolved to and whether it was a file at the time (so an include that
  appears, disappears or is redirected through a symbolic link is noticed); for every profile's
  ``extends ID version "V"``, the bundled file it resolved to (or none), looked up again on a hit
  (so a bundled or installed framework newly matching, or no longer matching, is noticed).

Entries are written atomically (a temporary file, then a rename), 0600, with a checksum, and read
only when the file and its folder belong to the user and no one else can read or write them
(pickles run code when loaded; :mod:`regienorm.cachedir` checks the open file before reading it),
and any problem at all (an unwritable, missing, full or foreign folder; a damaged, truncated or old
entry) only means compiling as if there were no cache. The folder: ``$REGIENORM_CACHE_DIR``, else
``$XDG_CACHE_HOME/regienorm``, else ``~/.cache/regienorm``; ``REGIENORM_NO_CACHE=1`` turns the
cache of compiled frameworks off. Lark's parse tables are cached in the same folder
(:func:`regienorm.language.parser.get_parser`).

On a hit nothing but this module, the IR and the diagnostics are loaded: no Lark, no compiler.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cachedir import directory, enabled, read_private, write_private
from ..files import TooLarge, read_limited
from .result import CompileResult, framework_of

if TYPE_CHECKING:
    from ..ir import Framework

FORMAT = b"regienorm-compiled/3\n"  # 2: the result keeps the files read; 3: and the bundled bases found
#: The compiler's own limit (compiler.loader.MAX_FILE_BYTES); a larger file is never served from the cache.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: A stored entry larger than this is not read (the pickle of the largest benchmark framework,
#: 10,000 norms, is about 30 MB).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: Entries kept; the oldest go first.
MAX_ENTRIES = 64

_fingerprint_memo: bytes | None = None


def check_file(path: str | Path, *, search_path: Sequence[str | Path] = ()) -> CompileResult:
    """:func:`regienorm.compiler.check_file`, from the cache when nothing it depends on has changed."""
    folder = directory() if enabled() else None
    if folder is None:
        return _compile(path, search_path)[0]
    try:
        main = Path(path)
        raw = _read(main)
        resolved = main.resolve()
        paths = [str(Path(p).resolve()) for p in search_path]
        cwd = str(Path.cwd())
    except (OSError, RuntimeError, ValueError):
        raw = None
    if raw is None:  # unreadable, too large, not a file: the compiler says what is wrong
        return _compile(path, search_path)[0]
    key = _key(str(path), str(resolved), paths, cwd, raw)
    entry = folder / f"fw-{key[:40]}.pickle"
    hit = _load(entry, key)
    if hit is not None:
        return hit
    result, recording = _compile(path, search_path)
    _store(folder, entry, key, path, resolved, raw, result, recording)
    return result


def compile_file(path: str | Path, *, search_path: Sequence[str | Path] = ()) -> Framework:
    """:func:`regienorm.compiler.compile_file` through the cache: the framework, or FrameworkError."""
    return framework_of(check_file(path, search_path=search_path), str(path))


# ============================================================================ keys and checks
def _fingerprint() -> bytes:
    """What decides a compile besides its input files: the code that compiles."""
    global _fingerprint_memo
    if _fingerprint_memo is None:
        from ..resources import grammar_path

        digest = hashlib.sha256(FORMAT)
        digest.update(sys.version.encode() + b"\0" + sys.implementation.cache_tag.encode() + b"\0")
        package = Path(__file__).resolve().parent.parent
        files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".lark") and "__pycache__" not in p.parts)
        for file in [*files, grammar_path()]:
            digest.update(str(file.relative_to(file.parent.parent)).encode() + b"\0" + file.read_bytes() + b"\0")
        for name in ("lark", "attr", "attrs"):
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            if origin:
                info = os.stat(origin)
                digest.update(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}\0".encode())
        _fingerprint_memo = digest.digest()
    return _fingerprint_memo


def _key(shown: str, resolved: str, search_path: list[str], cwd: str, raw: bytes) -> str:
    digest = hashlib.sha256(_fingerprint())
    for part in (shown, resolved, "\0".join(search_path), cwd):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0\0")
    digest.update(hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _read(path: Path) -> bytes | None:
    """A regular file's bytes, if it has at most MAX_FILE_BYTES; else None (a FIFO is not waited on)."""
    try:
        return read_limited(path, MAX_FILE_BYTES, regular_only=True)
    except (OSError, TooLarge):
        return None


def _snapshot(candidate: Path) -> tuple[str, bool]:
    """What the compiler learns from the file system about a candidate for an include."""
    try:
        real = candidate.resolve()
        return str(real), real.is_file()
    except (OSError, RuntimeError, ValueError) as exc:
        return f"!{type(exc).__name__}", False


# ============================================================================ compiling, storing, loading
def _compile(path: str | Path, search_path: Sequence[str | Path]) -> tuple[CompileResult, Any]:
    """Compile through the public entry point with a loader that notes every file read and every
    include's candidates."""
    from .driver import check_file as compile_check
    from .loader import Loader

    class Recording(Loader):
        def __init__(self, search: Sequence[str | Path]) -> None:
            super().__init__(search)
            self.tried: list[tuple[Path, str]] = []
            self.looked_at: list[tuple[str, tuple[str, bool]]] = []
            self.bundled: list[tuple[str, str, str | None]] = []

        def find_bundled(self, framework_id: str, version: str) -> Path | None:
            found = super().find_bundled(framework_id, version)
            self.bundled.append((framework_id, version, str(found) if found is not None else None))
            return found

        def read(self, path: Path, display: str, at: Any) -> Any:
            self.tried.append((path, display))
            return super().read(path, display, at)

        def resolve_include(self, name: str, at: Any, *, root: Path, chain: Sequence[Path], current: Path | None) -> Path:
            # noted before the compiler looks: a change after that can only make the entry not match
            here = current.parent if current is not None else root
            for _, candidate in self.candidates(name, here):
                self.looked_at.append((str(candidate), _snapshot(candidate)))
            return super().resolve_include(name, at, root=root, chain=chain, current=current)

    recording = Recording(search_path)
    return compile_check(path, loader=recording), recording


def _store(folder: Path, entry: Path, key: str, path: str | Path, resolved: Path, raw: bytes, result: CompileResult,
           recording: Any) -> None:
    """Store the result, if it is certainly the compile of what is on disk now."""
    from ..errors import RegienormError
    from ..files import decode

    try:
        if Path(path).resolve() != resolved:
            return
        files: list[tuple[str, str]] = []
        for file, shown in recording.tried:
            source = result.sources.get(shown)
            data = raw if file == Path(path) else _read(file)
            if source is None or data is None or decode(data, shown).text != source.text:
                return  # a file could not be read, or changed while it was compiled
            if file != Path(path):
                files.append((str(file), hashlib.sha256(data).hexdigest()))
        payload = pickle.dumps({"key": key, "files": files, "candidates": recording.looked_at, "bundled": recording.bundled,
                                "result": (result.framework, result.diagnostics, result.sources, result.files,
                                           result.library)},
                               protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, RuntimeError, ValueError, RegienormError, pickle.PicklingError):
        return
    try:
        write_private(entry, FORMAT + hashlib.sha256(payload).digest() + payload)
        _prune(folder)
    except OSError:  # an unwritable or full folder only costs time
        return


def _load(entry: Path, key: str) -> CompileResult | None:
    # bounded; never a FIFO, a device or a link put in its place, nor a file of someone else's or
    # one that others could have written: checked on the open file before the pickle is read
    data = read_private(entry, MAX_ENTRY_BYTES)
    if data is None:
        return None
    head = len(FORMAT)
    if data[:head] != FORMAT or hashlib.sha256(data[head + 32:]).digest() != data[head:head + 32]:
        return None  # another version's entry, or damaged
    try:
        stored = pickle.loads(data[head + 32:])
        if stored["key"] != key:
            return None
        for file, digest in stored["files"]:
            content = _read(Path(file))
            if content is None or hashlib.sha256(content).hexdigest() != digest:
                return None
        for candidate, seen in stored["candidates"]:
            if _snapshot(Path(candidate)) != seen:
                return None
        if stored["bundled"]:
            from .bundled import bundled

            for framework_id, version, found in stored["bundled"]:
                now = bundled(framework_id, version)
                if (str(now) if now is not None else None) != found:
                    return None
        framework, diagnostics, sources, files, library = stored["result"]
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, compiling is the answer
        return None
    try:
        os.utime(entry)  # recently used: pruned last
    except OSError:
        pass
    return CompileResult(framework, diagnostics, sources, files, library)


def _prune(folder: Path) -> None:
    entries = []
    for file in folder.glob("fw-*.pickle"):
        try:
            entries.append((file.stat().st_mtime, file))
        except OSError:  # removed meanwhile by another run
            continue
    for _, old in sorted(entries)[:-MAX_ENTRIES]:
        try:
            old.unlink()
        except OSError:
            pass
