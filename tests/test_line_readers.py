"""CSV and JSON lines evidence: read a line at a time, to the same records as the YAML they were
written from; every bad row placed (the golden cases are in tests/golden/evidence/)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import EvidenceError, compile_file, evaluate, load_evidence, parse_evidence
from regienorm.evidence import load as load_module
from regienorm.evidence.lines import write_csv, write_jsonl, write_parquet
from regienorm.evidence.readers import NearSpan, read_yaml
from regienorm.evidence.template_text import write_csv as template_csv
from regienorm.render.json import render

from .conftest import CASEBOOK, EXAMPLES, ROOT

PAIRS = [(CASEBOOK / "regie.norm", CASEBOOK / "evidence" / f"{name}.yaml") for name in ("risicojongeren", "mpg", "top600")]
PAIRS += [(EXAMPLES / "jeugdhulp.norm", EXAMPLES / "jeugdhulp.evidence.yaml"),
          (EXAMPLES / "tutorial" / "schuldhulp.norm", EXAMPLES / "tutorial" / "schuldhulp.evidence.yaml")]
PAIRS += [(ROOT / "frameworks" / "cookbook" / folder / norm, ROOT / "frameworks" / "cookbook" / folder / evidence)
          for folder, norm, evidence in (("cvss-3.1", "cvss31.norm", "examples.evidence.yaml"),
                                         ("owasp-risk-rating", "owasp.norm", "example.evidence.yaml"),
                                         ("percentage-rating", "rating.norm", "services.evidence.yaml"))]
LINE_WRITERS = {".csv": write_csv, ".jsonl": write_jsonl, ".sheets.csv": template_csv}
WRITERS: dict[str, Any] = {**LINE_WRITERS, ".parquet": write_parquet}  # Parquet: bytes, read in batches of rows


def _without_places(value: Any) -> Any:
    """The JSON of an assessment without where things were read (the files differ, the records not)."""
    if isinstance(value, dict):
        return {k: _without_places(v) for k, v in value.items() if k not in ("span", "at", "path", "evidence")}
    if isinstance(value, list):
        return [_without_places(v) for v in value]
    return value


def _unplaced(record: Any) -> str:
    return repr(attrs.evolve(record, span=None))


@pytest.mark.parametrize("suffix", list(WRITERS))
@pytest.mark.parametrize(("framework_path", "evidence_path"), PAIRS, ids=[p.name for _, p in PAIRS])
def test_a_line_format_reads_the_records_yaml_gives(framework_path: Path, evidence_path: Path, suffix: str,
                                                    tmp_path: Path) -> None:
    framework = compile_file(framework_path)
    from_yaml = load_evidence(evidence_path, framework)
    document = read_yaml(evidence_path.read_text(encoding="utf-8"), "e.yaml").plain()
    written = tmp_path / (evidence_path.stem + suffix)
    made = WRITERS[suffix](document)
    if isinstance(made, bytes):
        written.write_bytes(made)
    else:
        written.write_text(made, encoding="utf-8")
    from_lines = load_evidence(written, framework)
    assert from_lines.assessment == from_yaml.assessment and from_lines.entities == from_yaml.entities
    for kind in ("findings", "measures", "recorded", "overrides"):
        ours, theirs = getattr(from_lines, kind), getattr(from_yaml, kind)
        if suffix.endswith((".csv", ".parquet")):
            assert ours == theirs  # a row per record, in the order written
        else:  # grouped per entity, each entity's in the order written
            assert sorted(map(_unplaced, ours)) == sorted(map(_unplaced, theirs))
    for record in (*from_lines.entities, *from_lines.findings, *from_lines.measures, *from_lines.recorded):
        assert record.span is not None and type(record.span) is not NearSpan and record.span.path == str(written)
    if suffix.endswith((".csv", ".parquet")):
        assert all(f.span is not None and f.span.sheet == "Findings" for f in from_lines.findings)
    else:
        lines = written.read_text(encoding="utf-8").splitlines()
        for f in from_lines.findings:  # each record at its entity's line
            assert f.span is not None and f'"id": "{f.entity}"' in lines[f.span.line - 1]
    ours_json = json.loads(render([(str(written), evaluate(framework, from_lines))]))
    theirs_json = json.loads(render([(str(evidence_path), evaluate(framework, from_yaml))]))
    assert _without_places(ours_json) == _without_places(theirs_json)


JEUGDHULP_HEAD = "sheet,key,value,id,role,entity,measure,item,n,target,verdict\n" \
    "Assessment,format,regienorm-evidence/1\nAssessment,framework,jeugdhulp\nAssessment,version,1.0\n"


@pytest.mark.parametrize("separator", [",", ";"])
def test_dutch_decimal_commas_under_number_format_nl(separator: str) -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    rows = [["sheet", "key", "value", "id", "role", "normenkaders", "entity", "measure", "item", "n"],
            ["Assessment", "format", "regienorm-evidence/1"], ["Assessment", "number_format", "nl"],
            ["Assessment", "framework", "jeugdhulp"], ["Assessment", "version", "1.0"],
            ["Entities", "", "", "noord", "wijkteam", "uitvoering"],
            ["Measures", "", "72,5", "", "", "", "noord", "tevredenheid", "V1", "1.100"]]
    quote = (lambda cell: f'"{cell}"' if separator in cell else cell)
    text = "".join(separator.join(quote(c) for c in row) + "\n" for row in rows)
    evidence = parse_evidence(text, "e.csv", framework)
    assert [(m.value, m.n, m.text) for m in evidence.measures] == [(Fraction(145, 2), 1100, "72,5")]
    english = text.replace("Assessment,number_format,nl\n", "").replace("Assessment;number_format;nl\n", "")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(english, "e.csv", framework)
    assert {d.code for d in caught.value.diagnostics} == {"RN614"}
    assert str(caught.value.diagnostics[0].span) == "e.csv, sheet Measures, row 6, column C"


def test_truths_and_lists_in_csv_cells() -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    text = ("sheet,key,value,id,role,normenkaders,inputs.convenant_getekend,inputs.sector\n"
            "Assessment,format,regienorm-evidence/1\nAssessment,framework,jeugdhulp\nAssessment,version,1.0\n"
            'Entities,,,noord,wijkteam,"opzet, uitvoering",TRUE,zorg\n')
    evidence = parse_evidence(text, "e.csv", framework)
    entity = evidence.entities[0]
    assert entity.normenkaders == ("opzet", "uitvoering")
    assert entity.input("convenant_getekend").value is True  # type: ignore[union-attr]
    assert entity.input("sector").value == "zorg"  # type: ignore[union-attr]


def test_line_formats_are_read_a_line_at_a_time_past_the_whole_file_limit(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    document = read_yaml((EXAMPLES / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8"), "e.yaml").plain()
    for suffix, writer in LINE_WRITERS.items():
        path = tmp_path / f"e{suffix}"
        path.write_text(writer(document), encoding="utf-8")
        monkeypatch.setattr(load_module, "MAX_EVIDENCE_BYTES", 100)  # the limit of the formats read whole
        assert load_evidence(path, framework).findings
        sizes = [len(line.encode("utf-8")) for line in path.read_text(encoding="utf-8").splitlines(keepends=True)]
        longest = max(sizes)
        monkeypatch.setattr(load_module, "MAX_LINE_BYTES", longest - 1)
        with pytest.raises(EvidenceError) as caught:
            load_evidence(path, framework)
        (diagnostic,) = caught.value.diagnostics
        assert diagnostic.code == "RN607" and "line is too long" in diagnostic.message
        assert diagnostic.span.line == sizes.index(longest) + 1  # type: ignore[union-attr]
        monkeypatch.setattr(load_module, "MAX_LINE_BYTES", 1 << 20)
        monkeypatch.setattr(load_module, "MAX_LINES_BYTES", path.stat().st_size - 1)
        with pytest.raises(EvidenceError) as caught:
            load_evidence(path, framework)
        assert caught.value.diagnostics[0].code == "RN607"


def test_a_line_that_is_not_utf8_is_placed_at_its_line(tmp_path: Path) -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    path = tmp_path / "e.jsonl"
    path.write_bytes(b'{"format": "regienorm-evidence/1", "assessment": {"framework": "jeugdhulp", "version": "1.0"}}\n'
                     b'{"id": "noord", "role": "wijkteam"}\n{"id": "zu\xffid", "role": "wijkteam"}\n')
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, framework)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "RN001" and (diagnostic.span.line, diagnostic.span.column) == (3, 11)  # type: ignore[union-attr]


def test_a_jsonl_message_inside_a_record_is_placed_exactly() -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    line = '{"id": "noord", "role": "wijkteam", "measures": [{"measure": "tevredenheid", "value": 7, "source": {"tabel": "T1"}}]}'
    text = '{"format": "regienorm-evidence/1", "assessment": {"framework": "jeugdhulp", "version": "1.0"}}\n' + line + "\n"
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(text, "e.jsonl", framework)
    spans = [d.span for d in caught.value.diagnostics if d.code == "RN611"]
    assert spans and all(type(s) is not NearSpan for s in spans)
    assert (spans[0].line, spans[0].column) == (2, line.index('{"tabel"') + 1)  # type: ignore[union-attr]


def test_the_command_line_reads_line_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from regienorm.cli import main

    document = read_yaml((EXAMPLES / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8"), "e.yaml").plain()
    outputs = []
    for suffix, writer in WRITERS.items():
        path = tmp_path / f"e{suffix}"
        made = writer(document)
        if isinstance(made, bytes):
            path.write_bytes(made)
        else:
            path.write_text(made, encoding="utf-8")
        assert main(["evaluate", str(EXAMPLES / "jeugdhulp.norm"), str(path), "--format", "json", "--reproducible"]) == 0
        outputs.append(_without_places(json.loads(capsys.readouterr().out)))
        assert main(["explain", str(path), "noord", "opzet", "--framework", str(EXAMPLES / "jeugdhulp.norm"), "--depth", "1"]) == 0
        assert "opzet" in capsys.readouterr().out
    assert all(o == outputs[0] for o in outputs)


def test_parquet_cells_keep_their_types_and_a_bad_cell_is_placed_at_its_row_and_column(tmp_path: Path) -> None:
    """A Parquet table as a pipeline writes it: an integer column (`n`), a boolean one and a double
    one (named inputs), text where the Assessment's values share the column (`value`), nulls for
    keys not given; read to the same records as the CSV of the same table. A symbol off the scale
    is placed at its sheet, row (numbered as the CSV export numbers rows) and column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    sheets = ["Assessment", "Assessment", "Assessment", "Entities", "Measures", "Findings"]
    columns = {
        "sheet": pa.array(sheets, type=pa.string()),
        "key": pa.array(["format", "framework", "version", None, None, None], type=pa.string()),
        "value": pa.array(["regienorm-evidence/1", "jeugdhulp", "1.0", None, "72.5", None], type=pa.string()),
        "id": pa.array([None, None, None, "noord", None, None], type=pa.string()),
        "role": pa.array([None, None, None, "wijkteam", None, None], type=pa.string()),
        "inputs.convenant_getekend": pa.array([None, None, None, True, None, None], type=pa.bool_()),
        "inputs.budget": pa.array([None, None, None, 300000.5, None, None], type=pa.float64()),
        "entity": pa.array([None, None, None, None, "noord", "noord"], type=pa.string()),
        "measure": pa.array([None, None, None, None, "tevredenheid", None], type=pa.string()),
        "item": pa.array([None, None, None, None, "V1", None], type=pa.string()),
        "n": pa.array([None, None, None, None, 11, None], type=pa.int64()),
        "target": pa.array([None, None, None, None, None, "opzet.1.a"], type=pa.string()),
        "verdict": pa.array([None, None, None, None, None, "+"], type=pa.string()),
    }
    table = pa.table(columns)
    path = tmp_path / "e.parquet"
    pq.write_table(table, path)
    got = load_evidence(path, framework)
    csv_text = ("sheet,key,value,id,role,inputs.convenant_getekend,inputs.budget,entity,measure,item,n,target,verdict\n"
                "Assessment,format,regienorm-evidence/1\nAssessment,framework,jeugdhulp\nAssessment,version,1.0\n"
                "Entities,,,noord,wijkteam,true,300000.5\nMeasures,,72.5,,,,,noord,tevredenheid,V1,11\n"
                "Findings,,,,,,,noord,,,,opzet.1.a,+\n")
    (csv_path := tmp_path / "e.csv").write_text(csv_text, encoding="utf-8")
    want = load_evidence(csv_path, framework)
    assert got.entities == want.entities and got.measures == want.measures and got.findings == want.findings
    (entity,) = got.entities
    assert entity.input("convenant_getekend").value is True  # type: ignore[union-attr]
    assert entity.input("budget").value == Fraction("300000.5")  # type: ignore[union-attr]
    assert got.measures[0].value == Fraction("72.5") and got.measures[0].n == 11
    at = table.column_names.index("verdict")
    pq.write_table(table.set_column(at, "verdict", pa.array([None] * 5 + ["++"], type=pa.string())), path)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, framework)
    (d,) = caught.value.diagnostics
    assert d.code == "RN631" and d.span is not None and (d.span.sheet, d.span.line, d.span.column) == ("Findings", 7, at + 1)


