"""Every published symbol of Rekenkamer Amsterdam (2013) is either reproduced by regienorm or listed,
with its reason, in tests/casebook/expected_disagreements.yaml; every printed blank is pinned too.

The disagreements are computed here from regie.norm and the evidence, never read from the file: a
disagreement that appears or disappears (a changed rule, threshold, finding or engine) fails."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

import regienorm

from ._casebook import (
    NORM,
    PUBLISHED_SYMBOLS,
    casebook_reconciliation,
    evidence,
    evidence_paths,
    expected,
    framework,
    reconciliation,
    rel,
)

KEYS = ("file", "entity", "target", "recorded", "computed", "record", "source", "computation")
BLANK_KEYS = ("file", "entity", "target", "record", "source", "computed", "computation")


def _pinned(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(repr(r[k]) for k in keys) for r in rows]


def _changes(got: list[dict[str, Any]], want: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    """What appeared and what disappeared, one line each, for the failure message."""
    g, w = _pinned(got, keys), _pinned(want, keys)
    lines = [f"  appeared:    {', '.join(x)}" for x in g if x not in w]
    lines += [f"  disappeared: {', '.join(x)}" for x in w if x not in g]
    return "\n".join(lines) or "  (same entries, other order)"


def test_482_published_symbols_each_recorded_once_with_its_record_id() -> None:
    recorded = [r for p in evidence_paths() for r in evidence(p).recorded]
    printed = [r for r in recorded if not r.blank]
    assert len(printed) == PUBLISHED_SYMBOLS
    assert all(r.record for r in recorded), "every recorded entry carries its cell id from verdicts.yaml"
    duplicates = [k for k, n in Counter(r.record for r in recorded).items() if n > 1]
    assert duplicates == []
    # record ids name their table: T<table>.… for chapter tables, B<3|4>.… for Bijlage cells
    for r in recorded:
        table = r.source.table or ""
        number = re.search(r"(\d+(?:\.\d+)?)$", table)
        assert number, r
        prefix = f"T{number.group(1)}." if table.startswith("Tabel") else f"B{number.group(1)}."
        assert r.record.startswith(prefix), (r.record, table)


def test_every_published_symbol_is_reproduced_or_an_expected_disagreement() -> None:
    rows, _, agree = casebook_reconciliation()
    want = expected()["disagreements"]
    assert all(w.get("reason", "").strip() for w in want), "every expected disagreement says why"
    assert _pinned(rows, KEYS) == _pinned(want, KEYS), (
        "the computed disagreements differ from tests/casebook/expected_disagreements.yaml; review the change, then "
        "run tools/casebook/expected_disagreements.py\n" + _changes(rows, want, KEYS))
    assert agree + len(rows) == PUBLISHED_SYMBOLS
    assert (agree, len(rows)) == (471, 11)


def test_expected_disagreements_as_data() -> None:
    """The list itself, so that a review sees exactly which printed cells regienorm does not reproduce."""
    got = [(d["entity"], d["target"], d["recorded"], d["computed"], d["record"]) for d in expected()["disagreements"]]
    assert got == [
        ("stadsdelen_opzet", "opzet.1", "-", "+/-", "T5.4.n1"),
        ("stadsdelen_opzet", "opzet.1", "-", "+/-", "B3.n1.totaal"),
        ("nieuw_west", "opzet.4", "-", "+/-", "B3.n4.Nieuw-West"),
        ("stadsdelen_opzet", "opzet.5.b", "-", "+/-", "B3.a5.2.totaal"),
        ("zuid", "opzet.6", "+/-", "-", "B3.n6.Zuid"),
        ("noord", "opzet", "+", "+/-", "B3.TOTAAL.Noord"),
        ("oost", "opzet", "-", "+/-", "B3.TOTAAL.Oost"),
        ("west", "opzet", "-", "+/-", "B3.TOTAAL.West"),
        ("zuid", "opzet", "-", "+/-", "B3.TOTAAL.Zuid"),
        ("zuidoost", "opzet", "+", "+/-", "B3.TOTAAL.Zuidoost"),
        ("stadsdelen_opzet", "opzet.3.c", "+/-", "-", "B4.a3.3.totaal"),
    ]
    summary = expected()["summary"]
    assert summary["total"] == 11
    assert summary["per_file"] == {"risicojongeren.yaml": 10, "mpg.yaml": 1, "top600.yaml": 0}


def test_printed_blanks_are_pinned() -> None:
    _, blanks, _ = casebook_reconciliation()
    want = expected()["blanks"]
    assert all(w.get("reason", "").strip() for w in want)
    assert _pinned(blanks, BLANK_KEYS) == _pinned(want, BLANK_KEYS), _changes(blanks, want, BLANK_KEYS)
    got = [(b["entity"], b["target"], b["computed"], b["record"]) for b in want]
    assert got == [
        ("stadsdelen_opzet", "opzet.5.c", "+/-", "B3.a5.3.totaal"),
        ("stadsdelen_opzet", "opzet.5.d", "+/-", "B3.a5.4.totaal"),
        ("stadsdelen_opzet", "opzet.5.e", "-", "B3.a5.5.totaal"),
        ("stadsdelen_opzet", "opzet.6.a", "-", "B3.a6.1.totaal"),
        ("stadsdelen_opzet", "opzet.6.b", "+/-", "B3.a6.2.totaal"),
        ("stadsdelen_opzet", "opzet.7", "-", "B3.n7.totaal"),
        ("stadsdelen_opzet", "opzet", "+/-", "B3.TOTAAL.totaal"),
        ("dmo", "opzet.3.a", "not_applicable", "B4.a3.1.DMO"),
        ("dmo", "opzet.3.b", "not_applicable", "B4.a3.2.DMO"),
        ("dmo", "opzet.3.c", "not_applicable", "B4.a3.3.DMO"),
        ("dmo", "opzet.3.d", "not_applicable", "B4.a3.4.DMO"),
        ("dmo", "opzet.3.e", "not_applicable", "B4.a3.5.DMO"),
        ("dmo", "opzet.4.a", "not_applicable", "B4.a4.1.DMO"),
        ("dmo", "opzet.4.b", "not_applicable", "B4.a4.2.DMO"),
        ("dmo", "opzet.4.c", "not_applicable", "B4.a4.3.DMO"),
        ("dmo", "opzet.5.a", "not_applicable", "B4.a5.1.DMO"),
        ("dmo", "opzet.5.b", "not_applicable", "B4.a5.2.DMO"),
        ("dmo", "opzet.5.c", "not_applicable", "B4.a5.3.DMO"),
        ("dmo", "opzet.5.d", "not_applicable", "B4.a5.4.DMO"),
        ("dmo", "opzet.5.e", "not_applicable", "B4.a5.5.DMO"),
        ("dmo", "opzet.6.a", "not_assessed", "B4.a6.1.DMO"),
        ("dmo", "opzet.6.b", "not_assessed", "B4.a6.2.DMO"),
    ]
    assert expected()["summary"]["blanks"] == 22 and expected()["summary"]["blanks_computed"] == 7


def test_blank_entries_carry_a_note_and_their_printed_line() -> None:
    for p in evidence_paths():
        for r in evidence(p).recorded:
            if r.blank:
                assert r.note and r.source.table and r.source.line, r


# Rules in regie.norm changed the way a careless edit would: each must change the reconciliation.
# (A change of policy would not do: `lowest` adds 0 points to a sum, and no published norm verdict
# rests on a not-assessed toetsaspect.)
MUTATIONS = {
    "totaal_normen": ("from 7/10 -> \"+\"; from 1/4 -> \"+/-\"", "from 7/10 -> \"+\"; from 3/10 -> \"+/-\""),
    "aandeel_aspecten": ("from 11/16 -> \"+\"; above 5/16 -> \"+/-\"", "from 11/16 -> \"+\"; above 1/3 -> \"+/-\""),
    "puntentelling": ("{ 0..5 -> \"-\"; 6..10 -> \"+/-\"; 11..16 -> \"+\" }",
                      "{ 0..6 -> \"-\"; 7..10 -> \"+/-\"; 11..16 -> \"+\" }"),
    "enquete": ("when all(value >= 60) -> \"+\"", "when all(value >= 55) -> \"+\""),
}


@pytest.mark.parametrize(("old", "new"), MUTATIONS.values(), ids=list(MUTATIONS))
def test_the_reconciliation_comes_from_the_rules(old: str, new: str) -> None:
    text = NORM.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    changed = regienorm.compile_text(text.replace(old, new), str(NORM))
    files = {rel(p): regienorm.load_evidence(p, changed) for p in evidence_paths()}
    rows, blanks, _ = reconciliation(changed, files)
    assert (_pinned(rows, KEYS), _pinned(blanks, BLANK_KEYS)) != (
        _pinned(expected()["disagreements"], KEYS), _pinned(expected()["blanks"], BLANK_KEYS))


def test_the_reconciliation_says_what_it_proves() -> None:
    """Of the 482 printed symbols, 325 stand where a finding gives the verdict: the printed cell is
    the evidence, and agreeing proves only the transcription. The other 157 are computed from
    lower-level evidence; those are what the casebook reproduces (146) or not (11). Counted here
    from the evidence and the framework (which targets have findings, which rule judges the rest),
    and compared with what the engine's reconciliation reports."""
    fw = framework()
    provenance = {rule.id: rule.provenance_kind for rule in fw.every_rule()}
    total = None
    by_hand: Counter[tuple[str, str, bool]] = Counter()
    for path in evidence_paths():
        ev = evidence(path)
        assessment = regienorm.evaluate(fw, ev)
        found = {(f.entity, f.target) for f in ev.findings if f.verdict is not None}
        for r in ev.recorded:
            if r.blank:
                continue
            j = assessment.get(r.entity, r.target)
            assert j is not None
            kind = "given" if (r.entity, r.target) in found else provenance[j.rule]  # type: ignore[index]
            by_hand[(kind, "agree" if r.verdict == j.verdict else "differ")] += 1
        total = assessment.reconciliation() if total is None else total + assessment.reconciliation()
    assert total is not None
    assert by_hand == {("given", "agree"): 325, ("stated", "agree"): 51, ("stated", "differ"): 4,
                       ("reconstructed", "agree"): 95, ("reconstructed", "differ"): 7}
    assert (total.printed, total.given.count, total.given.differ) == (482, 325, 0)
    assert (total.computed.count, total.computed.agree, total.computed.differ) == (157, 146, 11)
    by = dict(total.by_provenance)
    assert (by["stated"].count, by["stated"].agree, by["reconstructed"].count, by["reconstructed"].agree) == (55, 51, 102, 95)
    assert total.unjudged.count == 0


def test_the_default_command_prints_what_the_reconciliation_proves(capsys: pytest.CaptureFixture[str]) -> None:
    from regienorm.cli import main

    assert main([]) == 0
    out = " ".join(capsys.readouterr().out.split())  # wrapped to the width: compared word by word
    assert "All evidence files: 482 printed: 325 given as findings; 157 computed: 146 agree, 11 differ." in out
    assert ("Of the computed: 55 by rules stated in the source (51 agree, 4 differ); "
            "102 by reconstructed rules (95 agree, 7 differ).") in out
