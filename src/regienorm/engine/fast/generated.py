"""A plan compiled to Python source: one function per kind of entity that judges it without reasons.

:mod:`regienorm.engine.judge` walks a plan target by target, making a row (a tuple of ten fields)
for each; on evidence where every entity differs that walk, not the rule arithmetic, is the cost.
Here a plan (:mod:`..plan`) becomes the source of one function, as Jinja compiles a template:
the findings looked up in one ``itemgetter`` call, their verdicts and points read with ``map``,
each rule decided inline in integers (sums, shares, means, worst, best) or, for every other rule
kind and every input outside the scale, by the rule's :class:`~..runner.RuleRunner` (the same
memo, the same meaning). The function gives the entity's *marks* (:func:`..runner.mark`), one per
target in the assessment's order; :class:`Compiled` turns them into rows, verdicts or outcomes on
demand, so a caller that reads verdicts makes no row at all.

The generated code covers the common case and says so by returning None otherwise; the engine
then judges the entity itself. Not covered (the engine's own walk judges these): a missing
finding, a finding without a verdict, a finding at a norm judged from its toetsaspecten, an
entity with overrides or recorded verdicts, a norm judged on a measure or carrying indicators, a
group judged across its members, groups of norms (trees). Points that are not whole numbers and
a per-input maximum other than the scale's (``scales`` work) are decided by the runner, not
inline (:func:`_inline`). The meaning stays in :mod:`regienorm.semantics`; the kernels' arithmetic
here is held to it by tests/test_fast_equals_semantics.py (the rows of every entity equal the
engine's own walk, which is held to the semantics there too).

The source is compiled once per framework and kind of entity (a bounded cache of code objects),
and run against one engine's runners; nothing is generated at import.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

from ... import ir
from ...judgement import Status
from .. import plan as plans
from ..memo import BoundedMemo
from ..runner import JUDGED_WITHOUT_VERDICT, NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK, RuleRunner

__all__ = ["Compiled", "Fallback", "Marks", "compile_plan", "compiled_for"]

JUDGED, NOT_ASSESSED, NOT_APPLICABLE = Status.JUDGED, Status.NOT_ASSESSED, Status.NOT_APPLICABLE
#: A row's status from a target's mark when the mark is not a symbol.
_STATUS_BY_VALUE = {s.value: s for s in Status}
_STATUS_OF_MARK = {NOT_ASSESSED_MARK: NOT_ASSESSED, NOT_APPLICABLE_MARK: NOT_APPLICABLE, JUDGED_WITHOUT_VERDICT: JUDGED}
_MARK_OF_STATUS = {NOT_ASSESSED: NOT_ASSESSED_MARK, NOT_APPLICABLE: NOT_APPLICABLE_MARK, JUDGED: JUDGED_WITHOUT_VERDICT}
_CODE_LIMIT = 64
_TARGET = attrgetter("target")


class Fallback(Exception):
    """An outcome the marks cannot carry (a rule's status outside judged, not assessed, not
    applicable): the engine judges the entity itself."""


class _Mark:
    """A target's mark in the generated source: an expression, and what it can be at run time."""

    __slots__ = ("expr", "points", "symbol")

    def __init__(self, expr: str, points: str | None = None, symbol: bool = False) -> None:
        self.expr = expr  # Python source giving the mark
        self.points = points  # source giving its points, when ``symbol``
        self.symbol = symbol  # always a scale symbol at run time (never a status mark)


