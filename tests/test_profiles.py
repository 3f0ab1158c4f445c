"""Profiles (docs/language.md, "Profiles"): a framework made of another by declared changes, over
the casebook and the XCCDF cookbook benchmark, compared with their bases; a profile of a profile;
evidence made for the base judged by the profile; and the diff that names the changes."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from regienorm import check_text, compile_file, evaluate, load_evidence
from regienorm.diff import compare

from .conftest import ROOT

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
XCCDF = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
EVIDENCE = sorted((CASEBOOK / "evidence").glob("*.yaml"))


def _both(base_path: Path, profile_path: Path, evidence: Path):  # type: ignore[no-untyped-def]
    base, profile = compile_file(base_path), compile_file(profile_path)
    old, new = load_evidence(evidence, base), load_evidence(evidence, profile)
    return base, profile, old, new, evaluate(base, old), evaluate(profile, new)


def test_the_casebook_profile_is_the_uitvoering_for_procesregie_only() -> None:
    profile = compile_file(CASEBOOK / "procesregie.norm")
    assert [nk.id for nk in profile.normenkaders] == ["uitvoering"]
    assert profile.normenkaders[0].roles == ("procesregie",)
    assert [n.id for n in profile.normenkaders[0].norms] == ["1", "2", "3", "4", "5", "6", "7"]
    assert profile.profile is not None and profile.profile.lineage() == (("regie_jeugddomein", "2013"),)
    assert [c.kind for c in profile.profile.changes] == ["select", "refine", "drop"]
    assert profile.profile.changes[0].removed == ("opzet", "resultaten")


@pytest.mark.parametrize("evidence", EVIDENCE, ids=[e.stem for e in EVIDENCE])
def test_casebook_profile_verdicts_against_the_base(evidence: Path) -> None:
    """The norms the profile keeps are judged as in the base for procesregie; the centrale stad is
    left out; the records of what the profile dropped are set apart, never lost or refused."""
    base, profile, old_ev, new_ev, old, new = _both(CASEBOOK / "regie.norm", CASEBOOK / "procesregie.norm", evidence)
    roles = {e.id: e.role for e in new_ev.entities}
    kept = 0
    for j in new:
        if not j.target.startswith("uitvoering") or roles[j.entity] != "procesregie":
            continue
        before = old.get(j.entity, j.target)
        assert before is not None
        if j.target == "uitvoering":
            continue  # the total: norm 8 is no longer among its inputs
        assert (j.status, j.verdict) == (before.status, before.verdict), (j.entity, j.target)
        kept += 1
    assert kept
    for j in new:
        if roles[j.entity] == "centrale_stad":
            assert j.verdict is None and j.status.value == "not_applicable"
            assert any(r.kind == "profile" and "procesregie" in r.text for r in j.reasons)
    assert new_ev.left_out and all(o.kind in ("finding", "recorded", "override") for o in new_ev.left_out)
    assert len(new_ev.findings) + sum(o.kind == "finding" for o in new_ev.left_out) == len(old_ev.findings)
    assert all(o.span is not None and o.span.path == str(evidence) and str(o.span).startswith(f"{evidence}:") for o in new_ev.left_out)
    assert new.left_out == new_ev.left_out
    # the diff shows exactly the verdicts that differ, each with the change of the profile that explains it
    result = compare(base, profile, [(str(evidence), old, old_ev, new, new_ev)])
    differ = {(j.entity, j.target) for j in old if new.get(j.entity, j.target) is None
              or (new.get(j.entity, j.target).status, new.get(j.entity, j.target).verdict) != (j.status, j.verdict)}  # type: ignore[union-attr]
    assert {(c.entity, c.target) for c in result.changed if c.old is not None} >= differ
    assert all(any(cause.kind == "profile" for cause in c.causes) for c in result.changed)


def test_judgements_name_the_changes_that_touched_them() -> None:
    evidence = CASEBOOK / "evidence" / "risicojongeren.yaml"
    profile = compile_file(CASEBOOK / "procesregie.norm")
    a = evaluate(profile, load_evidence(evidence, profile))
    total = a.get("centrum", "uitvoering")
    assert total is not None
    said = [r for r in total.reasons if r.kind == "profile"]
    assert [dict(r.data)["text"] for r in said] == ["refine uitvoering for procesregie", "drop uitvoering.8"]
    assert dict(said[1].data)["because"] == ["capaciteit valt buiten deze audit: de norm rust op de raming van de centrale stad"]


def test_xccdf_tailoring_scores_against_the_base() -> None:
    """Deselecting telnet_removed and refining selinux_enforcing's weight from 4 to 1 (worked by
    hand: system = (3*75 + 1*100 + 1*0) / 5 = 65, was 325/8)."""
    evidence = XCCDF / "hosts.evidence.yaml"
    base, profile, _, _, old, new = _both(XCCDF / "xccdf.norm", XCCDF / "tailored.norm", evidence)
    assert old.get("web01", "benchmark.system:default").value == Fraction(325, 8)  # type: ignore[union-attr]
    assert new.get("web01", "benchmark.system:default").value == 65  # type: ignore[union-attr]
    assert new.get("web01", "benchmark.services.telnet_removed") is None
    assert old.get("web01", "benchmark:flat_maximum").value == 13  # type: ignore[union-attr]
    assert new.get("web01", "benchmark:flat_maximum").value == 13 - 1 - 3  # type: ignore[union-attr]
    node = new.get("web01", "benchmark.system.selinux_enforcing")
    assert node is not None and any(r.kind == "profile" and "weight 1" in r.text for r in node.reasons)
    changed = {p.id: p.weight for p in profile.normenkaders[0].norms}
    assert changed["system.selinux_enforcing"] == 1 and "services.telnet_removed" not in changed


def test_a_profile_of_a_profile(tmp_path: Path) -> None:
    text = ('profile kleiner "Nog minder" version "1" extends "procesregie.norm"\n'
            'drop uitvoering.7 because "het rapportcijfer valt er ook buiten"\n')
    path = CASEBOOK / "_test_profile_of_profile.norm"
    path.write_text(text, encoding="utf-8")
    try:
        fw = compile_file(path.relative_to(ROOT))
    finally:
        path.unlink()
    assert fw.profile is not None
    assert fw.profile.lineage() == (("procesregie_uitvoering", "2013-p1"), ("regie_jeugddomein", "2013"))
    assert [c.profile for c in fw.profile.changes] == ["procesregie_uitvoering"] * 3 + ["kleiner"]
    assert [n.id for n in fw.normenkaders[0].norms] == ["1", "2", "3", "4", "5", "6"]
    a = evaluate(fw, load_evidence(CASEBOOK / "evidence" / "mpg.yaml", fw))  # evidence for the base's base
    total = a.get("centrum", "uitvoering")
    assert total is not None and {dict(r.data)["profile"] for r in total.reasons if r.kind == "profile"} == \
        {"procesregie_uitvoering", "kleiner"}


def test_a_bundled_base_by_id_and_version() -> None:
    result = check_text('profile p "P" version "1" extends regie_jeugddomein version "2013"\n'
                        'select opzet.1 because "alleen het convenant"\n', str(CASEBOOK / "_p.norm"))
    assert result.framework is not None, result.diagnostics
    assert [(nk.id, [n.id for n in nk.norms]) for nk in result.framework.normenkaders] == [("opzet", ["1"])]


def test_select_keeps_what_is_inside_and_drops_the_siblings() -> None:
    result = check_text('profile p "P" version "1" extends "xccdf.norm"\n'
                        'select benchmark.system.accounts, benchmark.firewall_enabled because "alleen accounts en firewall"\n',
                        str(XCCDF / "_p.norm"))
    assert result.framework is not None, result.diagnostics
    nk = result.framework.normenkaders[0]
    assert [n.id for n in nk.norms] == ["system.accounts.no_direct_root_logins", "system.accounts.password_max_age",
                                        "system.accounts.password_min_length", "firewall_enabled"]
    assert [g.id for g in nk.groups] == ["system.accounts", "system"]
    assert nk.top == ("system", "firewall_enabled")


BASE_WITH_A_WARNING = '''framework b "B" version "1"
scale o {
  "+" goed = 1
  "-" slecht = 0
}
role r1 "R1"
role r2 "R2"
rule slechtste = worst
normenkader nk "NK" {
  norms by slechtste
  total by slechtste
  norm 1 "Een" for r1 {
    aspect a "A" for r2
    aspect b "B"
  }
  norm 2 "Twee" {
    verdict by slechtste
    aspect a "A"
  }
  norm 3 "Drie" {
    aspect a "A" for r1
    aspect b "B" for r2
  }
}
'''


def test_warnings_located_in_the_base_say_whose_they_are(tmp_path: Path) -> None:
    """The base's own warning is reported once, attributed to the base; one the profile's changes
    cause says so; a toetsaspect for a role a profile's `refine … for` no longer judges is what the
    profile declared, not warned of (the casebook profile checks clean)."""
    from regienorm.compiler.driver import check_file

    (tmp_path / "base.norm").write_text(BASE_WITH_A_WARNING, encoding="utf-8")
    profile = tmp_path / "p.norm"
    profile.write_text('profile p "P" version "1" extends "base.norm"\n'
                       'drop nk.2.a because "niet beoordeeld"\n'
                       'refine nk.3 for r1 because "alleen r1"\n', encoding="utf-8")
    base = check_file(tmp_path / "base.norm")
    assert [d.code for d in base.diagnostics] == ["RN412"]
    result = check_file(profile)
    assert result.framework is not None
    warnings = [(d.code, d.span.line, d.notes) for d in result.diagnostics]  # type: ignore[union-attr]
    assert warnings == [
        ("RN412", 13, (f"the base's own warning: `regienorm check {tmp_path / 'base.norm'}` reports it too",)),
        ("RN409", 17, ("caused by this profile's changes: the base alone has no such warning",)),
    ]
    casebook = check_file(CASEBOOK / "procesregie.norm")
    assert casebook.framework is not None and casebook.diagnostics == ()


def test_drop_rule_and_relabel_the_scale(tmp_path: Path) -> None:
    """A rule nothing uses after a `select` is dropped (the diff names the change); a scale's
    values relabelled keep their symbols and points, so every verdict stays; the text names the
    changes in Dutch keywords too."""
    from regienorm.diff import framework_changes
    from regienorm.language.format import format_source
    from regienorm.source import Source

    text = ('profile t "T" version "1" extends "procesregie.norm"\n'
            'drop rule puntentelling because "de opzet valt buiten de audit"\n'
            'refine scale oordeel "+" title "ruim voldoende", "+/-" title deels because "de woorden van deze audit"\n')
    path = CASEBOOK / "_test_drop_rule.norm"
    path.write_text(text, encoding="utf-8")
    try:
        fw = compile_file(path.relative_to(ROOT))
        base = compile_file(CASEBOOK / "procesregie.norm")
    finally:
        path.unlink()
    assert "puntentelling" not in {r.id for r in fw.every_rule()} and "puntentelling" in {r.id for r in base.every_rule()}
    assert [(v.symbol, v.label, v.points) for v in fw.scale.values] == \
        [("+", "ruim voldoende", 2), ("+/-", "deels", 1), ("-", "voldoet niet", 0)]
    assert [(v.symbol, v.points, v.aliases) for v in fw.scale.values] == [(v.symbol, v.points, v.aliases) for v in base.scale.values]
    assert fw.profile is not None
    assert [(c.kind, c.text, c.removed) for c in fw.profile.changes[-2:]] == [
        ("drop rule", "drop rule puntentelling", ("rule puntentelling",)),
        ("refine scale", 'refine scale oordeel "+" title "ruim voldoende", "+/-" title "deels"', ())]
    causes = [c.text() for c in framework_changes(base, fw)]
    assert causes[0].startswith("rule `puntentelling`: removed")
    assert causes[1] == "profile `t`: drop rule puntentelling (de opzet valt buiten de audit)"
    evidence = CASEBOOK / "evidence" / "mpg.yaml"
    old, new = evaluate(base, load_evidence(evidence, base)), evaluate(fw, load_evidence(evidence, fw))
    assert [(j.entity, j.target, j.verdict) for j in old] == [(j.entity, j.target, j.verdict) for j in new]
    dutch = format_source(Source("t.norm", text), keywords_to="nl")
    assert "laat weg regel puntentelling" in dutch and 'verfijn schaal oordeel "+" titel "ruim voldoende", "+/-" titel deels' in dutch
    assert check_text(dutch, str(CASEBOOK / "_t.norm")).framework == check_text(text, str(CASEBOOK / "_t.norm")).framework


GOLDEN_BASES = ROOT / "tests" / "golden" / "errors"  # profile/base.norm and profile/other.norm


@pytest.mark.parametrize(("policy", "opzet", "rule"), [("keep first", ["1", "2"], "share of points"), ("keep last", ["9"], "worst")])
def test_merging_two_bases(policy: str, opzet: list[str], rule: str) -> None:
    """OSCAL's merge: what both bases declare alike is kept once (the scale, the role); what they
    declare differently is the first's or the last's as the profile says, a change of the profile
    that the reasons and the diff name; without a policy it is an error (golden case
    profile_merge_conflict)."""
    from regienorm.diff import _profile_causes

    result = check_text(f'profile p "P" version "1" extends "profile/base.norm", "profile/other.norm" merge {policy}\n',
                        str(GOLDEN_BASES / "_merge.norm"))
    fw = result.framework
    assert fw is not None and result.diagnostics == (), result.diagnostics
    assert [(nk.id, [n.id for n in nk.norms]) for nk in fw.normenkaders] == [("opzet", opzet), ("uitvoering", ["1"])]
    assert [(r.id, r.kind) for r in fw.every_rule()] == [("aandeel", rule)]
    assert [r.id for r in fw.roles] == ["team"] and len(fw.scale.values) == 3
    assert fw.profile is not None and fw.profile.lineage() == (("profile_base", "1"),)
    kept, other = ("base", "other") if policy == "keep first" else ("other", "base")
    assert [(c.kind, c.text) for c in fw.profile.changes] == [
        ("merge", f"merge {policy}: rule aandeel of {GOLDEN_BASES.relative_to(ROOT) / 'profile' / kept}.norm, "
                  f"not of {GOLDEN_BASES.relative_to(ROOT) / 'profile' / other}.norm"),
        ("merge", f"merge {policy}: normenkader opzet of {GOLDEN_BASES.relative_to(ROOT) / 'profile' / kept}.norm, "
                  f"not of {GOLDEN_BASES.relative_to(ROOT) / 'profile' / other}.norm"),
        ("merge", f"extends {GOLDEN_BASES.relative_to(ROOT) / 'profile' / 'other.norm'}: normenkader uitvoering")]
    evidence = load_evidence_text(fw)
    a = evaluate(fw, evidence)
    total = a.get("team1", "opzet")
    assert total is not None and {r.text.split(":")[1].strip() for r in total.reasons if r.kind == "profile"} == {f"merge {policy}"}
    base = compile_file(GOLDEN_BASES / "profile" / "base.norm")
    causes = _profile_causes(base, fw, "opzet")
    assert [c.subject for c in causes] == ["p", "p"] and all(f"merge {policy}" in (c.new or "") for c in causes)


def load_evidence_text(fw):  # type: ignore[no-untyped-def]
    from regienorm import parse_evidence

    return parse_evidence(f'format: regienorm-evidence/1\nassessment: {{framework: {fw.id}, version: "{fw.version}"}}\n'
                          "entities: [{id: team1, role: team}]\n", "e.yaml", fw)


OSCAL = ROOT / "frameworks" / "cookbook" / "oscal-profile"


def test_the_oscal_profile_merges_selects_and_modifies() -> None:
    """Two imports merged use-first, controls selected, one retitled, the scale's wording set:
    evidence made for the catalog is judged by the profile (the finding on AC-3, not selected, left
    out), and the diff against the catalog names the changes behind each verdict that differs."""
    base, profile, old_ev, new_ev, old, new = _both(OSCAL / "catalog.norm", OSCAL / "profile.norm", OSCAL / "system.evidence.yaml")
    assert [(nk.id, nk.title, [n.id for n in nk.norms]) for nk in profile.normenkaders] == [
        ("ac", "Access Control", ["ac_1", "ac_2"]), ("au", "Audit and Accountability", ["au_2", "au_6"]),
        ("pl", "Planning", ["pl_2"])]
    assert profile.normenkaders[0].norms[1].title == "Account Management (service accounts only)"
    assert [v.label for v in profile.scale.values] == ["the control's objective is satisfied", "other than satisfied"]
    assert profile.profile is not None
    assert [c.kind for c in profile.profile.changes] == ["merge", "merge", "select", "refine", "refine scale"]
    assert [(o.kind, o.target) for o in new_ev.left_out] == [("finding", "ac.ac_3")]
    assert (old.get("kiosk", "ac").verdict, new.get("kiosk", "ac").verdict) == ("not-satisfied", "not-satisfied")  # type: ignore[union-attr]
    assert new.get("kiosk", "pl").status.value == "not_assessed"  # type: ignore[union-attr]
    ac2 = new.get("kiosk", "ac.ac_2")
    assert ac2 is not None and [dict(r.data)["change"] for r in ac2.reasons if r.kind == "profile"] == ["merge", "refine"]
    result = compare(base, profile, [("system.evidence.yaml", old, old_ev, new, new_ev)])
    changed = {(c.entity, c.target): c for c in result.changed}
    assert ("kiosk", "ac.ac_3") in changed and ("kiosk", "pl") in changed
    assert any(cause.kind == "profile" and "select" in (cause.new or "") for cause in changed[("kiosk", "ac.ac_3")].causes)
    assert [cause.new for cause in changed[("kiosk", "pl")].causes if cause.kind == "profile"] == \
        [f"extends {(OSCAL / 'local.norm').relative_to(ROOT)}: normenkader pl"]


@pytest.mark.parametrize(("broken", "code"), [
    (("  norms by aandeel", "  norms by share"), "RN102"),  # `share` read as the keyword: the rest of the file unread
    (("framework language_base", 'include "missing.norm"\nframework language_base'), "RN501"),
])
def test_a_base_read_only_in_part_reports_its_own_errors_and_not_the_changes(tmp_path: Path, broken: tuple[str, str],
                                                                             code: str) -> None:
    """A base that could not be read whole (a syntax error, an include not found) would have every
    change report its target missing (RN541 nine times for one typo); its changes are not applied,
    and the base's own error says what to fix."""
    examples = ROOT / "frameworks" / "examples" / "language" / "profile"
    for name in ("base.norm", "local.norm", "profile.norm"):
        (tmp_path / name).write_text((examples / name).read_text(encoding="utf-8"), encoding="utf-8")
    base = tmp_path / "base.norm"
    text = base.read_text(encoding="utf-8")
    assert broken[0] in text
    base.write_text(text.replace(broken[0], broken[1], 1), encoding="utf-8")
    from regienorm import check_file

    codes = [d.code for d in check_file(tmp_path / "profile.norm").diagnostics if d.is_error]
    assert code in codes and "RN541" not in codes, codes


def test_a_base_with_an_error_that_leaves_it_whole_still_has_its_changes_checked(tmp_path: Path) -> None:
    examples = ROOT / "frameworks" / "examples" / "language" / "profile"
    for name in ("base.norm", "local.norm", "profile.norm"):
        (tmp_path / name).write_text((examples / name).read_text(encoding="utf-8"), encoding="utf-8")
    base = tmp_path / "base.norm"
    base.write_text(base.read_text(encoding="utf-8").replace('    aspect a "Goals"', '    aspect a "Goals" for nobody', 1),
                    encoding="utf-8")
    profile = tmp_path / "profile.norm"
    from regienorm import check_file

    assert [d.code for d in check_file(profile).diagnostics] == ["RN202"]  # the base's unknown role
    profile.write_text(profile.read_text(encoding="utf-8").replace("drop plan.1.b", "drop plan.1.x", 1), encoding="utf-8")
    # the base was read whole, so its changes are checked: the one that names nothing is reported
    # (the checks of names come after the profile's changes, as for any framework)
    assert [d.code for d in check_file(profile).diagnostics] == ["RN541"]
