"""A fit as text (English or Dutch) and as JSON (``regienorm-fit/1``, docs/json.md). Views: they
compute nothing."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from .. import ir
from .._escape import escape_controls, escape_json_text
from .parameters import WEIGHT, parameters
from .result import Fit, Region, region_text

FORMAT = "regienorm-fit/1"

#: How many minimal sets of exceptions the text shows (the JSON has them all).
SHOWN = 5

WORDS = {
    "en": {
        "rule": "rule `{rule}` ({kind}; {provenance})",
        "places": "decides {places} place(s); {observed} printed verdict(s) recorded there (from {tables})",
        "level": "fitted per level: the inputs are the engine's judgements of the levels below; verdicts above are not re-judged",
        "param": "parameter {index}: {label}",
        "apart": "its weights are fitted apart from its thresholds: {params}",
        "best": "best: reproduces {best} of {total}",
        "current": "as written: reproduces {current} of {total}{inside}",
        "inside": " (its values lie in a best region)",
        "outside": " (its values lie outside every best region)",
        "region": "region {n}: {intervals}",
        "holds": "{label} holds for any value in {interval}",
        "ranges": "{label} ranges over {interval} in this region",
        "where": "and only where {constraints}",
        "all": "reproduces all {total}",
        "cannot": "the {count} it cannot: {list}",
        "sets": "minimal sets of printed verdicts that would have to be wrong (fewest first):",
        "set": "{n}. {count} verdict(s), with {intervals}:",
        "none_all": "no values reproduce all {total}",
        "loto": "leave one table out (fitted on the others, then predicted):",
        "loto_row": "{table}: {count} printed; predicted right {right}, wrong {wrong}, undetermined {undetermined} "
                    "(fit on the others reproduces {fitted} of {fitted_of})",
        "loto_total": "in sample {best} of {total} fitted; out of sample {right} of {total} predicted right, "
                      "{wrong} wrong, {undetermined} undetermined",
        "no_loto": "leave one table out: needs printed verdicts from two tables or more",
        "more": "… and {count} more (all of them in --format json)",
        "nothing": "no printed verdicts are recorded where the rule decides: nothing to fit",
    },
    "nl": {
        "rule": "regel `{rule}` ({kind}; {provenance})",
        "places": "beslist op {places} plaats(en); daar {observed} afgedrukt(e) oordeel/oordelen vastgelegd (uit {tables})",
        "level": "per niveau gefit: de invoer is het oordeel van de motor over de niveaus eronder; oordelen erboven worden niet opnieuw bepaald",
        "param": "parameter {index}: {label}",
        "apart": "de gewichten worden los van de drempels gefit: {params}",
        "best": "beste: reproduceert {best} van {total}",
        "current": "zoals geschreven: reproduceert {current} van {total}{inside}",
        "inside": " (de waarden liggen in een beste gebied)",
        "outside": " (de waarden liggen buiten elk beste gebied)",
        "region": "gebied {n}: {intervals}",
        "holds": "{label} geldt voor elke waarde in {interval}",
        "ranges": "{label} loopt in dit gebied over {interval}",
        "where": "en alleen waar {constraints}",
        "all": "reproduceert alle {total}",
        "cannot": "de {count} die het niet kan: {list}",
        "sets": "minimale verzamelingen afgedrukte oordelen die fout zouden moeten zijn (kleinste eerst):",
        "set": "{n}. {count} oordeel/oordelen, bij {intervals}:",
        "none_all": "geen waarden reproduceren alle {total}",
        "loto": "één tabel weglaten (gefit op de andere, dan voorspeld):",
        "loto_row": "{table}: {count} afgedrukt; goed voorspeld {right}, fout {wrong}, onbepaald {undetermined} "
                    "(de fit op de andere reproduceert {fitted} van {fitted_of})",
        "loto_total": "binnen de steekproef {best} van {total} gefit; buiten de steekproef {right} van {total} goed "
                      "voorspeld, {wrong} fout, {undetermined} onbepaald",
        "no_loto": "één tabel weglaten: vraagt afgedrukte oordelen uit ten minste twee tabellen",
        "more": "… en nog {count} (alle in --format json)",
        "nothing": "er zijn geen afgedrukte oordelen vastgelegd waar de regel beslist: niets te fitten",
    },
}


def _intervals(result: Fit, region: Region) -> str:
    text = "; ".join(f"{p.index} in {region_text(p, i)}" for p, i in zip(result.parameters, region.intervals, strict=True))
    return text + (f"; {_constraints(result, region)}" if region.constraints else "")


def names(result: Fit) -> list[str]:
    """What a constraint calls each parameter: a weight by its input's name, others by number."""
    body = result.rule.body
    return [body.weights[p.where][0] if p.kind == WEIGHT else f"#{p.index}" for p in result.parameters]  # type: ignore[union-attr]


def _constraints(result: Fit, region: Region) -> str:
    return ", ".join(c.text(names(result)) for c in region.constraints)


def _exceptions(region: Region, lang: str) -> list[str]:
    return [o.describe(lang) for o in region.exceptions]


