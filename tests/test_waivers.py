"""Waivers (overrides with dates, approver and scope; docs/evidence.md, "Overrides and waivers"):
expiry judged against the assessment's date at the boundaries, scopes, precedence, and every
report format listing what was applied and what was not."""

from __future__ import annotations

import json

import pytest

from regienorm import compile_file, evaluate, parse_evidence
from regienorm.render import html, text
from regienorm.render import json as render_json

from .conftest import EXAMPLES

FRAMEWORK = compile_file(EXAMPLES / "jeugdhulp.norm")


def _evidence(date: str | None, overrides: str):  # type: ignore[no-untyped-def]
    dated = f', date: "{date}"' if date else ""
    return parse_evidence(f"""
format: regienorm-evidence/1
assessment: {{framework: jeugdhulp, version: "1.0"{dated}}}
entities:
  - {{id: gemeente, role: gemeente}}
  - {{id: noord, role: wijkteam, normenkaders: [opzet]}}
  - {{id: zuid, role: wijkteam, normenkaders: [opzet]}}
findings:
  - {{entity: gemeente, target: opzet.4, verdict: "-", note: "geen raming"}}
  - {{entity: noord, target: opzet.4, verdict: "-", note: "geen raming"}}
  - {{entity: zuid, target: opzet.4, verdict: "+", note: "raming"}}
overrides:
{overrides}
""", "waivers.yaml", FRAMEWORK)


WAIVER = ('  - {entity: gemeente, target: opzet.4, verdict: "+/-", justification: "Raming volgt", author: "A",'
          ' approver: "B", date: "2024-01-10", expires: "2024-06-01"}')


@pytest.mark.parametrize(("day", "applied"), [("2024-05-31", True), ("2024-06-01", False), ("2024-06-02", False)])
def test_expiry_at_the_boundaries(day: str, applied: bool) -> None:
    """In effect the day before its expiry date; from that day on (InSpec's rule) expired: not
    applied, a warning, and listed as not applied."""
    evidence = _evidence(day, WAIVER)
    a = evaluate(FRAMEWORK, evidence)
    j = a.get("gemeente", "opzet.4")
    assert j is not None
    assert j.verdict == ("+/-" if applied else "-")
    assert [d.code for d in evidence.warnings] == ([] if applied else ["RN655"])
    assert len(a.waivers()) == int(applied) and len(a.waivers_not_applied) == int(not applied)
    if applied:
        data = dict(a.waivers()[0][2].data)
        assert (data["computed"], data["verdict"], data["approver"], data["expires"]) == ("-", "+/-", "B", "2024-06-01")


def test_scopes_and_precedence() -> None:
    overrides = "\n".join([
        '  - {scope: norm, target: opzet.4, verdict: "+/-", justification: "norm voor iedereen", author: "A"}',
        '  - {scope: entity, entity: zuid, target: opzet, verdict: "-", justification: "zuid geheel", author: "A"}',
        '  - {entity: zuid, target: opzet.4, verdict: "+", justification: "deze ene", author: "A"}',
    ])
    a = evaluate(FRAMEWORK, _evidence("2024-05-01", overrides))
    assert a.get("gemeente", "opzet.4").verdict == "+/-"  # type: ignore[union-attr]
    assert a.get("noord", "opzet.4").verdict == "+/-"  # type: ignore[union-attr]
    assert a.get("zuid", "opzet.4").verdict == "+"  # type: ignore[union-attr]  # the judgement's scope wins
    assert a.get("zuid", "opzet.1").verdict == "-"  # type: ignore[union-attr]  # the entity's scope
    scopes = {dict(r.data).get("scope", "judgement") for _, _, r in a.waivers()}
    assert scopes == {"norm", "entity", "judgement"}


def test_every_report_format_lists_the_waivers() -> None:
    expired = WAIVER.replace("gemeente, target: opzet.4", "noord, target: opzet.4").replace('"2024-06-01"', '"2024-03-01"')
    a = evaluate(FRAMEWORK, _evidence("2024-05-01", WAIVER + "\n" + expired))
    shown = text.render([("waivers.yaml", a)], width=200)
    assert "Waivers applied (1):" in shown
    assert "- waived gemeente opzet.4: override by A, approved by B, dated 2024-01-10, expires 2024-06-01: +/- replaces the computed -" in shown
    assert "Waiver not applied, expired on 2024-03-01: noord opzet.4: +/- by A" in shown
    dutch = text.render([("waivers.yaml", a)], width=200, language="nl")
    assert "Toegepaste afwijkingen (1):" in dutch and "afwijking gemeente opzet.4: bijstelling door A, goedgekeurd door B" in dutch
    assert "Afwijking niet toegepast, verlopen op 2024-03-01" in dutch
    doc = json.loads(render_json.render([("waivers.yaml", a)]))
    waivers = doc["evidence"][0]["waivers"]
    assert [(w["entity"], w["computed"], w["verdict"]) for w in waivers["applied"]] == [("gemeente", "-", "+/-")]
    assert [(w["entity"], w["expired"]) for w in waivers["not_applied"]] == [("noord", True)]
    page = html.render([("waivers.yaml", a)])
    assert "<h3>Afwijkingen / waivers</h3>" in page and "verlopen / expired 2024-03-01" in page


def test_no_waivers_no_waiver_section() -> None:
    plain = evaluate(FRAMEWORK, parse_evidence(
        'format: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\n'
        'entities: [{id: gemeente, role: gemeente}]\n', "none.yaml", FRAMEWORK))
    assert "waivers" not in json.loads(render_json.render([("none.yaml", plain)]))["evidence"][0]
    assert "Waiver" not in text.render([("none.yaml", plain)])
