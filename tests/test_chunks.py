"""JSON lines evidence judged a chunk of entities at a time (regienorm.evidence.chunks, streamed
formats of `regienorm evaluate`): the bytes of the whole file read at once; every problem of every
chunk reported, at its line, before anything is written; what the check compares across entities
(ids twice, ids alike) kept across chunks; a file whose entities refer to one another read whole."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from regienorm.cli import main
from regienorm.evidence import chunks
from regienorm.evidence.lines import write_jsonl
from regienorm.evidence.readers import read_yaml

from .conftest import ROOT

COOKBOOK = ROOT / "frameworks" / "cookbook"
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
CASES = [(COOKBOOK / "cvss-3.1" / "cvss31.norm", COOKBOOK / "cvss-3.1" / "examples.evidence.yaml"),
         (CASEBOOK / "regie.norm", CASEBOOK / "evidence" / "risicojongeren.yaml"),
         (CASEBOOK / "regie.norm", CASEBOOK / "evidence" / "mpg.yaml"),
         (COOKBOOK / "xccdf-scoring" / "xccdf.norm", COOKBOOK / "xccdf-scoring" / "hosts.evidence.yaml"),
         (COOKBOOK / "percentage-rating" / "rating.norm", COOKBOOK / "percentage-rating" / "services.evidence.yaml"),
         (COOKBOOK / "cqc-ratings-principles" / "principles.norm", COOKBOOK / "cqc-ratings-principles" / "locations.evidence.yaml")]


def _jsonl(evidence: Path, folder: Path) -> Path:
    path = folder / (evidence.stem + ".jsonl")
    path.write_text(write_jsonl(read_yaml(evidence.read_text(encoding="utf-8"), "e.yaml").plain()), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize(("framework", "evidence"), CASES, ids=[e.parent.name for _, e in CASES])
def test_chunks_give_the_bytes_of_the_whole_file(framework: Path, evidence: Path, fmt: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(evidence, tmp_path)
    argv = ["evaluate", str(framework), str(path), "--format", fmt, "--reproducible"]
    with monkeypatch.context() as whole:
        whole.setattr(chunks, "chunked", lambda *_: None)  # the file read at once, as before
        want = _run(*argv)
    monkeypatch.setattr(chunks, "CHUNK_ENTITIES", 2)
    read: list[int] = []
    real = chunks._checked

    def counted(*args: Any) -> Any:
        read.append(len(args[4]))
        yield from real(*args)

    monkeypatch.setattr(chunks, "_checked", counted)
    got = _run(*argv)
    assert got == want
    assert len(read) >= 4  # checked, then judged, two entities at a time (a group with all its members)


def test_every_chunks_problems_are_reported_at_their_lines_before_anything_is_written(tmp_path: Path,
                                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A verdict off the scale in the first chunk and an unknown target in the third, and an id listed
    again in another chunk (RN625, the first place named): every one reported, nothing written."""
    framework, evidence = CASES[0]
    path = _jsonl(evidence, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"verdict": "', '"verdict": "X', 1) if '"verdict": "' in lines[1] else lines[1]
    lines[5] = lines[5].replace('"AV"', '"AVX"', 1)
    lines.append(lines[2])  # the entity of line 3 again, at the end
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(chunks, "CHUNK_ENTITIES", 2)
    with monkeypatch.context() as whole:
        whole.setattr(chunks, "chunked", lambda *_: None)
        code_whole, out_whole, err_whole = _run("evaluate", str(framework), str(path), "--format", "json")
    code, out, err = _run("evaluate", str(framework), str(path), "--format", "json")
    assert code == code_whole == 1 and "Traceback" not in err + err_whole
    errors, errors_whole = json.loads(out)["errors"], json.loads(out_whole)["errors"]  # no judgement written
    assert sorted(e["code"] for e in errors) == sorted(e["code"] for e in errors_whole)
    assert {(e["code"], e["span"]["line"]) for e in errors} == {(e["code"], e["span"]["line"]) for e in errors_whole}
    (twice,) = [e for e in errors if e["code"] == "RN625"]
    assert twice["span"]["line"] == len(lines) and "first listed at" in twice["notes"][0]


def test_a_group_is_never_cut_from_its_members_and_a_waiver_of_every_entity_is_read_whole(tmp_path: Path) -> None:
    """The casebook's group (`stadsdelen_opzet`, its eight members before it) stays in one chunk
    whatever the chunk's size; a file with a waiver of `scope: norm` is not cut."""
    path = tmp_path / "e.jsonl"
    path.write_text('{"format": "regienorm-evidence/1"}\n{"id": "a"}\n{"id": "b"}\n{"id": "g", "members": ["a", "c"]}\n'
                    '{"id": "c"}\n{"id": "d"}\n{"id": "h", "members": ["d", "elsewhere"]}\n{"id": "e"}\n', encoding="utf-8")
    may_cut = chunks._cuts(path, str(path))
    assert [k for k in range(1, 8) if may_cut(k)] == [4, 6, 7]  # not inside a..c (g's) nor between d and h
    path.write_text('{"format": "regienorm-evidence/1"}\n{"id": "a", "overrides": [{"scope": "norm", "target": "x"}]}\n',
                    encoding="utf-8")
    with pytest.raises(chunks.NotChunked):
        chunks._cuts(path, str(path))


def test_the_first_chunk_is_written_before_the_last_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No clock: when the first judgement's line is written, one chunk has been read for judging."""
    framework, evidence = CASES[0]
    path = _jsonl(evidence, tmp_path)
    monkeypatch.setattr(chunks, "CHUNK_ENTITIES", 2)
    read: list[int] = []
    real = chunks.evidence_chunks

    def counted(*args: Any) -> Any:
        for part in real(*args):
            read.append(1)
            yield part

    monkeypatch.setattr(chunks, "evidence_chunks", counted)
    seen: list[int] = []

    class Watch(io.StringIO):
        def write(self, text: str) -> int:
            if '"judgement"' in text or '"entity"' in text:
                seen.append(len(read))
            return super().write(text)

    out = Watch()
    with contextlib.redirect_stdout(out):
        assert main(["evaluate", str(framework), str(path), "--format", "jsonl", "--reproducible"]) == 0
    assert seen and seen[0] == 1 and len(read) == 6
