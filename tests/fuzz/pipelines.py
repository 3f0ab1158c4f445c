"""What one fuzz input goes through, shared by the atheris harnesses (long runs) and
tests/robustness/test_regressions.py (every input they ever crashed on, in CI).

A pipeline returns quietly when the input is fine or is refused with a RegienormError; anything
else it raises is a finding. No atheris here, so CI can import it without atheris installed.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from regienorm import RegienormError, compile_file, evaluate, explain, ir, parse_evidence, render_full
from regienorm.compiler import check_text
from regienorm.files import decode
from regienorm.render import json as render_json
from regienorm.render import text as render_text

ROOT = Path(__file__).resolve().parents[2]


def evidence_for(framework: ir.Framework) -> str:
    """Evidence with one entity per role and a finding on every leaf target that applies (or a
    value, for a norm judged on a measure), so that a framework that compiles gets evaluated."""
    roles = [r.id for r in framework.roles] or ["r"]
    best = framework.scale.values[0].symbol
    entities = [{"id": f"e{n}", "role": role} for n, role in enumerate(roles)]
    findings: list[dict[str, object]] = []
    measures: list[dict[str, object]] = []
    for entity in entities:
        role = str(entity["role"])
        for nk in framework.normenkaders:
            if not nk.applies_to(role):
                continue
            for norm in nk.norms:
                if not norm.applies_to(role):
                    continue
                target = f"{nk.id}.{norm.id}"
                if isinstance(norm.verdict, ir.FromMeasure):
                    measures.append({"entity": entity["id"], "measure": norm.verdict.measure, "value": 50})
                elif isinstance(norm.verdict, ir.FromAspects) and norm.aspects_for(role):
                    findings += [{"entity": entity["id"], "target": f"{target}.{a.id}", "verdict": best, "note": "n"}
                                 for a in norm.aspects_for(role)]
                else:
                    findings.append({"entity": entity["id"], "target": target, "verdict": best, "note": "n"})
    return json.dumps({"format": "regienorm-evidence/1",
                       "assessment": {"framework": framework.id, "version": framework.version},
                       "entities": entities, "findings": findings, "measures": measures})


def _check_all_used(assessment) -> None:  # type: ignore[no-untyped-def]
    c = assessment.counts
    if (c.findings_used, c.measures_used, c.recorded_used, c.overrides_used) != (c.findings, c.measures, c.recorded, c.overrides):
        raise AssertionError(f"a record was read and not used: {c}")


def framework_pipeline(data: bytes) -> None:
    """Bytes as a framework file: decode, compile, render the diagnostics; when it compiles,
    evaluate it on evidence made for it and render text and JSON."""
    try:
        source = decode(data, "<fuzz>")
        result = check_text(source.text, "<fuzz>")
        for d in result.diagnostics:
            _written(render_full(d, result.sources))
        if result.framework is None:
            return
        evidence = parse_evidence(evidence_for(result.framework), "e.json", result.framework)
    except RegienormError:
        return
    assessment = evaluate(result.framework, evidence)
    _check_all_used(assessment)
    _written(render_text.render([("e", assessment)]))
    json.loads(_written(render_json.render([("e", assessment)])))


def _written(text: str) -> str:
    """Output as it is written to a file or a terminal: UTF-8 (a lone surrogate cannot be)."""
    text.encode("utf-8")
    return text


@functools.lru_cache(maxsize=1)
def example_framework() -> ir.Framework:
    return compile_file(ROOT / "frameworks" / "examples" / "jeugdhulp.norm")


def evidence_pipeline(data: bytes) -> None:
    """Bytes as an evidence file for the example framework (JSON when it starts with `{`): read,
    check, evaluate, render text, JSON and explanations; what loads must be used to the last record."""
    framework = example_framework()
    path = "e.json" if data.lstrip().startswith(b"{") else "e.yaml"
    try:
        evidence = parse_evidence(data, path, framework)
    except RegienormError as exc:
        for d in exc.diagnostics:
            _written(render_full(d))
        return
    for d in evidence.warnings:
        _written(render_full(d))
    assessment = evaluate(framework, evidence)
    _check_all_used(assessment)
    _written(render_text.render([("e", assessment)]))
    json.loads(_written(render_json.render([("e", assessment)])))
    for j in assessment.judgements[:10]:
        _written(explain(assessment, j.entity, j.target))
