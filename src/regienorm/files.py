"""Reading and writing files safely: bounded reads, decoding to the text the parser reads, and
atomic writes. Every stage that touches a file goes through here, so each of these is written once.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

from .diagnostics import error
from .errors import FrameworkError
from .source import LineIndex, Source, Span


class TooLarge(Exception):
    """A file holds more bytes than its limit."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class NotRegular(OSError):
    """A path that names a FIFO, a device or a folder where only a regular file will do."""


def read_limited(path: str | os.PathLike[str], limit: int, *, regular_only: bool = False) -> bytes:
    """The bytes of a file, reading at most ``limit + 1`` of them: a device such as /dev/zero, a
    pipe, or a file that grows while it is read cannot exhaust memory. Raises :class:`TooLarge`
    (with the size, when the file system knows it) or ``OSError``. ``regular_only``: anything but
    a regular file raises :class:`NotRegular`, without waiting on a FIFO (it is opened non-blocking)."""
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


def write_atomically(path: str | os.PathLike[str], data: str | bytes, *, follow_links: bool = True) -> None:
    """Write ``data`` through a temporary file beside ``path`` and a rename: a reader sees the old
    file or the new, never half of one. On any failure the temporary file is removed, whatever was
    at ``path`` is left as it was, and the error (``OSError`` for the file system's) is raised.

    Only a regular file is ever replaced: a device, a FIFO or a folder at ``path`` (or, with
    ``follow_links``, at the end of its symbolic links) raises :class:`NotRegular` and is left
    alone. ``follow_links=False`` replaces a symbolic link itself instead of what it points at."""
    target = Path(path).resolve() if follow_links else Path(os.path.abspath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or (not follow_links and stat.S_ISLNK(info.st_mode))):
        raise NotRegular(f"`{os.fspath(path)}` is not a regular file")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
