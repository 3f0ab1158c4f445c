"""What a Dask worker runs for one shard of evidence: read it, check it, judge it, and give back what
was asked (the assessment, its JSON, or its summary) or the shard's diagnostics. Plain functions of
their arguments: nothing here imports Dask, so a worker needs only regienorm, and the same functions
run in this process when no cluster is asked for (the tests hold the two to the same bytes).

A shard is one evidence file (CSV, JSON lines, JSON, YAML): entity ids are its own, a group comes
with its members, and what its file says about it is checked as for ``regienorm evaluate`` (file,
line and column of the shard). A problem the user can fix comes back as that file's diagnostics; a
failure that is not (a bug, a missing module on the worker) as RN952, naming the shard, so that one
shard never hides another's result nor stops the others.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .._escape import escape_controls
from ..diagnostics import Diagnostic, error
from ..errors import RegienormError
from ..ir import Framework

#: What a shard's task gives back: the whole assessment (judgements and their reasons), the JSON the
#: command line writes (every judgement as an item, then the file's summary), or the summary alone.
Kind = Literal["assessment", "json", "summary"]


@attrs.frozen
class ShardOutcome:
    """One shard's result: ``errors`` (then nothing else), or ``value`` and the file's warnings."""

    path: str
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    value: Any = None
    entities: int = 0


def judge_shard(framework: Framework, path: str, kind: Kind, shown: str | None = None, reasons: bool = True) -> ShardOutcome:
    """``path`` read and checked against ``framework`` and judged; ``shown`` is the name the JSON gives
    the file (default: ``path``)."""
    from ..engine.evaluator import evaluate
    from ..evidence import load_evidence

    try:
        evidence = load_evidence(path, framework)
        name = path if shown is None else shown
        value: Any
        if kind == "assessment":
            value = evaluate(framework, evidence, reasons=reasons)
        elif kind == "json":
            from ..render.titles import Titles
            from ..streamed import judged

            part = judged(framework, evidence, name, titles=Titles.of_framework(framework))
            items = list(part)
            value = (items, part.summary(), part.disagreements)
        else:
            from ..render.json import evidence_to_json

            value = evidence_to_json(evaluate(framework, evidence, reasons=reasons), name)
        return ShardOutcome(path, warnings=tuple(evidence.warnings), value=value, entities=len(evidence.entities))
    except RegienormError as exc:
        return ShardOutcome(path, errors=exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - a worker's failure becomes the shard's diagnostic, never a traceback
        return ShardOutcome(path, errors=(failed(path, f"{type(exc).__name__}: {exc}"),))


def errors_of(outcome: ShardOutcome) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """Only a shard's diagnostics (errors, warnings), so that the client can learn of every failure
    before it fetches any shard's (large) result."""
    return outcome.errors, outcome.warnings


def failed(path: str, what: str) -> Diagnostic:
    """RN952: judging a shard failed for a reason that is not in the shard's file."""
    return error("RN952", f"judging the shard `{escape_controls(path)}` failed on a worker: {escape_controls(what)}", None,
                 "the other shards were judged all the same; check that every worker has this version of regienorm "
                 "and enough memory for the shard, then run again")
