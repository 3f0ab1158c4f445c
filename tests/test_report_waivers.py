"""Waivers and the records a profile left out, in every report format, read back: the markdown's
tables parsed, the CSV read as CSV, the workbook opened; the counts of waivers read, applied and
the judgements they set; a waiver's risk carried everywhere."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from regienorm import compile_file, evaluate, load_evidence, parse_evidence
from regienorm.judgement import Assessment
from regienorm.render import csv as render_csv
from regienorm.render import html, markdown, text, xlsx
from regienorm.render import json as render_json
from regienorm.render.rows import COLUMNS

from .conftest import EXAMPLES, ROOT
from .test_render_formats import _markdown_tables

FRAMEWORK = compile_file(EXAMPLES / "jeugdhulp.norm")
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"

EVIDENCE = """\
format: regienorm-evidence/1
assessment: {framework: jeugdhulp, version: "1.0", date: "2024-05-01"}
entities:
  - {id: gemeente, role: gemeente}
  - {id: noord, role: wijkteam, normenkaders: [opzet]}
  - {id: zuid, role: wijkteam, normenkaders: [opzet]}
findings:
  - {entity: gemeente, target: opzet.4, verdict: "-", note: "geen raming"}
  - {entity: noord, target: opzet.4, verdict: "-", note: "geen raming"}
  - {entity: zuid, target: opzet.4, verdict: "+", note: "raming"}
overrides:
  - {scope: norm, target: opzet.4, verdict: "+/-", justification: "Ramingen volgen", author: "A", approver: "B",
     date: "2024-04-15", expires: "2025-01-01", risk: moderate}
  - {entity: zuid, target: opzet.2, verdict: "+", justification: "Oud", author: "A", date: "2024-01-01",
     expires: "2024-03-01", risk: high}
