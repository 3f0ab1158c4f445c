"""Judging shards of evidence on a Dask cluster (regienorm.distributed, `evaluate --dask`): on a
LocalCluster of two workers, the bytes a local run writes from the same files; a shard's errors at
its file, line and column, every failing shard reported, never a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'regienorm[dask]'")

from bench import gen  # noqa: E402
from distributed import Client  # noqa: E402

import regienorm  # noqa: E402
from regienorm.cli import main  # noqa: E402
from regienorm.distributed import Submitted, cluster, evaluate_partitions, judge_partitions, parse_spec, summarise_partitions  # noqa: E402
from regienorm.distributed.tasks import judge_shard  # noqa: E402
from regienorm.errors import EvidenceError, RegienormError  # noqa: E402
from regienorm.evidence.lines import write_csv, write_jsonl, write_parquet  # noqa: E402
from regienorm.render.json import evidence_to_json  # noqa: E402

from .conftest import ROOT, golden  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "outputs"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with cluster("local:2") as c:
        c.wait_for_workers(2, timeout=60)
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The generated 10-norm framework and 270 entities (30 groups of eight members) in five shards of
    six blocks each, a group with its members: JSON lines, CSV, Parquet and JSON, as a fleet would be cut."""
    folder = tmp_path_factory.mktemp("shards")
    text, spec = gen.framework(10, 5)
    framework = folder / "fleet.norm"
    framework.write_text(text, encoding="utf-8")
    document = gen.document(gen.evidence(spec, 270, 5))
    entities: list[dict[str, Any]] = document["entities"]  # type: ignore[assignment]
    paths = []
    for n in range(5):
        own = entities[n * 54:(n + 1) * 54]
        ids = {e["id"] for e in own}
        part = {**document, "entities": own}
        for key in ("findings", "measures", "recorded"):
            part[key] = [r for r in document[key] if r["entity"] in ids]  # type: ignore[attr-defined]
        suffix = ("jsonl", "csv", "parquet", "json", "jsonl")[n]
        path = folder / f"hosts-{n}.{suffix}"
        if suffix == "parquet":
            path.write_bytes(write_parquet(part))
        else:
            path.write_text(write_jsonl(part) if suffix == "jsonl" else write_csv(part) if suffix == "csv" else
                            json.dumps(part, indent=1), encoding="utf-8")
        paths.append(path)
    return framework, paths


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _address(client: Client) -> str:
    return str(client.scheduler.address)


def test_the_casebook_on_two_workers_gives_the_bytes_of_a_local_run(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "markdown"):  # the shards fetched one at a time, and every assessment gathered
        code, local, _ = _run(capsys, "evaluate", "--format", fmt, "--reproducible")
        assert code == 0 and local
        code, there, err = _run(capsys, "evaluate", "--format", fmt, "--reproducible", "--dask", _address(client))
        assert code == 0, err
        assert there == local, fmt


