"""Hostile text stays text in every output. tests/hostile/ holds a framework whose titles and
aspect texts, and evidence whose entity ids, names, notes, sources and quotes, are `<script>`,
`"onmouseover=…`, HTML tags and spreadsheet formulas (`=`, `+`, `-`, `@`, a leading tab or CR).

HTML escapes every one of them (no tag, no attribute, no event handler comes from the files);
markdown backslash-escapes them; CSV puts an apostrophe before a text that a spreadsheet would
run; XLSX writes every text as a string cell with the quote prefix where it looks like a formula,
and no formula at all. The verdict symbols `+`, `-`, `+/-` read as themselves in each."""

from __future__ import annotations

import csv
import html
import html.parser
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from regienorm import compile_file, evaluate, load_evidence
from regienorm.render import csv as render_csv
from regienorm.render import html as render_html
from regienorm.render import markdown as render_markdown
from regienorm.render.rows import FORMULA_STARTS, formula_like, neutralise
from regienorm.render.titles import Titles

from .conftest import ROOT

FOLDER = ROOT / "tests" / "hostile"
#: Every hostile text in the two files, as the outputs must show it (read back, unescaped); the
#: entity id `<script>e</script>` heads no column (its name does) and is checked where it is shown.
HOSTILE = [
    "<script>alert('t')</script>", '"onmouseover=alert(1) x', "=cmd|' /C calc'!A0", "@SUM(1+1)<script>alert(2)</script>",
    '+1+1 "onmouseover=alert(3)', '"onmouseover=alert(4) <b>', "<img src=x onerror=alert(5)>",
    '"onmouseover=alert(6) <script>alert(7)</script>', "<script>alert(8)</script>", "<script>alert('s')</script>",
]
#: Texts that look like formulas and fill a whole cell of the CSV (titles, an entity id, a name).
NOTES = ["<img src=x onerror=alert(5)>", '"onmouseover=alert(6) <script>alert(7)</script>']
FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1+1)<script>alert(2)</script>", '+1+1 "onmouseover=alert(3)', "-2+3", "=1+1"]
#: And more of the XLSX's: a printed verdict's note and source on the reconciliation sheet.
XLSX_FORMULAS = [*FORMULAS, '=HYPERLINK("x")', "+cmd, <script>alert(8)</script>"]


@pytest.fixture(scope="module")
def hostile() -> tuple[Titles, list[tuple[str, Any]]]:
    framework = compile_file((FOLDER / "hostile.norm").relative_to(ROOT))
    evidence = (FOLDER / "hostile.evidence.yaml").relative_to(ROOT)
    return Titles.of_framework(framework), [(str(evidence), evaluate(framework, load_evidence(evidence, framework)))]


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_text_from_the_files(hostile) -> None:  # type: ignore[no-untyped-def]
    titles, named = hostile
    page = render_html.render(named, titles)
    parsed = _Page()
    parsed.feed(page)
    assert parsed.tags.count("script") == 1 and "img" not in parsed.tags and "b" not in parsed.tags
    assert [(k, v) for k, v in parsed.attributes if k.startswith("on")] == [("onsubmit", "return false")]  # the filters' own
    text = "".join(parsed.text)
    for item in HOSTILE:
        assert item in text, item  # shown, as text
        assert html.escape(item, quote=True) in page, item
    # inside attributes too: the entity id in data-entity and title stays one attribute value
    assert ("data-entity", "<script>e</script>") in parsed.attributes and ("data-entity", "-2+3") in parsed.attributes


def test_markdown_escapes_every_text_from_the_files(hostile) -> None:  # type: ignore[no-untyped-def]
    titles, named = hostile
    document = render_markdown.render(named, titles)
    assert re.search(r"(?<!\\)[<>]", document) is None  # every angle bracket escaped: no tag
    unescaped = re.sub(r"\\(.)", r"\1", document)
    for item in [h for h in HOSTILE if h not in NOTES]:  # the tables and the reconciliation, not every finding's note
        assert item.replace("\n", " ") in unescaped, item


def test_csv_neutralises_every_formula_and_keeps_verdict_symbols(hostile) -> None:  # type: ignore[no-untyped-def]
    titles, named = hostile
    rows = list(csv.DictReader(io.StringIO(render_csv.render(named, titles), newline="")))
    fields = [v for row in rows for v in row.values() if v]
    for value in fields:
        assert not formula_like(value), repr(value)
    for item in FORMULAS:
        assert ("'" + item) in fields, repr(item)
    assert {r["verdict"] for r in rows} == {"+", "-", "+/-"}  # as themselves: no apostrophe
    assert {r["entity"] for r in rows} == {"<script>e</script>", "'-2+3"}


def test_neutralise_decides_by_the_first_character_and_leaves_signs_alone() -> None:
    for start in FORMULA_STARTS:
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    for symbol in ("+", "-", "+/-", "-/+", "--", "++", "+/-; -", "±"):
        assert neutralise(symbol) == symbol
    for text in ("voldoet", "a=1", "1-2", " =1", "'=1"):
        assert neutralise(text) == text


def test_xlsx_writes_every_text_as_text(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    openpyxl = pytest.importorskip("openpyxl")
    from regienorm.render import xlsx as render_xlsx

    titles, named = hostile
    data = render_xlsx.render(named, titles)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    seen: set[str] = set()
    symbols: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                assert cell.data_type == "s"
                seen.add(cell.value)
                assert cell.quotePrefix == cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.coordinate, cell.value)
                if cell.value in ("+", "-", "+/-"):
                    symbols.add(cell.value)
    flat = "\n".join(seen)
    for item in [*HOSTILE[1:], *XLSX_FORMULAS]:  # (the framework's own title is on no sheet)
        assert item in flat, repr(item)
    for item in XLSX_FORMULAS:
        assert item in seen, repr(item)  # a whole cell, exactly as written: no apostrophe added
    assert symbols == {"+", "-", "+/-"}