def test_a_parquet_file_that_is_none_or_without_pyarrow_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    path = tmp_path / "e.parquet"
    path.write_bytes(b"sheet,key\nAssessment,format\n")
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, framework)
    assert [d.code for d in caught.value.diagnostics] == ["RN601"] and "not a Parquet file" in caught.value.diagnostics[0].message
    real = builtins.__import__

    def without(name: str, *args: Any, **kw: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", without)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, framework)
    (d,) = caught.value.diagnostics
    assert d.code == "RN685" and "regienorm[parquet]" in d.help



_CELLS = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=5) | st.sampled_from(
    ["", " ", "\t", "\u00a0", "\u2003", "\u200b", "\x1c", "\x85", " x "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=6))
def test_the_csv_reader_keeps_exactly_the_cells_the_tables_rule_calls_filled(cells: list[str]) -> None:
    """The CSV reader tests each cell for emptiness inline (no call per cell); the cells it keeps
    are those the tables' rule (`readers.table.empty`) calls filled, Unicode's spaces included."""
    import csv
    import io

    from regienorm.evidence.readers.csv import _rows
    from regienorm.evidence.readers.table import empty

    line = io.StringIO()
    csv.writer(line).writerow(["sheet", *cells])
    rows = list(_rows(iter([line.getvalue()]), "e.csv"))
    kept = [(column, value) for column, value in enumerate(["sheet", *cells], start=1) if not empty(value)]
    assert rows == [(1, kept)]
