"""The frameworks bundled with regienorm (its ``frameworks/`` folder), found by the id and version
in their header: the base of a profile that says ``extends ID version "V"``. Light on purpose: the
command line's cache (:mod:`.cache`) looks again on a hit, without loading the compiler."""

from __future__ import annotations

import re
from pathlib import Path

from ..resources import data_dir

_HEADER = re.compile(r'^\s*(?:framework|toetsingskader|profile|profiel)\s+(\w+)\s+"(?:[^"\\]|\\.)*"\s+(?:version|versie)\s+"([^"]*)"',
                     re.MULTILINE)


def bundled(framework_id: str, version: str) -> Path | None:
    """The bundled framework file whose header has this id and version (sorted by path: the first)."""
    try:
        folder = data_dir("frameworks")
    except FileNotFoundError:
        return None
    for path in sorted(folder.rglob("*.norm")):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:8192]
        except OSError:
            continue
        if any(m.group(1) == framework_id and m.group(2) == version for m in _HEADER.finditer(head)):
            return path.resolve()
    return None
