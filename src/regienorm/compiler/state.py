"""What the passes share: the declarations read so far, the diagnostics, the sources and the loader.

One :class:`Compilation` is made per compile and handed to every pass in turn
(:mod:`regienorm.compiler.passes`); the passes append diagnostics to it and read the declarations.
The declarations themselves are frozen; only the lists that collect them grow.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from .. import ir
from ..diagnostics import Diagnostic, error, warning
from ..language.shape import DecisionDecl, FindingsScale, FrameworkDecl, NormenkaderDecl, OutcomeDecl, ProfileDecl, ScaleDecl
from ..source import Source, Span
from .loader import Loader


@attrs.define
class Decls:
    """Every declaration of the main file and its includes, by kind, in reading order."""

    frameworks: list[FrameworkDecl] = attrs.Factory(list)
    scales: list[ScaleDecl] = attrs.Factory(list)
    roles: list[ir.Role] = attrs.Factory(list)
    measures: list[ir.Measure] = attrs.Factory(list)
    rules: list[ir.Rule] = attrs.Factory(list)
    normenkaders: list[NormenkaderDecl] = attrs.Factory(list)
    inputs: list[ir.InputDecl] = attrs.Factory(list)
    decisions: list[DecisionDecl] = attrs.Factory(list)
    outcomes: list[OutcomeDecl] = attrs.Factory(list)
    findings: list[FindingsScale] = attrs.Factory(list)  # `findings on NAME` at the top


@attrs.define
class Compilation:
    """The state of one compile."""

    loader: Loader
    #: The folder of the main file (the working folder for text): includes may not lead out of it.
    root: Path = attrs.Factory(Path.cwd)
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    #: Every source read, by the path messages show.
    sources: dict[str, Source] = attrs.Factory(dict)
    #: The paths of the files read, in reading order.
    files: list[str] = attrs.Factory(list)
    decls: Decls = attrs.Factory(Decls)
    #: Included files already read (an include reached twice, a diamond, is read once).
    loaded: set[Path] = attrs.Factory(set)
    #: The path of the main source, as messages show it.
    main: str = ""
    #: The main file is a library: shared declarations without a framework header or normenkader.
    library: bool = False
    #: Set by a pass that cannot go on: the passes after it do not run.
    halted: bool = False
    #: The framework, once the build pass made it.
    framework: ir.Framework | None = None
    #: The decisions, resolved and in order, once the decisions pass made them.
    decisions: list[ir.Decision] = attrs.Factory(list)
    #: Each normenkader's scores, resolved and in order, once the trees pass made them.
    scores: dict[str, tuple[ir.Score, ...]] = attrs.Factory(dict)
    #: A profile: its header, its base's (id, version) and file, and its changes as applied (base's first).
    profile_header: ProfileDecl | None = None
    profile_base: tuple[str, str, Path | None] = ("", "", None)
    profile_changes: list[Any] = attrs.Factory(list)
    #: Each rule's input scales and the scale it yields (by ``id`` of the rule object, named or
    #: inline), once the fit pass worked them out from where the rules are used.
    reads: dict[int, frozenset[str]] = attrs.Factory(dict)
    yields: dict[int, str] = attrs.Factory(dict)
    #: The scale of every node's verdict by its dotted id (a toetsaspect's: its findings'), once the
    #: scale uses pass worked them out; what a verdict compared in a decision or a score must be on.
    node_scales: dict[str, str] = attrs.Factory(dict)
    #: Where verdicts compared in a decision's aggregate over a target (key: the target) or in the
    #: scores of a tree (key: the normenkader) are on another scale than the framework's own: its name.
    compared_on: dict[str, str] = attrs.Factory(dict)

    def parts_scales(self, ids: Iterable[str]) -> set[str]:
        """The scales the verdicts of these nodes are on (the framework's own where unknown)."""
        default = self.decls.scales[0].name.text if self.decls.scales else ""
        return {self.node_scales.get(i, default) for i in ids}

    @property
    def needs_scale(self) -> bool:
        """A verdict scale is needed by rules and normenkaders; a framework of decisions alone has none."""
        return bool(self.decls.rules or self.decls.normenkaders or not (self.decls.decisions or self.decls.inputs))

    def err(self, *args: object, **kw: object) -> None:
        self.diagnostics.append(error(*args, **kw))  # type: ignore[arg-type]

    def warn(self, *args: object, **kw: object) -> None:
        self.diagnostics.append(warning(*args, **kw))  # type: ignore[arg-type]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def read(self, path: Path, display: str, at: Span | None) -> Source:
        """Read a file through the loader and note it among the sources and files."""
        source = self.loader.read(path, display, at)
        self.sources[display] = source
        self.files.append(str(path))
        return source

    @property
    def scale(self) -> ir.Scale | None:
        """The framework's scale, or None when there is none or it is unusable (already reported)."""
        if not self.decls.scales:
            return None
        return usable_scale(self.decls.scales[0])

    @property
    def scales(self) -> dict[str, ir.Scale]:
        """Every usable scale by name, the framework's own first (a name declared twice: the first)."""
        out: dict[str, ir.Scale] = {}
        for decl in self.decls.scales:
            scale = usable_scale(decl)
            if scale is not None:
                out.setdefault(scale.name, scale)
        return out

    def scale_of(self, symbol: str) -> ir.Scale | None:
        """The first usable scale that has ``symbol`` (a value or alias)."""
        return next((s for s in self.scales.values() if s.lookup(symbol) is not None), None)

    def all_measures(self) -> list[ir.Measure]:
        """The measures declared at the top, in normenkaders and in norms."""
        out = list(self.decls.measures)
        for nk in self.decls.normenkaders:
            out.extend(nk.measures)
            for norm in nk.norms:
                out.extend(norm.measures)
        return out

    def every_rule(self) -> list[ir.Rule]:
        """The named rules and every inline rule."""
        out = list(self.decls.rules)
        for nk in self.decls.normenkaders:
            for ref in (*nk.norms_by, *nk.total_by, *nk.across_by):
                if ref.inline is not None:
                    out.append(ref.inline)
            for norm in nk.norms:
                for decl in norm.verdicts:
                    if decl.rule is not None and decl.rule.inline is not None:
                        out.append(decl.rule.inline)
        return out


def usable_scale(decl: ScaleDecl) -> ir.Scale | None:
    """The scale as compiled, best first (values sharing points stay in the order written), or None
    when it cannot be used (fewer than two values, points that are no number: already reported)."""
    if len(decl.values) < 2 or any(v.points is None for v in decl.values):
        return None
    return ir.Scale(decl.name.text, tuple(sorted(decl.values, key=lambda v: -v.points)), span=decl.span)
