"""Loading evidence: a file (read bounded) or bytes or text, decoded as frameworks are, read by the
reader its name calls for (:mod:`.readers`), and checked against a framework (:mod:`.check`)."""

from __future__ import annotations

from pathlib import Path

from .. import ir
from .._gc import paused
from ..diagnostics import error
from ..errors import EvidenceError, FrameworkError
from ..files import TooLarge, decode, decode_text, read_limited
from ..source import Span
from .check import check
from .model import Evidence
from .readers import MAX_EVIDENCE_BYTES, ReadError, exact_reader, is_binary, needs_exact, reader_for


def load_evidence(path: str | Path, framework: ir.Framework) -> Evidence:
    """Read an evidence file (YAML, JSON or an XLSX spreadsheet) and check it against ``framework``."""
    display = str(path)
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
    exact = exact_reader(reader)
    with paused():  # millions of nodes and records, no cycles: the cyclic collector would make reading superlinear
        try:
            root = reader(text, path)
        except ReadError as exc:
            raise EvidenceError([exc.diagnostic]) from None
        if exact is None:
            del text  # not needed while the records are checked
            return check(root, framework, path)
        try:
            evidence = check(root, framework, path)
        except EvidenceError as exc:
            if not needs_exact(exc.diagnostics):
                raise
        else:
            if not needs_exact(evidence.warnings):
                return evidence
        del root  # a message would show a place the fast reader only put near: read it again, exactly
        try:
            root = exact(text, path)
        except ReadError as exc:
            raise EvidenceError([exc.diagnostic]) from None
        del text
        return check(root, framework, path)
