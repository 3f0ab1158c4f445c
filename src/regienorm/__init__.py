"""regienorm: norm frameworks (normenkaders) as text, verdicts that explain themselves.

>>> import regienorm
>>> framework = regienorm.compile_file("frameworks/examples/jeugdhulp.norm")   # doctest: +SKIP
>>> evidence = regienorm.load_evidence("frameworks/examples/jeugdhulp.evidence.yaml", framework)  # doctest: +SKIP
>>> assessment = regienorm.evaluate(framework, evidence)                       # doctest: +SKIP
>>> for judgement in assessment:                                               # doctest: +SKIP
...     print(judgement.entity, judgement.target, judgement.verdict)

The pipeline: :func:`compile_file` / :func:`compile_text` (text -> :class:`Framework`),
:func:`load_evidence` (file -> :class:`Evidence`, checked against the framework), :func:`evaluate`
(pure: framework + evidence -> :class:`Assessment` of :class:`Judgement` with :class:`Reason`),
then :func:`explain` and the renderers in :mod:`regienorm.render`.
"""

from typing import TYPE_CHECKING

from .compiler.result import CompileResult
from .diagnostics import Diagnostic, Severity, render_full, render_short
from .engine.evaluator import evaluate, iter_judgements
from .engine.stream import EntityEvidence, EntityResult, stream
from .errors import EvidenceError, FrameworkError, RegienormError
from .evidence import Evidence, load_evidence, parse_evidence
from .explain import explain
from .ir import Framework
from .judgement import Assessment, Judgement, Reason, Status
from .source import Span

if TYPE_CHECKING:
    from .compiler.driver import check_file, check_text, compile_file, compile_text

#: The version, written only here: pyproject.toml reads it ([tool.hatch.version]), CHANGELOG.md names it.
__version__ = "0.1.0"

#: Loaded on first use: the compiler brings Lark, which `import regienorm` (and a `regienorm check`
#: served from the cache of compiled frameworks) can do without.
_LAZY = {"check_file": "compiler.driver", "check_text": "compiler.driver", "compile_file": "compiler.driver",
         "compile_text": "compiler.driver"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "Assessment",
    "CompileResult",
    "Diagnostic",
    "EntityEvidence",
    "EntityResult",
    "Evidence",
    "EvidenceError",
    "Framework",
    "FrameworkError",
    "Judgement",
    "Reason",
    "RegienormError",
    "Severity",
    "Span",
    "Status",
    "check_file",
    "check_text",
    "compile_file",
    "compile_text",
    "evaluate",
    "explain",
    "iter_judgements",
    "load_evidence",
    "parse_evidence",
    "render_full",
    "render_short",
    "stream",
]
