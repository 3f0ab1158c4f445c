"""An entity's decisions: each evaluated on the entity's named inputs and the decisions before it
(:mod:`regienorm.semantics.decisions` says what each means), as judgements at level ``decision``.

A decision with an input missing has no value (status ``not_assessed``), with a reason naming the
input; one whose arithmetic fails is an ``error`` with a reason saying why; a decision that reads
either has the same outcome, with a reason naming the decision it read.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import ir
from ..evidence.model import Entity, Finding, Recorded
from ..judgement import Judgement, Reason, Status, ValueJudgement
from ..semantics.decisions import SCALE_KEY, DecisionError, NoValue, Step, evaluate, expr_text, parts_key, value_text
from ..semantics.rules import Input
from ..semantics.scores import outcome_categories
from ..values import Record
from .fast.expressions import decisions_of
from .scores import judge_scores

#: A target's outcome as the decisions read it: (status, verdict, points).
Outcome = tuple[Status, "str | None", "int | None"]


def judge_decisions(framework: ir.Framework, entity: Entity, *, reasons: bool = True,
                    verdicts: Mapping[str, Outcome] | None = None,
                    recorded: Mapping[str, list[Recorded]] | None = None,
                    findings: Iterable[Finding] = ()) -> Iterator[Judgement]:
    """The judgement of every decision of ``framework`` for ``entity``, in declaration order
    (each decision comes after those it reads). ``verdicts``: the entity's judged targets, for the
    decisions that aggregate a target's parts (``sum(points of opzet)``); ``recorded``: the entity's
    published values, by decision, attached to its judgements to reconcile against; ``findings``:
    the entity's findings, for the outcome categories scores have policies for."""
    env: dict[Any, Any] = {i.name: i.value for i in entity.inputs}
    given = {i.name: i for i in entity.inputs}
    read_parts = _parts_read(framework)
    if read_parts:
        env[SCALE_KEY] = framework.scale
        outcomes = verdicts or {}
        for target, part_ids in read_parts.items():
            if target not in outcomes or outcomes[target][0] is Status.NOT_APPLICABLE:
                continue  # the target is not judged for this entity: the decision has no value
            if framework.compared_on:
                env[("scale", target)] = framework.compared_scale(target)
            env[parts_key(target)] = [Input(p, Status.JUDGED, outcomes[p][1], outcomes[p][2]) for p in part_ids
                                      if p in outcomes and outcomes[p][0] is Status.JUDGED]
            env[("not judged", target)] = [p for p in part_ids if p in outcomes and outcomes[p][0] is not Status.JUDGED
                                           and outcomes[p][0] is not Status.NOT_APPLICABLE]
    fast = None if reasons else decisions_of(framework)  # without reasons: compiled (engine/fast/expressions.py)
    for decision in framework.decisions:
        steps: list[Step] | None = [] if reasons else None
        problem: Exception | None = None
        try:
            value = evaluate(decision.expr, env, steps) if fast is None else fast[decision.id](env)
            status = Status.JUDGED
        except NoValue as exc:
            env[decision.id] = exc
            status, value, problem = Status.NOT_ASSESSED, None, exc
        except DecisionError as exc:
            env[decision.id] = exc
            status, value, problem = Status.ERROR, None, exc
        else:
            env[decision.id] = value
        told: tuple[Reason, ...] = ()
        if reasons:
            told = tuple(_reasons(framework, decision, entity, env, given, steps or [], value, problem))
        yield ValueJudgement(entity.id, decision.id, "decision", status, None, None, decision.id, told,
                             recorded=tuple(recorded.get(decision.id, ())) if recorded else (),
                             span=decision.span, value=value)
    if any(nk.scores for nk in framework.normenkaders):  # the trees' scores: named results at every node
        categories = outcome_categories(framework, findings, verdicts or {}) if findings else None
        yield from judge_scores(framework, entity, reasons=reasons, verdicts=verdicts, recorded=recorded,
                                categories=categories)


