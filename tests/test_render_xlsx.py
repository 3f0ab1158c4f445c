"""`regienorm evaluate --format xlsx -o FILE`: read back cell by cell. A sheet per evidence file and
normenkader with the matrix (every cell the judgement's, coloured by its points), the decisions,
every judgement with its reasons and sources, the reconciliation, the provenance; header rows
frozen, filters on every table; nothing a formula; the same bytes twice under --reproducible."""

from __future__ import annotations

import io
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from regienorm import compile_file, evaluate, load_evidence  # noqa: E402
from regienorm.cli import main  # noqa: E402
from regienorm.judgement import Assessment, Status  # noqa: E402
from regienorm.provenance import FileHash, Run  # noqa: E402
from regienorm.render import text as render_text  # noqa: E402
from regienorm.render import xlsx as render_xlsx  # noqa: E402
from regienorm.render.rows import COLUMNS  # noqa: E402
from regienorm.render.titles import Titles  # noqa: E402

from .conftest import CASEBOOK, EXAMPLES  # noqa: E402

RUN = Run("0.1.0", None, (FileHash("f.norm", "a" * 64), FileHash("inc.norm", "b" * 64)), (FileHash("e.yaml", "c" * 64),))


def _book(framework: Path, evidence: list[Path]) -> tuple[Any, Titles, list[tuple[str, Assessment]], bytes]:
    fw = compile_file(framework)
    named = [(str(p), evaluate(fw, load_evidence(p, fw))) for p in evidence]
    titles = Titles.of_framework(fw)
    data = render_xlsx.render(named, titles, RUN)
    return openpyxl.load_workbook(io.BytesIO(data)), titles, named, data


@pytest.fixture(scope="module")
def example() -> tuple[Any, Titles, list[tuple[str, Assessment]], bytes]:
    return _book(EXAMPLES / "jeugdhulp.norm", [EXAMPLES / "jeugdhulp.evidence.yaml"])


@pytest.fixture(scope="module")
def casebook() -> tuple[Any, Titles, list[tuple[str, Assessment]], bytes]:
    return _book(CASEBOOK / "regie.norm", sorted((CASEBOOK / "evidence").glob("*.yaml")))


def _fill(cell: Any) -> str | None:
    colour = cell.fill.start_color.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    return str(colour)[-6:] if colour else None


def _check_matrices(book: Any, titles: Titles, named: list[tuple[str, Assessment]]) -> None:
    single = len(named) == 1
    for path, a in named:
        points = [j.points for j in a.judgements if j.status is Status.JUDGED and j.points is not None]
        best, lowest = max(points), min(points)
        names = {e: n or e for e, n, _ in a.entities}
        by_key = {(j.entity, j.target): j for j in a.judgements}
        for nk in dict.fromkeys(j.target for j in a.judgements if j.level == "normenkader"):
            entities = [e for e, _, _ in a.entities if (e, nk) in by_key and by_key[(e, nk)].status is not Status.NOT_APPLICABLE]
            sheet_name = nk if single else f"{Path(path).stem} {nk}"
            if not entities:
                assert sheet_name not in book.sheetnames
                continue
            sheet = book[sheet_name]
            assert sheet["A1"].value == f"{nk}: {titles[nk]}" and sheet["C1"].value == a.subject
            assert [c.value for c in sheet[2]] == ["target", "title", *(names[e] for e in entities)]
            assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref.startswith("A2:")
            targets = [*dict.fromkeys(j.target for j in a.judgements if j.target.startswith(nk + ".") and j.level != "decision"), nk]
            assert sheet.max_row == len(targets) + 2
            for r, target in enumerate(targets, 3):
                assert sheet.cell(r, 1).value == target
                assert sheet.cell(r, 2).value == titles.get(target)
                for c, e in enumerate(entities, 3):
                    j = by_key.get((e, target))
                    cell = sheet.cell(r, c)
                    assert (cell.value or "") == render_text.cell(j), (sheet_name, target, e)
                    assert cell.data_type == "s" or cell.value is None
                    want = None
                    if j is not None and j.status is Status.JUDGED and j.points is not None:
                        want = render_xlsx.FILLS["best" if j.points == best else "lowest" if j.points == lowest else "between"]
                    assert _fill(cell) == want, (sheet_name, target, e)


def test_a_sheet_per_normenkader_with_every_cell_and_its_colour(example) -> None:  # type: ignore[no-untyped-def]
    book, titles, named, _ = example
    _check_matrices(book, titles, named)


def test_the_casebooks_matrices(casebook) -> None:  # type: ignore[no-untyped-def]
    book, titles, named, _ = casebook
    _check_matrices(book, titles, named)
    assert book.sheetnames[:2] == ["mpg opzet", "mpg uitvoering"]


def test_the_decisions_sheet_holds_each_value_as_the_text_view_shows_it() -> None:
    fw_path = Path("frameworks/cookbook/cvss-3.1/cvss31.norm")
    book, titles, named, _ = _book(fw_path, [fw_path.parent / "examples.evidence.yaml"])
    a = named[0][1]
    sheet = book["decisions"]
    decided = list(dict.fromkeys(j.target for j in a.judgements if j.level == "decision"))
    entities = [e for e, _, _ in a.entities if any(j.entity == e and j.level == "decision" for j in a.judgements)]
    by_key = {(j.entity, j.target): j for j in a.judgements}
    assert [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)] == decided
    for r, target in enumerate(decided, 3):
        for c, e in enumerate(entities, 3):
            assert (sheet.cell(r, c).value or "") == render_text.value_cell(by_key.get((e, target)))


