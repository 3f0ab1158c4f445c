"""Evidence from spreadsheets: the XLSX reader gives the tree YAML gives (so the casebook reads to the
same assessment), bad cells are errors at sheet, row and column, and the template is one to fill in."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from regienorm import compile_file, evaluate, load_evidence  # noqa: E402
from regienorm.errors import EvidenceError  # noqa: E402
from regienorm.evidence import parse_evidence  # noqa: E402
from regienorm.evidence.readers import read_yaml  # noqa: E402
from regienorm.evidence.spreadsheet import template, write  # noqa: E402
from regienorm.render import json as render_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
EXAMPLE = ROOT / "frameworks" / "examples"


@pytest.fixture(scope="module")
def casebook() -> Any:
    return compile_file(CASEBOOK / "regie.norm")


def _without_positions(value: Any) -> Any:
    """The assessment's JSON without where things were read (a row is not a line)."""
    if isinstance(value, dict):
        return {k: _without_positions(v) for k, v in value.items()
                if not (k in ("at", "path", "file") or (k == "evidence" and isinstance(v, str)))}
    if isinstance(value, list):
        return [_without_positions(v) for v in value]
    return value


def _assessment_json(framework: Any, evidence: Any) -> Any:
    return _without_positions(json.loads(render_json.render([("evidence", evaluate(framework, evidence))])))


def _plain(value: Any) -> Any:
    """A value as a spreadsheet program holds it: numbers as numbers, the rest as it is."""
    from regienorm.evidence.readers import RawNumber

    if isinstance(value, RawNumber):
        return float(value.text) if any(c in value.text for c in ".eE") else int(value.text)
    return value


def _document(path: Path) -> Any:
    return read_yaml(path.read_text(encoding="utf-8"), str(path)).plain()


@pytest.mark.parametrize("name", ["top600", "risicojongeren", "mpg"])
def test_the_casebook_evidence_round_trips_through_xlsx(casebook: Any, name: str) -> None:
    path = CASEBOOK / "evidence" / f"{name}.yaml"
    data = write(_document(path), casebook)
    from_sheet = parse_evidence(data, f"{name}.xlsx", casebook)
    from_yaml = load_evidence(path, casebook)
    assert len(from_sheet.findings) == len(from_yaml.findings) and len(from_sheet.measures) == len(from_yaml.measures)
    assert sum(len(f.sources) for f in from_sheet.findings) == sum(len(f.sources) for f in from_yaml.findings)
    assert _assessment_json(casebook, from_sheet) == _assessment_json(casebook, from_yaml)


def test_named_inputs_and_recorded_values_round_trip() -> None:
    framework = compile_file(EXAMPLE / "jeugdhulp.norm")
    path = EXAMPLE / "jeugdhulp.evidence.yaml"
    document = _document(path)
    assert any("inputs" in e for e in document["entities"]) and any("value" in r for r in document["recorded"])
    from_sheet = parse_evidence(write(document, framework), "jeugdhulp.xlsx", framework)
    from_yaml = load_evidence(path, framework)
    assert [e.inputs for e in from_sheet.entities] == [e.inputs for e in from_yaml.entities]
    assert _assessment_json(framework, from_sheet) == _assessment_json(framework, from_yaml)


def test_a_filled_in_template_evaluates_as_the_yaml_it_was_filled_from(casebook: Any) -> None:
    """The auditor's path: a template for the entities, verdicts typed into its rows (here by a
    script), the rest (sources, printed verdicts, values beyond the first) added as rows."""
    path = CASEBOOK / "evidence" / "top600.yaml"
    document = _document(path)
    book = openpyxl.load_workbook(io.BytesIO(template(casebook, document["entities"])))
    findings = {(f["entity"], f["target"]): f for f in document["findings"]}
    sheet = book["Findings"]
    columns = {c.value: c.column for c in sheet[1]}
    filled, unused = set(), []
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, columns["entity"]).value, sheet.cell(row, columns["target"]).value)
        finding = findings.get(key)
        if finding is None:  # the report judged the norm as a whole, not its toetsaspecten
            unused.append(row)
            continue
        filled.add(key)
        for name in ("verdict", "status", "note"):
            if finding.get(name) is not None:
                sheet.cell(row, columns[name], str(finding[name])).data_type = "s"
    for row in reversed(unused):
        sheet.delete_rows(row)
    for key in [k for k in findings if k not in filled]:  # the norms judged as a whole: a row each
        f = findings[key]
        sheet.append([f["entity"], f["target"], None, f.get("verdict"), f.get("status"), f.get("note")])
    assert filled
    for key in ("subject", "assessor", "date"):
        book["Assessment"].append([key, document["assessment"][key]])
    sources = book["Sources"]
    for f in document["findings"]:
        for s in f.get("sources") or []:
            sources.append([f["entity"], f["target"], *(_plain(s.get(k)) for k in ("document", "table", "page", "footnote", "line", "quote"))])
    measures = book["Measures"]
    measures.delete_rows(2, measures.max_row)
    for m in document["measures"]:
        measures.append([_plain(v) for v in [m["entity"], m["measure"], None, m.get("item"), m["value"], m.get("n")]]
                        + [_plain(m.get("source", {}).get(k)) for k in ("document", "table", "page", "footnote", "line", "quote")])
    recorded = book["Recorded"]
    for r in document["recorded"]:
        recorded.append([_plain(v) for v in [r["entity"], r["target"], None, r.get("record"), r.get("verdict"), r.get("value"),
                                             r.get("status"), r.get("note")]]
                        + [_plain(r.get("source", {}).get(k)) for k in ("document", "table", "page", "footnote", "line", "quote")])
    out = io.BytesIO()
    book.save(out)
    from_sheet = parse_evidence(out.getvalue(), "top600.xlsx", casebook)
    got, want = _assessment_json(casebook, from_sheet), _assessment_json(casebook, load_evidence(path, casebook))
    assert got == want, _differences(got, want)[:5]


