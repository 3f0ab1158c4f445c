"""Reading and writing files safely: bounded reads, decoding to the text the parser reads, and
atomic writes. Every stage that touches a file goes through here, so each of these is written once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from .diagnostics import error
from .errors import FrameworkError
from .source import LineIndex, Source, Span


class TooLarge(Exception):
    """A file holds more bytes than its limit (``line``: a line of it more than a line's limit)."""

    def __init__(self, size: int, line: int | None = None) -> None:
        super().__init__(size)
        self.size = size
        self.line = line


class NotRegular(OSError):
    """A path that names a FIFO, a device or a folder where only a regular file will do."""


def real_path(path: str | os.PathLike[str]) -> Path:
    """``Path(path).resolve()``, with a loop of symbolic links as the ``OSError`` (ELOOP) that
    opening the path gives, not the ``RuntimeError`` Python before 3.13 raises."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path)) from None


def read_limited(path: str | os.PathLike[str], limit: int, *, regular_only: bool = True) -> bytes:
    """The bytes of a file, reading at most ``limit + 1`` of them: a device such as /dev/zero, a
    pipe, or a file that grows while it is read cannot exhaust memory. Raises :class:`TooLarge`
    (with the size, when the file system knows it) or ``OSError``. Anything but a regular file (a
    FIFO, a device, a folder) raises :class:`NotRegular`, without waiting on a FIFO (it is opened
    non-blocking): every file regienorm reads is one a user can name and that holds still, and a
    FIFO nobody writes to would hang the command (issue 14). ``regular_only=False`` reads whatever
    the path opens, for a caller that has its own reason to."""
    if regular_only:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise NotRegular(f"`{os.fspath(path)}` is not a regular file")
        handle = open(fd, "rb")  # noqa: SIM115 - closed by the with below
    else:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    with handle:
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(max(os.fstat(handle.fileno()).st_size, len(data)))
    return data


def write_atomically(path: str | os.PathLike[str], data: str | bytes, *, follow_links: bool = True,
                     mode: int | None = None) -> None:
    """Write ``data`` through a temporary file beside ``path`` and a rename: a reader sees the old
    file or the new, never half of one. On any failure, an interrupt or SIGTERM included (turned
    into an exception by the command line), the temporary file is removed, whatever was at
    ``path`` is left as it was, and the error (``OSError`` for the file system's) is raised.

    Only a regular file is ever replaced: a device, a FIFO or a folder at ``path`` (or, with
    ``follow_links``, at the end of its symbolic links) raises :class:`NotRegular` and is left
    alone. ``follow_links=False`` replaces a symbolic link itself instead of what it points at.

    ``mode``: the new file's permissions; by default those of the file replaced, and for a new
    file what ``open()`` would give (0666 less the umask). The cache passes 0600."""
    with atomic_file(path, follow_links=follow_links, mode=mode) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, follow_links: bool = True, mode: int | None = None) -> Iterator[BinaryIO]:
    """As :func:`write_atomically`, for a file written a piece at a time: the block writes to the
    binary handle it is given; the file replaces ``path`` when the block ends, and not at all
    when it ends by an exception."""
    target = real_path(path) if follow_links else Path(os.path.abspath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or (not follow_links and stat.S_ISLNK(info.st_mode))):
        raise NotRegular(f"`{os.fspath(path)}` is not a regular file")
    if mode is None:
        mode = stat.S_IMODE(info.st_mode) & 0o777 if info is not None and stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()
    with _signals_held():  # no interrupt between creating the temporary file and being ready to remove it
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
        cleanup = _Cleanup(tmp)
    with cleanup:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where modes are not POSIX ones anyway
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())  # a full disk or a failing device is reported here, not lost
        os.replace(tmp, target)
        cleanup.done = True


class _Cleanup:
    """Removes the temporary file when the block it guards ends by any exception."""

    def __init__(self, tmp: str) -> None:
        self.tmp, self.done = tmp, False

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


class _signals_held:  # noqa: N801 - used as a statement
    """SIGINT and SIGTERM held back (delivered when the block ends) where the platform allows it."""

    _HELD: frozenset[int] = frozenset(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None)

    def __enter__(self) -> None:
        self.old = None
        if hasattr(signal, "pthread_sigmask"):
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, self._HELD)

    def __exit__(self, *exc: object) -> None:
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)


def _umask() -> int:
    """The process's umask (read by setting it and putting it back: there is no call to only read it)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def read_lines(path: str | os.PathLike[str], limit: int, line_limit: int, name: str | None = None) -> Iterator[str]:
    """The lines of a regular file, read and decoded one at a time (a file of millions of records
    is never whole in memory), each as :func:`decode` makes a file's text (a BOM dropped, ``\r\n``
    made ``\n``, NFC; not UTF-8, a NUL or a lone surrogate is a located error, RN001/RN002, at its
    line). At most ``limit`` bytes in all and ``line_limit`` in one line: :class:`TooLarge`."""
    name = os.fspath(path) if name is None else name
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular(f"`{os.fspath(path)}` is not a regular file")
    with open(fd, "rb") as handle:
        yield from decode_lines(iter(lambda: handle.readline(line_limit + 1), b""), name, limit, line_limit)


def decode_lines(lines: Iterable[bytes], name: str, limit: int, line_limit: int) -> Iterator[str]:
    """Lines of bytes (each ending in ``\n`` but perhaps the last) decoded as :func:`read_lines` says."""
    total = 0
    for number, data in enumerate(lines, start=1):
        total += len(data)
        if total > limit:
            raise TooLarge(total)
        if len(data) > line_limit:
            raise TooLarge(len(data), number)
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = decode(data, name).text if not data.isascii() or b"\0" in data or b"\r" in data else data.decode("ascii")
        except FrameworkError as exc:  # placed on line 1 of the line alone: put it on its line
            raise FrameworkError([attrs.evolve(d, span=attrs.evolve(d.span, line=d.span.line + number - 1,
                                                                    end_line=d.span.end_line + number - 1))
                                  if d.span is not None else d for d in exc.diagnostics]) from None
        yield text


def decode(data: bytes, name: str) -> Source:
    """Bytes of a framework or evidence file -> its text, or a located error (RN001 not UTF-8,
    RN002 NUL)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        last_end = max(before.rfind(b"\n"), before.rfind(b"\r"))
        column = len(data[last_end + 1: exc.start].decode("utf-8", "replace")) + 1
        raise FrameworkError(
            [error("RN001", "the file is not valid UTF-8", Span.point(name, line, column),
                   "save the file as UTF-8 (in Word or Excel: 'Save as', encoding UTF-8)",
                   notes=[f"byte 0x{data[exc.start]:02x} at offset {exc.start}"])]
        ) from None
    return decode_text(text, name)


_NUL = re.compile("\0")
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_text(text: str, name: str) -> Source:
    """Text already in memory, made what the parser reads: a BOM dropped, ``\\r\\n`` and ``\\r``
    made ``\\n``, Unicode NFC (names typed as ``é`` or as ``e`` + combining accent are one name);
    a NUL or a lone surrogate is a located error."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, code, what, help_text in (
        (_NUL, "RN002", "a NUL character", "remove the NUL character; the file may be binary or damaged"),
        (_SURROGATE, "RN001", "a lone surrogate (not valid Unicode)", "remove it; the text was damaged in a conversion"),
    ):
        found = pattern.search(text)
        if found is not None:
            line, column = LineIndex(text).position(found.start())
            raise FrameworkError([error(code, f"the file contains {what}", Span.point(name, line, column), help_text)])
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return Source(name, text)