class _Source:
    """The generated functions' lines and what each target is."""

    def __init__(self, scale: ir.Scale, targets: int) -> None:
        self.scale = scale
        self.size = targets
        self.lines: list[str] = []  # judge(fs): rules inline where they can be
        self.general: list[str] = []  # general(vs): every rule by its runner
        self.helpers: list[tuple[RuleRunner, list[str]]] = []
        self.runners: dict[int, RuleRunner] = {}
        self.findings: list[str] = []  # the targets whose findings are read, in order: vs[i], ps[i]
        self.absent: list[str] = []  # targets that must have no finding (norms judged from toetsaspecten)
        self.targets: list[tuple[str, str, str | None, Any]] = []  # (target, level, rule, span) in order
        self.out: list[str] = []  # the output list's items, in target order
        self.checks: list[str] = []  # run-time tests that every mark is a symbol
        self.constant = True  # no constant status mark in the output
        self.keep: list[int] = []  # positions kept for groups judging across

    def target(self, target: str, level: str, rule: str | None, span: Any, item: str, keep: bool) -> None:
        if keep:
            self.keep.append(len(self.targets))
        self.targets.append((target, level, rule, span))
        self.out.append(item)

    def finding(self, target: str) -> _Mark:
        i = len(self.findings)
        self.findings.append(target)
        return _Mark(f"vs[{i}]", f"ps[{i}]", True)

    def runner(self, rule: ir.Rule) -> RuleRunner:
        """The compiled plan's own runner of a rule (without reasons; its memos are the plan's)."""
        found = self.runners.get(id(rule))
        if found is None:
            found = self.runners[id(rule)] = RuleRunner(rule, self.scale, False, targets=self.size)
        return found


def compiled_for(framework: ir.Framework, key: Any, points: dict[str, int],
                 plan: Callable[[], plans.Plan]) -> Compiled | None:
    """The compiled plan of a kind of entity (``key``: see :func:`..judge._kind`), or None where the
    generated code does not cover it. Kept per framework (a bounded cache): a compiled plan holds
    nothing of one evaluation, its runners and memos are its own."""
    ident = (id(framework), key)
    cached = _SHARED.get(ident)
    if cached is not None and cached[0]() is framework:
        return cached[1]
    compiled = compile_plan(plan(), framework, points)
    if len(_SHARED) >= _CODE_LIMIT:
        _SHARED.pop(next(iter(_SHARED)))
    try:
        _SHARED[ident] = (weakref.ref(framework), compiled)
    except TypeError:  # not weakly referable: compiled again next time
        pass
    return compiled


_SHARED: dict[tuple[int, Any], tuple[Callable[[], Any], Compiled | None]] = {}


def compile_plan(plan: plans.Plan, framework: ir.Framework, points: dict[str, int]) -> Compiled | None:
    """The plan as compiled functions, or None when the plan has a part the generated code does not
    cover (see the module documentation)."""
    src = _Source(framework.scale, sum(1 + len(n.aspects) for nk in framework.normenkaders for n in nk.norms))
    for step in plan.steps:
        if step.__class__ is plans.NotApplicableNormenkader:
            src.target(step.target, "normenkader", None, step.span, repr(NOT_APPLICABLE_MARK), step.keep)
            src.constant = False
        elif not _normenkader(src, step):  # type: ignore[arg-type]
            return None
    code = compile(_text(src), f"<regienorm plan {framework.id}>", "exec")
    namespace: dict[str, Any] = {"_P": points.__getitem__, "_V": attrgetter("verdict"), "_map": map, "_list": list,
                                 "_marks": _marks_of_findings}
    namespace.update((f"H{i}", _site(runner, labels)) for i, (runner, labels) in enumerate(src.helpers))
    exec(code, namespace)  # noqa: S102 - source built above from the plan, no outside text
    return Compiled(namespace["judge"], namespace["general"], src, points)


def _text(src: _Source) -> str:
    """``judge(fs)``: the marks from every finding the plan reads (``src.findings``, in that order),
    rules decided inline; ``general(vs)``: the same from those findings' marks (a missing finding, one
    with a status), every rule by its runner. Each returns (marks, whether every mark is a symbol)."""
    plain = "False" if not src.constant else " and ".join(src.checks) if src.checks else "True"
    lines = ["def judge(fs):"]
    if src.findings:
        lines += ["    vs = _list(_map(_V, fs))", "    try:", "        ps = _list(_map(_P, vs))", "    except KeyError:",
                  "        return general(_marks(fs))  # a finding without a verdict"]
    lines += src.lines + [f"    return [{', '.join(src.out)}], {plain}", "", "", "def general(vs):"]
    lines += src.general + [f"    return [{', '.join(src.out)}], False"]
    return "\n".join(lines) + "\n"


