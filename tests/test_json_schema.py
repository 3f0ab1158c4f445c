"""The JSON Schema of `regienorm evaluate --format json` (src/regienorm/schema/assessment.schema.json):
every output the project makes validates against it (the casebook, the examples, the cookbook,
generated frameworks and decisions, the document of errors), and it rejects a document with a
key of the wrong type, a key missing, or a key it does not know."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regienorm import check_text, evaluate
from regienorm.cli import main
from regienorm.render import json as render_json
from regienorm.render.titles import Titles
from regienorm.strategies import assessments, decision_evidence, decision_sources

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "src" / "regienorm" / "schema" / "assessment.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

RUNS = {
    "casebook": [],
    "jeugdhulp": ["frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml"],
    "jeugdhulp.nl": ["frameworks/examples/jeugdhulp.nl.norm", "frameworks/examples/jeugdhulp.evidence.yaml"],
    "tutorial": ["frameworks/examples/tutorial/schuldhulp.norm", "frameworks/examples/tutorial/schuldhulp.evidence.yaml"],
    "tutorial-2": ["frameworks/examples/tutorial/uitgebreid/schuldhulp.norm",
                   "frameworks/examples/tutorial/uitgebreid/schuldhulp.evidence.yaml"],
    "cvss": ["frameworks/cookbook/cvss-3.1/cvss31.norm", "frameworks/cookbook/cvss-3.1/examples.evidence.yaml"],
    "owasp": ["frameworks/cookbook/owasp-risk-rating/owasp.norm", "frameworks/cookbook/owasp-risk-rating/example.evidence.yaml"],
    "percentage": ["frameworks/cookbook/percentage-rating/rating.norm", "frameworks/cookbook/percentage-rating/services.evidence.yaml"],
    "xccdf": ["frameworks/cookbook/xccdf-scoring/xccdf.norm", "frameworks/cookbook/xccdf-scoring/hosts.evidence.yaml"],
    "xccdf-tailored": ["frameworks/cookbook/xccdf-scoring/tailored.norm", "frameworks/cookbook/xccdf-scoring/hosts.evidence.yaml"],
    "procesregie": ["frameworks/rekenkamer-amsterdam-2013/procesregie.norm",
                    "frameworks/rekenkamer-amsterdam-2013/evidence/risicojongeren.yaml"],
    "waivers": ["frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.waivers.yaml"],
    "cqc-two-scales": ["frameworks/cookbook/cqc-ratings-principles/principles.norm",
                       "frameworks/cookbook/cqc-ratings-principles/locations.evidence.yaml"],
    "fractional-points": ["tests/golden/scales/fractional.norm", "tests/golden/scales/fractional.evidence.yaml"],
    # lists and records, computed and published (recorded: with differences), and dates in tables
    "dmn-rule-order": ["frameworks/cookbook/dmn/rule-order/approval.norm", "frameworks/cookbook/dmn/rule-order/tck.evidence.yaml"],
    "dmn-first": ["frameworks/cookbook/dmn/first/approval.norm", "frameworks/cookbook/dmn/first/tck.evidence.yaml"],
    "dmn-collect": ["frameworks/cookbook/dmn/collect/salary.norm", "frameworks/cookbook/dmn/collect/tck.evidence.yaml"],
    "dmn-differs": ["frameworks/cookbook/dmn/rule-order/approval.norm", "tests/golden/published/rule-order-differs.evidence.yaml"],
    "categories": ["tests/golden/categories/strict.norm", "tests/golden/categories/hosts.evidence.yaml"],
    "dmn-dates": ["frameworks/cookbook/dmn/dates/filing.norm", "frameworks/cookbook/dmn/dates/reports.evidence.yaml"],
}


def _errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in VALIDATOR.iter_errors(document)]


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    code = main(["evaluate", *argv, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    return code, document


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", list(RUNS))
def test_every_shipped_output_validates(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = _cli(RUNS[name], capsys)
    assert code == 0 and document["judgements"]
    assert _errors(document) == []
    if name.startswith(("jeugdhulp", "tutorial")) or name == "casebook":  # titles and names are there to be validated
        assert any(j["title"] for j in document["judgements"]) and any(j["entity_name"] for j in document["judgements"])


def test_the_document_of_errors_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = _cli(["tests/golden/errors/unknown_rule.norm", "frameworks/examples/jeugdhulp.evidence.yaml"], capsys)
    assert code == 1 and document["errors"] and _errors(document) == []


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(assessments())
def test_generated_assessments_validate(drawn: Any) -> None:
    framework, _, assessment = drawn
    document = json.loads(render_json.render([("generated.yaml", assessment)], Titles.of_framework(framework)))
    assert _errors(document) == []


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_decisions_validate(data: st.DataObject) -> None:
    result = check_text(data.draw(decision_sources()), "generated.norm")
    assume(result.framework is not None)  # the strategy may draw what check refuses (`0 / 0`, RN709), as it says
    framework = result.framework
    assert framework is not None
    evidence = data.draw(decision_evidence(framework))
    document = json.loads(render_json.render([("generated.yaml", evaluate(framework, evidence))], Titles.of_framework(framework)))
    assert any(j["level"] == "decision" for j in document["judgements"])
    assert _errors(document) == []


@pytest.fixture(scope="module")
def example() -> Any:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["evaluate", *RUNS["jeugdhulp"], "--format", "json"]) == 0
    return json.loads(out.getvalue())


def _broken(document: Any, change: Any) -> Any:
    copied = copy.deepcopy(document)
    change(copied)
    return copied


@pytest.mark.parametrize("change", [
    lambda d: d["judgements"][0].__setitem__("verdict", 2),  # a verdict is a symbol or null
    lambda d: d["judgements"][0].pop("title"),  # every judgement has a title key
    lambda d: d["judgements"][0].__setitem__("colour", "green"),  # a key this release never writes
    lambda d: d["judgements"][0].__setitem__("status", "maybe"),
    lambda d: d["judgements"][0]["reasons"][0].__setitem__("kind", "hunch"),
    lambda d: d["provenance"]["framework"]["files"][0].__setitem__("sha256", "abc"),
    lambda d: d["provenance"].__setitem__("time", "yesterday"),
    lambda d: d.__setitem__("format", "regienorm-assessment/2"),
    lambda d: d["evidence"][0]["reconciliation"]["computed"].pop("by_provenance"),
    lambda d: next(j for j in d["judgements"] if j["level"] == "decision").pop("kind"),
    lambda d: next(j for j in d["judgements"] if j["level"] == "norm").__setitem__("value", 3),
], ids=["verdict-number", "no-title", "unknown-key", "status", "reason-kind", "sha256", "time", "format", "by-provenance",
        "decision-kind", "value-on-a-norm"])
def test_the_schema_rejects_a_broken_document(example: Any, change: Any) -> None:
    assert _errors(example) == []
    assert _errors(_broken(example, change)) != []


def test_the_schema_knows_every_reason_kind_docs_json_md_lists() -> None:
    """A reason kind added to the engine and documented is added to the schema too (or this fails)."""
    from .test_docs import DOCS, _documented_tables

    _, kinds = _documented_tables(DOCS / "json.md")
    judgement = SCHEMA["oneOf"][0]["properties"]["judgements"]["items"]
    assert set(judgement["properties"]["reasons"]["items"]["properties"]["kind"]["enum"]) == set(kinds)
