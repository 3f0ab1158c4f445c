"""`regienorm evaluate --format markdown|csv`: every cell read back and compared with the judgement it
shows, on the example (decisions, groups, overrides, blanks) and on the casebook (three evidence
files); the casebook renders in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from regienorm import compile_file, evaluate, load_evidence
from regienorm.cli import main
from regienorm.judgement import Assessment, Status
from regienorm.render import csv as render_csv
from regienorm.render import markdown as render_markdown
from regienorm.render import text as render_text
from regienorm.render.rows import COLUMNS
from regienorm.render.titles import Titles
from regienorm.values import value_text

from .conftest import CASEBOOK, EXAMPLES

CASEBOOK_EVIDENCE = sorted((CASEBOOK / "evidence").glob("*.yaml"))


def _load(framework: Path, evidence: list[Path]) -> tuple[Titles, list[tuple[str, Assessment]]]:
    fw = compile_file(framework)
    return Titles.of_framework(fw), [(str(p), evaluate(fw, load_evidence(p, fw))) for p in evidence]


@pytest.fixture(scope="module")
def example() -> tuple[Titles, list[tuple[str, Assessment]]]:
    return _load(EXAMPLES / "jeugdhulp.norm", [EXAMPLES / "jeugdhulp.evidence.yaml"])


@pytest.fixture(scope="module")
def casebook() -> tuple[Titles, list[tuple[str, Assessment]]]:
    return _load(CASEBOOK / "regie.norm", CASEBOOK_EVIDENCE)


# ============================================================================ markdown
def _unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell.strip())


def _split_row(line: str) -> list[str]:
    """A table row's cells (a `|` escaped with a backslash is inside a cell)."""
    return [_unescape(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _markdown_tables(document: str) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(evidence section heading, table heading, column heads, rows) of every table, in order."""
    out = []
    section = heading = ""
    lines = document.splitlines()
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.startswith("## "):
            section = _unescape(line[3:])
        elif line.startswith("### "):
            heading = _unescape(line[4:])
        elif line.startswith("| ") and n + 1 < len(lines) and lines[n + 1].startswith("|---"):
            heads = _split_row(line)
            rows = []
            n += 2
            while n < len(lines) and lines[n].startswith("| "):
                rows.append(_split_row(lines[n]))
                n += 1
            out.append((section, heading, heads, rows))
            continue
        n += 1
    return out


def _check_markdown(titles: Titles, assessments: list[tuple[str, Assessment]]) -> None:
    document = render_markdown.render(assessments, titles)
    tables = [t for t in _markdown_tables(document) if t[1] and not t[1].startswith("Provenance")]
    expected: list[tuple[str, str, list[str], list[list[str]]]] = []
    for _, a in assessments:
        names = {e: n or e for e, n, _ in a.entities}
        roles = {e: r for e, _, r in a.entities}
        by_key = {(j.entity, j.target): j for j in a.judgements}
        nks = [j.target for j in a.judgements if j.level == "normenkader"]
        for nk in dict.fromkeys(nks):
            entities = [e for e, _, _ in a.entities if (e, nk) in by_key and by_key[(e, nk)].status is not Status.NOT_APPLICABLE]
            if not entities:
                continue
            targets = list(dict.fromkeys(j.target for j in a.judgements if j.target.startswith(nk + ".") and j.level != "decision"))
            rows = []
            for target in [*targets, nk]:
                role = roles[entities[0]] if len({roles[e] for e in entities}) == 1 else None
                label = target[len(nk) + 1:] if target != nk else "total"
                title = titles.of(target, role)
                label = f"{label} {title}" if title else label
                rows.append([label.strip(), *(render_text.cell(by_key.get((e, target))) for e in entities)])
            expected.append((a.subject or "", f"{nk}: {titles[nk]}", ["norm", *(names[e] for e in entities)], rows))
        decided = list(dict.fromkeys(j.target for j in a.judgements if j.level == "decision"))
        if decided:
            entities = [e for e, _, _ in a.entities if any((e, t) in by_key for t in decided)]
            expected.append((a.subject or "", "Decisions", ["decision", *(names[e] for e in entities)],
                             [[f"{t} {titles[t]}" if t in titles else t, *(render_text.value_cell(by_key.get((e, t))) for e in entities)]
                              for t in decided]))
    shown = [(s, h, heads, [[c.replace("\u2003", "").strip() for c in row] for row in rows]) for s, h, heads, rows in tables
             if not h.startswith(("Reconciliation", "Waivers", "Left out"))]  # tests/test_report_waivers.py
    for got, want in zip(shown, expected, strict=True):
        assert got[1] == want[1] and got[2] == want[2], (got[1], want[1])
        for row_got, row_want in zip(got[3], want[3], strict=True):
            assert [c.strip("*") if i == 0 else c for i, c in enumerate(row_got)] == row_want, (got[1], row_got, row_want)


def test_markdown_tables_are_the_judgements_cell_by_cell(example) -> None:  # type: ignore[no-untyped-def]
    _check_markdown(*example)


def test_markdown_tables_of_the_casebook(casebook) -> None:  # type: ignore[no-untyped-def]
    _check_markdown(*casebook)


def test_markdown_reconciliation_lists_every_disagreement(example) -> None:  # type: ignore[no-untyped-def]
    titles, assessments = example
    document = render_markdown.render(assessments, titles)
    section = document.split("### Reconciliation / aansluiting", 1)[1]
    items = [_unescape(line[2:]).split(":", 1)[0] for line in section.splitlines() if line.startswith("- ")]
    differing = [f"{j.entity} {j.target}" for _, a in assessments for j in a.judgements for r in j.recorded if not j.matches(r)]
    assert items == differing and differing


# ============================================================================ csv
def _expected_field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else value_text(value)
    return str(value)


def _check_csv(titles: Titles, assessments: list[tuple[str, Assessment]]) -> None:
    document = render_csv.render(assessments, titles)
    assert "\r\n" in document and document.endswith("\r\n")
    reader = csv.reader(io.StringIO(document, newline=""))
    head, *rows = list(reader)
    assert head == [*COLUMNS, "record"]
    judgements = [(path, a, j) for path, a in assessments for j in a.judgements]
    rows = [r for r in rows if r[-1] == "judgement"]  # waivers not applied and records left out: tests/test_report_waivers.py
    assert len(rows) == len(judgements)
    for row, (path, a, j) in zip(rows, judgements, strict=True):
        fields = dict(zip(head, row, strict=True))
        name, role = next((n, r) for e, n, r in a.entities if e == j.entity)
        want = {"evidence": path, "entity": j.entity, "entity_name": name, "role": role, "target": j.target, "level": j.level,
                "title": titles.of(j.target, role), "status": j.status.value, "verdict": j.verdict, "points": j.points,
                "value": j.value, "rule": j.rule, "computed": j.computed, "agrees": j.agrees, "blank_filled": j.blank_filled,
                "overridden": j.overridden, "given": j.given}
        for key, value in want.items():
            assert fields[key] == _expected_field(value), (j.entity, j.target, key, fields[key], value)
        assert fields["printed"] == "; ".join(r.printed for r in j.recorded if not r.blank)
        assert fields["printed_in"] == "; ".join(r.source.describe() for r in j.recorded if not r.blank)
        assert fields["reasons"] == "\n".join(r.text for r in j.reasons)
        for reason in j.reasons:  # every finding's sources, with their quotes; a value's one source
            data = dict(reason.data)
            for source in (data.get("sources") if reason.kind == "finding" else [data["source"]] if data.get("source") else []) or ():
                if source.get("quote"):
                    assert source["quote"] in fields["sources"]
                where = [str(source[k]) for k in ("document", "table", "footnote", "line") if source.get(k) is not None]
                assert all(w in fields["sources"] for w in where), (j.entity, j.target, source)


def test_csv_is_one_row_per_judgement_field_by_field(example) -> None:  # type: ignore[no-untyped-def]
    _check_csv(*example)


def test_csv_of_the_casebook(casebook) -> None:  # type: ignore[no-untyped-def]
    _check_csv(*casebook)


# ============================================================================ the casebook in every format
@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json", "html", "xlsx"])
def test_the_casebook_renders_in_every_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], casebook) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"casebook.{fmt}"
    assert main(["evaluate", "--format", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    judgements = sum(len(a.judgements) for _, a in casebook[1])
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(out)
        assert book["Judgements"].max_row == judgements + 1
        return
    text = out.read_text(encoding="utf-8")
    for path in CASEBOOK_EVIDENCE:
        assert path.name in text
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(text, newline="")))) == judgements
    elif fmt == "json":
        assert len(json.loads(text)["judgements"]) == judgements
    else:
        assert "Provenance / herkomst" in text and "Nieuw-West" in text


# ============================================================================ a tree of groups, with scores
def test_a_tree_renders_groups_before_what_is_inside_them_and_scores_as_values(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path("frameworks/cookbook/xccdf-scoring")
    titles, named = _load(folder / "xccdf.norm", [folder / "hosts.evidence.yaml"])
    a = named[0][1]
    by_key = {(j.entity, j.target): j for j in a.judgements}
    names = {n or e: e for e, n, _ in a.entities}
    tables = _markdown_tables(render_markdown.render(named, titles))
    checked = 0
    for _, heading, heads, rows in tables:
        if heading.startswith(("Reconciliation", "Provenance")):
            continue
        nk = heading.split(":", 1)[0] if not heading.startswith("Decisions") else None
        targets = []
        for row in rows:
            first = row[0].replace("\u2003", "").strip("*").split(" ", 1)[0]
            target = first if nk is None else nk if first == "total" else f"{nk}.{first}"
            targets.append(target)
            for head, shown in zip(heads[1:], row[1:], strict=True):
                j = by_key.get((names[head], target))
                want = render_text.value_cell(j) if j is not None and j.level in ("decision", "score") else render_text.cell(j)
                assert shown == want, (heading, target, head)
                checked += 1
        if nk is not None:
            judged = {j.target for j in a.judgements if j.level not in ("decision", "score") and (j.target == nk or j.target.startswith(nk + "."))}
            assert set(targets) == judged
            for n, target in enumerate(targets):  # a group comes before everything inside it
                assert all(targets.index(t) > n for t in targets if t.startswith(target + ".") and by_key_level(a, target) == "group")
        else:
            assert set(targets) == {j.target for j in a.judgements if j.level in ("decision", "score")}
    assert checked > 50


def by_key_level(a: Assessment, target: str) -> str:
    return next(j.level for j in a.judgements if j.target == target)


def test_the_markdown_report_speaks_dutch_with_lang_nl() -> None:
    """`--lang nl --format markdown`: every fixed word of the report in Dutch (the headings, the
    reconciliation, the legend, the total row); in English the report is as it always was."""
    import contextlib
    import io

    from regienorm.cli import main

    def run(*lang: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main([*lang, "evaluate", "frameworks/rekenkamer-amsterdam-2013/regie.norm",
                         "frameworks/rekenkamer-amsterdam-2013/evidence/risicojongeren.yaml", "--format", "markdown",
                         "--reproducible"])
        assert code == 0
        return out.getvalue()

    dutch, english = run("--lang", "nl"), run("--lang", "en")
    for word in ("### Aansluiting", "Legenda: ", "dossier: ", "**totaal ", "komen overeen", "wijken af", "## Herkomst",
                 "berekend +/-"):
        assert word in dutch, word
    for word in ("Legend:", "Reconciliation", "evidence:", "**total ", " agree", " differ", "computed +/-"):
        assert word not in dutch, word
    assert "### Reconciliation / aansluiting" in english and "Legend: " in english and "**total " in english
