"""Loading evidence: a file (read bounded) or bytes or text, decoded as frameworks are, read by the
reader its name calls for (:mod:`.readers`), and checked against a framework (:mod:`.check`).

A line format (CSV, JSON lines) is read a line at a time, bounded per line and in all by the
larger limits of :data:`~.readers.MAX_LINE_BYTES` and :data:`~.readers.MAX_LINES_BYTES`: the
whole file's text is never in memory, only its records (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import ir
from .._gc import paused
from ..diagnostics import error
from ..errors import EvidenceError, FrameworkError
from ..files import TooLarge, decode, decode_lines, decode_text, read_limited, read_lines
from ..source import Span
from .check import check
from .model import Evidence
from .readers import (
    MAX_EVIDENCE_BYTES,
    MAX_LINE_BYTES,
    MAX_LINES_BYTES,
    Node,
    Reader,
    ReadError,
    exact_reader,
    is_binary,
    is_lines,
    needs_exact,
    plain_reader,
    reader_for,
)
from .readers.nodes import Unsure


def load_evidence(path: str | Path, framework: ir.Framework) -> Evidence:
    """Read an evidence file (YAML, JSON or an XLSX spreadsheet) and check it against ``framework``."""
    display = str(path)
    if is_lines(reader_for(display)):
        return _check_read(lambda reader: reader(read_lines(path, MAX_LINES_BYTES, MAX_LINE_BYTES, display), display),
                           reader_for(display), display, framework)
    try:
        data = read_limited(path, MAX_EVIDENCE_BYTES)
    except TooLarge as big:
        raise EvidenceError([error("RN607", f"the evidence file is too large ({big.size:,} bytes)", Span.point(display, 1),
                                   f"evidence files may be at most {MAX_EVIDENCE_BYTES:,} bytes; split the assessment")]) from None
    except OSError as exc:
        raise EvidenceError([error("RN003", f"cannot read `{display}`", Span.point(display, 1),
                                   "check that the file exists and can be read",
                                   notes=[exc.strerror or str(exc)])]) from None
    if is_binary(reader_for(display)):  # a spreadsheet: read from its bytes
        return parse_evidence(data, display, framework)
    try:
        text = decode(data, display).text
    except FrameworkError as exc:
        raise EvidenceError(exc.diagnostics) from None
    del data  # a large file: the bytes are a byte of memory per byte read, not needed any more
    return _read_and_check(text, display, framework)


def parse_evidence(data: bytes | str, path: str, framework: ir.Framework) -> Evidence:
    """Evidence from bytes or text; JSON when the name ends in .json, YAML otherwise (by name only:
    a YAML file that starts with a flow mapping is YAML).

    The text is read as the framework's is (:func:`regienorm.files.decode`): UTF-8, a BOM
    dropped, line ends made ``\\n``, Unicode NFC, a NUL refused. A spreadsheet (``.xlsx``) is read
    from its bytes."""
    reader = reader_for(path)
    if is_binary(reader):
        if isinstance(data, str):
            raise EvidenceError([error("RN601", f"`{path}` is a spreadsheet: it is read from its bytes, not from text",
                                       Span.point(path, 1), "pass the file's bytes, or load it with load_evidence")])
        with paused():  # as for text below
            try:
                root = reader(data, path)  # type: ignore[arg-type]
            except ReadError as exc:
                raise EvidenceError(list(exc.diagnostics)) from None
            return check(root, framework, path)
    try:
        text = (decode(data, path) if isinstance(data, bytes) else decode_text(data, path)).text
    except FrameworkError as exc:
        raise EvidenceError(exc.diagnostics) from None
    del data
    return _read_and_check(text, path, framework)


def _read_and_check(text: str, path: str, framework: ir.Framework) -> Evidence:
    reader = reader_for(path)  # by name only: `.json` is JSON, anything else YAML
    if is_lines(reader):
        def lines(read: Reader) -> Node:
            encoded = (line.encode("utf-8") for line in text.splitlines(keepends=True))
            return read(decode_lines(encoded, path, MAX_LINES_BYTES, MAX_LINE_BYTES), path)
        return _check_read(lines, reader, path, framework)
    return _check_read(lambda read: read(text, path), reader, path, framework)


def _check_read(read: Callable[[Reader], Node], reader: Reader, path: str, framework: ir.Framework) -> Evidence:
    """The evidence ``read(reader)`` gives, checked; read again by the reader's exact twin when a
    message would show a place the fast reader only put near its value. A reader with a plain
    twin is read by that (its records checked plain first: :func:`.check.check`)."""
    exact = exact_reader(reader)
    plain = plain_reader(reader)
    root: Node | None = None
    with paused():  # millions of nodes and records, no cycles: the cyclic collector would make reading superlinear
        try:
            root = _tree(read, plain or reader, path)
            if exact is None:
                return check(root, framework, path)
            evidence = check(root, framework, path)
        except EvidenceError as exc:
            if exact is None or not needs_exact(exc.diagnostics):
                raise
        except Unsure:  # a record nested past the limit, or plain records that cannot be made Nodes: read again
            pass
        else:
            if not needs_exact(evidence.warnings):
                return evidence
        root = None  # the fast reading's tree, not kept while the next one is made
        return check(_tree(read, exact or reader, path), framework, path)


def _tree(read: Callable[[Reader], Node], reader: Reader, path: str) -> Node:
    try:
        return read(reader)
    except ReadError as exc:
        raise EvidenceError(list(exc.diagnostics)) from None
    except FrameworkError as exc:  # a line that is not UTF-8, holds a NUL, …
        raise EvidenceError(exc.diagnostics) from None
    except TooLarge as big:
        if big.line is not None:
            raise EvidenceError([error("RN607", f"the line is too long (more than {MAX_LINE_BYTES:,} bytes)", Span.point(path, big.line),
                                       f"a line of CSV or JSON lines evidence (a row; an entity with its records) "
                                       f"is at most {MAX_LINE_BYTES:,} bytes")]) from None
        raise EvidenceError([error("RN607", f"the evidence file is too large (more than {MAX_LINES_BYTES:,} bytes)", Span.point(path, 1),
                                   f"CSV and JSON lines evidence may be at most {MAX_LINES_BYTES:,} bytes; split the assessment")]) from None
    except OSError as exc:
        raise EvidenceError([error("RN003", f"cannot read `{path}`", Span.point(path, 1), "check that the file exists and can be read",
                                   notes=[exc.strerror or str(exc)])]) from None
