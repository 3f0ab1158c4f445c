"""An entity's decisions: each evaluated on the entity's named inputs and the decisions before it
(:mod:`regienorm.semantics.decisions` says what each means), as judgements at level ``decision``.

A decision with an input missing has no value (status ``not_assessed``), with a reason naming the
input; one whose arithmetic fails is an ``error`` with a reason saying why; a decision that reads
either has the same outcome, with a reason naming the decision it read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import ir
from ..evidence.model import Entity
from ..judgement import Judgement, Reason, Status, ValueJudgement
from ..semantics.decisions import DecisionError, NoValue, Step, evaluate, expr_text, value_text


def judge_decisions(framework: ir.Framework, entity: Entity, *, reasons: bool = True) -> Iterator[Judgement]:
    """The judgement of every decision of ``framework`` for ``entity``, in declaration order
    (each decision comes after those it reads)."""
    env: dict[str, Any] = {i.name: i.value for i in entity.inputs}
    given = {i.name: i for i in entity.inputs}
    for decision in framework.decisions:
        steps: list[Step] | None = [] if reasons else None
        problem: Exception | None = None
        try:
            value = evaluate(decision.expr, env, steps)
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
                        span=decision.span, value=value)


def _reasons(framework: ir.Framework, decision: ir.Decision, entity: Entity, env: dict[str, Any],
             given: dict[str, Any], steps: list[Step], value: Any, problem: Exception | None) -> Iterator[Reason]:
    title = f" ({decision.title})" if decision.title else ""
    provenance = ("stated in the source" if decision.stated else
                  f"reconstructed: {decision.reconstructed}" if decision.reconstructed else "declared by the framework")
    yield Reason("decision", f"decision `{decision.id}`{title} = {expr_text(decision.expr)}; {provenance}",
                 (("decision", decision.id), ("provenance", provenance)))
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
                         (("name", name), ("of", "decision"), ("value", used), ("at", None)))
    for sentence, shown in steps:
        yield Reason("step", sentence, (("result", shown),))
    if problem is None:
        yield Reason("result", f"{decision.id} = {value_text(value)}", (("value", value),))
    elif isinstance(problem, NoValue):
        yield Reason("no_value", f"{decision.id} has no value: {problem}", (("name", decision.id), ("of", "decision")))
    else:
        yield Reason("error", f"{decision.id} is an error: {problem}", (("name", decision.id),))


def _title(title: str | None) -> str:
    return f" ({title})" if title else ""
