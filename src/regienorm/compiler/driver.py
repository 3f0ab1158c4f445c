"""Framework text -> :class:`~regienorm.ir.Framework`.

The pipeline: read and parse the file and its includes, shape the trees into declarations
(:mod:`regienorm._shape`), then run named passes that each append diagnostics. All problems are
collected before stopping; the result is sorted by location. See ``docs/errors.md`` for the codes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import attrs
from lark.exceptions import VisitError

from .. import ir
from .._gc import paused
from ..diagnostics import Diagnostic, did_you_mean, error, sort, warning
from ..errors import FrameworkError
from ..files import TooLarge, decode, decode_text, read_limited
from ..language.parser import parse
from ..language.shape import (
    AspectDecl,
    FrameworkDecl,
    IncludeDecl,
    Name,
    NormenkaderDecl,
    RuleRef,
    ScaleDecl,
    Shaper,
)
from ..language.transform import transform
from ..source import Source, Span
from .result import CompileResult  # defined apart so the CLI's cache can return one without Lark

#: Documented limits (docs/robustness.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_INCLUDE_DEPTH = 32

VALUE_FIELDS = ("value", "n")
VERDICT_FIELDS = ("points", "verdict")
_BOOL_FUNCTIONS = ("all", "any", "none")
_COUNT_FUNCTIONS = ("count", "share")
_NUMERIC_FUNCTIONS = ("min", "max", "mean", "sum")
FUNCTIONS = _BOOL_FUNCTIONS + _COUNT_FUNCTIONS + _NUMERIC_FUNCTIONS + ("max_points",)


# ============================================================================ entry points
def compile_text(text: str, path: str = "<text>", *, search_path: Sequence[str | Path] = ()) -> ir.Framework:
    """Compile framework text; raise :class:`FrameworkError` on errors."""
    return _raise_on_errors(check_text(text, path, search_path=search_path))


def compile_file(path: str | Path, *, search_path: Sequence[str | Path] = ()) -> ir.Framework:
    """Compile a framework file (and its includes); raise :class:`FrameworkError` on errors."""
    return _raise_on_errors(check_file(path, search_path=search_path))


def check_text(text: str, path: str = "<text>", *, search_path: Sequence[str | Path] = ()) -> CompileResult:
    try:
        source = decode_text(text, path)
    except FrameworkError as exc:
        return CompileResult(None, exc.diagnostics)
    with paused():  # no cycles among the trees and declarations: the cyclic collector only costs time
        return _Compilation(search_path).run(source, Path(path).resolve().parent if path != "<text>" else Path.cwd())


def check_file(path: str | Path, *, search_path: Sequence[str | Path] = ()) -> CompileResult:
    """Compile a file and return every diagnostic, with the framework when there are no errors."""
    return _check_file(_Compilation(search_path), path)


def _check_file(compilation: _Compilation, path: str | Path) -> CompileResult:
    """:func:`check_file` with a given compilation (the command line's cache watches what one reads)."""
    try:
        source = compilation.read(Path(path), str(path), None)
    except FrameworkError as exc:
        return CompileResult(None, exc.diagnostics)
    with paused():  # no cycles among the trees and declarations: the cyclic collector only costs time
        return compilation.run(source, Path(path).resolve().parent)


def _raise_on_errors(result: CompileResult) -> ir.Framework:
    if result.framework is None:
        raise FrameworkError(result.diagnostics)
    return result.framework


# ============================================================================ the compilation
@attrs.define
class _Decls:
    frameworks: list[FrameworkDecl] = attrs.Factory(list)
    scales: list[ScaleDecl] = attrs.Factory(list)
    roles: list[ir.Role] = attrs.Factory(list)
    measures: list[ir.Measure] = attrs.Factory(list)
    rules: list[ir.Rule] = attrs.Factory(list)
    normenkaders: list[NormenkaderDecl] = attrs.Factory(list)


class _Compilation:
    def __init__(self, search_path: Sequence[str | Path]) -> None:
        self.search_path = [Path(p).resolve() for p in search_path]
        self.diagnostics: list[Diagnostic] = []
        self.sources: dict[str, Source] = {}
        self.decls = _Decls()
        self._loaded: set[Path] = set()

    # ------------------------------------------------------------------ reading
    def read(self, path: Path, display: str, at: Span | None) -> Source:
        try:
            data = read_limited(path, MAX_FILE_BYTES)
        except TooLarge as big:
            raise FrameworkError([error(
                "RN004", f"the file is too large ({big.size:,} bytes)", at or Span.point(display, 1),
                f"framework files may be at most {MAX_FILE_BYTES:,} bytes; split it with `include`")]) from None
        except FileNotFoundError:
            raise FrameworkError([error("RN003", f"cannot find the file `{display}`", at or Span.point(display, 1),
                                        "check the path and its spelling")]) from None
        except OSError as exc:
            raise FrameworkError([error("RN003", f"cannot read `{display}`", at or Span.point(display, 1),
                                        "check that the file exists and can be read",
                                        notes=[exc.strerror or str(exc)])]) from None
        source = decode(data, display)
        self.sources[display] = source
        return source

    def run(self, source: Source, root: Path) -> CompileResult:
        self.sources[source.path] = source
        self.root = root
        try:
            self._load(source, Path(source.path).resolve() if source.path != "<text>" else None, [], is_main=True)
        except FrameworkError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return CompileResult(None, sort(self.diagnostics), self.sources)
        framework = None
        if any(d.is_error for d in self.diagnostics):  # later passes would only echo the syntax errors
            return CompileResult(None, sort(self.diagnostics), self.sources)
        for check in self._passes():
            check()
        if not any(d.is_error for d in self.diagnostics):
            framework = self._build()
        diags = sort(self.diagnostics)
        if any(d.is_error for d in diags):
            framework = None
        return CompileResult(framework, diags, self.sources)

    def _load(self, source: Source, resolved: Path | None, chain: list[Path], *, is_main: bool) -> None:
        try:
            tree = parse(source)
        except FrameworkError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return
        try:
            items = transform(Shaper(source.path), tree)
        except (RecursionError, VisitError) as exc:  # parse() bounds nesting; this is the backstop
            if isinstance(exc, VisitError) and not isinstance(exc.orig_exc, RecursionError):
                raise
            self.diagnostics.append(error(
                "RN105", "the file is nested too deeply to read", Span.point(source.path, 1),
                "split deeply nested conditions into several cases"))
            return
        for item in items:
            if isinstance(item, IncludeDecl):
                self._include(item, source, resolved, chain)
            elif isinstance(item, FrameworkDecl):
                if not is_main:
                    self.diagnostics.append(error(
                        "RN504", "an included file declares a framework header", item.span,
                        "only the main file has `framework`; an included file holds shared scales, roles, measures and rules"))
                self.decls.frameworks.append(item)
            elif isinstance(item, ScaleDecl):
                self.decls.scales.append(item)
            elif isinstance(item, ir.Role):
                self.decls.roles.append(item)
            elif isinstance(item, ir.Measure):
                self.decls.measures.append(item)
            elif isinstance(item, ir.Rule):
                self.decls.rules.append(item)
            elif isinstance(item, NormenkaderDecl):
                if not is_main:
                    self.diagnostics.append(error(
                        "RN505", "an included file declares a normenkader", item.span,
                        "declare normenkaders in the main framework file"))
                self.decls.normenkaders.append(item)

    def _include(self, item: IncludeDecl, source: Source, resolved: Path | None, chain: list[Path]) -> None:
        here = resolved.parent if resolved is not None else self.root
        chain_names = [_display(p) for p in chain + ([resolved] if resolved else [])]
        if not item.path or any(ord(ch) < 32 for ch in item.path):
            self.diagnostics.append(error("RN503", "the include path is empty or has control characters", item.span,
                                          "write the path of a framework file, relative to this file"))
            return
        requested = Path(item.path)
        if requested.is_absolute():
            self.diagnostics.append(error("RN503", f"include `{_clip(item.path)}` is an absolute path", item.span,
                                          "write the path relative to this file"))
            return
        allowed = [self.root, *self.search_path]
        target: Path | None = None
        outside: Path | None = None
        tried: list[Path] = []
        try:
            # relative to the including file first, then each search path; a candidate counts only
            # when, symbolic links followed, it lies inside the folder tree or that search path
            for base, candidate in ((None, here / requested), *((b, b / requested) for b in self.search_path)):
                real = candidate.resolve()
                tried.append(real)
                if not any(_inside(real, b) for b in allowed) or (base is not None and not _inside(real, base)):
                    outside = outside or real
                    continue
                if real.is_file():
                    target = real
                    break
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long, an unusable name
            self.diagnostics.append(error("RN501", f"cannot resolve the included file `{_clip(item.path)}`", item.span,
                                          "check the path", notes=[getattr(exc, "strerror", None) or str(exc)]))
            return
        if target is None and outside is not None and outside == tried[0]:
            self.diagnostics.append(error(
                "RN503", f"include `{_clip(item.path)}` leads outside the framework's folder", item.span,
                f"keep included files inside `{_display(self.root) if self.root != Path.cwd() else '.'}` or pass a search path",
                notes=["`..` steps, absolute paths and symbolic links may not lead out of the folder tree"]))
            return
        if target is None:
            target = tried[0]
        if target in chain or target == resolved:
            names = " -> ".join(chain_names + [_display(target)])
            self.diagnostics.append(error("RN502", "include cycle", item.span,
                                          "remove one of the includes in the cycle", notes=[f"chain: {names}"]))
            return
        if len(chain) >= MAX_INCLUDE_DEPTH:
            self.diagnostics.append(error("RN506", "includes are nested too deeply", item.span,
                                          f"at most {MAX_INCLUDE_DEPTH} levels of include"))
            return
        display = _display(target)
        if not target.is_file():
            names = " -> ".join(chain_names + [display])
            self.diagnostics.append(error("RN501", f"cannot find the included file `{_clip(item.path)}`", item.span,
                                          "check the path; it is relative to the including file",
                                          notes=[f"chain: {names}"]))
            return
        if target in self._loaded:
            return  # included twice (diamond): read once
        self._loaded.add(target)
        try:
            included = self.read(target, display, item.span)
        except FrameworkError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return
        self._load(included, target, chain + ([resolved] if resolved else []), is_main=False)

    # ------------------------------------------------------------------ passes
    def _passes(self) -> list[Callable[[], None]]:
        return [self.pass_header, self.pass_scale, self.pass_duplicates, self.pass_resolve,
                self.pass_rules, self.pass_usage]

    def _err(self, *args: object, **kw: object) -> None:
        self.diagnostics.append(error(*args, **kw))  # type: ignore[arg-type]

    def _warn(self, *args: object, **kw: object) -> None:
        self.diagnostics.append(warning(*args, **kw))  # type: ignore[arg-type]

    def pass_header(self) -> None:
        frameworks = self.decls.frameworks
        if not frameworks:
            first = next(iter(self.sources))
            self._err("RN206", "the file has no framework header", Span.point(first, 1),
                      'start the file with `framework ID "Title" version "1"`')
        for extra in frameworks[1:]:
            self._err("RN207", "a second framework header", extra.span,
                      "a file describes one framework; remove this header",
                      notes=[f"the first is at {frameworks[0].span}"])

    def pass_scale(self) -> None:
        scales = self.decls.scales
        if not scales:
            where = self.decls.frameworks[0].span if self.decls.frameworks else Span.point(next(iter(self.sources)), 1)
            self._err("RN208", "the framework has no verdict scale", where,
                      'declare one: scale oordeel { "+" voldoet = 2; "+/-" "voldoet gedeeltelijk" = 1; "-" "voldoet niet" = 0 }')
            return
        for extra in scales[1:]:
            self._err("RN209", f"a second verdict scale `{extra.name.text}`", extra.span,
                      "a framework has one scale; remove this one", notes=[f"the first is at {scales[0].span}"])
        seen_symbols: dict[str, ir.ScaleValue] = {}
        seen_points: dict[int, ir.ScaleValue] = {}
        for value in scales[0].values:
            for symbol in (value.symbol, *value.aliases):
                if symbol in seen_symbols:
                    self._err("RN210", f"the symbol `{symbol}` is on the scale twice", value.span,
                              "give every value and alias its own symbol",
                              notes=[f"also at {seen_symbols[symbol].span}"])
                seen_symbols[symbol] = value
            if value.points in seen_points:
                self._err("RN210", f"two scale values have {value.points} points", value.span,
                          "points order the scale: give each value different points",
                          notes=[f"also at {seen_points[value.points].span}"])
            seen_points[value.points] = value
            if value.points < 0:
                self._err("RN210", "points may not be negative", value.span, "use 0 for the lowest value")
        if len(scales[0].values) < 2:
            self._err("RN210", "a scale needs at least two values", scales[0].span, "add the missing values")

    @property
    def scale(self) -> ir.Scale | None:
        """The framework's scale, or None when there is none or it is unusable (already reported)."""
        if not self.decls.scales or len(self.decls.scales[0].values) < 2:
            return None
        decl = self.decls.scales[0]
        return ir.Scale(decl.name.text, tuple(sorted(decl.values, key=lambda v: -v.points)), span=decl.span)

    def pass_duplicates(self) -> None:
        def check(kind: str, items: Iterable[tuple[str, Span | None]]) -> None:
            seen: dict[str, Span | None] = {}
            for ident, span in items:
                if ident in seen:
                    self._err("RN205", f"{kind} `{ident}` is declared twice", span,
                              f"give each {kind} its own id, or remove one", notes=[f"first declared at {seen[ident]}"])
                else:
                    seen[ident] = span
        check("rule", ((r.id, r.span) for r in self.decls.rules))
        check("role", ((r.id, r.span) for r in self.decls.roles))
        check("measure", ((m.id, m.span) for m in self._all_measures()))
        check("normenkader", ((n.id.text, n.id.span) for n in self.decls.normenkaders))
        for nk in self.decls.normenkaders:
            check("norm", ((n.id.text, n.id.span) for n in nk.norms))
            for norm in nk.norms:
                by_id: dict[str, list[AspectDecl]] = {}
                for aspect in norm.aspects:
                    for other in by_id.get(aspect.id.text, []):
                        mine = {r.text for r in aspect.roles}
                        theirs = {r.text for r in other.roles}
                        if not mine or not theirs or mine & theirs:
                            self._err("RN205", f"toetsaspect `{aspect.id.text}` is declared twice for the same role",
                                      aspect.id.span,
                                      "give it another id, or limit each declaration to other roles with `for`",
                                      notes=[f"first declared at {other.id.span}"])
                    by_id.setdefault(aspect.id.text, []).append(aspect)
                if len(norm.verdicts) > 1:
                    self._err("RN410", f"norm `{norm.id.text}` says twice where its verdict comes from",
                              norm.verdicts[1].span, "keep one `verdict` line")
            for kind in ("norms_by", "total_by", "across_by"):
                refs: tuple[RuleRef, ...] = getattr(nk, kind)
                if len(refs) > 1:
                    self._err("RN411", f"normenkader `{nk.id.text}` has two `{kind.replace('_', ' ')}` lines",
                              refs[1].span, "keep one")

    def _all_measures(self) -> list[ir.Measure]:
        out = list(self.decls.measures)
        for nk in self.decls.normenkaders:
            out.extend(nk.measures)
            for norm in nk.norms:
                out.extend(norm.measures)
        return out

    def pass_resolve(self) -> None:
        rules = {r.id: r for r in self.decls.rules}
        roles = {r.id: r for r in self.decls.roles}
        measures = {m.id: m for m in self._all_measures()}

        def role_refs(names: Iterable[Name]) -> None:
            for name in names:
                if name.text not in roles:
                    self._unknown("RN202", "role", name, roles)

        for nk in self.decls.normenkaders:
            role_refs(nk.roles)
            for ref in (*nk.norms_by, *nk.total_by, *nk.across_by):
                self._rule_ref(ref, rules)
            for norm in nk.norms:
                role_refs(norm.roles)
                for aspect in norm.aspects:
                    role_refs(aspect.roles)
                    nk_roles = {r.text for r in norm.roles} or {r.text for r in nk.roles}
                    outside = [r.text for r in aspect.roles if nk_roles and r.text not in nk_roles]
                    if outside:
                        self._warn("RN412", f"toetsaspect `{aspect.id.text}` is for role `{outside[0]}`, "
                                   f"but norm `{norm.id.text}` does not apply to it", aspect.id.span,
                                   "remove the role from the aspect, or add it to the norm")
                for decl in norm.verdicts:
                    if decl.rule is not None:
                        self._rule_ref(decl.rule, rules)
                    if decl.measure is not None and decl.measure.text not in measures:
                        self._unknown("RN203", "measure", decl.measure, measures)
        for measure in measures.values():
            if measure.low is not None and measure.high is not None and measure.low > measure.high:
                self._err("RN307", f"measure `{measure.id}` has an empty range", measure.span,
                          "write the range low..high")

    def _rule_ref(self, ref: RuleRef, rules: dict[str, ir.Rule]) -> ir.Rule | None:
        if ref.inline is not None:
            return ref.inline
        assert ref.name is not None
        rule = rules.get(ref.name.text)
        if rule is None:
            self._unknown("RN201", "rule", ref.name, rules)
        return rule

    def _unknown(self, code: str, kind: str, name: Name, known: Mapping[str, object]) -> None:
        close = did_you_mean(name.text, known)
        if close:
            target = known[close]
            where = getattr(target, "span", None)
            at = f" (declared at line {where.line})" if isinstance(where, Span) else ""
            help_text = f"did you mean `{close}`?{at}"
        elif known:
            help_text = f"declared {kind}s: " + ", ".join(f"`{k}`" for k in sorted(known)[:10])
        else:
            help_text = f"declare it: {kind} {name.text} …"
        self._err(code, f"unknown {kind} `{name.text}`", name.span, help_text, label=f"no {kind} of this name")

    # ------------------------------------------------------------------ rule bodies
    def pass_rules(self) -> None:
        scale = self.scale
        if scale is None:
            return
        for rule in self._every_rule():
            self._check_rule(rule, scale)

    def _every_rule(self) -> list[ir.Rule]:
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

    def _symbol(self, symbol: str, scale: ir.Scale, span: Span | None) -> None:
        if scale.lookup(symbol) is None:
            close = did_you_mean(symbol, [s for v in scale.values for s in (v.symbol, *v.aliases)])
            hint = f"did you mean `{close}`? " if close else ""
            self._err("RN204", f"`{symbol}` is not on the scale `{scale.name}`", span,
                      hint + "the scale has " + ", ".join(f'"{s}"' for s in scale.symbols()),
                      label="not a verdict on the scale")

    def _check_rule(self, rule: ir.Rule, scale: ir.Scale) -> None:
        body = rule.body
        span = rule.span
        if isinstance(body, ir.SumBands):
            for band in body.bands:
                self._symbol(band.symbol, scale, band.span)
                if band.low > band.high:
                    self._err("RN304", f"band {band.low}..{band.high} runs backwards", band.span,
                              f"write it as {band.high}..{band.low}")
            ordered = sorted(body.bands, key=lambda b: (b.low, b.high))
            for a, b in zip(ordered, ordered[1:], strict=False):
                if b.low <= a.high:
                    self._err("RN302", f"bands {a.low}..{a.high} and {b.low}..{b.high} overlap", b.span,
                              f"start this band at {a.high + 1}", notes=[f"the other band is at {a.span}"])
                elif b.low > a.high + 1:
                    gap = f"{a.high + 1}" if b.low == a.high + 2 else f"{a.high + 1}..{b.low - 1}"
                    self._err("RN301", f"no band covers {gap} points", b.span,
                              f"extend a band to cover {gap}", notes=[f"the band before the gap is at {a.span}"])
            if ordered and ordered[0].low > 0:
                self._err("RN301", f"no band covers 0..{ordered[0].low - 1} points", ordered[0].span,
                          "start the lowest band at 0: every input can be the lowest verdict")
        elif isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
            self._check_thresholds(rule, body.thresholds, body.otherwise, scale,
                                   upper=Fraction(1) if not isinstance(body, ir.MeanThresholds) else Fraction(scale.max_points))
            if isinstance(body, ir.Weighted):
                for name, weight in body.weights:
                    if weight is None or weight < 0:
                        self._err("RN307", f"the weight of `{name}` must be a number of at least 0", span,
                                  "use a positive weight")
        elif isinstance(body, ir.Majority):
            if body.tie not in ("worst", "best"):
                self._symbol(body.tie, scale, span)
        elif isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
            for symbol in (body.level, body.then, body.otherwise):
                self._symbol(symbol, scale, span)
            if isinstance(body, ir.AtLeast) and body.k < 1:
                self._err("RN307", "`at least 0` always holds", span, "use at least 1")
        elif isinstance(body, ir.Table):
            self._symbol(body.otherwise, scale, span)
            for case in body.cases:
                self._symbol(case.symbol, scale, case.span)
                kind = self._expr_type(case.condition, scale, body.on_values, depth=0, per_input=False)
                if kind == "number":
                    self._err("RN403", "a condition must be true or false", case.condition.span,
                              "compare it: for example `mean(value) >= 60`")

    def _check_thresholds(self, rule: ir.Rule, thresholds: tuple[ir.Threshold, ...], otherwise: str,
                          scale: ir.Scale, upper: Fraction) -> None:
        self._symbol(otherwise, scale, rule.span)
        previous: ir.Threshold | None = None
        for t in thresholds:
            self._symbol(t.symbol, scale, t.span)
            if t.bound is None:
                self._err("RN307", "a fraction divides by zero", t.span, "write a fraction such as 5/16")
                continue
            if t.bound < 0 or t.bound > upper:
                self._warn("RN306", f"the threshold {_fmt(t.bound)} lies outside 0..{_fmt(upper)}", t.span,
                           "this threshold can never decide; check the number")
            if previous is not None and previous.bound is not None:
                if (t.bound, not t.strict) >= (previous.bound, not previous.strict):
                    self._err("RN305", "thresholds must go from high to low", t.span,
                              f"this one ({_fmt(t.bound)}) can never be reached after {_fmt(previous.bound)}; "
                              "put the higher thresholds first")
            previous = t

    def _expr_type(self, expr: ir.Expr, scale: ir.Scale, on_values: bool, *, depth: int, per_input: bool) -> str:
        """'number' or 'truth'; reports misuse as diagnostics."""
        if depth > 200:
            self._err("RN105", "the condition is nested too deeply", expr.span, "split it into several cases")
            return "truth"
        go = lambda e, **kw: self._expr_type(e, scale, on_values, depth=depth + 1,  # noqa: E731
                                             per_input=kw.get("per_input", per_input))
        if isinstance(expr, ir.Const):
            return "number"
        if isinstance(expr, ir.VerdictConst):
            self._symbol(expr.symbol, scale, expr.span)
            if on_values:
                self._err("RN401", f"a verdict `{expr.symbol}` in a rule on values", expr.span,
                          "rules `on values` compare measure values; compare with a number")
            return "number"
        if isinstance(expr, ir.Field):
            allowed = VALUE_FIELDS if on_values else VERDICT_FIELDS
            if expr.name not in allowed:
                other = VERDICT_FIELDS if on_values else VALUE_FIELDS
                if expr.name in other:
                    kind = "measure values" if on_values else "verdicts"
                    self._err("RN401" if not on_values else "RN402",
                              f"`{expr.name}` is not a field of {kind}", expr.span,
                              "this rule's inputs have " + ", ".join(f"`{f}`" for f in allowed)
                              + ("; add `on values` to judge measures" if not on_values else ""))
                else:
                    close = did_you_mean(expr.name, allowed)
                    self._err("RN212", f"unknown field `{expr.name}`", expr.span,
                              f"did you mean `{close}`?" if close else
                              "fields are " + ", ".join(f"`{f}`" for f in allowed))
            elif not per_input:
                self._err("RN405", f"`{expr.name}` belongs to one input and is used outside an aggregate",
                          expr.span, f"aggregate it, for example `mean({expr.name})` or `all({expr.name} >= …)`")
            return "number"
        if isinstance(expr, ir.Arith):
            for side in (expr.left, expr.right):
                if go(side) != "number":
                    self._err("RN404", "arithmetic on a true/false value", side.span, "use a number here")
            return "number"
        if isinstance(expr, ir.Compare):
            for side in (expr.left, expr.right):
                if go(side) != "number":
                    self._err("RN404", "a comparison of a true/false value", side.span,
                              "compare numbers; combine conditions with `and` / `or`")
            return "truth"
        if isinstance(expr, ir.BoolOp):
            for operand in expr.operands:
                if go(operand) != "truth":
                    self._err("RN403", f"`{expr.op}` needs conditions on both sides", operand.span,
                              "compare it, for example `share(points >= 1) > 1/2`")
            return "truth"
        if isinstance(expr, ir.Not):
            if go(expr.operand) != "truth":
                self._err("RN403", "`not` needs a condition", expr.operand.span, "compare it first")
            return "truth"
        assert isinstance(expr, ir.Call)
        fn = expr.function
        if fn not in FUNCTIONS:
            close = did_you_mean(fn, FUNCTIONS)
            self._err("RN211", f"unknown function `{fn}`", expr.span,
                      f"did you mean `{close}`?" if close else "functions are " + ", ".join(f"`{f}`" for f in FUNCTIONS))
            return "number"
        if expr.by_entity and not on_values:
            self._err("RN406", "`by entity` in a rule on verdicts", expr.span,
                      "`by entity` groups measure values per entity; use it in a `table on values` rule")
        if expr.by_entity and fn == "max_points":
            self._err("RN406", "`max_points()` cannot be taken by entity", expr.span, "remove `by entity`")
        inner_per_input = not (expr.by_entity and on_values)
        if fn == "max_points":
            if expr.argument is not None:
                self._err("RN407", "`max_points()` takes nothing between its brackets", expr.span, "write `max_points()`")
            if on_values:
                self._err("RN401", "`max_points()` in a rule on values", expr.span, "measure values have no points")
            return "number"
        if expr.argument is None:
            if fn == "count":
                return "number"
            self._err("RN407", f"`{fn}` needs something to aggregate", expr.span,
                      f"for example `{fn}(points >= 1)`" if fn in _BOOL_FUNCTIONS + _COUNT_FUNCTIONS else f"for example `{fn}(points)`")
            return "truth" if fn in _BOOL_FUNCTIONS else "number"
        arg_type = go(expr.argument, per_input=inner_per_input)
        if fn in _BOOL_FUNCTIONS + _COUNT_FUNCTIONS and arg_type != "truth":
            self._err("RN403", f"`{fn}` needs a condition", expr.argument.span,
                      f"for example `{fn}(value >= 60)`" if on_values else f"for example `{fn}(points >= 1)`")
        if fn in _NUMERIC_FUNCTIONS and arg_type != "number":
            self._err("RN404", f"`{fn}` needs a number", expr.argument.span,
                      f"for example `{fn}(value)`" if on_values else f"for example `{fn}(points)`")
        return "truth" if fn in _BOOL_FUNCTIONS else "number"

    # ------------------------------------------------------------------ usage: kinds and reachability
    def pass_usage(self) -> None:
        scale = self.scale
        rules = {r.id: r for r in self.decls.rules}
        roles = [r.id for r in self.decls.roles] or [""]  # no roles declared: one role-less use
        if scale is None:
            return
        for nk in self.decls.normenkaders:
            nk_roles = [r.text for r in nk.roles] or roles
            default = nk.norms_by[0] if nk.norms_by else None
            for norm in nk.norms:
                norm_roles = [r.text for r in norm.roles] if norm.roles else nk_roles
                decl = norm.verdicts[0] if norm.verdicts else None
                if decl is not None and decl.kind == "findings":
                    if norm.aspects:
                        self._warn("RN409", f"norm `{norm.id.text}` is judged from findings; its toetsaspecten are not used",
                                   decl.span, "remove `verdict from findings` to judge it from its toetsaspecten")
                    continue
                if decl is not None and decl.kind == "measure":
                    rule = self._rule_ref_quiet(decl.rule, rules)
                    if rule is not None and not rule.on_values:
                        self._err("RN402", f"rule `{rule.id}` judges verdicts, but norm `{norm.id.text}` is judged on a measure",
                                  decl.rule.span if decl.rule else decl.span,
                                  "use a rule written as `table on values { … }`")
                    # Toetsaspecten of a measure-judged norm describe what the measure covers: allowed.
                    continue
                ref = decl.rule if decl is not None else default
                if not norm.aspects:
                    if decl is not None:
                        self._warn("RN409", f"norm `{norm.id.text}` has no toetsaspecten for `verdict by` to combine",
                                   decl.span, "write `verdict from findings`, or add its toetsaspecten")
                    continue
                if ref is None:
                    self._err("RN408", f"norm `{norm.id.text}` has toetsaspecten but no rule to combine them",
                              norm.id.span, f"add `verdict by RULE` to the norm, or `norms by RULE` to normenkader `{nk.id.text}`")
                    continue
                rule = self._rule_ref_quiet(ref, rules)
                if rule is None:
                    continue
                where = f"norm `{norm.id.text}` from its toetsaspecten"
                per_role = {role: [a.id.text for a in norm.aspects if not a.roles or role in {r.text for r in a.roles}]
                            for role in norm_roles}
                per_role = {k: v for k, v in per_role.items() if v}
                if per_role:
                    widest = max(per_role.values(), key=len)
                    self._check_use(rule, ref.span, len(widest), where, scale,
                                    inputs=sorted({i for v in per_role.values() for i in v}))
            for refs, what in ((nk.total_by, "total"), (nk.across_by, "across entities")):
                if not refs:
                    continue
                rule = self._rule_ref_quiet(refs[0], rules)
                if rule is None:
                    continue
                if what == "total":
                    sizes = [len([n for n in nk.norms if not n.roles or role in {r.text for r in n.roles}])
                             for role in nk_roles]
                    largest: int = max(sizes, default=0)
                    if largest:
                        self._check_use(rule, refs[0].span, largest,
                                        f"the total of normenkader `{nk.id.text}`", scale,
                                        inputs=[n.id.text for n in nk.norms])
                else:
                    self._check_use(rule, refs[0].span, None, f"across entities in `{nk.id.text}`", scale, inputs=None)

    def _rule_ref_quiet(self, ref: RuleRef | None, rules: dict[str, ir.Rule]) -> ir.Rule | None:
        if ref is None:
            return None
        if ref.inline is not None:
            return ref.inline
        assert ref.name is not None
        return rules.get(ref.name.text)

    def _check_use(self, rule: ir.Rule, at: Span, n: int | None, where: str, scale: ir.Scale,
                   inputs: list[str] | None) -> None:
        if rule.on_values:
            self._err("RN401", f"rule `{rule.id}` judges measure values, but {where} combines verdicts", at,
                      "use a rule on verdicts here (sum or share of points, worst, majority, a table without `on values`, …)")
            return
        body = rule.body
        if isinstance(body, ir.Weighted) and inputs is not None:
            for name, _ in body.weights:
                if name not in inputs:
                    self._err("RN213", f"rule `{rule.id}` weighs `{name}`, which is not an input of {where}", at,
                              "inputs are " + ", ".join(f"`{i}`" for i in inputs))
        if isinstance(body, ir.SumBands) and n is not None and body.bands:
            reachable = _reachable_sums(n, [v.points for v in scale.values], rule)
            top = reachable[-1][1]
            for band in body.bands:
                if band.high > top:
                    part = f"{band.low}..{band.high}" if band.low > top else f"{top + 1}..{band.high}"
                    self._warn("RN303", f"band {band.low}..{band.high} is {'unreachable' if band.low > top else 'partly unreachable'} "
                               f"for {where}", band.span or at,
                               f"{n} inputs × {scale.max_points} points reach at most {top}; {part} can never occur",
                               notes=[f"rule `{rule.id}` is used at {at}"])
            missing = _uncovered(reachable, [(band.low, band.high) for band in body.bands])
            if missing:
                self._err("RN308", f"no band of rule `{rule.id}` covers {_ranges(missing)} points for {where}", at,
                          "extend the bands to every sum that can occur")


    # ------------------------------------------------------------------ building the framework
    def _build(self) -> ir.Framework:
        scale = self.scale
        assert scale is not None and self.decls.frameworks
        header = self.decls.frameworks[0]
        rules = {r.id: self._canonical(r, scale) for r in self.decls.rules}

        def resolve(ref: RuleRef, where: str) -> ir.Rule:
            if ref.inline is not None:
                # named by where it stands, not by its line: moving text must not change the output
                return attrs.evolve(self._canonical(ref.inline, scale), id=f"{where} (inline)")
            assert ref.name is not None
            return rules[ref.name.text]

        normenkaders = []
        for nk in self.decls.normenkaders:
            default = nk.norms_by[0] if nk.norms_by else None
            norms = []
            for norm in nk.norms:
                decl = norm.verdicts[0] if norm.verdicts else None
                verdict: ir.VerdictSource
                if decl is not None and decl.kind == "findings":
                    verdict = ir.FromFindings()
                elif decl is not None and decl.kind == "measure":
                    assert decl.measure is not None and decl.rule is not None
                    verdict = ir.FromMeasure(decl.measure.text, resolve(decl.rule, f"{nk.id.text}.{norm.id.text}"))
                elif norm.aspects:
                    ref = decl.rule if decl is not None else default
                    assert ref is not None
                    where = f"{nk.id.text}.{norm.id.text}" if decl is not None else f"{nk.id.text} norms"
                    verdict = ir.FromAspects(resolve(ref, where))
                else:
                    verdict = ir.FromFindings()
                aspects = tuple(
                    ir.Aspect(a.id.text, a.text, tuple(r.text for r in a.roles), a.sources, span=a.span)
                    for a in norm.aspects
                )
                norms.append(ir.Norm(norm.id.text, norm.title, aspects, verdict,
                                     tuple(r.text for r in norm.roles), norm.sources,
                                     indicators=tuple(m.id for m in norm.measures), span=norm.span))
            normenkaders.append(ir.Normenkader(
                nk.id.text, nk.title, tuple(norms),
                total=resolve(nk.total_by[0], f"{nk.id.text} total") if nk.total_by else None,
                across=resolve(nk.across_by[0], f"{nk.id.text} across entities") if nk.across_by else None,
                roles=tuple(r.text for r in nk.roles), sources=nk.sources, span=nk.span))
        digest = hashlib.sha256()
        for path in sorted(self.sources):
            digest.update(path.encode() + b"\0" + self.sources[path].text.encode() + b"\0")
        return ir.Framework(
            header.id.text, header.title, header.version, scale, tuple(self.decls.roles),
            tuple(self._all_measures()), tuple(rules.values()), tuple(normenkaders),
            header.sources, path=header.span.path, digest=digest.hexdigest())

    @staticmethod
    def _canonical(rule: ir.Rule, scale: ir.Scale) -> ir.Rule:
        """The rule with every alias replaced by its scale symbol."""
        c = lambda s: s if s in ("worst", "best") else scale.by_symbol(s).symbol  # noqa: E731
        body = rule.body
        if isinstance(body, ir.SumBands):
            body = ir.SumBands(tuple(attrs.evolve(b, symbol=c(b.symbol)) for b in body.bands))
        elif isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
            body = attrs.evolve(body, thresholds=tuple(attrs.evolve(t, symbol=c(t.symbol)) for t in body.thresholds),
                                otherwise=c(body.otherwise))
        elif isinstance(body, ir.Majority):
            body = ir.Majority(c(body.tie))
        elif isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
            body = attrs.evolve(body, level=c(body.level), then=c(body.then), otherwise=c(body.otherwise))
        elif isinstance(body, ir.Table):
            body = ir.Table(tuple(attrs.evolve(k, symbol=c(k.symbol), condition=_canonical_expr(k.condition, scale))
                                  for k in body.cases), c(body.otherwise), body.on_values)
        return attrs.evolve(rule, body=body)


def _canonical_expr(expr: ir.Expr, scale: ir.Scale) -> ir.Expr:
    if isinstance(expr, ir.VerdictConst):
        return attrs.evolve(expr, symbol=scale.by_symbol(expr.symbol).symbol)
    if isinstance(expr, (ir.Compare, ir.Arith)):
        return attrs.evolve(expr, left=_canonical_expr(expr.left, scale), right=_canonical_expr(expr.right, scale))
    if isinstance(expr, ir.BoolOp):
        return attrs.evolve(expr, operands=tuple(_canonical_expr(o, scale) for o in expr.operands))
    if isinstance(expr, ir.Not):
        return attrs.evolve(expr, operand=_canonical_expr(expr.operand, scale))
    if isinstance(expr, ir.Call) and expr.argument is not None:
        return attrs.evolve(expr, argument=_canonical_expr(expr.argument, scale))
    return expr


def _reachable_sums(n: int, points: list[int], rule: ir.Rule) -> list[tuple[int, int]]:
    """Every sum of at most n scale points (skipped inputs make fewer), as sorted inclusive runs
    ``(low, high)`` — exact for small cases, the whole range ``0..n × max`` above 5000.

    Work and memory depend on the number of inputs and the 5000 cut-off, never on how large the
    points or bands are written (``scale { "+" a = 2000000000000 … }`` costs nothing extra)."""
    top = n * max(points)
    if top > 5000 or min(points) < 0:  # negative points are an error of the scale (RN210)
        return [(0, top)]
    sums = 1  # a bit set: bit s is on when the sum s can occur
    reachable = 1
    for _ in range(n):
        step = 0
        for p in points:
            step |= sums << p
        sums = step
        reachable |= sums
    if rule.not_assessed is not ir.Policy.SKIP and rule.not_applicable is not ir.Policy.SKIP:
        reachable = sums
    bits = bin(reachable)[:1:-1]  # bit 0 first
    runs: list[tuple[int, int]] = []
    for s, bit in enumerate(bits):
        if bit == "1":
            if runs and runs[-1][1] == s - 1:
                runs[-1] = (runs[-1][0], s)
            else:
                runs.append((s, s))
    return runs


def _uncovered(runs: list[tuple[int, int]], bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of the sorted runs that no band (inclusive ``low..high``) covers, as runs."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(b for b in bands if b[0] <= b[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    out: list[tuple[int, int]] = []
    i = 0
    for low, high in runs:
        start = low
        while i < len(merged) and merged[i][1] < start:
            i += 1
        j = i
        while start <= high:
            if j < len(merged) and merged[j][0] <= start:
                start = merged[j][1] + 1
                j += 1
                continue
            stop = min(high, merged[j][0] - 1) if j < len(merged) else high
            out.append((start, stop))
            start = stop + 1
    return out


def _ranges(runs: list[tuple[int, int]]) -> str:
    return ", ".join(f"{low}" if low == high else f"{low}..{high}" for low, high in runs)


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _display(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    return os.path.relpath(path, Path.cwd()) if _inside(path, Path.cwd()) else str(path)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
        return True
    except ValueError:
        return False
