"""`regienorm template --format csv|yaml`: the CSV has the XLSX template's sheets, columns and rows
(stacked), the YAML the same records with titles as comments; filled in by a script, the YAML
evaluates as the evidence it was filled from; the XLSX validates numbers against declared ranges."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from regienorm import EvidenceError, compile_file, evaluate, load_evidence, parse_evidence
from regienorm.cli import main
from regienorm.evidence.readers import read_yaml
from regienorm.evidence.spreadsheet import template_document
from regienorm.evidence.template_text import write_csv, write_yaml

from .conftest import ROOT

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"


@pytest.fixture(scope="module")
def casebook() -> Any:
    return compile_file(CASEBOOK / "regie.norm")


def _stacked(text: str) -> dict[str, list[list[str]]]:
    sheets: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) == 1 and row[0].startswith("[") and row[0].endswith("]"):
            current = sheets.setdefault(row[0][1:-1], [])
        elif row:
            current.append(row)
    return sheets


def test_the_csv_template_has_the_spreadsheet_templates_sheets_columns_and_rows(casebook: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from regienorm.evidence.spreadsheet import template

    entities = [{"id": "centrum", "role": "procesregie"}, {"id": "dmo", "role": "centrale_stad"}]
    sheets = _stacked(write_csv(template_document(casebook, entities), casebook))
    book = openpyxl.load_workbook(io.BytesIO(template(casebook, entities)))
    assert list(sheets) == [n for n in book.sheetnames if not n.startswith("#")]
    for name, rows in sheets.items():
        cells = [["" if c.value is None else str(c.value) for c in row] for row in book[name].iter_rows()]
        assert rows == cells, name
    assert sheets["Findings"][0] == ["entity", "target", "# title", "verdict", "status", "note"]
    assert ["centrum", "opzet.1.a", "Alle belangrijke organisaties zijn in het convenant vertegenwoordigd", "", "", ""] \
        in sheets["Findings"]


def test_a_title_a_spreadsheet_would_run_is_written_inert(casebook: Any) -> None:
    import attrs

    norm = casebook.normenkaders[0].norms[0]
    hostile = attrs.evolve(casebook, normenkaders=(attrs.evolve(casebook.normenkaders[0], norms=(
        attrs.evolve(norm, title="=HYPERLINK(\"http://x.invalid\")", aspects=()), *casebook.normenkaders[0].norms[1:])),
        *casebook.normenkaders[1:]))
    sheets = _stacked(write_csv(template_document(hostile, [{"id": "dmo", "role": "centrale_stad"}]), hostile))
    titles = [row[2] for row in sheets["Findings"][1:] if row[1] == "opzet.1"]
    assert titles == ["'=HYPERLINK(\"http://x.invalid\")"]


def test_the_yaml_template_filled_in_by_a_script_evaluates_as_the_evidence_it_came_from(casebook: Any) -> None:
    path = CASEBOOK / "evidence" / "top600.yaml"
    source = read_yaml(path.read_text(encoding="utf-8"), str(path)).plain()
    text = write_yaml(template_document(casebook, source["entities"]), casebook)
    assert "  # opzet.1.a: " in text
    with pytest.raises(EvidenceError):  # not filled in: never a verdict made up
        parse_evidence(text, "template.yaml", casebook)
    document = read_yaml(text, "template.yaml").plain()
    findings = {(f["entity"], f["target"]): f for f in source["findings"]}
    rows = [f for f in document["findings"] if (f["entity"], f["target"]) in findings]
    assert rows, "the template has rows for the findings the report gives"
    for row in rows:
        row.pop("verdict")
        row.update(findings[(row["entity"], row["target"])])
    listed = {(f["entity"], f["target"]) for f in rows}
    document["findings"] = rows + [f for k, f in findings.items() if k not in listed]  # norms judged as a whole
    document["measures"] = source.get("measures", [])
    document["recorded"] = source.get("recorded", [])
    document["assessment"] = source["assessment"]
    filled = parse_evidence(json.dumps(document, default=str), "filled.json", casebook)

    def meaning(evidence: Any) -> list[tuple[str, str, str | None]]:
        return [(j.entity, j.target, j.verdict) for j in evaluate(casebook, evidence).judgements]

    assert meaning(filled) == meaning(load_evidence(path, casebook))


def test_the_command_writes_csv_and_yaml_to_a_file_or_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm = str(CASEBOOK / "regie.norm")
    assert main(["template", norm, "--entities", "centrum=procesregie", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("[Assessment]\nkey,value\n")
    out = tmp_path / "t.yaml"
    assert main(["template", norm, "--entities", "centrum=procesregie", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Evidence to fill in for \"regie_jeugddomein\"")
    assert main(["template", norm, "--format", "yaml", "--evidence", str(CASEBOOK / "evidence" / "top600.yaml")]) == 1
    assert "error[RN900]" in capsys.readouterr().err


def test_the_xlsx_template_checks_measure_values_against_their_ranges(casebook: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from regienorm.evidence.spreadsheet import template

    book = openpyxl.load_workbook(io.BytesIO(template(casebook, [{"id": "centrum", "role": "procesregie"}])))
    sheet = book["Measures"]
    value = next(c.column_letter for c in sheet[1] if c.value == "value")
    rows = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    rules = sheet.data_validations.dataValidation
    assert rows, "the template asks for measure values"

    def rule_for(cell: str) -> Any:
        return next(v for v in rules if cell in v.sqref)

    for measure, row in rows.items():
        declared = casebook.measure(measure)
        rule = rule_for(f"{value}{row}")
        assert (rule.type, rule.operator, float(rule.formula1), float(rule.formula2)) == \
            ("decimal", "between", float(declared.low), float(declared.high))
    added = rule_for(f"{value}{sheet.max_row + 5}")  # a row added later: a number, any
    assert added.type == "decimal"