"""


@pytest.fixture(scope="module")
def waived() -> list[tuple[str | None, Assessment]]:
    return [("w.yaml", evaluate(FRAMEWORK, parse_evidence(EVIDENCE, "w.yaml", FRAMEWORK)))]


def test_counts_split_waivers_read_applied_and_judgements_set(waived: Any) -> None:
    """One norm-wide waiver sets three judgements: `used` stays at most `read`, `judgements` says three."""
    a = waived[0][1]
    assert (a.counts.overrides, a.counts.overrides_used, a.counts.overrides_set) == (2, 1, 3)
    doc = json.loads(render_json.render(waived))
    assert doc["evidence"][0]["counts"]["overrides"] == {"read": 2, "used": 1, "judgements": 3}
    assert "Waivers: 2 read, 1 applied, setting 3 judgements." in text.render(waived, width=200)
    assert "Afwijkingen: 2 gelezen, 1 toegepast, samen 3 oordelen." in text.render(waived, width=200, language="nl")


def test_the_whole_and_the_streamed_document_count_a_wide_waiver_once(waived: Any) -> None:
    from regienorm.streamed import judged

    evidence = parse_evidence(EVIDENCE, "w.yaml", FRAMEWORK)
    run = judged(FRAMEWORK, evidence, "w.yaml")
    list(run)
    assert run.summary()["counts"] == json.loads(render_json.render(waived))["evidence"][0]["counts"]


def _expected_waivers(a: Assessment) -> list[tuple[Any, ...]]:
    applied = [(e, t, "applied", dict(r.data)["verdict"], dict(r.data)["computed"], dict(r.data).get("risk"))
               for e, t, r in a.waivers()]
    return applied + [(o.entity, o.target, "expired", o.verdict, None, o.risk) for o in a.waivers_not_applied]


def test_markdown_lists_the_waivers_as_a_table(waived: Any) -> None:
    tables = [t for t in _markdown_tables(markdown.render(waived)) if t[1].startswith("Waivers")]
    assert len(tables) == 1
    _, heading, heads, rows = tables[0]
    assert heading == "Waivers / afwijkingen (4)"
    got = [dict(zip(heads, row, strict=True)) for row in rows]
    want = _expected_waivers(waived[0][1])
    assert [(r["entity"] or None, r["target"], r["state"], r["verdict"], r["replaces"] or None, r["risk"]) for r in got] == want
    assert {(r["state"], r["approver"], r["expires"]) for r in got} == {("applied", "B", "2025-01-01"), ("expired", "", "2024-03-01")}
    assert all(r["at"].startswith("w.yaml:") for r in got)
    assert [r["scope"] for r in got] == ["norm", "norm", "norm", "judgement"]


def test_csv_carries_each_waiver_on_its_judgement_and_lists_those_not_applied(waived: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv.render(waived), newline="")))
    assert list(rows[0]) == [*COLUMNS, "record"]
    a = waived[0][1]
    judged = [r for r in rows if r["record"] == "judgement"]
    assert len(judged) == len(a.judgements)
    set_ = {(r["entity"], r["target"]): r for r in judged if r["overridden"] == "true"}
    assert set(set_) == {("gemeente", "opzet.4"), ("noord", "opzet.4"), ("zuid", "opzet.4")}
    zuid = set_[("zuid", "opzet.4")]
    assert (zuid["verdict"], zuid["waiver_replaces"], zuid["waiver_scope"], zuid["waiver_risk"], zuid["waiver_approver"]) == \
        ("+/-", "+", "norm", "moderate", "B")
    assert (zuid["waiver_date"], zuid["waiver_expires"], zuid["waiver_justification"]) == ("2024-04-15", "2025-01-01", "Ramingen volgen")
    assert zuid["at"] == "w.yaml:12:5"
    assert all(r["waiver_scope"] == "" for r in judged if r["overridden"] == "false")
    rest = [r for r in rows if r["record"] != "judgement"]
    assert [(r["record"], r["entity"], r["target"], r["verdict"], r["waiver_risk"], r["waiver_expires"]) for r in rest] == \
        [("waiver expired", "zuid", "opzet.2", "+", "high", "2024-03-01")]


def test_xlsx_has_a_waivers_sheet_and_the_judgements_carry_them(waived: Any, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "w.xlsx"
    path.write_bytes(xlsx.render(waived))
    book = openpyxl.load_workbook(path)
    assert "Left out" not in book.sheetnames
    sheet = book["Waivers"]
    values = list(sheet.iter_rows(values_only=True))
    heads, rows = values[0], [dict(zip(values[0], r, strict=True)) for r in values[1:]]
    assert heads[:3] == ("evidence", "state", "scope")
    assert [(r["entity"], r["target"], r["state"], r["verdict"], r["replaces"], r["risk"]) for r in rows] == \
        _expected_waivers(waived[0][1])
    judgements = list(book["Judgements"].iter_rows(values_only=True))
    marked = [dict(zip(judgements[0], r, strict=True)) for r in judgements[1:]]
    assert sorted((r["entity"], r["waiver_risk"]) for r in marked if r["overridden"]) == \
        [("gemeente", "moderate"), ("noord", "moderate"), ("zuid", "moderate")]


def test_risk_in_text_html_and_json(waived: Any) -> None:
    shown = text.render(waived, width=300)
    assert "expires 2025-01-01, risk moderate (scope: norm): +/- replaces the computed -" in shown
    assert "Waiver not applied, expired on 2024-03-01: zuid opzet.2: + by A, risk high: Oud" in shown
    dutch = text.render(waived, width=300, language="nl")
    assert "verloopt 2025-01-01, risico moderate (reikwijdte: norm)" in dutch and "door A, risico high: Oud" in dutch
    page = html.render(waived)
    assert "<th>risico / risk</th>" in page and "<td>moderate</td>" in page and "<td>high</td>" in page
    waivers = json.loads(render_json.render(waived))["evidence"][0]["waivers"]
    assert {w["risk"] for w in waivers["applied"]} == {"moderate"}
    assert [w["risk"] for w in waivers["not_applied"]] == ["high"]


# ============================================================================ records a profile left out
@pytest.fixture(scope="module")
def left() -> list[tuple[str | None, Assessment]]:
    profile = compile_file(CASEBOOK / "procesregie.norm")
    path = CASEBOOK / "evidence" / "risicojongeren.yaml"
    evidence = load_evidence(path, profile)
    assert evidence.left_out
    return [(str(path), evaluate(profile, evidence))]


def _left_expected(a: Assessment) -> list[tuple[str, str, str, str, str]]:
    return [(o.kind, o.entity, o.target, o.why, str(o.span)) for o in a.left_out]


def test_every_format_shows_the_records_left_out(left: Any, tmp_path: Path) -> None:
    a = left[0][1]
    want = _left_expected(a)
    assert all(at.startswith(f"{left[0][0]}:") for *_, at in want)
    doc = json.loads(render_json.render(left))["evidence"][0]["left_out"]
    assert doc["count"] == len(want)
    assert [(r["kind"], r["entity"], r["target"], r["why"], f"{r['at']['path']}:{r['at']['line']}:{r['at']['column']}")
            for r in doc["records"]] == want
    shown = text.render(left, width=400).splitlines()
    start = shown.index(f"Left out by the profile ({len(want)}):")
    kinds = {"recorded": "recorded verdict"}
    assert shown[start + 1:start + 1 + len(want)] == [f"- {kinds.get(k, k)}: {e} {t} at {at}: {why}" for k, e, t, why, at in want]
    tables = [t for t in _markdown_tables(markdown.render(left)) if t[1].startswith("Left out")]
    assert tables and tables[0][1] == f"Left out by the profile / buiten het profiel gelaten ({len(want)})"
    assert [tuple(row) for row in tables[0][3]] == want
    rows = [r for r in csv.DictReader(io.StringIO(render_csv.render(left), newline="")) if r["record"].startswith("left out")]
    assert [(r["record"].removeprefix("left out "), r["entity"], r["target"], r["reasons"], r["at"]) for r in rows] == want
    page = html.render(left)
    assert f"left out by the profile ({len(want)})" in page and page.count("<tr><td>recorded</td>") == \
        sum(k == "recorded" for k, *_ in want)
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "left.xlsx"
    path.write_bytes(xlsx.render(left))
    values = list(openpyxl.load_workbook(path)["Left out"].iter_rows(values_only=True))
    assert values[0] == ("evidence", "kind", "entity", "target", "why", "at")
    assert [tuple(r[1:]) for r in values[1:]] == want


def test_the_streamed_document_lists_the_records_left_out_as_the_whole_does(left: Any) -> None:
    from regienorm.streamed import judged

    profile = compile_file(CASEBOOK / "procesregie.norm")
    path = left[0][0]
    run = judged(profile, load_evidence(path, profile), path)
    list(run)
    assert run.summary()["left_out"] == json.loads(render_json.render(left))["evidence"][0]["left_out"]
