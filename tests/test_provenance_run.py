"""Every output of `regienorm evaluate` states where it comes from: the sha256 of each file read (the
framework with its includes, each evidence file), the regienorm version, and the time of the run
(left out under --reproducible, SOURCE_DATE_EPOCH's when set). The hashes change exactly when a
file changes."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

import regienorm
from regienorm import provenance
from regienorm.cli import main

from .conftest import EXAMPLES, ROOT, golden


def _copy_example(folder: Path) -> tuple[Path, Path, Path]:
    """The example framework, its include and its evidence, copied where a test may change them."""
    (folder / "shared").mkdir()
    shutil.copy(EXAMPLES / "shared" / "oordeel.norm", folder / "shared" / "oordeel.norm")
    shutil.copy(EXAMPLES / "jeugdhulp.norm", folder / "jeugdhulp.norm")
    shutil.copy(EXAMPLES / "jeugdhulp.evidence.yaml", folder / "jeugdhulp.evidence.yaml")
    return folder / "jeugdhulp.norm", folder / "shared" / "oordeel.norm", folder / "jeugdhulp.evidence.yaml"


def _provenance(capsys: pytest.CaptureFixture[str], framework: Path, evidence: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    assert main(["evaluate", str(framework), str(evidence), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["provenance"]  # type: ignore[no-any-return]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_hashes_are_the_files_and_change_exactly_when_one_does(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIENORM_NO_CACHE", "1")  # each run reads the files as they are now
    main_file, include, evidence = _copy_example(tmp_path)
    first = _provenance(capsys, main_file, evidence, "--reproducible")
    assert [f["sha256"] for f in first["framework"]["files"]] == [_sha(main_file), _sha(include)]
    assert [Path(f["path"]).name for f in first["framework"]["files"]] == ["jeugdhulp.norm", "oordeel.norm"]
    assert first["evidence"] == [{"path": str(evidence), "sha256": _sha(evidence)}]
    assert first["framework"]["sha256"] == hashlib.sha256(f"{_sha(main_file)}\n{_sha(include)}\n".encode()).hexdigest()
    assert first["regienorm"] == regienorm.__version__ and first["time"] is None

    assert _provenance(capsys, main_file, evidence, "--reproducible") == first  # nothing changed: nothing differs

    include.write_text(include.read_text(encoding="utf-8") + "\n# a comment changes the bytes, not the meaning\n", encoding="utf-8")
    second = _provenance(capsys, main_file, evidence, "--reproducible")
    assert second["framework"]["files"][0] == first["framework"]["files"][0]  # the main file is the same
    assert second["framework"]["files"][1]["sha256"] == _sha(include) != first["framework"]["files"][1]["sha256"]
    assert second["framework"]["sha256"] != first["framework"]["sha256"] and second["evidence"] == first["evidence"]

    evidence.write_bytes(evidence.read_bytes() + b"# one more line\n")
    third = _provenance(capsys, main_file, evidence, "--reproducible")
    assert third["framework"] == second["framework"]
    assert third["evidence"][0]["sha256"] == _sha(evidence) != second["evidence"][0]["sha256"]

    main_file.write_bytes(main_file.read_bytes() + b"\n")
    fourth = _provenance(capsys, main_file, evidence, "--reproducible")
    assert fourth["framework"]["files"][0]["sha256"] != third["framework"]["files"][0]["sha256"]
    assert fourth["framework"]["files"][1] == third["framework"]["files"][1] and fourth["evidence"] == third["evidence"]


def test_the_time_is_the_runs_or_source_date_epochs_and_none_when_reproducible(capsys: pytest.CaptureFixture[str],
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    framework, evidence = EXAMPLES / "jeugdhulp.norm", EXAMPLES / "jeugdhulp.evidence.yaml"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    stamped = datetime.datetime.strptime(_provenance(capsys, framework, evidence)["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    assert before <= stamped <= datetime.datetime.now(tz=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _provenance(capsys, framework, evidence)["time"] == "2023-11-14T22:13:20Z"
    assert _provenance(capsys, framework, evidence, "--reproducible")["time"] is None


def test_run_time_reads_source_date_epoch_and_refuses_what_is_not_seconds() -> None:
    now = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert provenance.run_time(reproducible=False, environ={}, now=now) == "2026-01-02T03:04:05Z"
    assert provenance.run_time(reproducible=True, environ={"SOURCE_DATE_EPOCH": "0"}, now=now) is None
    assert provenance.run_time(reproducible=False, environ={"SOURCE_DATE_EPOCH": "0"}, now=now) == "1970-01-01T00:00:00Z"
    for bad in ("yesterday", "-5", "1.5", "", "9" * 30):
        with pytest.raises(provenance.BadEpoch):
            provenance.run_time(reproducible=False, environ={"SOURCE_DATE_EPOCH": bad})


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "html", "json"])
def test_every_format_states_the_hashes_the_version_and_the_time(fmt: str, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    framework, evidence = "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml"
    assert main(["evaluate", framework, evidence, "--format", fmt]) == 0
    out = capsys.readouterr().out
    hashes = [_sha(ROOT / framework), _sha(EXAMPLES / "shared" / "oordeel.norm"), _sha(ROOT / evidence)]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and all(r["regienorm"] == regienorm.__version__ and r["run_at"] == "2023-11-14T22:13:20Z"
                            and r["evidence_sha256"] == hashes[2] for r in rows)
        assert {r["framework_sha256"] for r in rows} == {hashlib.sha256("".join(h + "\n" for h in hashes[:2]).encode()).hexdigest()}
        return
    for h in hashes:
        assert h in out
    if fmt == "json":  # compact JSON (issue 15): read the key, not its layout
        assert json.loads(out)["provenance"]["regienorm"] == regienorm.__version__ and "2023-11-14T22:13:20Z" in out
    else:
        assert "2023-11-14T22:13:20Z" in out and f"regienorm {regienorm.__version__}" in out
    assert main(["evaluate", framework, evidence, "--format", fmt, "--reproducible"]) == 0
    again = capsys.readouterr().out
    assert "2023-11-14T22:13:20Z" not in again and all(h in again for h in hashes)


def test_a_bad_source_date_epoch_is_one_clear_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    assert main(["evaluate", "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    golden(ROOT / "tests" / "golden" / "outputs" / "RN920.expected", captured.err)


def test_rn920_is_documented() -> None:
    assert "## RN920" in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
