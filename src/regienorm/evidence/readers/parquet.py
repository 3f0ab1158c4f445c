"""Parquet evidence: the one-table layout of CSV (:mod:`.csv`) as a Parquet file, the form in which
data pipelines (Spark, pandas, DuckDB, Arrow) write records and shard them for a cluster
(:mod:`regienorm.distributed`).

The columns are those of a one-table CSV: ``sheet``, then the keys of the spreadsheet layout
(``entity``, ``target``, ``verdict``, ``id``, ``role``, ``inputs.AV``, ``key``, ``value``, …), in
any order; each row is one record of the sheet its ``sheet`` cell names, read by the same mapping
(:mod:`.table`). A null cell is a key not given. Cells keep their Parquet types: a boolean is a
truth, an integer or a double a number (a double as its shortest decimal, ``72.5``), a date a day;
text is read as a YAML text would be. A position reads ``file.parquet, sheet Findings, row 12,
column C``, the rows numbered as the file's CSV export would number them (the column names are row
1). pyarrow reads the file (``pip install 'regienorm[parquet]'``, also in ``regienorm[dask]``);
without it, RN685 says so. The file is read one batch of rows at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...source import Span
from .csv import one_table, text_cell
from .nodes import Node
from .registry import register
from .table import empty, fail

#: Rows turned into records per batch read from the file.
_BATCH = 4096


def read_parquet(data: bytes, path: str) -> Node:
    """The evidence in a Parquet file's bytes as nodes, or ReadError."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise fail("reading Parquet needs pyarrow, which is not installed", Span.point(path, 1),
                   "install it with `pip install 'regienorm[parquet]'`, or give the evidence as CSV or JSON lines",
                   code="RN685") from None
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        names = parquet.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise fail(f"this is not a Parquet file pyarrow can read: {exc}", Span.point(path, 1),
                   "write it with pyarrow, pandas (`to_parquet`), Spark or DuckDB; or give the evidence as CSV",
                   code="RN601") from None
    header = (1, [(column, name) for column, name in enumerate(names, 1)])
    return one_table(path, header, _rows(parquet, path), text_cell, "the Parquet file")


def _rows(parquet: Any, path: str) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    """(the row's number as in a CSV export, [(column, value), …] of its cells that are not null)."""
    import pyarrow as pa

    row = 2
    try:
        for batch in parquet.iter_batches(batch_size=_BATCH):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for k in range(batch.num_rows):
                filled = [(c, values[k]) for c, values in enumerate(columns, 1) if not empty(values[k])]
                if filled:
                    yield row, filled
                row += 1
    except (pa.ArrowException, OSError) as exc:
        raise fail(f"the Parquet file cannot be read past row {row}: {exc}", Span.point(path, 1),
                   "write the file again; it may have been cut off", code="RN601") from None


register([".parquet"], read_parquet, binary=True)
