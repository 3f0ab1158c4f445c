"""Every record is one record (issue 14): a member listed twice, a normenkader listed twice, an
empty id, a printed cell's id given twice, and a group judged across members it does not share
targets with are errors at the record, never counted twice or left out without a word."""

from __future__ import annotations

import pytest

from regienorm import EvidenceError, compile_file, evaluate, parse_evidence

from ..conftest import EXAMPLES

HEADER = 'format: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\n'
FINDINGS = """findings:
  - {entity: gemeente, target: opzet.1.a, verdict: "+"}
  - {entity: noord, target: opzet.1.a, verdict: "+"}
  - {entity: zuid, target: opzet.1.a, verdict: "-"}
"""


@pytest.fixture(scope="module")
def framework():  # type: ignore[no-untyped-def]
    return compile_file(EXAMPLES / "jeugdhulp.norm")


def _errors(framework, text: str) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(HEADER + text, "e.yaml", framework)
    return [(d.code, d.span.line, d.span.column) for d in caught.value.diagnostics if d.span is not None]


def test_a_member_listed_three_times_is_an_error_not_three_votes(framework) -> None:  # type: ignore[no-untyped-def]
    entities = """entities:
  - {id: gemeente, role: gemeente}
  - {id: noord, role: wijkteam, normenkaders: [opzet]}
  - {id: zuid, role: wijkteam, normenkaders: [opzet]}
  - {id: wijkteams, role: wijkteam, members: [gemeente, noord, zuid, zuid, zuid], normenkaders: [opzet]}
"""
    assert _errors(framework, entities + FINDINGS) == [("RN646", 7, 70), ("RN646", 7, 76)]
    once = parse_evidence(HEADER + entities.replace(", zuid, zuid]", "]") + FINDINGS, "e.yaml", framework)
    members = next(r for r in evaluate(framework, once).get("wijkteams", "opzet.1.a").reasons if r.kind == "members")
    assert dict(members.data)["members"] == ["gemeente", "noord", "zuid"]


def test_a_normenkader_listed_twice_is_an_error(framework) -> None:  # type: ignore[no-untyped-def]
    assert _errors(framework, "entities:\n  - {id: noord, role: wijkteam, normenkaders: [opzet, uitvoering, opzet]}\n") \
        == [("RN647", 4, 67)]


@pytest.mark.parametrize("entity", ['{id: "", role: wijkteam}', '{id: "   ", role: wijkteam}',
                                    "{id: noord, role: wijkteam, normenkaders: [opzet, '']}"])
def test_an_empty_id_is_an_error(framework, entity: str) -> None:  # type: ignore[no-untyped-def]
    assert [code for code, _, _ in _errors(framework, f"entities:\n  - {entity}\n")] == ["RN648"]


def test_an_empty_member_is_an_error_not_dropped(framework) -> None:  # type: ignore[no-untyped-def]
    text = "entities:\n  - {id: noord, role: wijkteam}\n  - {id: g, role: wijkteam, members: [noord, '']}\n"
    assert [code for code, _, _ in _errors(framework, text)] == ["RN648"]


def test_a_record_id_given_twice_is_an_error(framework) -> None:  # type: ignore[no-untyped-def]
    text = """entities:
  - {id: noord, role: wijkteam, normenkaders: [opzet]}
recorded:
  - {entity: noord, target: opzet.4, verdict: "+", source: {line: 1}, record: T3.n4}
  - {entity: noord, target: opzet, verdict: "+", source: {line: 2}, record: T3.n4}
  - {entity: noord, target: opzet.1, verdict: "+", source: {line: 3}, record: T3.n1}
"""
    assert _errors(framework, text) == [("RN649", 7, 5)]


def test_a_group_whose_role_misses_its_members_targets_is_refused(framework) -> None:  # type: ignore[no-untyped-def]
    # opzet.3 is for role wijkteam only: a group of role gemeente would show it "not applicable"
    # while both members are judged on it
    text = """entities:
  - {id: noord, role: wijkteam, normenkaders: [opzet]}
  - {id: samen, role: gemeente, members: [noord], normenkaders: [opzet]}
"""
    assert _errors(framework, text) == [("RN650", 5, 5)]


def test_a_member_not_judged_on_the_groups_normenkader_is_refused(framework) -> None:  # type: ignore[no-untyped-def]
    text = """entities:
  - {id: noord, role: wijkteam, normenkaders: [uitvoering]}
  - {id: g, role: wijkteam, members: [noord], normenkaders: [opzet]}
"""
    assert _errors(framework, text) == [("RN650", 5, 5)]


def test_a_member_to_which_a_target_does_not_apply_is_left_out_in_words(framework) -> None:  # type: ignore[no-untyped-def]
    """The other way round is judged on the members to which the target applies: opzet.3 does not
    apply to `gemeente`, and the group's reasons say it is left out."""
    text = """entities:
  - {id: gemeente, role: gemeente}
  - {id: noord, role: wijkteam, normenkaders: [opzet]}
  - {id: g, role: wijkteam, members: [gemeente, noord], normenkaders: [opzet]}
findings:
  - {entity: noord, target: opzet.3.a, verdict: "+"}
"""
    judgement = evaluate(framework, parse_evidence(HEADER + text, "e.yaml", framework)).get("g", "opzet.3.a")
    texts = [r.text for r in judgement.reasons]
    assert "gemeente: not applicable" in texts
    assert "gemeente is not applicable; left out and the rest renormalised (policy `skip`)" in texts
    assert judgement.status.value == "judged"