def _mark_of_finding(finding: Any) -> Any:
    """A finding's mark as the engine's walk reads it (judge.Engine._from_finding); None: no finding."""
    if finding is None:
        return NOT_ASSESSED_MARK
    if finding.verdict is not None:
        return finding.verdict
    status = _STATUS_BY_VALUE.get(finding.status) if finding.status.__class__ is str else None
    m = _MARK_OF_STATUS.get(status)  # type: ignore[arg-type]
    if m is None:  # an error, or no status at all: the engine's walk says what it makes of it
        raise Fallback(finding.status)
    return m


def _marks_of_findings(fs: Any) -> list[Any]:
    return [_mark_of_finding(f) for f in fs]


def _normenkader(src: _Source, nk: plans.NormenkaderPlan) -> bool:
    if nk.group or nk.groups:
        return False
    keep = nk.keep
    norm_marks: list[_Mark] = []
    for n in nk.norms:
        if not n.applies:
            src.target(n.target, "norm", None, n.span, repr(NOT_APPLICABLE_MARK), keep)
            for step in n.aspects:
                src.target(step.target, "aspect", None, step.span, repr(NOT_APPLICABLE_MARK), keep)
            src.constant = False
            norm_marks.append(_Mark(repr(NOT_APPLICABLE_MARK)))
            continue
        if n.indicators or n.kind == plans.BY_MEASURE:
            return False
        at = len(src.targets)
        src.target(n.target, "norm", None, n.span, "", keep)  # filled in below, after its toetsaspecten
        inputs: list[_Mark] = []
        for step in n.aspects:
            if step.kind == plans.FROM_FINDING:
                m = src.finding(step.target)
                inputs.append(m)
                src.target(step.target, "aspect", None, step.span, m.expr, keep)
            elif step.kind == plans.NOT_APPLICABLE:
                src.target(step.target, "aspect", None, step.span, repr(NOT_APPLICABLE_MARK), keep)
                src.constant = False
            else:
                return False
        if n.kind == plans.BY_FINDINGS:
            m = src.finding(n.target)
            rule = None
        elif inputs:  # by its toetsaspecten
            src.absent.append(n.target)
            assert isinstance(n.runner, RuleRunner)
            m = _rule(src, f"m{at}", src.runner(n.runner.rule), n.labels, inputs)
            rule = n.rule_id
        else:  # no toetsaspect applies: not assessed (the engine's _norm_without_finding)
            src.absent.append(n.target)
            m = _Mark(repr(NOT_ASSESSED_MARK))
            src.constant = False
            rule = None
        src.targets[at] = (n.target, "norm", rule, n.span)
        src.out[at] = m.expr
        norm_marks.append(m)
    if nk.total is None:
        total = _Mark(repr(NOT_ASSESSED_MARK))
        src.constant = False
        rule = None
    else:
        total = _rule(src, "mt" + str(len(src.targets)), src.runner(nk.total.rule), nk.total_targets, norm_marks)
        rule = nk.total.rule.id
    src.target(nk.target, "normenkader", rule, nk.span, total.expr, keep)
    return True


def _rule(src: _Source, name: str, runner: RuleRunner, labels: list[str], inputs: list[_Mark]) -> _Mark:
    """Emit the lines deciding one rule over its inputs' marks into ``name``; the mark it gives."""
    call = f"    {name} = H{len(src.helpers)}([{', '.join(m.expr for m in inputs)}])"
    src.helpers.append((runner, labels))
    src.general.append(call)
    inline = _inline(runner, inputs) if all(m.symbol for m in inputs) and not runner.by_label else None
    if inline is not None:
        lines, symbol = inline
        src.lines += [f"    {line}".replace("@", name) for line in lines]
    else:
        src.lines.append(call)
        symbol = False
    if symbol:
        src.lines.append(f"    p_{name} = _P({name})")
        return _Mark(name, f"p_{name}", True)
    src.checks.append(f"{name}.__class__ is str")
    return _Mark(name)


