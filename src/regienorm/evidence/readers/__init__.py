"""Structured files to position-carrying nodes, one reader per format.

:mod:`.nodes` holds what every reader gives (:class:`Node`, :class:`RawNumber`, :class:`ReadError`)
and refuses alike (nesting deeper than :data:`MAX_DEPTH`, lone surrogates); :mod:`.registry` picks
the reader by file name (:func:`reader_for`): ``.json`` is JSON (:mod:`.json`, read by the C
scanner; :mod:`.json_positions` when a message needs every position), anything else YAML
(:mod:`.yaml`), ``.xlsx`` a spreadsheet (:mod:`.xlsx`, read from bytes), ``.csv`` the sheets of one
stacked (:mod:`.csv`) and ``.jsonl`` an entity a line (:mod:`.jsonl`), both read a line at a time;
``.parquet`` the CSV's one-table layout as Parquet (:mod:`.parquet`, with pyarrow);
:mod:`.table` is the row → record mapping of the spreadsheet formats. A new format is one module
that registers itself, imported below.
"""

from __future__ import annotations

from .csv import read_csv  # the formats: each registers itself when imported
from .json import read_json
from .jsonl import read_jsonl
from .nodes import MAX_DEPTH, NearSpan, Node, Plain, RawNumber, ReadError, WrittenNumber, as_nodes, has_plain, needs_exact
from .parquet import read_parquet
from .registry import Reader, exact_reader, is_binary, is_lines, plain_reader, reader_for, register
from .xlsx import read_xlsx
from .yaml import read_yaml

#: Evidence files are read bounded to this many bytes (RN607; docs/robustness.md).
MAX_EVIDENCE_BYTES = 64 * 1024 * 1024
#: A line format (CSV, JSON lines) is read a line at a time: bounded in all by this (a guard, not
#: a workload's limit: memory is, about 20 bytes per byte of records; docs/performance.md) ...
MAX_LINES_BYTES = 16 * 1024 * 1024 * 1024
#: ... and per line by this (an entity's line of JSON lines holds all its records).
MAX_LINE_BYTES = 64 * 1024 * 1024

__all__ = ["MAX_DEPTH", "MAX_EVIDENCE_BYTES", "MAX_LINES_BYTES", "MAX_LINE_BYTES", "NearSpan", "Node", "Plain", "RawNumber",
           "ReadError", "Reader", "WrittenNumber", "as_nodes", "exact_reader", "has_plain", "is_binary", "is_lines", "needs_exact",
           "plain_reader", "read_csv", "read_json", "read_jsonl", "read_parquet", "read_xlsx", "read_yaml", "reader_for",
           "register"]
