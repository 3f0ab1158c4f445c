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
from .readers import MAX_EVIDENCE_BYTES, ReadError, reader_for


def load_evidence(path: str | Path, framework: ir.Framework) -> Evidence:
    """Read a YAML or JSON evidence file and check it against ``framework``."""
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
    dropped, line ends made ``\\n``, Unicode NFC, a NUL refused."""
    try:
        text = (decode(data, path) if isinstance(data, bytes) else decode_text(data, path)).text
    except FrameworkError as exc:
        raise EvidenceError(exc.diagnostics) from None
    del data
    return _read_and_check(text, path, framework)


def _read_and_check(text: str, path: str, framework: ir.Framework) -> Evidence:
    with paused():  # millions of nodes and records, no cycles: the cyclic collector would make reading superlinear
        try:
            root = reader_for(path)(text, path)  # by name only: `.json` is JSON, anything else YAML
        except ReadError as exc:
            raise EvidenceError([exc.diagnostic]) from None
        del text  # not needed while the records are checked
        return check(root, framework, path)