def _total(inputs: list[_Mark]) -> str:
    """Source summing the inputs' points: a slice of ``ps`` when they are consecutive findings."""
    first = inputs[0].points or ""
    if len(inputs) > 2 and first.startswith("ps["):
        start = int(first[3:-1])
        if all(m.points == f"ps[{start + k}]" for k, m in enumerate(inputs)):
            return f"sum(ps[{start}:{start + len(inputs)}])"
    return " + ".join(m.points or "" for m in inputs)


def _inline(runner: RuleRunner, inputs: list[_Mark]) -> tuple[list[str], bool] | None:
    """Lines deciding the rule in integers when every input is a symbol (``@``: the mark's name), and
    whether the mark is always a symbol; None for a rule kind decided by its runner.

    Every input is kept whatever the rule's policies (they only say what to do with inputs outside
    the scale), so the rule is its kernel (:mod:`.kernels`) over all of them. Points must be whole
    numbers and each input's maximum the scale's: otherwise the runner decides."""
    body, scale = runner.rule.body, runner.scale
    if any(p.__class__ is not int for p in runner.points.values()):
        return None
    n = len(inputs)
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds)):
        if any(not isinstance(t.bound, Fraction) for t in body.thresholds):
            return None
        maximum = n * (scale.max_points if isinstance(body, ir.ShareThresholds) else 1)
        if maximum <= 0:
            return None
        choice = repr(body.otherwise)
        for t in reversed(body.thresholds):  # total/maximum against n/d, in integers
            op = ">" if t.strict else ">="
            choice = f"{t.symbol!r} if t * {t.bound.denominator} {op} {t.bound.numerator * maximum} else {choice}"
        return [f"t = {_total(inputs)}", f"@ = {choice}"], True
    if isinstance(body, ir.SumBands):
        if any(b.low.__class__ is not int or b.high.__class__ is not int for b in body.bands):
            return None
        choice = repr(NOT_ASSESSED_MARK)  # no band covers the sum: no verdict
        for b in reversed(body.bands):
            choice = f"{b.symbol!r} if {b.low} <= t <= {b.high} else {choice}"
        return [f"t = {_total(inputs)}", f"@ = {choice}"], False
    if isinstance(body, (ir.Worst, ir.Best)):
        total = _total(inputs)
        if not total.startswith("sum(ps["):  # the first input with the fewest (most) points
            return None
        part = total[4:-1]
        start = int(part[3:part.index(":")])
        pick = "min" if isinstance(body, ir.Worst) else "max"
        return [f"q = {part}", f"@ = vs[{start} + q.index({pick}(q))]"], True
    return None


def _site(runner: RuleRunner, labels: list[str]) -> Callable[[list[Any]], Any]:
    """A rule decided by its runner at one place (a norm, a total), remembered as the engine's walk
    remembers it (by the inputs' marks): marks -> mark."""
    memo: BoundedMemo[Any] = BoundedMemo(plans.SITE_MEMO_LIMIT)
    entries = memo.entries
    by_label = runner.by_label

    def decide(marks: list[Any]) -> Any:
        key = tuple(marks)
        got = entries.get(key)
        if got is None:
            if by_label:
                status, verdict, _ = runner.run(list(zip(labels, marks, strict=True)))
            else:
                status, verdict = runner.decide(marks)
            got = memo.put(key, (status, verdict, ()))
        if got[1] is not None:
            return got[1]
        m = _MARK_OF_STATUS.get(got[0])
        if m is None:
            raise Fallback(got[0])
        return m
    return decide


