"""XCCDF's four scoring models (NIST IR 7275 Rev. 4, section 7.3.2), written as the cookbook's
framework writes them, against the specification's algorithms written here a second time, plainly
and apart from regienorm (Tables 40 and 41), on the cookbook's hosts and on generated benchmarks:
groups inside groups, rules and groups as siblings, weights of 0, every result category, Rules
with several results."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regienorm import compile_file, compile_text, evaluate, load_evidence
from regienorm.evidence.load import parse_evidence
from regienorm.judgement import Status

from .conftest import ROOT

HERE = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
MODELS = ("default", "flat", "flat_maximum", "flat_unweighted", "flat_unweighted_maximum", "absolute")
RESULTS = ("pass", "fail", "error", "unknown", "notapplicable", "notchecked", "notselected", "informational", "fixed")
EXCLUDED = {"notapplicable", "notchecked", "informational", "notselected"}


def _scores(assessment: Any) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for j in assessment:
        if j.level == "score":
            assert j.status is not Status.ERROR, (j.entity, j.target, [r.text for r in j.reasons])
            out[(j.entity, j.target)] = j.value if j.status is Status.JUDGED else None
    return out


def test_the_cookbook_hosts_score_as_worked_by_hand() -> None:
    framework = compile_file((HERE / "xccdf.norm").relative_to(ROOT))
    scores = _scores(evaluate(framework, load_evidence((HERE / "hosts.evidence.yaml").relative_to(ROOT), framework)))
    expected = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
    checked = 0
    for host, nodes in expected.items():
        for node, models in nodes.items():
            for model, want in models.items():
                got = scores[(host, f"{node}:{model}")]
                assert got == (None if want == "none" else Fraction(str(want))), (host, node, model)
                checked += 1
    assert checked == 40


# ------------------------------------------------------------------------ the specification, plainly
@attrs.frozen
class Rule:
    id: str
    weight: Fraction
    results: tuple[str, ...]  # one per instance


@attrs.frozen
class Group:
    id: str
    weight: Fraction
    children: tuple[Any, ...]


def _rule_count_score(rule: Rule) -> tuple[int, int]:
    """Score.Default.Rule / Score.Flat.Rules: rule_count and rule_score over the rule-results."""
    count = sum(1 for r in rule.results if r not in EXCLUDED)
    score = sum(1 for r in rule.results if r in ("pass", "fixed"))  # "fixed" is treated as "pass"
    return count, score


def default_model(node: Any) -> tuple[int, Fraction]:
    """Table 40: a node's count and (normalised) score; its weighted score is score * weight."""
    if isinstance(node, Rule):
        count, score = _rule_count_score(node)
        return (0, Fraction(0)) if count == 0 else (1, 100 * Fraction(score, count))
    count, s, a = 0, Fraction(0), Fraction(0)
    for child in node.children:
        child_count, child_score = default_model(child)
        if child_count != 0:
            s += child_score * child.weight
            count += 1
            a += child.weight
    return count, (s / a if a != 0 else s)  # a = 0: left undefined by the text; s stays 0


def _rules(node: Any) -> list[Rule]:
    return [node] if isinstance(node, Rule) else [r for c in node.children for r in _rules(c)]


def flat_model(node: Any, unweighted: bool = False) -> tuple[Fraction, Fraction]:
    """Table 41 (and flat-unweighted: every weight not 0 taken to be 1): s and m."""
    s, m = Fraction(0), Fraction(0)
    for rule in _rules(node):
        count, score = _rule_count_score(rule)
        weight = (1 if rule.weight != 0 else 0) if unweighted else rule.weight
        if count != 0:
            m += weight
            s += weight * Fraction(score, count)
    return s, m


def expected_scores(node: Any, target: str) -> dict[str, Any]:
    count, score = default_model(node)
    s, m = flat_model(node)
    us, um = flat_model(node, unweighted=True)
    return {"default": score if count else None, "flat": s, "flat_maximum": m, "flat_unweighted": us,
            "flat_unweighted_maximum": um, "absolute": Fraction(int(s == m))}


# ------------------------------------------------------------------------ generated benchmarks
_weights = st.sampled_from([Fraction(0), Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3)])


