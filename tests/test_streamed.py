"""`regienorm evaluate --format json|jsonl` judges and writes entity by entity (regienorm.streamed):
the same document as the whole assessment rendered at once (render.json.render), compact by
default; with --indent laid out for people; as JSON lines a line per judgement."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import attrs
import pytest
from bench import gen

from regienorm import compile_file, compile_text, evaluate, load_evidence
from regienorm._escape import escape_json_text
from regienorm.cli import _load, _shown, casebook_paths, main
from regienorm.evidence.model import Evidence
from regienorm.ir import Framework
from regienorm.render.json import render, write_document, write_lines
from regienorm.streamed import judged

from .conftest import EXAMPLES


def _cases() -> list[tuple[str, Framework, list[tuple[str, Evidence]]]]:
    framework_path, evidence_paths = casebook_paths()
    casebook = compile_file(framework_path)
    jeugdhulp = compile_file(EXAMPLES / "jeugdhulp.norm")
    text, spec = gen.framework(12, 3)
    generated = compile_text(text, "bench_12.norm")
    made = gen.evidence(spec, 60, 3)
    reversed_ = attrs.evolve(made, entities=tuple(reversed(made.entities)))  # groups listed before their members
    return [("casebook", casebook, [(str(p), load_evidence(p, casebook)) for p in evidence_paths]),
            ("jeugdhulp", jeugdhulp, [("j.yaml", load_evidence(EXAMPLES / "jeugdhulp.evidence.yaml", jeugdhulp))]),
            ("generated", generated, [("g.yaml", made), ("r.yaml", reversed_)])]


CASES = _cases()


def _streamed(framework: Framework, loaded: list[tuple[str, Evidence]], indent: int | None = None) -> str:
    parts = [judged(framework, evidence, path) for path, evidence in loaded]
    out = io.StringIO()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        write_document(out, {"id": framework.id, "version": framework.version, "title": framework.title},
                       (item for part in parts for item in part), lambda: [part.summary() for part in parts], spool, indent)
    return out.getvalue()


@pytest.mark.parametrize(("name", "framework", "loaded"), CASES, ids=[c[0] for c in CASES])
def test_streamed_json_is_the_whole_document_compact(name: str, framework: Framework, loaded: list[tuple[str, Evidence]]) -> None:
    whole = render([(path, evaluate(framework, evidence)) for path, evidence in loaded])
    streamed = _streamed(framework, loaded)
    assert json.loads(streamed) == json.loads(whole)
    # to the byte what json.dumps gives for the same document without the layout
    compact = escape_json_text(json.dumps(json.loads(whole), ensure_ascii=False, sort_keys=True, separators=(",", ":"))) + "\n"
    assert streamed == compact
    assert len(streamed) < 0.8 * len(whole)  # a third of the bytes was the indent
    laid_out = _streamed(framework, loaded, indent=2)
    assert json.loads(laid_out) == json.loads(whole)
    lines = laid_out.splitlines()
    assert lines[0] == "{" and lines[1] == '  "evidence": [' and lines[-1] == "}"
    judgements = json.loads(whole)["judgements"]
    assert sum(line.startswith('    {"agrees": ') for line in lines) == len(judgements)  # a line each


@pytest.mark.parametrize(("name", "framework", "loaded"), CASES, ids=[c[0] for c in CASES])
def test_json_lines_a_line_per_judgement(name: str, framework: Framework, loaded: list[tuple[str, Evidence]]) -> None:
    whole = json.loads(render([(path, evaluate(framework, evidence)) for path, evidence in loaded]))
    parts = [judged(framework, evidence, path) for path, evidence in loaded]
    out = io.StringIO()
    write_lines(out, {"id": framework.id, "version": framework.version, "title": framework.title},
                [(part, part.summary) for part in parts])
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {"format": whole["format"], "framework": whole["framework"], "lines": True}
    assert [line for line in lines[1:] if "evidence" not in line or "entity" in line] == whole["judgements"]
    assert [line["evidence"] for line in lines[1:] if list(line) == ["evidence"]] == whole["evidence"]
    for part in parts:  # of the judgements only those with printed verdicts, or a waiver applied, were kept
        assert all(j.recorded or any(r.kind == "override" for r in j.reasons) for j in part.recorded)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_the_command_line_streams_json_and_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    framework_path, evidence_paths = casebook_paths()
    code, compact = _run(["evaluate", "--format", "json", "--reproducible"], capsys)
    loaded = _load(framework_path, evidence_paths)  # what the command line rendered whole before
    whole = render([(_shown(Path(path)), a) for path, a in loaded.results], loaded.titles)
    assert code == 0 and json.loads(compact)["judgements"] == json.loads(whole)["judgements"]
    assert json.loads(compact)["provenance"]["time"] is None  # the titles, names and provenance of render.json too
    assert "\n" not in compact.rstrip("\n")
    code, laid_out = _run(["evaluate", "--format", "json", "--indent", "4", "--reproducible"], capsys)
    assert json.loads(laid_out) == json.loads(compact) and laid_out.startswith('{\n    "evidence": [')
    target = tmp_path / "out.json"
    assert main(["evaluate", "--format", "json", "--reproducible", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == compact
    code, lines = _run(["evaluate", "--format", "jsonl"], capsys)
    items = [json.loads(line) for line in lines.splitlines()]
    assert [i for i in items[1:] if "entity" in i] == json.loads(compact)["judgements"]
    # --fail-on-disagreement as with the text: the casebook has printed verdicts regienorm differs from
    text_code = main(["evaluate", "--fail-on-disagreement"])
    capsys.readouterr()
    assert main(["evaluate", "--format", "jsonl", "--fail-on-disagreement"]) == text_code == 3
    assert main(["evaluate", "--format", "json", "--fail-on-disagreement", "-o", str(target)]) == 3


def test_indent_is_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["evaluate", "--format", "json", "--indent", "99"])
    assert "0 to 16" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "framework", "loaded"), CASES, ids=[c[0] for c in CASES])
def test_streamed_csv_is_the_whole_documents(name: str, framework: Framework, loaded: list[tuple[str, Evidence]]) -> None:
    from regienorm.render import csv as render_csv

    whole = render_csv.render([(path, evaluate(framework, evidence)) for path, evidence in loaded])
    out = io.StringIO()
    parts = [judged(framework, evidence, path) for path, evidence in loaded]
    render_csv.write_rows(out, (row for part in parts for row in part.rows()),
                          lambda: render_csv.apart_rows([(part.path, part.kept()) for part in parts]))
    assert out.getvalue() == whole
    assert sum(p.disagreements for p in parts) == sum(len(evaluate(framework, e).disagreements()) for _, e in loaded)


def test_the_command_line_streams_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from regienorm.render import csv as render_csv

    framework_path, evidence_paths = casebook_paths()
    code, streamed = _run(["evaluate", "--format", "csv", "--reproducible"], capsys)
    loaded = _load(framework_path, evidence_paths)
    whole = render_csv.render([(_shown(Path(path)), a) for path, a in loaded.results], loaded.titles)
    import csv

    rows = list(csv.reader(io.StringIO(streamed, newline="")))
    assert code == 0 and [row[:-4] for row in rows] == list(csv.reader(io.StringIO(whole, newline="")))
    assert rows[0][-4:] == ["regienorm", "run_at", "framework_sha256", "evidence_sha256"]
    assert all(row[-3] == "" and len(row[-2]) == 64 for row in rows[1:])  # reproducible: no time; the framework's hash
    target = tmp_path / "out.csv"
    assert main(["evaluate", "--format", "csv", "--reproducible", "-o", str(target)]) == 0
    assert target.read_bytes() == streamed.encode("utf-8")
    assert main(["evaluate", "--format", "csv", "--fail-on-disagreement", "-o", str(target)]) == 3


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_the_output_is_written_while_the_entities_are_judged(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streaming without a clock: when the first judgement reaches the output, most entities are
    still to be judged (the stream is consumed lazily, nothing is gathered before writing)."""
    from regienorm.render import csv as render_csv

    text, spec = gen.framework(10, 3)
    framework = compile_text(text, "bench_10.norm")
    evidence = gen.evidence(spec, 90, 3)
    judged_so_far = [0]
    seen_at_first_write: list[int] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if '"entity"' in text or "e0_0" in text:
                seen_at_first_write.append(judged_so_far[0])
            return super().write(text)

    from regienorm import streamed

    judging = streamed.stream

    def counted(*args: object) -> object:  # the entities the engine has judged so far
        for result in judging(*args):  # type: ignore[arg-type]
            judged_so_far[0] += 1
            yield result

    monkeypatch.setattr(streamed, "stream", counted)
    part = judged(framework, evidence, "g.yaml")
    out = Out()
    head = {"id": framework.id, "version": framework.version, "title": framework.title}
    if fmt == "csv":
        render_csv.write_rows(out, part.rows(), lambda: render_csv.apart_rows([(part.path, part.kept())]))
    elif fmt == "jsonl":
        write_lines(out, head, [(part, part.summary)])
    else:  # the judgements go to the spool as they come (the evidence's summary is written before them)
        write_document(io.StringIO(), head, part, lambda: [part.summary()], out)
    assert judged_so_far[0] == len(evidence.entities)
    assert seen_at_first_write and seen_at_first_write[0] <= 10, seen_at_first_write[:3]
