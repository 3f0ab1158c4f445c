"""`regienorm evaluate --format html`: one self-contained file, a matrix per normenkader whose every
cell is the judgement's (and opens its reasons), the reconciliation, and hostile text kept text.
(In a real browser, with a screenshot: tests/test_html_browser.py.)"""

from __future__ import annotations

import html
import html.parser
import re

import attrs
import pytest

from regienorm import compile_file, evaluate, load_evidence
from regienorm.cli import main
from regienorm.render import html as render_html
from regienorm.render import text as render_text

from .conftest import BUNDLED, BUNDLED_IDS, ROOT, bundled

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"


class _Cells(html.parser.HTMLParser):
    """Every verdict cell: (entity, target) -> the text of its summary; and every URL the page names."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], str] = {}
        self.urls: list[str] = []
        self.tags: list[str] = []
        self._at: tuple[str, str] | None = None
        self._summary = False

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        found = dict(attrs_)
        self.tags.append(tag)
        self.urls += [v for k, v in attrs_ if k in ("src", "href", "action") and v]
        if tag == "td" and "data-target" in found:
            self._at = (str(found["data-entity"]), str(found["data-target"]))
            self.cells[self._at] = ""
        if tag == "summary":
            self._summary = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._summary = False
        if tag == "td":
            self._at = None

    def handle_data(self, data: str) -> None:
        if self._summary and self._at is not None:
            self.cells[self._at] += data


@pytest.fixture(scope="module")
def casebook():  # type: ignore[no-untyped-def]
    framework = compile_file(CASEBOOK / "regie.norm")
    return framework, evaluate(framework, load_evidence(CASEBOOK / "evidence" / "top600.yaml", framework))


def test_every_cell_is_the_judgements_and_nothing_leaves_the_file(casebook) -> None:  # type: ignore[no-untyped-def]
    _, assessment = casebook
    page = render_html.render([("top600.yaml", assessment)], {})
    parsed = _Cells()
    parsed.feed(page)
    shown = {(j.entity, j.target): render_text.cell(j) for j in assessment.judgements
             if j.level != "decision" and not (j.level == "normenkader" and j.status.value == "not_applicable")}
    for key, text in parsed.cells.items():
        assert shown[key] == text, key
    judged = {(j.entity, j.target) for j in assessment.judgements if j.status.value == "judged" and j.level != "decision"}
    assert judged <= set(parsed.cells)
    assert parsed.urls == [] and "http" not in page.replace('name="viewport"', "")
    assert "<script>" in page and page.count("<script>") == 1  # the filters' own, inline
    assert "Reconciliation" in page or "reconciliation" in page


def test_hostile_text_stays_text(casebook) -> None:  # type: ignore[no-untyped-def]
    _, assessment = casebook
    evil = '<script>alert(1)</script>"onmouseover="x'
    hostile = attrs.evolve(assessment, entities=tuple((e, evil, r) for e, _, r in assessment.entities),
                           subject=evil)
    page = render_html.render([(evil, hostile)], {"opzet": evil})
    assert "<script>alert(1)" not in page and '"onmouseover="' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=&quot;x" in page


def test_the_cli_writes_html(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert len(re.findall(r"<h2>", page)) == 3  # one section per evidence file of the casebook


def test_the_html_report_gives_reasons_in_dutch_with_lang_nl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--lang nl --format html`: every reason in a cell, the reconciliation and the total row in
    Dutch (the labels are in both languages either way); in English the reasons are as always."""
    import re

    from regienorm.cli import main

    for lang in ("nl", "en"):
        assert main(["--lang", lang, "evaluate", "--format", "html", "-o", str(tmp_path / f"{lang}.html")]) == 0
    dutch, english = ((tmp_path / f"{lang}.html").read_text(encoding="utf-8") for lang in ("nl", "en"))
    reasons_nl = re.findall(r"<li>([^<]*)</li>", dutch)
    assert any(r.startswith("bevinding: ") for r in reasons_nl) and any(r.startswith("geval 1: ") for r in reasons_nl)
    assert not any(r.startswith(("finding: ", "case 1: ", "rule `")) for r in reasons_nl)
    assert ">totaal " in dutch and ">total " not in dutch
    assert "afgedrukt " in dutch and "; berekend " in dutch
    assert any(r.startswith("finding: ") for r in re.findall(r"<li>([^<]*)</li>", english)) and ">total " in english


@pytest.mark.parametrize("case", BUNDLED, ids=BUNDLED_IDS)
def test_the_html_tables_are_the_tables_every_view_lays_out(case: tuple[str, str]) -> None:
    """The HTML's tables are render.matrix's, as the markdown's and the workbook's are: the same
    normenkaders, entities and rows in the same order (a tree's groups before what is inside them)."""
    from regienorm.render.matrix import matrices

    framework, evidence = bundled(*case)
    a = evaluate(framework, evidence)
    page = render_html.render([("e.yaml", a)])
    tables = re.findall(r'<table class="matrix">(.*?)</table>', page, flags=re.S)
    expected = [m for m in matrices(a, {}) if m.target]
    decided = any(not m.target for m in matrices(a, {}))  # the decisions' table comes after the normenkaders'
    assert len(tables) == len(expected) + decided
    for table, m in zip(tables, expected, strict=False):
        assert re.findall(r'<th data-entity="([^"]*)"', table) == [html.escape(e) for e in m.entities]
        assert re.findall(r'<tr class="[a-z]+" data-target="([^"]*)"', table) == [html.escape(r.target) for r in m.rows]