def _reasons(framework: ir.Framework, decision: ir.Decision, entity: Entity, env: dict[str, Any],
             given: dict[str, Any], steps: list[Step], value: Any, problem: Exception | None) -> Iterator[Reason]:
    title = f" ({decision.title})" if decision.title else ""
    provenance = ("stated in the source" if decision.stated else
                  f"reconstructed: {decision.reconstructed}" if decision.reconstructed else "declared by the framework")
    yield Reason("decision", f"decision `{decision.id}`{title} = {expr_text(decision.expr)}; {provenance}",
                 (("decision", decision.id), ("provenance", provenance)))
    yield from _parts_reasons(decision, env)
    for name in decision.uses:
        declared = framework.input(name)
        if declared is not None:
            item = given.get(name)
            if item is None:
                yield Reason("no_value", f"input `{name}`{_title(declared.title)} is not given for {entity.id}",
                             (("name", name), ("of", "input")))
            else:
                unit = f" {declared.unit}" if declared.unit else ""
                yield Reason("value", f"input `{name}`{_title(declared.title)} = {value_text(item.value)}{unit}",
                             (("name", name), ("of", "input"), ("value", item.value), ("at", item.span)))
            continue
        used = env.get(name)
        if isinstance(used, NoValue):
            yield Reason("no_value", f"decision `{name}` has no value: {used}", (("name", name), ("of", "decision")))
        elif isinstance(used, DecisionError):
            yield Reason("error", f"decision `{name}` is an error: {used}", (("name", name),))
        elif name in env:
            yield Reason("value", f"decision `{name}` = {value_text(used)}",
                         (("name", name), ("of", "decision"), ("value", _reason_value(used)), ("at", None)))
    for sentence, shown, taken in steps:
        yield Reason("step", sentence, (("result", shown), ("at", taken)))
    if problem is None:
        yield Reason("result", f"{decision.id} = {value_text(value)}", (("value", _reason_value(value)),))
    elif isinstance(problem, NoValue):
        yield Reason("no_value", f"{decision.id} has no value: {problem}", (("name", decision.id), ("of", "decision")))
    else:
        yield Reason("error", f"{decision.id} is an error: {problem}", (("name", decision.id),))


#: The parts each framework's decisions read, worked out once per framework (this runs per entity):
#: by the framework's identity, not its equality, which would hash the whole framework each time.
_PARTS_READ: dict[int, tuple[weakref.ref[ir.Framework], dict[str, tuple[str, ...]]]] = {}


def _parts_read(framework: ir.Framework) -> dict[str, tuple[str, ...]]:
    found = _PARTS_READ.get(id(framework))
    if found is None or found[0]() is not framework:
        key = id(framework)

        def forget(_: object, key: int = key) -> None:
            _PARTS_READ.pop(key, None)

        found = (weakref.ref(framework, forget), parts_of(framework, {t for d in framework.decisions for t in d.parts}))
        _PARTS_READ[key] = found
    return found[1]


def parts_of(framework: ir.Framework, targets: set[str]) -> dict[str, tuple[str, ...]]:
    """The part ids of each target named: a normenkader's norms, a norm's toetsaspecten."""
    out: dict[str, tuple[str, ...]] = {}
    for nk in framework.normenkaders:
        if nk.id in targets:
            out[nk.id] = tuple(f"{nk.id}.{n.id}" for n in nk.norms)
        for norm in nk.norms:
            key = f"{nk.id}.{norm.id}"
            if key in targets:
                out[key] = tuple(dict.fromkeys(f"{key}.{a.id}" for a in norm.aspects))
    return out


def _parts_reasons(decision: ir.Decision, env: dict[Any, Any]) -> Iterator[Reason]:
    """Which parts of each target the decision reads were judged, and which were left out."""
    for target in decision.parts:
        items = env.get(parts_key(target))
        if items is None:
            yield Reason("no_value", f"`{target}` is not judged for this entity", (("name", target), ("of", "target")))
            continue
        left = env.get(("not judged", target), [])
        judged = ", ".join(f"{i.label} {i.symbol}" for i in items) or "none"
        rest = f"; left out, not judged: {', '.join(left)}" if left else ""
        yield Reason("value", f"the judged parts of `{target}`: {judged}{rest}",
                     (("name", target), ("of", "target"), ("value", len(items)), ("at", None)))


def _reason_value(value: Any) -> Any:
    """A value as a reason's data holds it: a list or a record (a decision table's) as its text,
    so that a reason's keys stay the same for every value (the judgement has them in full)."""
    return value_text(value) if isinstance(value, (tuple, Record)) else value


def _title(title: str | None) -> str:
    return f" ({title})" if title else ""
