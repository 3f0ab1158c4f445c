"""`regienorm explain --mode full|fails|notes`, wrapped to the terminal; `--what-would-change` in
text (English, Dutch) and JSON; the same in the HTML report's cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regienorm
from regienorm.cli import main
from regienorm.counterfactual import what_would_change
from regienorm.counterfactual.report import lines
from regienorm.render import html as render_html

from .conftest import ROOT

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"


@pytest.fixture(scope="module")
def risicojongeren():  # type: ignore[no-untyped-def]
    framework = regienorm.compile_file(CASEBOOK / "regie.norm")
    evidence = regienorm.load_evidence(CASEBOOK / "evidence" / "risicojongeren.yaml", framework)
    return framework, regienorm.evaluate(framework, evidence)


def test_fails_shows_only_the_branches_below_the_best(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    """Noord's opzet.4 is +/- from aspects a (-), b (+) and c (+): only a kept it from +."""
    _, assessment = risicojongeren
    full = regienorm.explain(assessment, "noord", "opzet.4")
    fails = regienorm.explain(assessment, "noord", "opzet.4", mode="fails")
    assert "noord opzet.4.b: +" in full and "noord opzet.4.c: +" in full
    assert "noord opzet.4.a: -" in fails
    assert "opzet.4.b" not in fails.split("\n", 1)[1] and "opzet.4.c:" not in fails
    # a + whose parts are all +: nothing to show; a + with a - among its parts: that part
    assert regienorm.explain(assessment, "zuidoost", "opzet.4", mode="fails").splitlines()[1:] == \
        ["  the best verdict on the scale, and every part it rests on too: nothing kept it lower"]
    mixed = regienorm.explain(assessment, "dmo_kaders", "opzet.5", mode="fails")
    assert "nothing kept it lower" not in mixed and ": - —" in mixed


def test_notes_shows_only_notes_quotes_and_sources(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    _, assessment = risicojongeren
    notes = regienorm.explain(assessment, "noord", "opzet.4", mode="notes").splitlines()
    assert notes[0].startswith("noord opzet.4: +/-")
    assert any(line.strip().startswith("note: Slechts twee stadsdelen") for line in notes)
    assert any(line.strip() == "source: Bijlage 3, line 8277" for line in notes)
    assert not any("rule `aandeel_aspecten`" in line or "points" in line for line in notes)
    with pytest.raises(ValueError, match="mode is one of full, fails, notes"):
        regienorm.explain(assessment, "noord", "opzet.4", mode="all")


def test_a_width_wraps_every_line_under_its_own_indentation(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    _, assessment = risicojongeren
    whole = regienorm.explain(assessment, "noord", "opzet")
    wrapped = regienorm.explain(assessment, "noord", "opzet", width=60)
    assert max(len(line) for line in whole.splitlines()) > 60
    assert max(len(line) for line in wrapped.splitlines()) <= 60
    assert "".join(wrapped.split()) == "".join(whole.split())  # nothing lost, only broken (a long path mid-word)


def test_the_command_wraps_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "risicojongeren", "noord", "opzet", "--mode", "fails"]) == 0
    piped = capsys.readouterr().out
    assert max(len(line) for line in piped.splitlines()) > 100  # piped: whole lines, for tools
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=(80, 24): __import__("os").terminal_size((72, 24)))
    assert main(["explain", "risicojongeren", "noord", "opzet", "--mode", "fails"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 72


def test_what_would_change_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "risicojongeren", "noord", "opzet.4", "--what-would-change"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "What would change `noord` opzet.4 (+/-, by `aandeel_aspecten`)"
    assert "    becomes + if opzet.4.a of noord is +/- instead of -" in out.splitlines()
    assert main(["explain", "risicojongeren", "noord", "opzet.4", "--what-would-change", "--lang", "nl"]) == 0
    assert "wordt + als opzet.4.a van noord +/- is in plaats van -" in capsys.readouterr().out
    assert main(["explain", "risicojongeren", "noord", "opzet.4", "--what-would-change", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "regienorm-counterfactual/1" and document["exact"] is True
    assert document["up"]["size"] == 1
    assert document["up"]["sets"] == [{"verdict": "+", "changes": [
        {"entity": "noord", "target": "opzet.4.a", "before": "-", "after": "+/-"}]}]
    assert document["down"]["size"] == 2 and len(document["down"]["sets"]) == 2


def test_json_without_what_would_change_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "risicojongeren", "noord", "opzet.4", "--format", "json"]) == 1
    assert "error[RN900]" in capsys.readouterr().err


def test_the_html_report_shows_what_would_change_in_a_cell(tmp_path: Path, risicojongeren) -> None:  # type: ignore[no-untyped-def]
    framework, assessment = risicojongeren
    answer = what_would_change(framework, assessment, "noord", "opzet.4")
    page = render_html.render([("risicojongeren.yaml", assessment)], {},
                              [{("noord", "opzet.4"): lines(answer), ("zuid", "opzet.1"): ['<script>alert(1)</script> "onmouseover=']}])
    cell = page[page.index('data-entity="noord" data-target="opzet.4"'):]
    cell = cell[:cell.index("</td>")]
    assert "what would change it" in cell and "becomes + if opzet.4.a of noord is +/- instead of -" in cell
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=" in page
    out = tmp_path / "report.html"
    assert main(["evaluate", "--format", "html", "--what-would-change", "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.count('class="what-would-change"') > 400
    assert "becomes + if opzet.4.a of noord is +/- instead of -" in written
