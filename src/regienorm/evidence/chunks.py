"""JSON lines evidence read and checked a chunk of entities at a time, so that a large assessment
is judged and written in memory that does not grow with its evidence (the command line's streamed
formats: ``regienorm evaluate … FILE.jsonl --format json|jsonl|csv``).

Each chunk is the file's head line with the next :data:`CHUNK_ENTITIES` entity lines, read and
checked exactly as a file of those lines would be, every position the one in the whole file. What
the check compares across entities is kept across chunks: ids listed twice (RN625) and ids that
look alike (RN629), from the ids alone. A group and its members are never cut apart: a first,
quick reading of the ids and members (:func:`_cuts`) finds where a chunk may end, after every
group that began in it has all its members. A file with a waiver for every entity
(``scope: norm``) is not cut: :func:`chunked` says so, and the caller reads it whole, as before.
The caller reads the file three times: the ids, then every chunk checked (so that every problem
is reported before anything is written), then each chunk judged
(:class:`regienorm.streamed.ChunkedJudged`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import ir
from ..diagnostics import Diagnostic, error
from ..errors import EvidenceError, FrameworkError
from ..files import TooLarge, read_lines
from ..source import Span
from .check.ids import lookalike_warnings
from .load import _check_read
from .model import Evidence
from .readers import MAX_LINE_BYTES, MAX_LINES_BYTES, reader_for
from .readers.jsonl import Numbered

#: Entity lines read and checked together (and judged together: a chunk's evidence is what is held).
CHUNK_ENTITIES = 2000


class NotChunked(Exception):
    """The file's entities refer to one another across lines: it is read whole."""


def chunked(path: str | Path, framework: ir.Framework) -> tuple[list[Diagnostic], int, Callable[[int], bool]] | None:
    """Check a JSON lines file chunk by chunk: its warnings, its number of entities and where its
    chunks may end, for :func:`evidence_chunks` (raises EvidenceError with every problem of every
    chunk); or None when it cannot be cut (a profile, a waiver of every entity): then it is read
    whole."""
    if framework.profile is not None or not str(path).lower().endswith((".jsonl", ".ndjson")):
        return None
    problems: list[Diagnostic] = []
    listed: dict[str, Span] = {}
    ids: list[tuple[str, Span]] = []
    try:
        try:
            may_cut = _cuts(path, str(path))
        except (TooLarge, OSError, FrameworkError):
            return None  # the whole reading gives the message, at its place
        for evidence in _chunks(path, framework, problems, may_cut):
            for e in evidence.entities:
                span = e.span or Span.point(str(path), 1)
                first = listed.get(e.id)
                if first is not None:
                    problems.append(error("RN625", f"entity `{e.id}` is listed twice", span, "give each entity its own id",
                                          notes=[f"first listed at {first}"]))
                    continue
                listed[e.id] = span
                ids.append((e.id, span))
            problems.extend(d for d in evidence.warnings if d.code != "RN629")
    except NotChunked:
        return None
    problems.extend(lookalike_warnings(ids))  # as the whole file's check says it
    if any(d.is_error for d in problems):
        raise EvidenceError(problems)
    return problems, len(ids), may_cut


def evidence_chunks(path: str | Path, framework: ir.Framework, may_cut: Callable[[int], bool]) -> Iterator[Evidence]:
    """The file's chunks, each checked (after :func:`chunked` said the file is well formed and
    where its chunks may end)."""
    problems: list[Diagnostic] = []
    yield from _chunks(path, framework, problems, may_cut)
    if any(d.is_error for d in problems):  # cannot happen after chunked(); never pass over one
        raise EvidenceError(problems)


def _chunks(path: str | Path, framework: ir.Framework, problems: list[Diagnostic],
            may_cut: Callable[[int], bool]) -> Iterator[Evidence]:
    """Each chunk's evidence; a chunk's errors added to ``problems`` (and the chunk skipped)."""
    shown = str(path)
    reader = reader_for(shown)
    head: tuple[int, str] | None = None
    lines: list[tuple[int, str]] = []
    read = 0  # entity lines
    try:
        for number, text in enumerate(read_lines(path, MAX_LINES_BYTES, MAX_LINE_BYTES, shown), start=1):
            if not text.strip():
                continue
            if head is None:
                head = (number, text)
                continue
            lines.append((number, text))
            read += 1
            if len(lines) >= CHUNK_ENTITIES and may_cut(read):
                yield from _checked(reader, shown, framework, head, lines, problems)
                lines = []
    except (TooLarge, OSError, FrameworkError):
        raise NotChunked(shown) from None  # the whole reading gives the message, at its place
    if head is None or not read:
        raise NotChunked(shown)  # no entity: the whole reading says so
    if lines:
        yield from _checked(reader, shown, framework, head, lines, problems)


def _checked(reader: object, path: str, framework: ir.Framework, head: tuple[int, str], lines: list[tuple[int, str]],
             problems: list[Diagnostic]) -> Iterator[Evidence]:
    numbered = Numbered([head, *lines])
    try:
        evidence = _check_read(lambda read: read(numbered, path), reader, path, framework)  # type: ignore[arg-type]
    except EvidenceError as exc:
        problems.extend(exc.diagnostics)
        return
    yield evidence


def _cuts(path: str | Path, shown: str) -> Callable[[int], bool]:
    """Where a chunk may end: after the ``n``-th entity line when no group whose line or members'
    lines come before it has a member or its own line after it. NotChunked for a waiver of every
    entity (``scope: norm``)."""
    position: dict[str, int] = {}
    groups: list[tuple[int, list[str]]] = []
    n = 0
    head = True
    for text in read_lines(path, MAX_LINES_BYTES, MAX_LINE_BYTES, shown):
        if not text.strip():
            continue
        if head:  # the file's head line, as _chunks takes it
            head = False
            continue
        n += 1
        try:
            line = json.loads(text)
        except ValueError:
            continue  # the check says what is wrong with it
        if not isinstance(line, dict):
            continue
        ident = line.get("id")
        if isinstance(ident, str):
            position.setdefault(ident, n)
        members = line.get("members")
        if isinstance(members, list) and members:
            groups.append((n, [m for m in members if isinstance(m, str)]))
        overrides = line.get("overrides")
        if isinstance(overrides, list) and any(isinstance(o, dict) and o.get("scope") == "norm" for o in overrides):
            raise NotChunked(shown)
    furthest = [0] * (n + 2)  # the last line a group begun at or before each line reaches
    for at, members in groups:
        lines = [at, *(position[m] for m in members if m in position)]
        first, last = min(lines), max(lines)
        furthest[first] = max(furthest[first], last)
    reach = 0
    open_until = [0] * (n + 2)
    for k in range(1, n + 1):
        reach = max(reach, furthest[k])
        open_until[k] = reach
    return lambda k: open_until[k] <= k