def _benchmarks() -> st.SearchStrategy[Group]:
    counter = iter(range(10**9))
    rules = st.builds(lambda w, rs: Rule(f"r{next(counter)}", w, tuple(rs)), _weights,
                      st.lists(st.sampled_from(RESULTS), min_size=1, max_size=3))

    def groups(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.builds(lambda w, cs: Group(f"g{next(counter)}", w, tuple(cs)), _weights,
                         st.lists(children, min_size=0, max_size=4))

    tree = st.recursive(rules, groups, max_leaves=10)
    return st.builds(lambda cs: Group("benchmark", Fraction(1), tuple(cs)), st.lists(tree, min_size=1, max_size=4))


def _number(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _structure(node: Any, depth: int) -> list[str]:
    pad = "  " * depth
    weight = f" weight {_number(node.weight)}" if node.weight != 1 else ""
    if isinstance(node, Rule):
        if len(node.results) == 1:
            return [f'{pad}norm {node.id} "Rule {node.id}"{weight}']
        aspects = "; ".join(f'aspect i{n} "instance {n}"' for n in range(len(node.results)))
        return [f'{pad}norm {node.id} "Rule {node.id}"{weight} {{ {aspects} }}']
    lines = [f'{pad}group {node.id} "Group {node.id}"{weight} {{']
    for child in node.children:
        lines.extend(_structure(child, depth + 1))
    return [*lines, f"{pad}}}"]


def _framework_text(benchmark: Group) -> str:
    """The cookbook's framework with its benchmark's groups and rules replaced by ``benchmark``'s:
    the scores are the cookbook's own, as written."""
    text = (HERE / "xccdf.norm").read_text(encoding="utf-8")
    start = text.index("  norms by every_instance\n") + len("  norms by every_instance\n")
    end = text.index("  # Score.Default.Rule")
    body = [line for child in benchmark.children for line in _structure(child, 1)]
    return text[:start] + "\n".join(body) + "\n\n" + text[end:]


def _evidence(benchmark: Group) -> str:
    findings = []

    def walk(node: Any, path: str) -> None:
        target = f"{path}.{node.id}"
        if isinstance(node, Rule):
            if len(node.results) == 1:
                findings.append({"entity": "host", "target": target, "verdict": node.results[0]})
            else:
                findings.extend({"entity": "host", "target": f"{target}.i{n}", "verdict": r}
                                for n, r in enumerate(node.results))
        else:
            for child in node.children:
                walk(child, target)

    for child in benchmark.children:
        walk(child, "benchmark")
    return yaml.safe_dump({"format": "regienorm-evidence/1",
                           "assessment": {"framework": "xccdf_scoring", "version": "1.2"},
                           "entities": [{"id": "host"}], "findings": findings})


def _groups(node: Any, path: str) -> list[tuple[str, Group]]:
    if isinstance(node, Rule):
        return []
    here = [(path, node)]
    for child in node.children:
        here.extend(_groups(child, f"{path}.{child.id}"))
    return here


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_benchmarks())
def test_the_four_models_equal_the_specifications_algorithms(benchmark: Group) -> None:
    framework = compile_text(_framework_text(benchmark), "generated.norm")
    evidence = parse_evidence(_evidence(benchmark), "generated.evidence.yaml", framework)
    scores = _scores(evaluate(framework, evidence))
    for path, group in _groups(benchmark, "benchmark"):
        # a group of which nothing counts: the flat models' declared 0 and absolute's 1 (s = m = 0)
        for model, want in expected_scores(group, path).items():
            assert scores[("host", f"{path}:{model}")] == want, (path, model, _framework_text(benchmark))


def test_the_cookbook_framework_reads_as_the_specification() -> None:
    """Each model is one score whose title is the model's URI in section 7.3.2."""
    text = (HERE / "xccdf.norm").read_text(encoding="utf-8")
    for uri in ("urn:xccdf:scoring:default", "urn:xccdf:scoring:flat", "urn:xccdf:scoring:flat-unweighted",
                "urn:xccdf:scoring:absolute"):
        assert re.search(rf'score \w+ "{re.escape(uri)}"', text), uri


def _flip_first_fail(node: Any) -> tuple[Any, bool]:
    """``node`` with its first failing result (in document order) made a pass; whether one was."""
    if isinstance(node, Rule):
        for n, r in enumerate(node.results):
            if r in ("fail", "error", "unknown"):
                return attrs.evolve(node, results=node.results[:n] + ("pass",) + node.results[n + 1:]), True
        return node, False
    children = list(node.children)
    for n, child in enumerate(children):
        flipped, done = _flip_first_fail(child)
        if done:
            children[n] = flipped
            return attrs.evolve(node, children=tuple(children)), True
    return node, False


def _benchmark_scores(benchmark: Group) -> dict[str, Any]:
    framework = compile_text(_framework_text(benchmark), "generated.norm")
    scores = _scores(evaluate(framework, parse_evidence(_evidence(benchmark), "generated.evidence.yaml", framework)))
    return {model: scores[("host", f"benchmark:{model}")] for model in MODELS}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_benchmarks())
def test_a_result_that_passes_instead_of_failing_never_lowers_a_score(benchmark: Group) -> None:
    """Monotone: every model's score at the Benchmark stays or rises when one failure passes."""
    better, flipped = _flip_first_fail(benchmark)
    if not flipped:
        return
    before, after = _benchmark_scores(benchmark), _benchmark_scores(better)
    for model in ("default", "flat", "flat_unweighted", "absolute"):
        assert after[model] >= before[model], model
    assert after["flat_maximum"] == before["flat_maximum"]
