"""How the views grow with the assessment: text, JSON and explain at N and 4N norms.

    PYTHONPATH=src python bench/render_scale.py [NORMS]

Frameworks from bench/gen.py (one normenkader per eight norms; 10,000 norms is 1,250
normenkaders), evaluated on a few entities. Prints, per view, the CPU time at NORMS / 4 and at
NORMS and the exponent log(t2/t1)/log(4): about 1 when the view is linear in the number of
judgements, 2 when quadratic (the text table was, before issue 14: 105 s at 10,000 norms against
5.9 s at 2,500). Target: every exponent below 1.3 (measured: 1.01, 0.96, 1.13; docs/robustness.md).
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import gen  # noqa: E402
from regienorm import compile_text, evaluate, explain  # noqa: E402
from regienorm.render import json as render_json  # noqa: E402
from regienorm.render import text as render_text  # noqa: E402


def _cpu(fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def views(norms: int) -> dict[str, float]:
    text, spec = gen.framework(norms)
    framework = compile_text(text, "bench.norm")
    assessment = evaluate(framework, gen.evidence(spec, 4))
    named = [("bench.yaml", assessment)]
    entity = assessment.judgements[0].entity
    first = framework.normenkaders[0].id  # each call indexes the whole assessment once, then walks one tree
    return {
        "text": _cpu(lambda: render_text.render(named)),
        "json": _cpu(lambda: render_json.render(named)),
        "explain (20 calls)": _cpu(lambda: [explain(assessment, entity, first) for _ in range(20)]),
    }


def main() -> None:
    norms = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    small, large = views(norms // 4), views(norms)
    print(f"views at {norms // 4:,} and {norms:,} norms (CPU seconds, exponent)")
    for name in small:
        exponent = math.log(max(large[name], 1e-9) / max(small[name], 1e-9)) / math.log(4)
        print(f"  {name:28} {small[name]:7.3f} {large[name]:7.3f}   {exponent:.2f}")


if __name__ == "__main__":
    main()
