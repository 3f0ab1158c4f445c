"""How every view grows with the assessment: in norms and in entities.

    PYTHONPATH=src python bench/render_scale.py [NORMS [ENTITIES]] [--markdown]

Frameworks from bench/gen.py (one normenkader per eight norms; 10,000 norms is 1,250
normenkaders). Two scales, each measured at a quarter of its size and at its size, every view at
both (CPU seconds, the best of two), and the exponent log(t2/t1)/log(4): about 1 when the view is
linear in the number of judgements, 2 when quadratic (the text table was, before issue 14: 105 s at
10,000 norms against 5.9 s at 2,500):

* norms: NORMS / 4 and NORMS norms (default 10,000), 4 entities;
* entities: ENTITIES / 4 and ENTITIES entities (default 2,000, in blocks of eight members and
  their group), the 10-norm framework.

The views are every format of `regienorm evaluate` (text, markdown, csv, json, jsonl, html, xlsx
when openpyxl is installed) rendered from the same assessment, and `explain` of one target (20
calls). Issue 15's target is an exponent of at most 1.05 for every renderer; issue 14's, 1.3.
The JSON lines are the streamed writer's (`regienorm.streamed`), as the command line writes them.
"""

from __future__ import annotations

import gc
import io
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import gen  # noqa: E402
from regienorm import compile_text, evaluate, explain  # noqa: E402
from regienorm.render import csv as render_csv  # noqa: E402
from regienorm.render import html as render_html  # noqa: E402
from regienorm.render import json as render_json  # noqa: E402
from regienorm.render import markdown as render_markdown  # noqa: E402
from regienorm.render import text as render_text  # noqa: E402

TARGET = 1.05


def _cpu(fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _jsonl(framework: Any, evidence: Any) -> str:
    """The JSON lines `regienorm evaluate --format jsonl` writes: judged and written entity by entity."""
    from regienorm.streamed import judged

    out = io.StringIO()
    part = judged(framework, evidence, "bench.yaml")
    head = {"id": framework.id, "version": framework.version, "title": framework.title}
    gc.freeze()  # as the command line does: what lives to the end is not walked by every full pass
    try:
        render_json.write_lines(out, head, [(part.texts(), part.summary)])
    finally:
        gc.unfreeze()
    return out.getvalue()


def views(norms: int, entities: int) -> dict[str, float]:
    """CPU seconds of every view of one assessment: ``norms`` norms, ``entities`` entities."""
    text, spec = gen.framework(norms)
    framework = compile_text(text, "bench.norm")
    evidence = gen.evidence(spec, entities)
    assessment = evaluate(framework, evidence)
    named = [("bench.yaml", assessment)]
    entity = assessment.judgements[0].entity
    first = framework.normenkaders[0].id  # each call indexes the whole assessment once, then walks one tree
    out: dict[str, Callable[[], Any]] = {
        "text": lambda: render_text.render(named),
        "markdown": lambda: render_markdown.render(named),
        "csv": lambda: render_csv.render(named),
        "json": lambda: render_json.render(named),
        "jsonl (streamed)": lambda: _jsonl(framework, evidence),
        "html": lambda: render_html.render(named),
    }
    try:
        import openpyxl  # noqa: F401

        from regienorm.render import xlsx as render_xlsx
        out["xlsx"] = lambda: render_xlsx.render(named)
    except ImportError:  # the spreadsheets extra is not installed: no workbook to time
        pass
    out["explain (20 calls)"] = lambda: [explain(assessment, entity, first) for _ in range(20)]
    return {name: _cpu(fn) for name, fn in out.items()}


def scale(small: dict[str, float], large: dict[str, float]) -> dict[str, float]:
    """Each view's exponent between the two sizes (a size four times the other)."""
    return {name: math.log(max(large[name], 1e-9) / max(small[name], 1e-9)) / math.log(4) for name in small}


def measure(norms: int, entities: int) -> dict[str, Any]:
    by_norms = (views(norms // 4, 4), views(norms, 4))
    by_entities = (views(10, entities // 4), views(10, entities))
    return {"norms": (norms // 4, norms), "entities": (entities // 4, entities),
            "by_norms": by_norms, "by_entities": by_entities,
            "exponent_norms": scale(*by_norms), "exponent_entities": scale(*by_entities)}


def markdown(result: dict[str, Any]) -> str:
    n0, n1 = result["norms"]
    e0, e1 = result["entities"]
    lines = [f"| view | {n0:,} → {n1:,} norms (4 entities), s | exponent | {e0:,} → {e1:,} entities (10 norms), s | exponent | "
             f"≤ {TARGET} |", "|---|---|---|---|---|---|"]
    for name in result["exponent_norms"]:
        a, b = result["by_norms"][0][name], result["by_norms"][1][name]
        c, d = result["by_entities"][0][name], result["by_entities"][1][name]
        en, ee = result["exponent_norms"][name], result["exponent_entities"][name]
        met = "yes" if max(en, ee) <= TARGET else "**no**"
        lines.append(f"| {name} | {a:.3f} → {b:.3f} | {en:.2f} | {c:.3f} → {d:.3f} | {ee:.2f} | {met} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("--")]
    norms = int(args[0]) if args else 10_000
    entities = int(args[1]) if len(args) > 1 else 2_000
    result = measure(norms, entities)
    print(markdown(result), end="")


if __name__ == "__main__":
    main()