def test_an_empty_template_is_a_list_of_rows_to_fill_in_never_verdicts(casebook: Any) -> None:
    data = template(casebook)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[:7] == ["Assessment", "Entities", "Findings", "Sources", "Measures", "Recorded", "Overrides"]
    findings = book["Findings"]
    assert [c.value for c in findings[1]] == ["entity", "target", "# title", "verdict", "status", "note"]
    assert findings["A1"].comment is not None and "entity" in findings["A1"].comment.text.lower()
    assert findings.cell(2, 2).value == "opzet.1.a" and findings.cell(2, 3).value  # the aspect's title beside it
    assert all(findings.cell(r, 4).value is None for r in range(2, findings.max_row + 1))
    lists = [v for v in findings.data_validations.dataValidation]
    assert any("# Lists" in v.formula1 for v in lists)
    assert [c.value for c in book["# Lists"]["A"]][1:] == [v.symbol for v in casebook.scale.values]
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(data, "template.xlsx", casebook)
    shown = [str(d.span) for d in caught.value.diagnostics]
    assert "template.xlsx, sheet Entities, row 2" in shown


def _sheet_file(rows: dict[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, values in rows.items():
        sheet = book.create_sheet(title)
        for row in values:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_HEAD = {"Assessment": [["key", "value"], ["format", "regienorm-evidence/1"], ["framework", "regie_jeugddomein"],
                        ["version", "2013"]],
         "Entities": [["id", "name", "role", "normenkaders"], ["centrum", "Stadsdeel Centrum", "procesregie", "opzet"]]}


def _errors(casebook: Any, **sheets: list[list[Any]]) -> list[str]:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(_sheet_file({**_HEAD, **sheets}), "bad.xlsx", casebook)
    return [f"{d.span}: {d.code} {d.message}" for d in caught.value.diagnostics]


def test_a_bad_cell_is_named_by_sheet_row_and_column(casebook: Any) -> None:
    errors = _errors(casebook, Findings=[["entity", "target", "verdict"], ["centrum", "opzet.1.a", "+"],
                                         ["centrum", "opzet.1.b", "++"], ["centrm", "opzet.2", "+"]])
    assert "bad.xlsx, sheet Findings, row 3, column C: RN631 unknown verdict symbol `++`" in " ".join(errors) or \
        any(e.startswith("bad.xlsx, sheet Findings, row 3, column C:") for e in errors)
    assert any(e.startswith("bad.xlsx, sheet Findings, row 4, column A:") and "centrm" in e for e in errors)


def test_a_source_for_no_finding_and_an_unknown_sheet_are_errors(casebook: Any) -> None:
    errors = _errors(casebook, Findings=[["entity", "target", "verdict"], ["centrum", "opzet.1.a", "+"]],
                     Sources=[["entity", "target", "document"], ["centrum", "opzet.1.b", "Convenant"]])
    assert errors == ["bad.xlsx, sheet Sources, row 2: RN630 a source for `centrum` `opzet.1.b`, which has no finding"]
    errors = _errors(casebook, Bevindingen=[["entity"]])
    assert errors[0].startswith("bad.xlsx, sheet Bevindingen, row 1, column A: RN601 unknown sheet")


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "not an XLSX spreadsheet"),
    (b"PK\x03\x04broken", "not an XLSX spreadsheet"),
])
def test_a_broken_file_is_one_clear_error(casebook: Any, data: bytes, message: str) -> None:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(data, "broken.xlsx", casebook)
    assert message in caught.value.diagnostics[0].message


def test_a_zip_that_is_no_workbook_is_one_clear_error(casebook: Any) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(out.getvalue(), "other.xlsx", casebook)
    assert caught.value.diagnostics[0].message.startswith("the spreadsheet cannot be opened")


def test_text_that_looks_like_a_formula_stays_text(casebook: Any) -> None:
    document = _document(CASEBOOK / "evidence" / "top600.yaml")
    document["findings"][0]["note"] = "=HYPERLINK(\"http://example.invalid\")"
    book = openpyxl.load_workbook(io.BytesIO(write(document, casebook)))
    cell = book["Findings"].cell(2, 6)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def _differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Where two JSON documents differ, for an assertion's message."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in _differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {str(a)[:100]} != {str(b)[:100]}"]


def test_the_template_command_writes_a_spreadsheet_that_evaluates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from regienorm.cli import main

    out = tmp_path / "top600.xlsx"
    evidence = CASEBOOK / "evidence" / "top600.yaml"
    assert main(["template", str(CASEBOOK / "regie.norm"), "--evidence", str(evidence), "-o", str(out)]) == 0
    assert main(["evaluate", str(CASEBOOK / "regie.norm"), str(out), "--format", "json"]) == 0
    from_sheet = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(CASEBOOK / "regie.norm"), str(evidence), "--format", "json"]) == 0
    from_yaml = json.loads(capsys.readouterr().out)
    assert from_sheet.pop("provenance")["evidence"] != from_yaml.pop("provenance")["evidence"]  # other files, other hashes
    got, want = _without_positions(from_sheet), _without_positions(from_yaml)
    assert got == want, _differences(got, want)[:5]
    assert main(["template", str(CASEBOOK / "regie.norm")]) == 1
    assert "-o evidence.xlsx" in capsys.readouterr().err
    assert main(["template", str(CASEBOOK / "regie.norm"), "--entities", "centrum=procesregie", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book["Entities"]["A2"].value == "centrum" and book["Findings"]["A2"].value == "centrum"
