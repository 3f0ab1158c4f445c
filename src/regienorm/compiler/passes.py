"""The compiler as a list of named passes, run in order over one shared
:class:`~regienorm.compiler.state.Compilation`.

Each pass appends diagnostics; all problems are collected before stopping, and the result is
sorted by location, at most :data:`MAX_ERRORS` errors listed (RN009 says how many more there were).
A pass marked ``gate`` runs only when no error was reported before it: the checks after loading
would only echo syntax errors, and a framework is built only from declarations without errors.
See ``docs/errors.md`` for the codes.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..diagnostics import Diagnostic, error, sort
from ..errors import FrameworkError
from ..source import Source
from . import profile_result
from .build import build
from .decisions import pass_decisions
from .declarations import pass_duplicates, pass_header, pass_resolve
from .includes import load_main
from .loader import display
from .lookalikes import pass_lookalikes
from .result import CompileResult
from .rule_bodies import pass_rules
from .scales import pass_scale, pass_scale_uses
from .score_proofs import pass_score_bands
from .state import Compilation
from .trees import pass_trees
from .usage import pass_usage

#: At most this many errors are listed; one more diagnostic (RN009) says how many were left out
#: (docs/robustness.md). A generated or badly damaged file can have thousands, and the first few
#: hundred say all there is to say.
MAX_ERRORS = 200


@attrs.frozen
class Pass:
    name: str
    run: Callable[[Compilation], None]
    #: What must have run before it (and why).
    after: str
    gate: bool = False


def _load(state: Compilation) -> None:
    try:
        load_main(state, state.sources[state.main])
    except FrameworkError as exc:
        state.diagnostics.extend(exc.diagnostics)
        state.halted = True


def _build(state: Compilation) -> None:
    if not state.library:  # a library is checked, not built: it is no framework to evaluate
        state.framework = build(state)
        if state.profile_header is not None:
            base = _base(state)
            profile_result.attribute(state, base)
            state.framework = profile_result.attach(state, state.framework, base.framework if base is not None else None)


def _base(state: Compilation) -> CompileResult | None:
    """A profile's base as compiled on its own (evidence made for it is read against it, and its own
    warnings are told from the profile's); None when it cannot be read (the profile said why)."""
    path = state.profile_base[2]
    if path is None:
        return None
    base = Compilation(state.loader, path.parent)
    try:
        source = base.read(path, display(path), None)
    except FrameworkError:
        return None
    return run(base, source)


PASSES: tuple[Pass, ...] = (
    Pass("load", _load, "nothing: parses the main file and its includes into declarations"),
    # gate: after errors in loading, the checks would only echo them; the compile stops here
    Pass("header", pass_header, "load, without errors: the framework headers of every file", gate=True),
    Pass("scale", pass_scale, "load: the scale declarations"),
    Pass("duplicates", pass_duplicates, "load: every declaration, to find ids declared twice"),
    Pass("resolve", pass_resolve, "load: every declaration, to look names up"),
    Pass("scale uses", pass_scale_uses, "resolve: rules are looked up quietly; the scale of each rule's inputs and verdict"),
    Pass("rules", pass_rules, "scale: bodies are checked against a usable scale (skipped without one)"),
    Pass("trees", pass_trees, "scale: outcome categories count as scale values; groups' rules are looked up"),
    Pass("decisions", pass_decisions, "duplicates: names of inputs and decisions are unique before they are resolved"),
    Pass("usage", pass_usage, "resolve and rules: those report unknown rules and bad bodies; usage looks rules up quietly"),
    Pass("build", _build, "every check, without errors: builds the IR from checked declarations", gate=True),
    Pass("lookalikes", pass_lookalikes, "build: compares the built framework's names, sibling by sibling (RN214)"),
    Pass("score bands", pass_score_bands, "build: proves the bands of scores over the built trees"),
)


def run(state: Compilation, source: Source) -> CompileResult:
    """Compile ``source`` (already read; its includes are read through ``state.loader``)."""
    state.sources[source.path] = source
    state.main = source.path
    for step in PASSES:
        if state.halted or (step.gate and state.has_errors):
            break
        step.run(state)
    diagnostics = sort(state.diagnostics)
    framework = state.framework if not any(d.is_error for d in diagnostics) else None
    return CompileResult(framework, limit_errors(diagnostics), state.sources, files=tuple(state.files),
                         library=state.library)


def limit_errors(diagnostics: tuple[Diagnostic, ...], limit: int = MAX_ERRORS) -> tuple[Diagnostic, ...]:
    """The sorted diagnostics with at most ``limit`` errors (every warning kept), and past the limit
    one RN009 at the first error left out, saying how many were."""
    errors = [d for d in diagnostics if d.is_error]
    if len(errors) <= limit:
        return diagnostics
    dropped = set(errors[limit:])
    first = errors[limit]
    more = f"{len(dropped):,} more errors are" if len(dropped) != 1 else "1 more error is"
    summary = error("RN009", f"{more} not listed", first.span,
                    f"at most {limit} errors are listed; fix these and check again", label="the first error not listed")
    return (*(d for d in diagnostics if d not in dropped), summary)
