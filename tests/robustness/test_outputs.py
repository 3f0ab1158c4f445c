"""Outputs: written atomically, never over an input, and every string from a framework or an
evidence file escaped for where it lands (a terminal, a JSON file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from regienorm import EvidenceError, check_text, cli, compile_text, evaluate, explain, parse_evidence, render_full, render_short
from regienorm.render import json as render_json
from regienorm.render import text as render_text

from .helpers import HEAD

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = "frameworks/examples/jeugdhulp.norm"
EVIDENCE = "frameworks/examples/jeugdhulp.evidence.yaml"

# Everything a hostile note can hold: a colour, a window-title OSC, a cleared screen, the C1 CSI,
# a bidi override (Trojan Source), a fake output line, DEL, quotes and backslashes.
NASTY = 'rood \x1b[31m titel \x1b]0;pwned\x07 wis \x1b[2J csi \x9b31m bidi \u202eevil\u202c\n- fake line \x7f "q" \\ end'
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# ---------------------------------------------------------------------------------- atomic writes
def _evaluate_to(out: Path, *extra: str) -> int:
    return cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(out), *extra])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_rendering_that_fails_half_way_leaves_the_old_output_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "result.txt"
    out.write_text("the previous result\n")

    def broken(assessments, titles=None, **options):  # type: ignore[no-untyped-def]
        kept = {k: v for k, v in options.items() if k not in ("aspects", "language", "provenance")}
        render_text.render_matrix(assessments[0][1], titles, **kept)  # part of the work is done …
        raise RuntimeError("disk quota, a bug, Ctrl-C: anything")  # … and then it stops

    monkeypatch.setattr(render_text, "render", broken)
    with pytest.raises(RuntimeError):
        _evaluate_to(out)
    assert out.read_text() == "the previous result\n" and _leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", ["half-written", "rename", "interrupt"])
def test_a_write_that_fails_half_way_leaves_the_old_output_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    out = tmp_path / "result.json"
    out.write_text('{"previous": true}\n')
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):  # type: ignore[no-untyped-def]
            self.handle = handle

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.handle.close()

        def write(self, text: str) -> None:
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            if failure == "interrupt":
                raise KeyboardInterrupt
            raise OSError(28, "No space left on device")

    if failure == "rename":
        monkeypatch.setattr(cli.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(18, "Invalid cross-device link")))
    else:
        monkeypatch.setattr(cli.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    if failure == "interrupt":
        assert _evaluate_to(out, "--format", "json") == 130  # one line, not a traceback
    else:
        assert _evaluate_to(out, "--format", "json") == 1  # a located RN003, not a traceback
    assert out.read_text() == '{"previous": true}\n' and _leftovers(tmp_path) == []


def test_an_output_folder_that_is_missing_or_a_folder_is_an_error_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _evaluate_to(tmp_path / "missing" / "out.txt") == 1
    assert _evaluate_to(tmp_path) == 1
    err = capsys.readouterr().err
    assert err.count("error[RN003]: cannot write") == 2 and "Traceback" not in err


def test_the_written_output_is_complete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "result.json"
    assert _evaluate_to(out, "--format", "json", "--reproducible") == 0
    cli.main(["evaluate", FRAMEWORK, EVIDENCE, "--format", "json", "--reproducible"])
    assert out.read_text(encoding="utf-8") == capsys.readouterr().out


# ---------------------------------------------------------------------------------- inputs
@pytest.fixture
def copied(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "frameworks" / "examples", tmp_path / "examples")
    return tmp_path / "examples"


def _refused(framework: Path, evidence: Path, out: Path | str) -> None:
    before = {p: p.read_bytes() for p in framework.parent.rglob("*") if p.is_file()}
    assert cli.main(["evaluate", str(framework), str(evidence), "-o", str(out)]) == 1
    assert {p: p.read_bytes() for p in framework.parent.rglob("*") if p.is_file()} == before


def test_no_input_is_overwritten_however_it_is_named(copied: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    framework, evidence = copied / "jeugdhulp.norm", copied / "jeugdhulp.evidence.yaml"
    _refused(framework, evidence, evidence)
    _refused(framework, evidence, framework)
    _refused(framework, evidence, copied / "shared" / "oordeel.norm")  # an included file is an input too
    _refused(framework, evidence, copied / "shared" / ".." / "jeugdhulp.evidence.yaml")
    monkeypatch.chdir(copied)
    _refused(framework, evidence, "./jeugdhulp.norm")
    if sys.platform != "win32":
        (copied / "link.yaml").symlink_to(evidence)
        _refused(framework, evidence, copied / "link.yaml")
        os.link(evidence, copied / "hard.yaml")  # same file, another name
        _refused(framework, evidence, copied / "hard.yaml")


def test_the_casebook_manifest_is_an_input_too(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(ROOT / "frameworks" / "rekenkamer-amsterdam-2013", book)
    before = (book / "casebook.yaml").read_bytes()
    assert cli.main(["evaluate", "--casebook", str(book / "casebook.yaml"), "-o", str(book / "casebook.yaml")]) == 1
    assert (book / "casebook.yaml").read_bytes() == before


def test_a_manifest_that_is_not_utf8_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "casebook.yaml"
    manifest.write_bytes(b"framework: caf\xe9.norm\n")
    assert cli.main(["evaluate", "--casebook", str(manifest)]) == 1
    assert "error[RN001]" in capsys.readouterr().err


# ---------------------------------------------------------------------------------- escaping
HOSTILE = HEAD + f"""role r "{NASTY.replace(chr(10), ' ').replace('"', "'").replace(chr(92), '/')}"
rule w = worst
normenkader k "{NASTY.replace(chr(10), ' ').replace('"', "'").replace(chr(92), '/')}" {{
  total by w
  norm 1 "kop \x1b[1m vet \u202e" {{ verdict from findings }}
}}
"""


def _hostile_assessment():  # type: ignore[no-untyped-def]
    framework = compile_text(HOSTILE)
    note = json.dumps(NASTY)  # a YAML double-quoted string holds every character as an escape
    evidence = parse_evidence(
        'format: regienorm-evidence/1\nassessment: {framework: f, version: "1", subject: "onderwerp \\e[5m"}\n'
        'entities: [{id: "e\\e[31m", role: r, name: "\\u202e"}]\n'
        f'findings:\n  - {{entity: "e\\e[31m", target: k.1, verdict: "-", note: {note}, sources: [{{document: {note}}}]}}\n'
        f'recorded:\n  - {{entity: "e\\e[31m", target: k.1, verdict: "+", source: {{table: {note}}}, note: {note}}}\n',
        "<e>.yaml", framework)
    assert evidence.findings[0].note == NASTY
    return framework, evaluate(framework, evidence)


def test_the_text_view_shows_control_characters_escaped() -> None:
    framework, assessment = _hostile_assessment()
    titles = {nk.id: nk.title for nk in framework.normenkaders} | {"k.1": framework.normenkaders[0].norms[0].title}
    text = render_text.render([("<e>", assessment)], titles)
    assert not RAW_CONTROL.search(text)
    assert "\\x1b[31m" in text and "\\u202e" in text and "\\x9b31m" in text
    assert "\n- fake line" not in text and "\\n- fake line" in text  # no forged line of output
    assert not any(line.startswith("- fake") for line in text.split("\n"))


def test_explain_shows_control_characters_escaped() -> None:
    _, assessment = _hostile_assessment()
    shown = explain(assessment, "e\x1b[31m", "k.1")
    assert not RAW_CONTROL.search(shown) and "\\x1b]0;pwned\\x07" in shown


def test_diagnostics_show_control_characters_escaped_with_the_caret_in_place() -> None:
    result = check_text(HEAD + 'role r "\x1b]0;pwned\x07 \u202e" @\n', "fw\x1b[2J.norm")
    [d] = result.diagnostics
    for shown in (render_full(d, result.sources), render_short(d)):
        assert not RAW_CONTROL.search(shown)
    lines = render_full(d, result.sources).split("\n")
    source_line, caret = lines[3], lines[4]
    assert "\\x1b]0;pwned\\x07 \\u202e" in source_line and "fw\\x1b[2J.norm" in lines[1]
    assert source_line[caret.index("^")] == "@"
    framework = compile_text(HEAD + "role r\n")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence('format: regienorm-evidence/1\nassessment: {framework: f, version: "1"}\n'
                       'entities: [{id: "\\e[2J\\u202e", role: "\\x9bq"}]\n', "<e>.yaml", framework)
    for d in caught.value.diagnostics:
        assert not RAW_CONTROL.search(render_full(d)) and not RAW_CONTROL.search(render_short(d))


def test_json_keeps_every_character_and_writes_the_dangerous_ones_as_escapes() -> None:
    _, assessment = _hostile_assessment()
    document = render_json.render([("<e>", assessment)])
    assert not RAW_CONTROL.search(document)
    data = json.loads(document)
    [finding] = [r for j in data["judgements"] if j["target"] == "k.1" for r in j["reasons"] if r["kind"] == "finding"]
    assert finding["note"] == NASTY  # round trip: quotes, newlines, ESC, C1, bidi, backslash
    [recorded] = [r for j in data["judgements"] if j["target"] == "k.1" for r in j["recorded"]]
    assert recorded["note"] == NASTY and recorded["source"]["table"] == NASTY
    assert data["evidence"][0]["entities"][0] == {"id": "e\x1b[31m", "name": "\u202e", "role": "r"}


def test_the_command_line_passes_no_control_character_to_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    framework = tmp_path / "f.norm"
    framework.write_text(HOSTILE, encoding="utf-8")
    evidence = tmp_path / "e.yaml"
    evidence.write_text('format: regienorm-evidence/1\nassessment: {framework: f, version: "1"}\n'
                        'entities: [{id: "e\\e[31m", role: r}]\n'
                        f'findings:\n  - {{entity: "e\\e[31m", target: k.1, verdict: "-", note: {json.dumps(NASTY)}}}\n'
                        'overrides:\n  - {entity: "nobody\\e[2J", target: k.1, verdict: "+", justification: j, author: a}\n',
                        encoding="utf-8")
    for argv in (["check", str(framework)], ["evaluate", str(framework), str(evidence)],
                 ["evaluate", str(framework), str(evidence), "--format", "json"],
                 ["check", str(framework), "--evidence", str(evidence), "--format", "json"],
                 ["explain", str(evidence), "e\x1b[31m", "k.1", "--framework", str(framework)]):
        cli.main(argv)
        captured = capsys.readouterr()
        assert not RAW_CONTROL.search(captured.out) and not RAW_CONTROL.search(captured.err), argv


def test_a_console_that_cannot_show_unicode_gets_escapes_not_a_traceback() -> None:
    import subprocess

    env = dict(os.environ, PYTHONIOENCODING="ascii", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "regienorm", "evaluate", FRAMEWORK, EVIDENCE], capture_output=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"\\xb7 not assessed" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_as_framework_or_evidence_is_refused_without_waiting(tmp_path: Path) -> None:
    """Issue 14: every read of a user's file refuses FIFOs and devices; a FIFO nobody writes to
    would otherwise hang the command."""
    import threading

    from regienorm.cli import main

    fifo = tmp_path / "f.norm"
    os.mkfifo(fifo)
    for argv in (["check", str(fifo)],
                 ["check", "frameworks/examples/jeugdhulp.norm", "--evidence", str(fifo)]):
        outcome: list[int] = []
        worker = threading.Thread(target=lambda argv=argv, outcome=outcome: outcome.append(main(argv)), daemon=True)
        worker.start()
        worker.join(20)
        assert not worker.is_alive(), f"{argv} waited on a FIFO"
        assert outcome == [1]
