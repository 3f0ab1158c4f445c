"""A formula cell in XLSX evidence: its saved value is read; one saved without a value (a file a
script wrote and no spreadsheet program saved) is refused at its sheet, row and column (RN690),
never read as an empty cell."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from regienorm import compile_file, evaluate, render_full  # noqa: E402
from regienorm.errors import EvidenceError  # noqa: E402
from regienorm.evidence import parse_evidence  # noqa: E402

from .conftest import ROOT, golden  # noqa: E402

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
GOLDEN = ROOT / "tests" / "golden" / "xlsx"

_HEAD = {"Assessment": [["key", "value"], ["format", "regienorm-evidence/1"], ["framework", "regie_jeugddomein"],
                        ["version", "2013"]],
         "Entities": [["id", "name", "role", "normenkaders"], ["centrum", "Stadsdeel Centrum", "procesregie", "opzet"]]}
_FINDINGS = [["entity", "target", "verdict"], ["centrum", "opzet.1.a", "+"], ["centrum", "opzet.1.b", '=IF(1>0,"-","+")']]


@pytest.fixture(scope="module")
def casebook() -> Any:
    return compile_file(CASEBOOK / "regie.norm")


def _book(**sheets: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)  # openpyxl saves a formula without its value, as any script would
    return out.getvalue()


def _with_saved_value(data: bytes, sheet_part: str, cell: str, value: str) -> bytes:
    """The workbook as a spreadsheet program saves it: the formula's value beside the formula."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == sheet_part:
                text = part.decode("utf-8")
                text, n = re.subn(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?', rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
                                  text)
                assert n == 1, text
                part = text.encode("utf-8")
            target.writestr(info, part)
    return out.getvalue()


def test_a_formula_without_a_saved_value_is_refused_at_its_cell(casebook: Any) -> None:
    data = _book(**_HEAD, Findings=_FINDINGS)
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(data, "tests/golden/xlsx/formula_without_value.xlsx", casebook)
    diagnostics = caught.value.diagnostics
    assert [d.code for d in diagnostics] == ["RN690"]
    assert str(diagnostics[0].span) == "tests/golden/xlsx/formula_without_value.xlsx, sheet Findings, row 3, column C"
    golden(GOLDEN / "formula_without_value.expected", "\n\n".join(render_full(d, {}) for d in diagnostics) + "\n")


def test_a_formula_with_its_saved_value_reads_as_the_value(casebook: Any) -> None:
    data = _book(**_HEAD, Findings=_FINDINGS)
    archive = zipfile.ZipFile(io.BytesIO(data))
    part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/") and b"<f>" in archive.read(n))
    saved = _with_saved_value(data, part, "C3", "-")
    evidence = parse_evidence(saved, "saved.xlsx", casebook)
    finding = next(f for f in evidence.findings if f.target == "opzet.1.b")
    assert finding.verdict == "-"
    assert evaluate(casebook, evidence).get("centrum", "opzet.1.b").verdict == "-"


def test_a_formula_without_a_value_is_refused_even_in_a_column_for_people(casebook: Any) -> None:
    """Wherever it stands on a sheet that is read: the reader does not judge which cells matter."""
    findings = [["entity", "target", "verdict", "# title"], ["centrum", "opzet.1.a", "+", "=1+1"]]
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(_book(**_HEAD, Findings=findings), "people.xlsx", casebook)
    assert [(d.code, str(d.span)) for d in caught.value.diagnostics] == [("RN690", "people.xlsx, sheet Findings, row 2, column D")]
