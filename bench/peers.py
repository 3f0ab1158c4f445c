"""The peers' benchmark shape: every entity different, 7 norms × 22 toetsaspecten, a share-of-points
rule from aspects to norm and from norms to the total; regienorm beside a hand-written loop, the
rule-engine package and zen-engine (when installed: ``pip install 'regienorm[bench]'``).

Each method gets the same chunks of generated evidence (generation not timed) and must give the
same verdicts on every target (checked; a difference fails the run). Times are CPU seconds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import regienorm
from regienorm.engine.stream import EntityEvidence
from regienorm.evidence import Entity, Finding

NORMS, ASPECTS = 7, 22
SYMBOLS = ("+", "+/-", "-")
POINTS = {"+": 2, "+/-": 1, "-": 0}
ASPECT_HIGH, ASPECT_LOW = Fraction(11, 16), Fraction(5, 16)  # from 11/16 -> +; above 5/16 -> +/-
TOTAL_HIGH, TOTAL_LOW = Fraction(7, 10), Fraction(1, 4)  # from 7/10 -> +; from 1/4 -> +/-


def framework_text() -> str:
    norms = "".join(f'  norm {n} "Norm {n}" {{\n' + "".join(f'    aspect a{a} "Toetsaspect {a} van norm {n}"\n' for a in range(ASPECTS))
                    + "  }\n" for n in range(1, NORMS + 1))
    return f'''framework peers "The peers' benchmark: {NORMS} norms x {ASPECTS} aspects" version "1"

scale oordeel {{
  "+"   voldoet                = 2
  "+/-" "voldoet gedeeltelijk" = 1
  "-"   "voldoet niet"         = 0
}}

rule aandeel "Van toetsaspecten naar norm" = share of points {{ from 11/16 -> "+"; above 5/16 -> "+/-"; otherwise -> "-" }}
rule totaal "Van normen naar totaal" = share of points {{ from 7/10 -> "+"; from 1/4 -> "+/-"; otherwise -> "-" }}

normenkader nk "Het normenkader" {{
  norms by aandeel
  total by totaal
{norms}}}
'''


def chunks(n_entities: int, size: int, seed: int = 7) -> Iterator[list[EntityEvidence]]:
    """Entities whose every verdict is drawn: no two alike, so no memo can help."""
    done = 0
    while done < n_entities:
        chunk = []
        for i in range(done, min(n_entities, done + size)):
            rng = random.Random(f"peer-{seed}-{i}")
            ident = f"e{i}"
            findings = tuple(Finding(ident, f"nk.{n}.a{a}", SYMBOLS[rng.randrange(3)])
                             for n in range(1, NORMS + 1) for a in range(ASPECTS))
            chunk.append(EntityEvidence(Entity(ident, ""), findings))
        done += len(chunk)
        yield chunk


def _share(points: int, most: int, high: Fraction, low: Fraction, low_strict: bool) -> str:
    share = Fraction(points, most)
    if share >= high:
        return "+"
    return "+/-" if (share > low if low_strict else share >= low) else "-"


def hand(chunk: list[EntityEvidence]) -> list[list[str]]:
    """The hand-written loop: points summed per norm and for the total, in integers."""
    out = []
    for bundle in chunk:
        verdicts = {f.target: f.verdict for f in bundle.findings}
        norms = []
        row = []
        for n in range(1, NORMS + 1):
            points = sum(POINTS[verdicts[f"nk.{n}.a{a}"]] for a in range(ASPECTS))  # type: ignore[index]
            # 16 * points >= 11 * 44 is share >= 11/16, in integers
            verdict = "+" if 16 * points >= 11 * 2 * ASPECTS else "+/-" if 16 * points > 5 * 2 * ASPECTS else "-"
            norms.append(POINTS[verdict])
            row.append(verdict)
        total = sum(norms)
        row.append("+" if 10 * total >= 7 * 2 * NORMS else "+/-" if 4 * total >= 2 * NORMS else "-")
        out.append(row)
    return out


def _targets() -> list[str]:
    return [f"nk.{n}" for n in range(1, NORMS + 1)] + ["nk"]


def regienorm_stream(framework: regienorm.Framework, reasons: bool) -> Callable[[list[EntityEvidence]], list[list[str]]]:
    targets = _targets()

    def run(chunk: list[EntityEvidence]) -> list[list[str]]:
        out = []
        for result in regienorm.stream(framework, chunk, reasons=reasons):
            if reasons:
                by = {j.target: j for j in result.judgements}
                for j in by.values():
                    j.reasons  # noqa: B018 - every judgement made, with its reasons
                out.append([by[t].verdict for t in targets])  # type: ignore[misc]
            else:
                verdicts = result.verdicts()
                out.append([verdicts[t] for t in targets])  # type: ignore[misc]
        return out
    return run


def rule_engine_method() -> Callable[[list[EntityEvidence]], list[list[str]]] | None:
    try:
        import rule_engine
    except ImportError:
        return None
    high = rule_engine.Rule(f"$sum(points) * 16 >= {11 * 2 * ASPECTS}")
    mid = rule_engine.Rule(f"$sum(points) * 16 > {5 * 2 * ASPECTS}")
    total_high = rule_engine.Rule(f"$sum(points) * 10 >= {7 * 2 * NORMS}")
    total_mid = rule_engine.Rule(f"$sum(points) * 4 >= {2 * NORMS}")

    def run(chunk: list[EntityEvidence]) -> list[list[str]]:
        out = []
        for bundle in chunk:
            verdicts = {f.target: f.verdict for f in bundle.findings}
            row, norms = [], []
            for n in range(1, NORMS + 1):
                context = {"points": [POINTS[verdicts[f"nk.{n}.a{a}"]] for a in range(ASPECTS)]}  # type: ignore[index]
                verdict = "+" if high.matches(context) else "+/-" if mid.matches(context) else "-"
                row.append(verdict)
                norms.append(POINTS[verdict])
            context = {"points": norms}
            row.append("+" if total_high.matches(context) else "+/-" if total_mid.matches(context) else "-")
            out.append(row)
        return out
    return run


def zen_method() -> Callable[[list[EntityEvidence]], list[list[str]]] | None:
    try:
        import zen
    except ImportError:
        return None
    norm = zen.compile_expression(f'sum(points) * 16 >= {11 * 2 * ASPECTS} ? "+" : (sum(points) * 16 > {5 * 2 * ASPECTS} ? "+/-" : "-")')
    total = zen.compile_expression(f'sum(points) * 10 >= {7 * 2 * NORMS} ? "+" : (sum(points) * 4 >= {2 * NORMS} ? "+/-" : "-")')

    def run(chunk: list[EntityEvidence]) -> list[list[str]]:
        out = []
        for bundle in chunk:
            verdicts = {f.target: f.verdict for f in bundle.findings}
            row = [norm.evaluate({"points": [POINTS[verdicts[f"nk.{n}.a{a}"]] for a in range(ASPECTS)]})  # type: ignore[index]
                   for n in range(1, NORMS + 1)]
            row.append(total.evaluate({"points": [POINTS[v] for v in row]}))
            out.append(row)
        return out
    return run


def bench_peers(n_entities: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Every method over the same chunks; ratios of CPU time to the hand-written loop's."""
    framework = regienorm.compile_text(framework_text(), "peers.norm")
    methods: dict[str, Callable[[list[EntityEvidence]], list[list[str]]]] = {
        "hand": hand, "regienorm_lean": regienorm_stream(framework, False), "regienorm_reasons": regienorm_stream(framework, True)}
    for name, make in (("rule_engine", rule_engine_method), ("zen_engine", zen_method)):
        method = make()
        if method is not None:
            methods[name] = method
    totals = dict.fromkeys(methods, 0.0)
    for k, chunk in enumerate(chunks(n_entities, 500)):
        results = {}
        order = list(methods) if k % 2 == 0 else list(reversed(methods))
        for name in order:
            start = time.process_time()
            results[name] = methods[name](chunk)
            totals[name] += time.process_time() - start
        for name, got in results.items():
            if got != results["hand"]:
                raise AssertionError(f"the peers' benchmark: {name} gives other verdicts than the hand-written loop")
    findings = n_entities * NORMS * ASPECTS
    ratios = {f"peers_{name}_vs_handwritten": totals[name] / totals["hand"] for name in methods if name != "hand"}
    log(f"  {n_entities:,} entities x {NORMS} norms x {ASPECTS} aspects ({findings:,} findings): "
        + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in totals.items()))
    return {**ratios, "raw": {"entities": n_entities, "findings": findings, "seconds": totals,
                              "installed": sorted(set(methods) - {"hand", "regienorm_lean", "regienorm_reasons"})}}


def lean_times(sizes: tuple[int, ...], log: Callable[[str], None]) -> list[tuple[int, float]]:
    """regienorm's lean streaming time (CPU seconds) at each number of entities, in the peers' shape
    (the evidence generated chunk by chunk, not timed), for the exponent in the number of entities."""
    framework = regienorm.compile_text(framework_text(), "peers.norm")
    run = regienorm_stream(framework, False)
    run(next(chunks(1, 1)))  # the plan's code generated once, before timing
    points = []
    for n in sizes:
        seconds = 0.0
        for chunk in chunks(n, 500, seed=11):
            start = time.process_time()
            run(chunk)
            seconds += time.process_time() - start
        points.append((n, seconds))
    log("  lean streaming: " + ", ".join(f"{n:,} entities {s:.2f}s" for n, s in points))
    return points
