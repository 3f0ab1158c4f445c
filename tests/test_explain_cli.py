"""`regienorm explain` as the README shows it: the framework found from the evidence's id (never the
bundled casebook by default), evidence for another framework one error, and `--depth`."""

from __future__ import annotations

import pytest

from regienorm.cli import main

from .conftest import ROOT

EXAMPLE = ROOT / "frameworks" / "examples"
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"


def test_the_readme_command_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "risicojongeren", "totaal", "opzet.1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("stadsdelen_opzet opzet.1: +/- by `puntentelling`")
    assert "`totaal` is no entity id; explaining `stadsdelen_opzet`" in err


def test_the_framework_is_found_from_the_evidence_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(EXAMPLE / "jeugdhulp.evidence.yaml"), "wijkteams", "opzet"]) == 0
    assert capsys.readouterr().out.startswith("wijkteams opzet: - by `puntentelling`")


def test_evidence_for_another_framework_is_one_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(EXAMPLE / "jeugdhulp.evidence.yaml"), "wijkteams", "opzet",
                 "--framework", str(CASEBOOK / "regie.norm")]) == 1
    err = capsys.readouterr().err
    assert err.count("error[") == 1 and "`jeugdhulp`, not `regie_jeugddomein`" in err


def test_evidence_whose_framework_is_nowhere_is_one_error_that_says_the_casebook_is_not_assumed(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    evidence = tmp_path / "e.yaml"
    evidence.write_text("format: regienorm-evidence/1\nassessment: {framework: elders, version: '1'}\n", encoding="utf-8")
    assert main(["explain", str(evidence), "x", "y"]) == 1
    err = capsys.readouterr().err
    assert err.count("error[") == 1 and "`elders`" in err and "the bundled casebook is not assumed" in err


def test_depth_limits_the_levels_and_says_what_it_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "risicojongeren", "stadsdelen_opzet", "opzet", "--depth", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("stadsdelen_opzet opzet:")
    assert lines[-1].strip().startswith("… ") and "deeper than depth 0: not shown" in lines[-1]
    assert main(["explain", "risicojongeren", "stadsdelen_opzet", "opzet", "--depth", "1"]) == 0
    deeper = capsys.readouterr().out.splitlines()
    assert len(lines) < len(deeper)
    assert main(["explain", "risicojongeren", "stadsdelen_opzet", "opzet", "--depth", "-1"]) == 1