def test_generated_shards_on_two_workers_give_the_bytes_of_a_local_run(client: Client, shards: tuple[Path, list[Path]],
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    framework, paths = shards
    files = [str(p) for p in paths]
    outputs = {}
    for fmt in ("jsonl", "json"):
        code, local, _ = _run(capsys, "evaluate", str(framework), *files, "--format", fmt, "--reproducible")
        assert code == 0
        code, there, err = _run(capsys, "evaluate", str(framework), *files, "--format", fmt, "--reproducible", "--dask", _address(client))
        assert code == 0, err
        assert there == local
        outputs[fmt] = there
    document = json.loads(outputs["json"])
    assert [e["path"] for e in document["evidence"]] == files  # in the shards' order, whatever order the workers finished in
    assert len({j["entity"] for j in document["judgements"]}) == 270


def test_the_python_api_gives_each_shard_what_a_local_evaluation_gives(client: Client, shards: tuple[Path, list[Path]]) -> None:
    framework_path, paths = shards
    framework = regienorm.compile_file(framework_path)
    local = [regienorm.evaluate(framework, regienorm.load_evidence(p, framework)) for p in paths]
    judged = evaluate_partitions(framework, paths, client)
    assert [o.path for o in judged] == [str(p) for p in paths]
    assert [o.value for o in judged] == local  # judgements, reasons and counts
    assert [o.entities for o in judged] == [54] * 5
    lean = evaluate_partitions(framework, paths, client, reasons=False)
    assert [[j.verdict for j in o.value] for o in lean] == [[j.verdict for j in a] for a in local]
    summaries = summarise_partitions(framework, paths, client, names=[f"shard {n}" for n in range(5)])
    assert [s.value for s in summaries] == [evidence_to_json(a, f"shard {n}") for n, a in enumerate(local)]


def _broken(shards: tuple[Path, list[Path]], folder: Path) -> list[Path]:
    """The shards with a malformed record in the second (a line of JSON cut short) and, in the fourth,
    a finding for an entity the shard does not list."""
    _, paths = shards
    out = []
    for n, path in enumerate(paths):
        if path.suffix == ".parquet":  # (bytes: kept as it is)
            (folder / path.name).write_bytes(path.read_bytes())
            out.append(folder / path.name)
            continue
        text = path.read_text(encoding="utf-8")
        if n == 1:
            path, text = folder / "hosts-1.jsonl", paths[0].read_text(encoding="utf-8").replace('"verdict"', '"verdict', 1)
        elif n == 3:
            text = text.replace('"entity": "', '"entity": "stranger', 1)
        target = folder / path.name
        target.write_text(text, encoding="utf-8")
        out.append(target)
    return out


def test_errors_in_two_shards_are_both_reported_at_their_file_line_and_column(client: Client, shards: tuple[Path, list[Path]],
                                                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    framework_path, _ = shards
    framework = regienorm.compile_file(framework_path)
    paths = _broken(shards, tmp_path)
    expected = []
    for p in (paths[1], paths[3]):  # what loading each alone says
        with pytest.raises(EvidenceError) as alone:
            regienorm.load_evidence(p, framework)
        expected += alone.value.diagnostics
    with pytest.raises(EvidenceError) as caught:
        evaluate_partitions(framework, paths, client)
    assert caught.value.diagnostics == EvidenceError(expected).diagnostics
    assert {d.span.path for d in caught.value.diagnostics if d.span} == {str(paths[1]), str(paths[3])}
    code, out, err = _run(capsys, "evaluate", str(framework_path), *map(str, paths), "--dask", _address(client))
    assert code == 1 and out == "" and "Traceback" not in err
    for path in (paths[1], paths[3]):
        assert re.search(rf"--> {re.escape(str(path))}:\d+:\d+", err), err
    assert err.count("error[") == len(expected)
    code, out, err = _run(capsys, "evaluate", str(framework_path), *map(str, paths), "--dask", _address(client), "--format", "json")
    assert code == 1 and [e["code"] for e in json.loads(out)["errors"]] == [d.code for d in caught.value.diagnostics]


def test_a_shard_that_fails_on_its_worker_is_rn952_and_the_others_are_judged(client: Client, shards: tuple[Path, list[Path]]) -> None:
    framework_path, paths = shards
    framework = regienorm.compile_file(framework_path)
    outcome = judge_shard("not a framework", str(paths[0]), "assessment")  # type: ignore[arg-type]
    assert [d.code for d in outcome.errors] == ["RN952"] and str(paths[0]) in outcome.errors[0].message
    submitted = Submitted(client, framework, paths, "json")
    client.cancel(submitted.futures[2])  # as when its worker is lost: the task never gives a result
    with pytest.raises(EvidenceError) as caught:
        submitted.check()
    (lost,) = caught.value.diagnostics
    assert lost.code == "RN952" and str(paths[2]) in lost.message and "Cancelled" in lost.message
    whole = judge_partitions(framework, paths, client)
    assert len(list(whole.results())) == 5  # the cluster goes on judging after a failure


def test_a_wrong_dask_value_is_rn950(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_spec("local:3") == 3 and parse_spec("tcp://10.0.0.1:8786") == "tcp://10.0.0.1:8786" and parse_spec("local") >= 1
    code, out, err = _run(capsys, "evaluate", "--dask", "local:zero")
    assert code == 1 and out == ""
    golden(GOLDEN / "RN950.expected", err)
    for bad in ("local:0", "local:-1", " "):
        with pytest.raises(RegienormError, match="RN950"):
            parse_spec(bad)


def test_without_the_extra_the_command_says_what_to_install(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails as when it is not installed
    code, out, err = _run(capsys, "evaluate", "--dask", "local:2")
    assert code == 1 and out == ""
    golden(GOLDEN / "RN951.expected", err)


def test_an_unreachable_scheduler_is_rn953() -> None:
    with pytest.raises(RegienormError) as caught, cluster("tcp://127.0.0.1:9", timeout=0.5):
        pass  # pragma: no cover - never reached
    (d,) = caught.value.diagnostics
    assert d.code == "RN953" and d.notes
    golden(GOLDEN / "RN953.expected", regienorm.render_full(attrs.evolve(d, notes=())) + "\n")  # the note is Dask's words


def test_import_regienorm_does_not_import_dask() -> None:
    code = ("import sys, regienorm, regienorm.cli, regienorm.distributed, regienorm.distributed.command; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]"


def test_the_codes_are_documented() -> None:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert all(f"## {code}" in text for code in ("RN950", "RN951", "RN952", "RN953"))



def test_the_cost_benchmark_runs_and_checks_the_cluster_against_one_process(client: Client, tmp_path: Path) -> None:
    from bench import dask_cost

    result = dask_cost.measure(client, 54, 2, tmp_path, splits=(2, 3))
    assert set(result["splits"]) == {2, 3} and result["round_trip_ms"] > 0
    result["start_s"] = 1.0
    table = dask_cost.markdown(result)
    assert table.count("\n| ") == 3 and "| 3 | 18 |" in table


def test_the_api_example_runs_as_a_script_and_prints_what_the_docs_show(tmp_path: Path) -> None:
    from .test_docs import blocks

    found = blocks(ROOT / "docs" / "api.md")
    (n, code), = [(n, b) for n, b in enumerate(found) if b.lang == "python" and "regienorm.distributed" in "\n".join(b.lines)]
    shown = found[n + 1]
    assert shown.marker == "distributed example output"
    script = tmp_path / "example.py"
    script.write_text("\n".join(code.lines) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    assert len(printed) == len(shown.lines)
    for line, pattern in zip(printed, shown.lines, strict=True):  # `…` in a line stands for the rest of a dictionary
        assert re.fullmatch(".*".join(re.escape(part) for part in pattern.split("…")), line), (line, pattern)
