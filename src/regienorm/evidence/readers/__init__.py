"""Structured files to position-carrying nodes, one reader per format.

:mod:`.nodes` holds what every reader gives (:class:`Node`, :class:`RawNumber`, :class:`ReadError`)
and refuses alike (nesting deeper than :data:`MAX_DEPTH`, lone surrogates); :mod:`.registry` picks
the reader by file name (:func:`reader_for`): ``.json`` is JSON (:mod:`.json`, read by the C
scanner; :mod:`.json_positions` when a message needs every position), anything else YAML
(:mod:`.yaml`), ``.xlsx`` a spreadsheet (:mod:`.xlsx`, read from bytes). A new format is one module
that registers itself, imported below.
"""

from __future__ import annotations

from .json import read_json  # the formats: each registers itself when imported
from .nodes import MAX_DEPTH, NearSpan, Node, RawNumber, ReadError, needs_exact
from .registry import Reader, exact_reader, is_binary, reader_for, register
from .xlsx import read_xlsx
from .yaml import read_yaml

#: Evidence files are read bounded to this many bytes (RN607; docs/robustness.md).
MAX_EVIDENCE_BYTES = 64 * 1024 * 1024

__all__ = ["MAX_DEPTH", "MAX_EVIDENCE_BYTES", "NearSpan", "Node", "RawNumber", "ReadError", "Reader", "exact_reader", "is_binary",
           "needs_exact", "read_json", "read_xlsx", "read_yaml", "reader_for", "register"]
