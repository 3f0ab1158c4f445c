"""An entity's scores: every score of every normenkader at every node of its tree
(:mod:`regienorm.semantics.scores` says what each means), as judgements at level ``score`` whose
target is the node's and the score's name (``bench.system:default``).

A score with nothing to count and no declared value for that case has no value (status
``not_assessed``), one whose arithmetic fails is an ``error``; each with a reason saying why.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .. import ir
from ..evidence.model import Entity, Recorded
from ..judgement import Judgement, Reason, Status, ValueJudgement
from ..semantics.decisions import DecisionError, NoValue, expr_text, value_text
from ..semantics.scores import NodeValue, Outcome, Part, fields_read, node_values
from .fast.expressions import value_of


def judge_scores(framework: ir.Framework, entity: Entity, *, reasons: bool = True,
                 verdicts: Mapping[str, Outcome] | None = None,
                 recorded: Mapping[str, list[Recorded]] | None = None,
                 categories: Mapping[str, str] | None = None) -> Iterator[Judgement]:
    """The judgement of every score at every node of the normenkaders ``entity`` is judged on;
    ``recorded``: published values by target, attached to reconcile against; ``categories``: the
    outcome category of each target whose finding gave one, for the scores' policies
    (:func:`~regienorm.semantics.scores.outcome_categories`)."""
    outcomes = verdicts or {}
    for nk in framework.normenkaders:
        if not nk.scores or nk.id not in outcomes or outcomes[nk.id][0] is Status.NOT_APPLICABLE:
            continue
        for nv in node_values(nk, outcomes, framework.compared_scale(nk.id), reasons, value_of,
                              categories=categories, framework=framework):
            value = nv.value
            if isinstance(value, NoValue):
                status, shown = Status.NOT_ASSESSED, None
            elif isinstance(value, DecisionError):
                status, shown = Status.ERROR, None
            else:
                status, shown = Status.JUDGED, value
            told = tuple(_reasons(nv)) if reasons else ()
            yield ValueJudgement(entity.id, nv.target, "score", status, None, None, nv.score.id, told,
                                 recorded=tuple(recorded.get(nv.target, ())) if recorded else (),
                                 span=nv.score.span, value=shown)


def _field_text(part: Part, name: str) -> str:
    if name in ("points", "verdict"):
        return f"{part.symbol} ({value_text(part.points)})" if part.symbol is not None else "none"
    value = part.weight if name == "weight" else part.values.get(name)
    if isinstance(value, (NoValue, DecisionError)) or value is None:
        return "none"
    return value_text(value)


def _reasons(nv: NodeValue) -> Iterator[Reason]:
    score = nv.score
    title = f" ({score.title})" if score.title else ""
    expr = score.at_norm if nv.level == "norm" else score.at_group
    assert expr is not None
    yield Reason("decision", f"score `{score.id}`{title} at {nv.level} `{nv.node}` = {expr_text(expr)}",
                 (("decision", score.id), ("provenance", "declared by the framework")))
    if nv.level != "norm":
        rest = f"; left out, not counting: {', '.join(nv.left_out)}" if nv.left_out else ""
        count = f"{nv.counted} part of `{nv.node}` counts" if nv.counted == 1 else f"{nv.counted} parts of `{nv.node}` count"
        yield Reason("value", count + rest,
                     (("name", nv.node), ("of", "target"), ("value", nv.counted), ("at", None)))
    fields = fields_read(expr)
    if fields and nv.parts:  # what the aggregates read of each part that counts: the arithmetic, checkable
        for part in nv.parts:
            shown = ", ".join(f"{name} {_field_text(part, name)}" for name in fields)
            yield Reason("part", f"{part.label}: {shown}", (("name", part.label), ("of", "part")))
    for applied in nv.applied:
        yield Reason("policy", applied.sentence(), (("name", applied.part), ("category", applied.category),
                                                    ("policy", applied.policy.text())))
    for sentence, shown, taken in nv.steps:
        yield Reason("step", sentence, (("result", shown), ("at", taken)))
    value = nv.value
    if isinstance(value, NoValue):
        yield Reason("no_value", f"{nv.target} has no value: {value}", (("name", nv.target), ("of", "score")))
    elif isinstance(value, DecisionError):
        yield Reason("error", f"{nv.target} is an error: {value}", (("name", nv.target),))
    else:
        yield Reason("result", f"{nv.target} = {value_text(value)}", (("value", value),))
