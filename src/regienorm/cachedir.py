"""The user's own folder for regienorm's caches (compiled frameworks, Lark's parse tables).

``$REGIENORM_CACHE_DIR``, else ``$XDG_CACHE_HOME/regienorm``, else ``~/.cache/regienorm``; only a
folder that belongs to the user and that no one else can write to (the caches hold pickles, which
run code when loaded). ``REGIENORM_NO_CACHE=1`` turns the cache of compiled frameworks off.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def directory() -> Path | None:
    """The cache folder, created if need be; None when there is none that is safe to use."""
    configured = os.environ.get("REGIENORM_CACHE_DIR")
    try:
        if configured:
            base = Path(configured)
        elif os.environ.get("XDG_CACHE_HOME"):
            base = Path(os.environ["XDG_CACHE_HOME"]) / "regienorm"
        else:
            base = Path.home() / ".cache" / "regienorm"
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.stat()
    except (OSError, RuntimeError, ValueError):  # no home folder, a read-only disk, a name that cannot be
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None  # someone else could put a pickle here
    return base


def enabled() -> bool:
    return not os.environ.get("REGIENORM_NO_CACHE")
