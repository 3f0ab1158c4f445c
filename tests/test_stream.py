"""Streaming evaluation: the same judgements as evaluate(), whatever order groups come in, in one
process or several; nothing accumulates (checked by memory held, never by time)."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from bench import gen

import regienorm
from regienorm import EntityEvidence, EntityResult, compile_file, compile_text, evaluate, load_evidence, stream
from regienorm.engine.stream import split_evidence

from .conftest import CASEBOOK, EXAMPLES


def _by_entity(assessment: regienorm.Assessment) -> dict[str, list[regienorm.Judgement]]:
    out: dict[str, list[regienorm.Judgement]] = {}
    for j in assessment:
        out.setdefault(j.entity, []).append(j)
    return out


def _same(results: list[EntityResult], assessment: regienorm.Assessment) -> None:
    expected = _by_entity(assessment)
    assert sorted(r.entity.id for r in results) == sorted(expected)
    for r in results:
        assert list(r.judgements) == expected[r.entity.id], r.entity.id
        assert [j.span for j in r] == [j.span for j in expected[r.entity.id]]
        assert r.outcomes() == [(j.target, j.status, j.verdict) for j in expected[r.entity.id] if j.level != "decision"]
        assert r.verdicts() == {j.target: j.verdict for j in expected[r.entity.id] if j.level != "decision"}


@pytest.fixture(scope="module")
def generated() -> tuple[Any, Any, list[list[EntityEvidence]]]:
    text, spec = gen.framework(10, 2)
    framework = compile_text(text)
    return framework, gen.evidence(spec, 120, 2), list(gen.bundles(spec, 120, 2))


@pytest.mark.parametrize("reasons", [True, False])
def test_same_as_evaluate_on_the_example_and_the_casebook(reasons: bool) -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    evidence = load_evidence(EXAMPLES / "jeugdhulp.evidence.yaml", framework)
    _same(list(stream(framework, evidence, reasons=reasons)), evaluate(framework, evidence, reasons=reasons))
    framework = compile_file(CASEBOOK / "regie.norm")
    for path in sorted((CASEBOOK / "evidence").glob("*.yaml")):
        evidence = load_evidence(path, framework)
        _same(list(stream(framework, evidence, reasons=reasons)), evaluate(framework, evidence, reasons=reasons))


def test_members_come_before_their_groups(generated: Any) -> None:
    framework, evidence, _ = generated
    order = [r.entity.id for r in stream(framework, evidence)]
    seen: set[str] = set()
    for ident in order:
        entity = evidence.entity(ident)
        assert all(m in seen for m in entity.members), ident
        seen.add(ident)


def test_a_group_with_its_members_in_one_batch(generated: Any) -> None:
    framework, evidence, blocks = generated
    _same(list(stream(framework, iter(blocks))), evaluate(framework, evidence))


def test_a_group_before_its_members_waits_for_them(generated: Any) -> None:
    framework, evidence, blocks = generated

    def group_first() -> Iterator[EntityEvidence]:
        for block in blocks:
            yield block[-1]
            yield from block[:-1]

    results = list(stream(framework, group_first(), reasons=False))
    _same(results, evaluate(framework, evidence, reasons=False))
    assert [r.entity.id for r in results[:9]] == [b.entity.id for b in blocks[0]]  # the group right after its last member


def test_a_group_after_its_members_when_declared(generated: Any) -> None:
    framework, evidence, blocks = generated
    flat = [b for block in blocks for b in block]
    groups = [b.entity for b in flat if b.entity.members]
    _same(list(stream(framework, flat, groups=groups)), evaluate(framework, evidence))


def test_a_group_after_undeclared_members_is_an_error(generated: Any) -> None:
    framework, _, blocks = generated
    flat = [b for block in blocks for b in block]
    with pytest.raises(ValueError, match="groups="):
        list(stream(framework, flat))


def test_records_of_another_entity_are_refused(generated: Any) -> None:
    framework, _, blocks = generated
    bundle = blocks[0][1]
    wrong = attrs.evolve(bundle, findings=(attrs.evolve(bundle.findings[0], entity="someone_else"),))
    with pytest.raises(ValueError, match="someone_else"):
        list(stream(framework, [wrong]))


def test_processes_give_the_same_judgements(generated: Any) -> None:
    framework, evidence, blocks = generated
    _same(list(stream(framework, iter(blocks), processes=2, chunk_size=7)), evaluate(framework, evidence))
    _same(list(stream(framework, evidence, reasons=False, processes=2, chunk_size=11)), evaluate(framework, evidence, reasons=False))


def test_counts_per_entity_add_up(generated: Any) -> None:
    framework, evidence, _ = generated
    results = list(stream(framework, evidence))
    total = evaluate(framework, evidence).counts
    assert sum(r.counts.findings for r in results) == total.findings
    assert sum(r.counts.findings_used for r in results) == total.findings_used
    assert sum(r.counts.recorded_used for r in results) == total.recorded_used
    assert sum(r.counts.overrides_set for r in results) == total.overrides_set


def test_an_entity_result_as_an_assessment(generated: Any) -> None:
    framework, evidence, _ = generated
    result = next(iter(stream(framework, evidence)))
    one = result.assessment(framework, "subject")
    assert one.judgements == result.judgements and one.entities == ((result.entity.id, result.entity.name, result.entity.role),)
    assert result.get(result.judgements[0].target) is result.judgements[0] and len(result) == len(one.judgements)


def test_split_evidence_keeps_every_record(generated: Any) -> None:
    _, evidence, _ = generated
    bundles = split_evidence(evidence)
    assert sum(len(b.findings) for b in bundles) == len(evidence.findings)
    assert sum(len(b.measures) for b in bundles) == len(evidence.measures)


def test_the_stream_reads_its_input_lazily(generated: Any) -> None:
    framework, _, blocks = generated
    taken = 0

    def source() -> Iterator[list[EntityEvidence]]:
        nonlocal taken
        for block in blocks:
            taken += 1
            yield block

    results = stream(framework, source())
    next(results)
    assert taken == 1


def test_the_stream_does_not_accumulate() -> None:
    """Memory held by a stream after 300 entities and after 2,700 more: the same, give or take the
    bounded memo tables (one entity's results weigh ~10 kB, so 2,700 kept would be ~27 MB)."""
    text, spec = gen.framework(10, 3)
    framework = compile_text(text)

    def blocks() -> Iterator[list[EntityEvidence]]:
        block = 0
        while True:
            yield from gen.bundles(spec, 9, 3, start=block)
            block += 1

    results = stream(framework, blocks(), reasons=False)
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(300):
            next(results).outcomes()
        gc.collect()
        early = tracemalloc.get_traced_memory()[0]
        for _ in range(2700):
            next(results).outcomes()
        gc.collect()
        late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert late - early < 2_000_000, (early, late)
