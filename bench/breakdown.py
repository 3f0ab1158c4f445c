"""Where the time goes: cProfile of the engine and of the hand-written function, summarised.

    python bench/breakdown.py [ENTITIES]

Streams generated evidence (the 10-norm framework of bench/run.py, 4,500 entities by default)
through the hand-written function, the engine without reasons and the engine with reasons (every
judgement made), each under cProfile, and prints the time per judgement (row) by kind of work.
cProfile adds its own cost per call, so the totals are larger than bench/run.py's; the shares are
what to read. docs/performance.md quotes a run.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT / "src"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import regienorm  # noqa: E402
from bench import baseline, gen  # noqa: E402

#: (kind of work, test on (file, function)) — the first that matches counts.
KINDS: list[tuple[str, Callable[[str, str], bool]]] = [
    ("hand-written function", lambda f, n: f.endswith("baseline.py")),
    ("making Judgement and Reason objects (filling their slots)",
     lambda f, n: n in ("make_judgement", "make_reason") or (f.endswith("rows.py") and n in ("judgements", "<listcomp>"))),
    ("reasons of findings", lambda f, n: n in ("_from_finding", "finding_reason", "describe", "to_json")),
    ("reasons of rules (inputs, policies, arithmetic)", lambda f, n: f.endswith(("runner.py", "rules.py", "reasons.py"))),
    ("value rules (table on values)", lambda f, n: f.endswith(("conditions.py", "aggregates.py", "fractions.py")) or n == "_from_measure"),
    ("judging (plans, marks, kernels, groups)", lambda f, n: f.endswith(("judge.py", "plan.py", "kernels.py", "evaluator.py"))),
    ("stream bookkeeping", lambda f, n: f.endswith(("stream.py", "entitywise.py"))),
    ("Reason objects (attrs __init__)", lambda f, n: "regienorm.judgement.Reason" in f),
]


def profile(name: str, run: Callable[[], int]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    rows = run()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for (file, _, function), (_, _, own, _, _) in stats.items():
        kind = next((k for k, test in KINDS if test(file, function)), "other (builtins, dicts, lists, strings)")
        totals[kind] = totals.get(kind, 0.0) + own
    whole = sum(totals.values())
    print(f"\n{name}: {whole / rows * 1e6:.2f} us per judgement under cProfile ({rows:,} judgements)")
    for kind, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds / rows * 1e6:6.2f} us  {100 * seconds / whole:5.1f}%  {kind}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4500
    text, spec = gen.framework(10)
    framework = regienorm.compile_text(text)
    blocks = list(gen.bundles(spec, n))

    def hand() -> int:
        return sum(len(outcomes) for _, outcomes in baseline.run(spec, iter(blocks)))

    def lean() -> int:
        return sum(len(r.outcomes()) for r in regienorm.stream(framework, iter(blocks), reasons=False))

    def reasons() -> int:
        count = 0
        for result in regienorm.stream(framework, iter(blocks)):
            for j in result.judgements:
                count += len(j.reasons) >= 0
        return count

    lean(), reasons()  # warm: plans built, memos filled as in a long stream
    profile("hand-written function", hand)
    profile("engine without reasons (verdicts read)", lean)
    profile("engine with reasons (every judgement made)", reasons)


if __name__ == "__main__":
    main()
