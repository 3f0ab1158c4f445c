"""The fuzz suite that runs in CI: whatever goes in, only regienorm's own errors come out.

Random bytes and text, frameworks generated from the grammar and mutated from real files, random
and mutated evidence: each is pushed through reading, compiling, loading, evaluating and
rendering, and anything raised that is not a :class:`~regienorm.RegienormError` fails the test
(a crash, a RecursionError, a KeyError from a corner nobody thought of). Long runs with coverage
guidance are in tests/fuzz/ (docs/fuzzing.md); what they found is pinned in test_regressions.py.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from regienorm import Framework, RegienormError, compile_file, compile_text, evaluate, explain, ir, parse_evidence, render_full
from regienorm.files import decode
from regienorm.render import json as render_json
from regienorm.render import text as render_text

from ..strategies import INTERESTING, SEED_FILES, framework_texts, mutated_files
from .helpers import compile_only_our_errors

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)


@lru_cache(maxsize=1)
def _example() -> Framework:
    return compile_file("frameworks/examples/jeugdhulp.norm")


def _render_everything(result) -> None:  # type: ignore[no-untyped-def]
    for d in result.diagnostics:
        render_full(d, result.sources)


# ---------------------------------------------------------------------------------- frameworks
@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_through_decode_and_compile(data: bytes) -> None:
    try:
        source = decode(data, "<fuzz>")
    except RegienormError:
        return
    result = compile_only_our_errors(source.text)
    if result is not None:
        _render_everything(result)


@FUZZ
@given(st.lists(st.sampled_from([*INTERESTING, "framework f \"F\" version \"1\"", "scale s {", "normenkader k \"K\" {",
                                 "when", "not", "and", "(", "count(", "table {", "\u202e", "\x1b", "\ud7ff", "\U0001f600"]),
                max_size=60).map("".join))
def test_token_soup_compiles_or_fails_cleanly(text: str) -> None:
    result = compile_only_our_errors(text)
    if result is not None:
        _render_everything(result)


@FUZZ
@given(framework_texts())
def test_grammar_generated_frameworks(text: str) -> None:
    result = compile_only_our_errors(text)
    if result is not None:
        _render_everything(result)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_files())
def test_mutated_frameworks_compile_and_evaluate_or_fail_cleanly(text: str) -> None:
    result = compile_only_our_errors(text)
    if result is None:
        return
    _render_everything(result)
    if result.framework is None:
        return
    # a framework that still compiles is evaluated against the example's evidence
    try:
        evidence = parse_evidence((_root() / "frameworks/examples/jeugdhulp.evidence.yaml").read_bytes(),
                                  "e.yaml", result.framework)
    except RegienormError:
        return
    _evaluate_and_render(result.framework, evidence)


def _root():  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def _evaluate_and_render(framework: Framework, evidence) -> None:  # type: ignore[no-untyped-def]
    assessment = evaluate(framework, evidence)
    render_text.render([("e", assessment)])
    json.loads(render_json.render([("e", assessment)]))
    for j in assessment.judgements[:20]:
        explain(assessment, j.entity, j.target)
    c = assessment.counts
    assert (c.findings_used, c.measures_used, c.recorded_used, c.overrides_used) == \
        (c.findings, c.measures, c.recorded, c.overrides)


# ---------------------------------------------------------------------------------- evidence
def _load(data: bytes | str, path: str) -> None:
    try:
        evidence = parse_evidence(data, path, _example())
    except RegienormError as exc:
        assert exc.diagnostics and all(d.code.startswith("RN") for d in exc.diagnostics)
        for d in exc.diagnostics:
            render_full(d)
        return
    _evaluate_and_render(_example(), evidence)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["e.yaml", "e.json"]))
def test_random_bytes_as_evidence(data: bytes, path: str) -> None:
    _load(data, path)


SCALARS = st.one_of(
    st.sampled_from(["noord", "zuid", "gemeente", "wijkteams", "opzet.1.a", "opzet.1", "uitvoering.1", "uitvoering.3",
                     "tevredenheid", "betrokkenheid", "+", "-", "+/-", "-/+", "not_assessed", "not_applicable", "nl",
                     "en", "6,6", "1.557", "1_000", "017", "1:30", ".nan", "~", "", "\x1b", "\u202e", "é", "e\u0301"]),
    st.integers(-5, 200), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(), st.text(max_size=8),
)
KEYS = st.sampled_from(["entity", "target", "verdict", "status", "note", "sources", "measure", "value", "n", "item",
                        "source", "record", "justification", "author", "id", "role", "members", "normenkaders",
                        "document", "page", "line", "table", "quote", "name", "x"])
RECORD = st.dictionaries(KEYS, st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                                            max_leaves=6), max_size=6)


@st.composite
def evidence_documents(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    entities = draw(st.lists(st.sampled_from([
        {"id": "gemeente", "role": "gemeente"}, {"id": "noord", "role": "wijkteam"},
        {"id": "zuid", "role": "wijkteam", "normenkaders": ["opzet", "uitvoering"]},
        {"id": "wijkteams", "role": "wijkteam", "members": ["noord", "zuid"]}]), min_size=1, max_size=4))
    document = {"format": "regienorm-evidence/1", "assessment": {"framework": "jeugdhulp", "version": "1.0"},
                "entities": entities}
    if draw(st.booleans()):
        document["number_format"] = draw(st.sampled_from(["nl", "en", "xx"]))
    for kind in ("findings", "measures", "recorded", "overrides"):
        document[kind] = draw(st.lists(RECORD, max_size=4))
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(evidence_documents(), st.sampled_from(["yaml", "json"]))
def test_random_evidence_documents(document: dict, syntax: str) -> None:  # type: ignore[type-arg]
    if syntax == "json":
        text = json.dumps(document, allow_nan=True)
    else:
        text = yaml.safe_dump(document, allow_unicode=True)
    _load(text, f"e.{syntax}")


@st.composite
def mutated_evidence(draw: st.DrawFn) -> str:
    text = (_root() / "frameworks/examples/jeugdhulp.evidence.yaml").read_text(encoding="utf-8")
    if draw(st.booleans()):
        text = json.dumps(yaml.safe_load(text), indent=1)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 30)))
        piece = draw(st.one_of(st.sampled_from([*INTERESTING, "&a ", "*a", "!!python/object:x ", "- ", ": ", "[", "]",
                                                 "\"\\ud800\"", "1_000", "6,6", "~", "\t", "<<: "]), st.text(max_size=4)))
        text = text[:i] + piece + text[draw(st.sampled_from([i, j])):]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_evidence())
def test_mutated_evidence(text: str) -> None:
    _load(text, "e.json" if text.lstrip().startswith("{") else "e.yaml")


def test_the_seed_files_are_there() -> None:
    assert len(SEED_FILES) > 10
    assert compile_text((_root() / "frameworks/examples/jeugdhulp.norm").read_text(encoding="utf-8").replace(
        'include "shared/oordeel.norm"', (_root() / "frameworks/examples/shared/oordeel.norm").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _compiling_seeds() -> tuple[str, ...]:
    example = (_root() / "frameworks/examples/jeugdhulp.norm").read_text(encoding="utf-8").replace(
        'include "shared/oordeel.norm"', (_root() / "frameworks/examples/shared/oordeel.norm").read_text(encoding="utf-8"))
    casebook = (_root() / "frameworks/rekenkamer-amsterdam-2013/regie.norm").read_text(encoding="utf-8")
    return example, casebook


@st.composite
def gently_mutated_frameworks(draw: st.DrawFn) -> str:
    """A framework that compiles, with a few of its words, numbers or lines changed for others of
    the same kind: most results still compile, so the evaluator gets to see strange frameworks."""
    text = draw(st.sampled_from(_compiling_seeds()))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        n = draw(st.integers(0, len(lines) - 1))
        line = lines[n]
        action = draw(st.sampled_from(["number", "symbol", "word", "drop", "double"]))
        if action == "number":
            line = re.sub(r"\d+", lambda _: str(draw(st.sampled_from([0, 1, 2, 3, 5, 16, 100, 10**12]))), line, count=1)
        elif action == "symbol":
            line = re.sub(r'"[+-/]+"', lambda _: draw(st.sampled_from(['"+"', '"-"', '"+/-"', '"-/+"'])), line, count=1)
        elif action == "word":
            line = re.sub(r"\b(worst|best|skip|lowest|propagate|and|or|from|above|all|any|mean|sum|count|share|min|max)\b",
                          lambda _: draw(st.sampled_from(["worst", "best", "skip", "lowest", "propagate", "and", "or",
                                                          "from", "above", "min", "max", "mean", "count"])), line, count=1)
        elif action == "drop":
            line = ""
        else:
            lines.insert(n, line)
        lines[n] = line
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(gently_mutated_frameworks(), st.data())
def test_mutated_frameworks_with_evidence_made_for_them(text: str, data: st.DataObject) -> None:
    """A framework that still compiles after mutation, judged on evidence drawn from its own
    targets, roles, measures and scale: the evaluator's corners, not only the readers'."""
    result = compile_only_our_errors(text)
    if result is None or result.framework is None:
        return
    fw = result.framework
    roles = [r.id for r in fw.roles] or ["r"]
    symbols = [s for v in fw.scale.values for s in (v.symbol, *v.aliases)]
    entities = [{"id": i, "role": data.draw(st.sampled_from(roles))} for i in ("e1", "e2", "e3")]
    entities.append({"id": "g", "role": entities[0]["role"], "members": ["e1", "e2"]})
    pick = lambda s: data.draw(st.sampled_from(s))  # noqa: E731
    findings, measures, recorded, overrides = [], [], [], []
    for entity in entities:
        role, group = entity["role"], "members" in entity
        for nk in fw.normenkaders:
            if not nk.applies_to(role):
                continue
            for norm in nk.norms:
                if not norm.applies_to(role):
                    continue
                target = f"{nk.id}.{norm.id}"
                if isinstance(norm.verdict, ir.FromAspects) and norm.aspects_for(role):
                    leaves = [f"{target}.{a.id}" for a in norm.aspects_for(role)]
                elif isinstance(norm.verdict, ir.FromMeasure):
                    leaves = []
                    if not (group and nk.across):
                        measures += [{"entity": entity["id"], "measure": norm.verdict.measure, "value": data.draw(st.integers(0, 100))}
                                     for _ in range(data.draw(st.integers(0, 2)))]
                else:
                    leaves = [target]
                for leaf in leaves:
                    if not (group and nk.across) and data.draw(st.integers(0, 4)):
                        if data.draw(st.integers(0, 5)):
                            findings.append({"entity": entity["id"], "target": leaf, "verdict": pick(symbols), "note": "n"})
                        else:
                            findings.append({"entity": entity["id"], "target": leaf, "status": pick(["not_assessed", "not_applicable"]),
                                             "note": "n"})
                for measure in norm.indicators:
                    if data.draw(st.booleans()):
                        measures.append({"entity": entity["id"], "measure": measure, "value": data.draw(st.integers(0, 100))})
                for where in ([target, *leaves] if data.draw(st.booleans()) else []):
                    if data.draw(st.booleans()):
                        recorded.append({"entity": entity["id"], "target": where, "verdict": pick(symbols), "source": {"table": "T"}})
            if data.draw(st.integers(0, 3)) == 0:
                overrides.append({"entity": entity["id"], "target": nk.id, "verdict": pick(symbols), "justification": "j",
                                  "author": "a"})
    document = {"format": "regienorm-evidence/1", "assessment": {"framework": fw.id, "version": fw.version},
                "entities": entities, "findings": findings, "measures": measures, "recorded": recorded, "overrides": overrides}
    try:
        evidence = parse_evidence(json.dumps(document), "e.json", fw)
    except RegienormError:
        event("evidence refused")
        return
    event("evaluated")
    _evaluate_and_render(fw, evidence)
