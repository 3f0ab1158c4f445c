"""Provenance: what an output was computed from.

Two kinds. :class:`Run` is what every output of ``regienorm evaluate`` states: the sha256 of the
bytes of each file read (the framework with its includes, each evidence file), the regienorm
version and the time of the run (left out under ``--reproducible``; ``SOURCE_DATE_EPOCH`` when
set), so that a report can be traced to the exact files that produced it. :func:`digest`, below,
hashes what the files *mean*.

``digest(framework, evidence)`` changes exactly when the compiled framework or the evidence
changes: it hashes the same fields that their equality compares, so source positions, comments
and layout do not count, and evidence records count as a set (records in another order are the
same evidence). ``regienorm diff --format json`` shows it for both sides, so a tool can tell a
changed verdict from changed inputs at a glance.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .evidence.model import Evidence
from .ir import Framework

#: Evidence collections whose order is not part of the evidence.
_UNORDERED = ("entities", "findings", "measures", "recorded", "overrides")


def canonical(value: Any) -> Any:
    """A JSON-able form of an attrs object holding exactly the fields its equality compares."""
    if attrs.has(type(value)):
        out: dict[str, Any] = {"": type(value).__name__}
        for field in attrs.fields(type(value)):
            if field.eq:
                item = canonical(getattr(value, field.name))
                if isinstance(value, Evidence) and field.name in _UNORDERED:
                    item = sorted(item, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                out[field.name] = item
        return out
    if isinstance(value, (tuple, list)):
        return [canonical(v) for v in value]
    if isinstance(value, Fraction):
        return {"fraction": [value.numerator, value.denominator]}
    if isinstance(value, enum.Enum):
        return {"enum": value.value}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return value


def digest(framework: Framework, evidence: Evidence) -> str:
    """``sha256:…`` of the framework and the evidence (see the module)."""
    text = json.dumps([canonical(framework), canonical(evidence)], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# ============================================================================ the provenance of a run
#: Read in pieces of this size: a file is hashed without holding it whole.
_CHUNK = 1 << 20


@attrs.frozen
class FileHash:
    """One file an output was computed from: its path as the output shows it, and the sha256 of its bytes."""

    path: str
    sha256: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "sha256": self.sha256}


@attrs.frozen
class Run:
    """Where an output comes from, as every output format states it: the regienorm version, the
    time of the run (None under ``--reproducible``), the sha256 of every framework file read (the
    main file first, then its includes in reading order) and of each evidence file. (Not the
    :func:`digest` of what they mean: it costs as much again as evaluating the casebook.)"""

    version: str
    time: str | None
    framework: tuple[FileHash, ...]
    evidence: tuple[FileHash, ...]

    @property
    def framework_sha256(self) -> str:
        """One hash for the framework with its includes: the sha256 of the files' sha256 values
        (hexadecimal, one per line, in reading order). Any change to any file read changes it."""
        return hashlib.sha256("".join(f"{f.sha256}\n" for f in self.framework).encode("ascii")).hexdigest()

    def evidence_sha256(self, path: str | None) -> str | None:
        return next((f.sha256 for f in self.evidence if f.path == path), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "regienorm": self.version,
            "time": self.time,
            "framework": {"sha256": self.framework_sha256, "files": [f.to_json() for f in self.framework]},
            "evidence": [f.to_json() for f in self.evidence],
        }

    def heading(self) -> str:
        """The version and the time of the run, in words (English and Dutch)."""
        when = f", {self.time} (run / gedraaid)" if self.time else " (reproducible: no time / geen tijdstip)"
        return f"Provenance / herkomst: regienorm {self.version}{when}"

    def entries(self) -> list[tuple[str, str | None, str]]:
        """(what, path, sha256) of every file read, then of the framework with its includes."""
        out: list[tuple[str, str | None, str]] = []
        for n, f in enumerate(self.framework):
            out.append(("framework / normenkader" if n == 0 else "include", f.path, f.sha256))
        out.extend(("evidence / bewijs", f.path, f.sha256) for f in self.evidence)
        out.append(("framework with its includes / normenkader met includes", None, self.framework_sha256))
        return out

    def lines(self) -> list[str]:
        """The provenance as lines no wider than 80 columns (a sha256 under its file), for the text view."""
        out = [self.heading(), "sha256 of each file read / van elk gelezen bestand:"]
        for what, path, sha in self.entries():
            out += [f"  {what} {path}" if path else f"  {what}", f"    {sha}"]
        return out


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The sha256 of a file's bytes (hexadecimal), read in pieces."""
    digest_ = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest_.update(chunk)
    return digest_.hexdigest()


class BadEpoch(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds (the CLI's RN920)."""


def run_time(*, reproducible: bool, environ: Mapping[str, str], now: datetime.datetime | None = None) -> str | None:
    """The time of the run in UTC (``2026-12-02T00:44:31Z``): None when ``reproducible``; the time
    ``SOURCE_DATE_EPOCH`` gives when it is set (the reproducible-builds convention: a build
    system pins the time it stamps); else the clock's."""
    if reproducible:
        return None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not epoch.strip().isdigit():
            raise BadEpoch(epoch)
        try:
            now = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):  # beyond the years a datetime holds
            raise BadEpoch(epoch) from None
    elif now is None:
        now = datetime.datetime.now(tz=datetime.UTC)
    return now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run(version: str, time: str | None, framework_files: Sequence[tuple[str, str | os.PathLike[str]]],
        evidence_files: Sequence[tuple[str, str | os.PathLike[str]]]) -> Run:
    """The :class:`Run` of an output; the files as (path shown, path read), the framework's main file first."""
    return Run(version, time, tuple(FileHash(shown, file_sha256(path)) for shown, path in framework_files),
               tuple(FileHash(shown, file_sha256(path)) for shown, path in evidence_files))