def render_text(result: Fit, lang: str = "en") -> str:
    """The fit for people: each best region with its count and exceptions, the minimal sets of
    printed verdicts that would have to be wrong, and leave one table out."""
    w = WORDS[lang]
    rule = result.rule
    total = len(result.observations)
    tables = sorted({o.table or "?" for o in result.observations})
    lines = [w["rule"].format(rule=rule.id, kind=rule.kind, provenance=rule.provenance()),
             w["places"].format(places=result.places, observed=total, tables=", ".join(tables) or "—"),
             w["level"]]
    lines += ["  " + w["param"].format(index=p.index, label=p.label) for p in result.parameters]
    apart = [p for p in parameters(rule) if p.kind == WEIGHT and p not in result.parameters]
    if apart and all(p.kind != WEIGHT for p in result.parameters):
        lines.append("  " + w["apart"].format(params=" ".join(f"--param {p.index}" for p in apart)))
    if not total:
        lines.append(w["nothing"])
        return _join(lines)
    lines.append(w["best"].format(best=result.best, total=total))
    lines.append(w["current"].format(current=result.current, total=total,
                                     inside=w["inside"] if result.contains_current() else w["outside"]))
    if result.current_exceptions:
        lines.append("  " + w["cannot"].format(count=len(result.current_exceptions),
                                               list=", ".join(o.describe(lang) for o in result.current_exceptions)))
    for n, region in enumerate(result.regions, 1):
        lines.append(w["region"].format(n=n, intervals=_intervals(result, region)))
        for p, i in zip(result.parameters, region.intervals, strict=True):
            lines.append("  " + w["ranges" if region.constraints else "holds"].format(label=p.label, interval=region_text(p, i)))
        if region.constraints:
            lines.append("  " + w["where"].format(constraints=_constraints(result, region)))
        if region.exceptions:
            lines.append("  " + w["cannot"].format(count=len(region.exceptions), list=", ".join(_exceptions(region, lang))))
        else:
            lines.append("  " + w["all"].format(total=total))
    if result.exception_sets:
        lines.append(w["none_all"].format(total=total) if result.best < total else "")
        lines.append(w["sets"])
        for n, region in enumerate(result.exception_sets[:SHOWN], 1):
            lines.append(f"  {w['set'].format(n=n, count=len(region.exceptions), intervals=_intervals(result, region))}")
            lines += [f"     - {text}" for text in _exceptions(region, lang)]
        if len(result.exception_sets) > SHOWN:
            lines.append("  " + w["more"].format(count=len(result.exception_sets) - SHOWN))
    if result.predictions:
        lines.append(w["loto"])
        for left in result.predictions:
            lines.append("  " + w["loto_row"].format(table=left.table or "?", count=left.count, right=left.right,
                                                      wrong=left.wrong, undetermined=left.undetermined,
                                                      fitted=left.fitted, fitted_of=left.fitted_of))
        right, wrong, undetermined = result.predicted
        lines.append("  " + w["loto_total"].format(best=result.best, total=total, right=right, wrong=wrong,
                                                    undetermined=undetermined))
    else:
        lines.append(w["no_loto"])
    return _join(lines)


def _join(lines: list[str]) -> str:
    """Lines made inert on a terminal one by one (names and tables come from others' files)."""
    return "".join(escape_controls(line) + "\n" for line in lines if line)


def _number(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _interval_json(interval: ir.Interval) -> dict[str, Any]:
    return {"low": _number(interval.low), "low_closed": interval.low_closed,
            "high": _number(interval.high), "high_closed": interval.high_closed}


def _region_json(result: Fit, region: Region) -> dict[str, Any]:
    return {"intervals": [{"parameter": p.index, **_interval_json(i), "text": region_text(p, i)}
                          for p, i in zip(result.parameters, region.intervals, strict=True)],
            "constraints": [{"coefficients": [_number(a) for a in c.coefficients], "constant": _number(c.constant),
                             "op": c.op, "text": c.text(names(result))} for c in region.constraints],
            "reproduced": region.reproduced, "total": region.total,
            "exceptions": [_observation_json(o) for o in region.exceptions]}


def _observation_json(o: Any) -> dict[str, Any]:
    return {"evidence": o.evidence, "entity": o.entity, "name": o.name, "target": o.target, "printed": o.printed,
            "table": o.table, "line": o.line, "record": o.record, "arithmetic": o.arithmetic}


def to_json(result: Fit) -> dict[str, Any]:
    """The fit as a JSON document (``regienorm-fit/1``)."""
    right, wrong, undetermined = result.predicted
    return {
        "format": FORMAT,
        "rule": {"id": result.rule.id, "kind": result.rule.kind, "provenance": result.rule.provenance_kind,
                 "span": result.rule.span.to_json() if result.rule.span is not None else None},
        "parameters": [{"index": p.index, "kind": p.kind, "label": p.label, "value": _number(p.value),
                        "integer": p.integer} for p in result.parameters],
        "places": result.places,
        "observations": len(result.observations),
        "best": result.best,
        "current": {"reproduced": result.current, "in_best_region": result.contains_current(),
                    "exceptions": [_observation_json(o) for o in result.current_exceptions]},
        "regions": [_region_json(result, r) for r in result.regions],
        "exception_sets": [_region_json(result, r) for r in result.exception_sets],
        "leave_one_table_out": {
            "tables": [{"table": p.table, "count": p.count, "right": p.right, "wrong": p.wrong,
                        "undetermined": p.undetermined, "fitted": p.fitted, "fitted_of": p.fitted_of}
                       for p in result.predictions],
            "right": right, "wrong": wrong, "undetermined": undetermined,
        },
    }


def render_json(result: Fit) -> str:
    return escape_json_text(json.dumps(to_json(result), ensure_ascii=False, indent=2, sort_keys=True)) + "\n"