def test_every_judgement_is_a_row_with_its_reasons_and_sources(example) -> None:  # type: ignore[no-untyped-def]
    book, titles, named, _ = example
    sheet = book["Judgements"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(COLUMNS))}{sheet.max_row}"
    judgements = [(p, a, j) for p, a in named for j in a.judgements]
    assert sheet.max_row == len(judgements) + 1
    for r, (path, a, j) in enumerate(judgements, 2):
        row = {name: sheet.cell(r, n).value for n, name in enumerate(COLUMNS, 1)}
        name, role = next((n, ro) for e, n, ro in a.entities if e == j.entity)
        value = j.value
        if isinstance(value, Fraction):
            # the nearest double, as a spreadsheet holds numbers (openpyxl writes it to 15 significant digits)
            value = int(value) if value.denominator == 1 else pytest.approx(float(value), rel=1e-14)
        want = {"evidence": path, "entity": j.entity, "entity_name": name, "role": role, "target": j.target, "level": j.level,
                "title": titles.of(j.target, role), "status": j.status.value, "verdict": j.verdict, "points": j.points,
                "value": value, "rule": j.rule, "computed": j.computed, "agrees": j.agrees, "blank_filled": j.blank_filled,
                "overridden": j.overridden, "given": j.given, "reasons": "\n".join(x.text for x in j.reasons) or None}
        for key, expected in want.items():
            assert row[key] == expected, (j.entity, j.target, key)
        quotes = [s["quote"] for x in j.reasons for s in dict(x.data).get("sources") or () if s.get("quote")]
        assert all(q in (row["sources"] or "") for q in quotes)


def test_the_reconciliation_is_every_printed_verdict_beside_the_computed_one(example) -> None:  # type: ignore[no-untyped-def]
    book, _, named, _ = example
    sheet = book["Reconciliation"]
    head = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "evidence")
    assert [c.value for c in sheet[head]] == list(render_xlsx.RECONCILIATION_COLUMNS)
    assert sheet.freeze_panes == f"A{head + 1}"
    a = named[0][1]
    assert sheet.cell(1, 1).value.endswith(render_text.reconciliation_summary(a.reconciliation())[0])
    recorded = [(j, r) for j in a.judgements for r in j.recorded]
    assert sheet.max_row == head + len(recorded)
    for n, (j, rec) in enumerate(recorded, head + 1):
        row = {name: sheet.cell(n, c).value for c, name in enumerate(render_xlsx.RECONCILIATION_COLUMNS, 1)}
        assert (row["entity"], row["target"], row["printed_verdict"], row["computed"]) == (j.entity, j.target, rec.verdict, j.outcome)
        assert row["printed"] == ("(blank)" if rec.blank else rec.printed)
        assert row["agrees"] == (None if rec.blank else j.matches(rec))
        assert row["source"] == rec.source.describe()
    assert sum(1 for n in range(head + 1, sheet.max_row + 1) if sheet.cell(n, 9).value is False) == len(a.disagreements())


def test_the_provenance_sheet(example) -> None:  # type: ignore[no-untyped-def]
    sheet = example[0]["Provenance"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["regienorm", None, "0.1.0"] and rows[1][2] == "(reproducible: no time)"
    assert ["framework / normenkader", "f.norm", "a" * 64] in rows and ["include", "inc.norm", "b" * 64] in rows
    assert ["evidence / bewijs", "e.yaml", "c" * 64] in rows and rows[-1][2] == RUN.framework_sha256


def test_nothing_is_a_formula_and_the_bytes_are_stable(example) -> None:  # type: ignore[no-untyped-def]
    _, titles, named, data = example
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)
    assert render_xlsx.render(named, titles, RUN) == data


def test_the_cli_writes_a_workbook_and_refuses_to_write_one_to_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["evaluate", "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml", "--format", "xlsx"]
    assert main(args) == 1
    assert "give the file with `-o FILE.xlsx`" in capsys.readouterr().err
    out = tmp_path / "out.xlsx"
    assert main([*args, "-o", str(out), "--reproducible"]) == 0
    first = out.read_bytes()
    assert main([*args, "-o", str(out), "--reproducible"]) == 0
    assert out.read_bytes() == first
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["opzet", "uitvoering", "resultaten", "decisions", "Judgements", "Reconciliation", "Waivers",
                               "Provenance"]  # the evidence has an override


def test_the_workbook_gives_its_reasons_in_dutch_with_lang_nl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--lang nl --format xlsx`: the reasons of the Judgements sheet and the reconciliation's summary
    in Dutch; the sheets' and columns' names, which programs read, as in English."""
    from openpyxl import load_workbook

    from regienorm.cli import main

    for lang in ("nl", "en"):
        assert main(["--lang", lang, "evaluate", "--format", "xlsx", "-o", str(tmp_path / f"{lang}.xlsx")]) == 0
    dutch, english = (load_workbook(tmp_path / f"{lang}.xlsx", read_only=True) for lang in ("nl", "en"))
    assert dutch.sheetnames == english.sheetnames

    def column(book, name):  # type: ignore[no-untyped-def]
        rows = list(book["Judgements"].iter_rows(values_only=True))
        at = rows[0].index(name)
        return rows[0], [r[at] or "" for r in rows[1:]]

    head_nl, reasons_nl = column(dutch, "reasons")
    head_en, reasons_en = column(english, "reasons")
    assert head_nl == head_en
    assert any(r.startswith("bevinding: ") for r in reasons_nl) and not any(r.startswith("finding: ") for r in reasons_nl)
    assert any(r.startswith("finding: ") for r in reasons_en)
    first_nl = next(dutch["Reconciliation"].iter_rows(values_only=True))[0]
    assert "afgedrukt" in first_nl and "printed" not in first_nl
