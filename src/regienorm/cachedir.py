"""The user's own folder for regienorm's caches (compiled frameworks, Lark's parse tables), and
the only ways to read and write a file in it.

The folder: ``$REGIENORM_CACHE_DIR``, else ``$XDG_CACHE_HOME/regienorm``, else
``~/.cache/regienorm``, where ``~`` is ``$HOME`` or, when that is empty or relative, the home
folder in the password database. A relative or empty variable is ignored (the XDG specification
says so; a relative path would put the cache wherever the command happens to run). No cache at all
is better than one in a place someone else controls, so the folder is used only when it is a real
folder (not a symbolic link) that belongs to the user and that no one else could write to (one
that others could read, such as 0755, is made 0700), in a parent that no one else may rename it in.

Files are read and written only through :func:`read_private` and :func:`write_private`: a file is
read only if it is a regular file of the user's, 0600, and bounded; it is written 0600, atomically.
The compile cache holds pickles, which run code when loaded; these checks, made on the open file
before a byte is read, are what keep a file planted by someone else from being loaded.
``REGIENORM_NO_CACHE=1`` turns the cache of compiled frameworks off.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .files import TooLarge, write_atomically

_OWN_ONLY = stat.S_IRWXG | stat.S_IRWXO


def directory() -> Path | None:
    """The cache folder, created if need be; None when there is none that is safe to use."""
    base = _configured()
    if base is None:
        return None
    try:
        base.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        parent = os.stat(base.parent)
        if not stat.S_ISDIR(parent.st_mode) or (
                parent.st_mode & stat.S_IWOTH and not parent.st_mode & stat.S_ISVTX) or parent.st_uid not in (_uid(), 0):
            return None  # someone else could rename the folder and put their own in its place
        try:
            os.mkdir(base, 0o700)
        except FileExistsError:
            pass
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != _uid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None  # not the user's, or others may have put something in it
            if info.st_mode & _OWN_ONLY and hasattr(os, "fchmod"):
                os.fchmod(fd, 0o700)  # the user's own folder that others could only read: made private
        finally:
            os.close(fd)
    except (OSError, ValueError):  # a symbolic link (O_NOFOLLOW), a read-only disk, a name that cannot be
        return None
    return base


def _configured() -> Path | None:
    for name, suffix in (("REGIENORM_CACHE_DIR", ()), ("XDG_CACHE_HOME", ("regienorm",))):
        value = os.environ.get(name, "")
        if value and os.path.isabs(value):
            return Path(value, *suffix)
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError, OSError):
            home = ""
    if not home or not os.path.isabs(home) or home == "/":  # no home: no cache, not /.cache at the root
        return None
    return Path(home, ".cache", "regienorm")


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1


def read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of a cache file, or None unless it is a regular file (not a link, a FIFO or a
    device) that belongs to the user, that no one else can read or write, and holds at most
    ``limit`` bytes. Checked on the open file, so it cannot be swapped between check and read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != _uid() or info.st_mode & _OWN_ONLY:
            return None
        return _read_fd(fd, limit)
    except (OSError, TooLarge):
        return None
    finally:
        os.close(fd)


def _read_fd(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise TooLarge(size)


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file: 0600 whatever the umask, atomically, replacing a link rather than
    following it. Raises OSError."""
    write_atomically(path, data, follow_links=False, mode=0o600)


def enabled() -> bool:
    return not os.environ.get("REGIENORM_NO_CACHE")