class Compiled:
    """A kind of entity's generated functions, and what each of its targets is."""

    __slots__ = ("judge", "general", "order", "absent", "targets", "position", "found", "keep", "points", "_static")

    def __init__(self, judge: Callable[[Any], tuple[list[Any], bool]], general: Callable[[list[Any]], tuple[list[Any], bool]],
                 src: _Source, points: dict[str, int]) -> None:
        self.judge = judge
        self.general = general
        self.order = src.findings  # the targets whose findings the plan reads, in its order
        self.absent = tuple(src.absent)
        self.targets = tuple(t[0] for t in src.targets)
        self.position = {t: i for i, t in enumerate(self.targets)}
        self.found = len(src.findings)
        self.keep = tuple(src.keep)
        self.points = points
        self._static = src.targets

    def run(self, findings: Mapping[str, Any]) -> tuple[list[Any], bool, int] | None:
        """(marks, every mark a symbol, findings used) from an entity's findings by target; None where
        the generated code does not cover them (a finding at a norm judged from its toetsaspecten)."""
        order = self.order
        if len(findings) != len(order) and self.absent and any(t in findings for t in self.absent):
            return None
        fs = [findings.get(t) for t in order]
        if None in fs:
            return (*self.general(_marks_of_findings(fs)), len(fs) - fs.count(None))
        return (*self.judge(fs), len(fs))

    def run_records(self, records: Any) -> tuple[list[Any], bool, int] | None:
        """The same from an entity's findings as a sequence: at once when they are the findings the plan
        reads in its order (evidence usually lists them so), else by target."""
        if len(records) == len(self.order) and list(map(_TARGET, records)) == self.order:
            return (*self.judge(records), len(records))
        return self.run(dict(zip(map(_TARGET, records), records)))

    def rows(self, marks: list[Any], recorded: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows (:mod:`..rows`) the engine's walk makes for these marks without reasons, with the
        entity's recorded verdicts (by target) attached."""
        points, status_of = self.points, _STATUS_OF_MARK
        out = []
        for (target, level, rule, span), m in zip(self._static, marks, strict=True):
            if m.__class__ is str:
                out.append((target, level, JUDGED, m, points[m], rule, (), m, (), span))
            else:
                out.append((target, level, status_of[m], None, None, rule, (), None, (), span))
        if recorded:
            position = self.position
            for target, printed in recorded.items():
                at = position.get(target)
                if at is not None and printed:
                    out[at] = (*out[at][:8], tuple(printed), out[at][9])
        return out

    def recorded_used(self, recorded: Mapping[str, Any]) -> int:
        """The recorded verdicts attached to this plan's targets (as the engine counts them)."""
        position = self.position
        return sum(len(printed) for target, printed in recorded.items() if target in position)

    def verdicts(self, marks: list[Any], plain: bool) -> dict[str, str | None]:
        if plain:
            return dict(zip(self.targets, marks))
        return {t: (m if m.__class__ is str else None) for t, m in zip(self.targets, marks)}

    def outcomes(self, marks: list[Any], plain: bool) -> list[tuple[str, Status, str | None]]:
        if plain:
            return list(zip(self.targets, repeat(JUDGED), marks))
        return [(t, JUDGED, m) if m.__class__ is str else (t, _STATUS_OF_MARK[m], None)
                for t, m in zip(self.targets, marks)]

    def kept(self, marks: list[Any]) -> list[tuple[str, Any]]:
        """The marks groups judging across need, by target."""
        targets = self.targets
        return [(targets[i], marks[i]) for i in self.keep]


class Marks:
    """One entity's outcome from a compiled plan: its marks (and recorded verdicts), read as rows
    only when asked."""

    __slots__ = ("compiled", "marks", "plain", "recorded")

    def __init__(self, compiled: Compiled, marks: list[Any], plain: bool, recorded: Mapping[str, Any] | None) -> None:
        self.compiled = compiled
        self.marks = marks
        self.plain = plain
        self.recorded = recorded

    def __len__(self) -> int:
        return len(self.marks)

    def rows(self) -> list[tuple[Any, ...]]:
        return self.compiled.rows(self.marks, self.recorded)
