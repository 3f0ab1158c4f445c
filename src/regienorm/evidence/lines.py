"""Evidence written in the line formats the readers read a line at a time (:mod:`.readers.csv`,
:mod:`.readers.jsonl`), and in Parquet (:mod:`.readers.parquet`): for carrying YAML or JSON
evidence over, and for tools that produce evidence in bulk or in shards. ``document`` is evidence as YAML or JSON gives it (``Node.plain()`` of a file
read, or plain Python values); what is written reads back to the same records."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .. import ir
from .readers.nodes import RawNumber
from .spreadsheet import tables as spreadsheet_tables
from .template_text import cell_text

_KINDS = ("findings", "measures", "recorded", "overrides")


def _plain(value: Any) -> Any:
    """A cell's text, as a spreadsheet's CSV writes it (:func:`.template_text.cell_text`); a
    mapping or list (no cell holds one) as its JSON text, kept for the check to report."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return cell_text(value)


def write_csv(document: Mapping[str, Any], framework: ir.Framework | None = None) -> str:
    """``document`` as one CSV table: a ``sheet`` column, then every sheet's columns
    (:func:`.spreadsheet.tables`, the XLSX file's), a row per record. (``regienorm template
    --format csv`` writes the other layout the reader reads: the sheets one after another.)"""
    tables = spreadsheet_tables(document, framework)
    names: list[str] = []
    for _, columns, _ in tables:
        names += [n for n in columns if not n.startswith("#") and n not in names]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sheet", *names])
    for title, columns, rows in tables:
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            writer.writerow([title, *(_plain(record.get(n)) for n in names)])
    return out.getvalue()


def write_parquet(document: Mapping[str, Any], framework: ir.Framework | None = None) -> bytes:
    """``document`` as :func:`write_csv`'s one table in a Parquet file (:mod:`.readers.parquet`):
    a text column per key, an empty cell null. Needs pyarrow (``regienorm[parquet]``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    header, *rows = csv.reader(io.StringIO(write_csv(document, framework)))
    table = pa.table({name: pa.array([row[i] or None for row in rows], type=pa.string()) for i, name in enumerate(header)})
    out = pa.BufferOutputStream()
    pq.write_table(table, out)
    return bytes(out.getvalue().to_pybytes())


def write_jsonl(document: Mapping[str, Any]) -> str:
    """``document`` as JSON lines: the head, then a line per entity with its records."""
    return "".join(jsonl_lines(document))


def jsonl_lines(document: Mapping[str, Any]) -> Iterator[str]:
    """The lines of :func:`write_jsonl`, one at a time."""
    head = {k: document[k] for k in ("format", "number_format", "assessment") if k in document}
    yield _dumps(head) + "\n"
    by_entity: dict[Any, dict[str, list[Any]]] = {}
    for kind in _KINDS:
        for r in document.get(kind) or []:
            by_entity.setdefault(r.get("entity"), {}).setdefault(kind, []).append({k: v for k, v in r.items() if k != "entity"})
    for entity in document.get("entities") or []:
        line = dict(entity)
        line.update(by_entity.get(entity.get("id"), {}))
        yield _dumps(line) + "\n"


def _dumps(value: Any) -> str:
    """JSON with each number as written (a RawNumber's text, not the float it is nearest to)."""
    written: list[str] = []

    def number(item: Any) -> Any:
        if isinstance(item, RawNumber) and _JSON_NUMBER.fullmatch(item.text):
            written.append(item.text)
            return f"\0{len(written) - 1}\0"
        return str(item)

    text = json.dumps(value, ensure_ascii=False, default=number)
    return _PLACED.sub(lambda m: written[int(m.group(1))], text) if written else text


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_PLACED = re.compile(r'"\\u0000(\d+)\\u0000"')
