"""Which reader a file gets: JSON by its name, YAML otherwise, even when YAML starts with `{`."""

from __future__ import annotations

import pytest

from regienorm import EvidenceError, compile_file, parse_evidence

from .conftest import EXAMPLES

FLOW = '{format: regienorm-evidence/1, assessment: {framework: jeugdhulp, version: "1.0"}, entities: [{id: noord, role: wijkteam}]}\n'


def test_yaml_flow_mapping_at_the_top_is_yaml() -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    evidence = parse_evidence(FLOW, "flow.yaml", framework)
    assert [e.id for e in evidence.entities] == ["noord"]


def test_the_same_text_named_json_is_read_as_json_and_refused() -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(FLOW, "flow.json", framework)
    assert caught.value.diagnostics[0].code == "RN601"
