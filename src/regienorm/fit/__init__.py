"""Reconstructing an unstated rule from the verdicts a report printed: ``regienorm fit``.

For a rule with free parameters (the thresholds of a share, mean or weighted rule, the boundaries
between the bands of a sum of points, the numbers in a table's conditions), :func:`fit` finds
exactly — in fractions, not on a grid — every region of parameter values that reproduces the most
printed verdicts recorded where the rule decides, lists the smallest sets of printed verdicts that
would have to be wrong for another region to reproduce the rest, and tells how well a fit on all
tables but one predicts the one left out.

>>> import regienorm
>>> from regienorm.fit import fit
>>> framework = regienorm.compile_file("frameworks/rekenkamer-amsterdam-2013/regie.norm")  # doctest: +SKIP
>>> runs = [(p, regienorm.evaluate(framework, regienorm.load_evidence(p, framework)))
...         for p in ("evidence/risicojongeren.yaml", "evidence/mpg.yaml")]                  # doctest: +SKIP
>>> result = fit(framework, runs, "aandeel_aspecten")                                      # doctest: +SKIP
>>> result.best, len(result.observations)                                                  # doctest: +SKIP
(58, 60)

The fit is per level (see :mod:`.search`): only the places the rule decides are re-judged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from .. import ir
from ..alternatives import rules_by_id
from ..diagnostics import did_you_mean, error
from ..errors import RegienormError
from ..judgement import Assessment
from .parameters import THRESHOLD, WEIGHT, Parameter, parameters, with_values
from .places import uses
from .result import Fit, Prediction, Region, analyse, region_text
from .search import MAX_COMBINATIONS, Observation, TooMany, fitted_parameters, places, search, verdict
from .weights import point

__all__ = ["Fit", "Observation", "Parameter", "Prediction", "Region", "choose", "fit", "parameters", "region_text",
           "with_values"]


def _fail(message: str, rule: ir.Rule | None, help: str, notes: Sequence[str] = ()) -> RegienormError:
    return RegienormError([error("RN901", message, rule.span if rule is not None else None, help, notes=notes)])


def find_rule(framework: ir.Framework, name: str) -> ir.Rule:
    """The rule named ``name`` (named or inline), or a clear error with the closest name."""
    rules = rules_by_id(framework)
    if name in rules:
        return rules[name]
    close = did_you_mean(name, rules)
    raise _fail(f"no rule `{name}` in the framework", None,
                f"did you mean `{close}`?" if close else "the rules are: " + ", ".join(f"`{r}`" for r in sorted(rules)))


def as_used(framework: ir.Framework, rule: ir.Rule) -> ir.Rule:
    """The rule as its places use it (a tree's node weights complete a weighted rule), or a clear
    error (RN911) when its uses differ: one set of parameters cannot stand for them all."""
    used = uses(framework, rule.id)
    if len(used) > 1:
        raise RegienormError([error(
            "RN911", f"rule `{rule.id}` is used with different weights in different places", rule.span,
            "name every weight in the rule itself, so that each use is the same rule",
            notes=[f"weights where it is used: {', '.join(f'{n} = {w}' for n, w in u.body.weights)}"  # type: ignore[union-attr]
                   for u in used])])
    return used[0] if used else rule


def fit(framework: ir.Framework, assessments: Sequence[tuple[str, Assessment]], rule: str | ir.Rule, *,
        params: Sequence[int] | None = None, tables: Sequence[str] | None = None,
        members: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> Fit:
    """Fit ``rule``'s free parameters to the printed verdicts recorded where it decides.

    ``assessments``: ``(name, assessment)`` pairs, each evaluated once with reasons (the places'
    inputs are read from them). ``params``: the 1-based numbers of the parameters to fit together
    (default: all, but for a weighted rule its thresholds; the others keep their written values;
    a weighted rule's thresholds and weights are fitted apart, see :mod:`.weights`). ``tables``: count only printed verdicts
    from these source tables. ``members``: per assessment name, each group entity's members (needed
    for a table on values judged on groups; see :func:`regienorm.alternatives.values_context`).

    The rule is fitted as its places use it (:func:`as_used`).

    Raises :class:`~regienorm.errors.RegienormError` (RN901) for a rule without free parameters,
    an unknown parameter number, or too many combinations to try; RN910 for a weighted rule's
    thresholds and weights asked for together; RN911 for a rule used with different weights."""
    chosen_rule = as_used(framework, find_rule(framework, rule) if isinstance(rule, str) else rule)
    every = parameters(chosen_rule)
    if not every:
        raise _fail(f"rule `{chosen_rule.id}` ({chosen_rule.kind}) has no parameters to fit", chosen_rule,
                    "fit a share, mean or weighted rule, a sum of points, or a table with numbers in its conditions")
    unknown = sorted(set(params or ()) - {p.index for p in every})
    if unknown:
        raise _fail(f"rule `{chosen_rule.id}` has no parameter {unknown[0]}", chosen_rule,
                    "its parameters are: " + "; ".join(f"{p.index}: {p.label}" for p in every))
    fitted = fitted_parameters(every, params)
    if {p.kind for p in fitted} == {THRESHOLD, WEIGHT}:
        thresholds = " ".join(f"--param {p.index}" for p in every if p.kind == THRESHOLD)
        weights = " ".join(f"--param {p.index}" for p in every if p.kind == WEIGHT)
        raise RegienormError([error(
            "RN910", f"the thresholds and the weights of `{chosen_rule.id}` cannot be fitted together", chosen_rule.span,
            f"fit the thresholds (`{thresholds}`) or the weights (`{weights}`); the others keep their written values",
            notes=["with both free, a threshold multiplies a weight: the regions are no longer cut by planes"])])
    if any(j.rule == chosen_rule.id and not j.reasons for _, a in assessments for j in a):
        raise _fail(f"the assessments were made without reasons, so the inputs of `{chosen_rule.id}` cannot be read",
                    chosen_rule, "evaluate with reasons (the default of `regienorm.evaluate`)")
    every_place = places(framework, chosen_rule, assessments, {k: dict(v) for k, v in (members or {}).items()}, tables)
    found = [place for place in every_place if place.observations]  # no printed verdict: nothing to fit there
    try:
        cells = search(chosen_rule, fitted, found, framework.scale)
    except TooMany as exc:
        raise _fail(f"{exc.args[0]} combinations of values for the {len(fitted)} parameters of `{chosen_rule.id}`",
                    chosen_rule, f"fit fewer together: `--param N` (at most {MAX_COMBINATIONS} combinations)",
                    [f"parameter {p.index}: {p.label}" for p in fitted]) from None
    current = [verdict(chosen_rule, place, framework.scale) for place in found]
    return analyse(chosen_rule, fitted, found, cells, current, len(every_place))


def choose(result: Fit, region: Region | None = None) -> list[tuple[Parameter, Fraction]]:
    """Values for the parameters in a best region (unless given, the first that holds the values
    as written, else the first): each parameter in turn keeps its written value when the region
    (given the values before) holds it, else takes the simplest fraction there (:func:`.weights.point`)."""
    written = [p.value for p in result.parameters]
    region = region or next((r for r in result.regions if r.contains(written)), result.regions[0])
    values = point(region.intervals, region.constraints, [p.value for p in result.parameters])
    return list(zip(result.parameters, values, strict=True))
