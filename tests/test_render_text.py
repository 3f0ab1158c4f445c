"""The text of `regienorm evaluate`: entity names as column heads, titles wrapped and never cut, no
line wider than the width, toetsaspecten folded unless asked for, colour only on a terminal."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from regienorm import compile_file, evaluate, load_evidence
from regienorm.cli import main
from regienorm.render import markdown as render_markdown
from regienorm.render import text as render_text
from regienorm.render.titles import Titles

from .conftest import BUNDLED, BUNDLED_IDS, ROOT, bundled

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
ANSI = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture(scope="module")
def casebook() -> tuple[object, object, dict[str, str]]:
    framework = compile_file(CASEBOOK / "regie.norm")
    assessment = evaluate(framework, load_evidence(CASEBOOK / "evidence" / "risicojongeren.yaml", framework))
    titles = {}
    for nk in framework.normenkaders:
        titles[nk.id] = nk.title
        for norm in nk.norms:
            titles[f"{nk.id}.{norm.id}"] = norm.title
            for aspect in norm.aspects:
                titles.setdefault(f"{nk.id}.{norm.id}.{aspect.id}", aspect.text)
    return framework, assessment, titles


@pytest.mark.parametrize("width", [40, 80, 132, 250])
def test_no_line_is_wider_than_the_width(casebook, width: int) -> None:  # type: ignore[no-untyped-def]
    _, assessment, titles = casebook
    for aspects in (False, True):
        text = render_text.render([("e.yaml", assessment)], titles, width=width, aspects=aspects)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "\x1b" not in text


def test_names_head_the_columns_and_titles_are_whole(casebook) -> None:  # type: ignore[no-untyped-def]
    framework, assessment, titles = casebook
    text = render_text.render([("e.yaml", assessment)], titles, width=250)
    words = " ".join(text.split())
    tables = text.split("Reconciliation")[0]
    assert "Stadsdeel Nieuw-West" in tables and "nieuw_west" not in tables
    # a name too long for a head: the id heads the column, the name is given in full below
    assert "dmo_kaders: DMO als opsteller van de stedelijke kaders" in words
    for norm in framework.normenkaders[0].norms:
        assert f"{norm.id} {norm.title}" in words  # not cut at 48 characters
    assert "…" not in text


def test_toetsaspecten_fold_away_and_say_so_and_show_with_their_texts(casebook) -> None:  # type: ignore[no-untyped-def]
    _, assessment, titles = casebook
    folded = render_text.render([("e.yaml", assessment)], titles, width=250)
    shown = render_text.render([("e.yaml", assessment)], titles, aspects=True, width=250)
    assert "toetsaspect rows not shown (--aspects shows them)" in folded
    assert "3.a de informatie die de partners moeten aanleveren;" in " ".join(shown.split())
    assert "3.a" not in folded.split("Reconciliation")[0]
    assert len(shown.splitlines()) > len(folded.splitlines())


def test_colour_paints_the_verdicts_only(casebook) -> None:  # type: ignore[no-untyped-def]
    _, assessment, titles = casebook
    plain = render_text.render([("e.yaml", assessment)], titles)
    painted = render_text.render([("e.yaml", assessment)], titles, color=True)
    assert "\x1b[32m" in painted and "\x1b[31m" in painted  # best green, lowest red
    assert [line.rstrip() for line in ANSI.sub("", painted).splitlines()] == plain.splitlines()


def test_the_cli_colours_on_a_terminal_only_and_never_under_no_color(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    framework = str(ROOT / "frameworks" / "examples" / "jeugdhulp.norm")
    evidence = str(ROOT / "frameworks" / "examples" / "jeugdhulp.evidence.yaml")
    assert main(["evaluate", framework, evidence]) == 0
    assert "\x1b" not in capsys.readouterr().out  # piped: plain
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert main(["evaluate", framework, evidence]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" in out and max(len(ANSI.sub("", line)) for line in out.splitlines()) <= 100
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["evaluate", framework, evidence]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_hostile_text_stays_text(casebook) -> None:  # type: ignore[no-untyped-def]
    import attrs

    _, assessment, titles = casebook
    evil = attrs.evolve(assessment, entities=tuple((e, "[bold red]x[/] \x1b[2J", r) for e, _, r in assessment.entities))
    text = render_text.render([("e.yaml", evil)], {k: v + " [link=http://x]y[/link]" for k, v in titles.items()})
    assert "\x1b[2J" not in text and "[bold red]x[/]" in " ".join(text.split()) and "[link=http://x]y[/link]" in text


def test_json_is_untouched_by_the_text_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--format", "json", "--reproducible"]) == 0  # (the time of the run left out)
    first = capsys.readouterr().out
    assert main(["evaluate", "--format", "json", "--aspects", "--reproducible"]) == 0
    assert capsys.readouterr().out == first
    json.loads(first)


def test_import_regienorm_loads_neither_rich_nor_openpyxl() -> None:
    import subprocess

    probe = "import regienorm, sys; print('rich' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout.split()
    assert out == ["False", "False"]


# ============================================================================ judged without reasons
# The text and markdown reports show reasons only beside printed verdicts that differ and for
# waivers; the command line judges evidence with neither without reasons (cli._load). The reports
# are the same.

@pytest.mark.parametrize("norm, evidence", BUNDLED, ids=BUNDLED_IDS)
def test_the_report_of_evidence_without_printed_verdicts_or_waivers_needs_no_reasons(norm: Path, evidence: Path) -> None:
    framework, loaded = bundled(norm, evidence)
    bare = attrs.evolve(loaded, recorded=(), overrides=())
    titles = Titles.of_framework(framework)
    for aspects in (False, True):
        for language in ("en", "nl"):
            assert render_text.render([("e", evaluate(framework, bare, reasons=False))], titles, aspects=aspects, language=language) == \
                render_text.render([("e", evaluate(framework, bare))], titles, aspects=aspects, language=language)
        assert render_markdown.render([("e", evaluate(framework, bare, reasons=False))], titles, aspects=aspects) == \
            render_markdown.render([("e", evaluate(framework, bare))], titles, aspects=aspects)


def test_the_command_line_judges_without_reasons_only_where_the_report_reads_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import regienorm.cli as cli

    asked: list[bool] = []
    real = cli.evaluate

    def recorded_evaluate(framework: Any, evidence: Any, *, reasons: bool = True) -> Any:
        asked.append(reasons)
        return real(framework, evidence, reasons=reasons)

    monkeypatch.setattr(cli, "evaluate", recorded_evaluate)
    source = ROOT / "frameworks" / "examples"
    bare = tmp_path / "bare.evidence.yaml"
    document = yaml.safe_load((source / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8"))
    assert document.get("recorded") or document.get("overrides")
    document.pop("recorded", None)
    document.pop("overrides", None)
    bare.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    given = source / "jeugdhulp.evidence.yaml"
    for evidence, fmt, reasons in ((bare, "text", False), (given, "text", True), (bare, "markdown", False), (given, "markdown", True),
                                   (bare, "html", True)):  # the HTML shows every cell's reasons
        asked.clear()
        assert main(["evaluate", str(source / "jeugdhulp.norm"), str(evidence), "--format", fmt, "--reproducible"]) in (0, 3)
        capsys.readouterr()
        assert asked == [reasons], (evidence.name, fmt)
