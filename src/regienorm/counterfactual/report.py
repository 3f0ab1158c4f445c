"""What would change a verdict, in words (English and Dutch) and as JSON: views, computing nothing."""

from __future__ import annotations

import json

from .._escape import escape_controls, escape_json_text
from ..explain import wrapped
from . import ChangeSet, Step, WhatWouldChange

_WORDS = {
    "en": {
        "head": "What would change `{entity}` {target} ({verdict}{rule})",
        "rule": ", by `{rule}`",
        "up": "one step up", "down": "one step down",
        "finding": "change", "findings": "changes",
        "ways": "{count} ways", "first": "the first {shown} of {count} sets of this size",
        "set": "becomes {verdict} if {changes}",
        "change": "{target} of {entity} is {after} instead of {before}",
        "value": "{measure}{item} of {entity} is {after} instead of {before} (read by {target})",
        "bounds": "bounded: values of measures were tried one at a time ({bounds}); sets of two or more values "
                  "were not tried, and a smaller move between two steps may exist",
        "bound": "`{measure}` from {low} to {high} in steps of {step} and at the rule's own numbers",
        "and": "; ",
        "none": "no verdict",
        "best": "already the best verdict on the scale", "lowest": "already the lowest verdict on the scale",
        "not judged": "no verdict to move", "override": "an override sets this verdict; no finding changes it",
        "fixed": "no finding changes it",
        "unreachable": "no change of the findings (or values) it rests on does",
        "exact": "exact: every smaller combination of findings was searched ({n} rule evaluations)",
        "bounded": "bounded: the search stopped after {n} rule evaluations; a smaller set than those shown may exist",
        "fixed parts": "not searched (they stay as they are):",
    },
    "nl": {
        "head": "Wat het oordeel van `{entity}` over {target} verandert ({verdict}{rule})",
        "rule": ", volgens `{rule}`",
        "up": "een stap hoger", "down": "een stap lager",
        "finding": "verandering", "findings": "veranderingen",
        "ways": "{count} mogelijkheden", "first": "de eerste {shown} van {count} sets van deze omvang",
        "set": "wordt {verdict} als {changes}",
        "change": "{target} van {entity} {after} is in plaats van {before}",
        "value": "{measure}{item} van {entity} {after} is in plaats van {before} (gelezen door {target})",
        "bounds": "begrensd: meetwaarden zijn een voor een geprobeerd ({bounds}); sets van twee of meer waarden "
                  "zijn niet geprobeerd, en een kleinere verschuiving tussen twee stappen kan bestaan",
        "bound": "`{measure}` van {low} tot {high} in stappen van {step} en op de getallen van de regel zelf",
        "and": "; ",
        "none": "geen oordeel",
        "best": "al het hoogste oordeel van de schaal", "lowest": "al het laagste oordeel van de schaal",
        "not judged": "geen oordeel om te verschuiven", "override": "een professioneel oordeel (override) legt dit oordeel vast; "
        "geen bevinding verandert het",
        "fixed": "geen bevinding verandert het",
        "unreachable": "geen verandering van de bevindingen (of waarden) eronder doet dat",
        "exact": "exact: elke kleinere combinatie van bevindingen is doorzocht ({n} regelevaluaties)",
        "bounded": "begrensd: het zoeken stopte na {n} regelevaluaties; een kleinere set dan de getoonde kan bestaan",
        "fixed parts": "niet doorzocht (blijven zoals ze zijn):",
    },
}


def change_set_text(item: ChangeSet, lang: str = "en") -> str:
    """``becomes + if opzet.4.a of noord is +/- instead of -``."""
    w = _WORDS[lang]
    changes = w["and"].join(
        w["value" if c.measure is not None else "change"].format(
            target=c.target, entity=c.entity, after=c.after, before=c.before or w["none"], measure=c.measure,
            item=f" {c.item}" if c.item else "")
        for c in item.changes)
    return w["set"].format(verdict=item.verdict, changes=changes)


def step_lines(step: Step, lang: str = "en") -> list[str]:
    """A direction's headline and its sets, one a line."""
    w = _WORDS[lang]
    if step.reason is not None:
        return [f"{w[step.direction]}: {w[step.reason]}"]
    if step.size is None:
        return [f"{w[step.direction]}: {w['unreachable']}"]
    size = f"{step.size} {w['finding'] if step.size == 1 else w['findings']}"
    if step.count > len(step.sets):
        size += f" ({w['first'].format(shown=len(step.sets), count=step.count)})"
    elif step.count > 1:
        size += f" ({w['ways'].format(count=step.count)})"
    return [f"{w[step.direction]}: {size}", *(f"  {change_set_text(s, lang)}" for s in step.sets)]


def lines(answer: WhatWouldChange, lang: str = "en") -> list[str]:
    """Both directions and whether the search was exact, one a line (what an HTML cell shows)."""
    w = _WORDS[lang]
    out = [*step_lines(answer.up, lang), *step_lines(answer.down, lang)]
    if answer.bounds:
        out.append(w["bounds"].format(bounds="; ".join(w["bound"].format(measure=m, low=lo, high=hi, step=st)
                                                     for m, lo, hi, st in answer.bounds)))
    if not answer.exact and answer.evaluations < answer.budget:  # bounded by the values searched, not by the budget
        return out
    return [*out, w["exact" if answer.exact else "bounded"].format(n=answer.evaluations)]


def render_text(answer: WhatWouldChange, lang: str = "en", *, width: int | None = None) -> str:
    """The answer in words, in ``lang`` (``en``, ``nl``); ``width`` wraps each line to that many columns."""
    w = _WORDS[lang]
    rule = w["rule"].format(rule=answer.rule) if answer.rule else ""
    out = [w["head"].format(entity=answer.entity, target=answer.target, verdict=answer.verdict or w["none"], rule=rule)]
    out.extend("  " + line for line in lines(answer, lang))
    if answer.fixed:
        out.append("  " + w["fixed parts"])
        out.extend(f"    {t} of {e}: {why}" if lang == "en" else f"    {t} van {e}: {why}" for e, t, why in answer.fixed)
    return "\n".join(wrapped(escape_controls(line), width) for line in out) + "\n"  # ids come from others' files


def render_json(answer: WhatWouldChange) -> str:
    return escape_json_text(json.dumps(answer.to_json(), ensure_ascii=False, indent=2, sort_keys=True)) + "\n"
