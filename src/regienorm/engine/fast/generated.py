"""A plan compiled to Python source: functions per kind of entity that judge it without reasons.

:mod:`regienorm.engine.judge` walks a plan target by target, making a row (a tuple of ten fields)
for each; on evidence where every entity differs that walk, not the rule arithmetic, is the cost.
Here a plan (:mod:`..plan`) becomes source, as Jinja compiles a template, with a function per
normenkader (one function of a large plan would compile in quadratic time): ``judge`` reads every
finding's verdict and points with ``map`` and decides each rule inline in integers where its kind
has an integer form (shares and means of points, sums in bands, worst, best); ``general`` takes
the findings' marks (a finding missing or with a status) and overrides, and decides a rule inline
only where none of its own inputs is a status, else by its :class:`~..runner.RuleRunner` (the
compiled plan's own, through a memo per place, as the walk decides it). Both give the entity's
*marks* (:func:`..runner.mark`), one per target in the assessment's order; :mod:`.marks` reads
them as rows, verdicts or outcomes on demand.

Not covered (:func:`compile_plan` gives None, or a run gives None, and the engine's walk judges the
entity): a group judged across its members, groups of norms (trees), a group entity's norms judged
on its members' measures or indicators, a finding at a norm judged from its toetsaspecten or on a
measure, a finding whose status is neither not assessed nor not applicable. Points that are not
whole numbers and thresholds that are not fractions are decided by the runner, not inline
(:func:`_inline`: where a per-input maximum or exact points would enter). The meaning stays in
:mod:`regienorm.semantics`: tests/test_fast_equals_semantics.py holds every row, verdict and count
to the walk, which is held to the semantics there and in tests/test_engine.py.

A compiled plan holds nothing of one evaluation: it is kept per framework (a bounded cache by the
framework's identity) and made on the first entity of its kind, never at import.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from fractions import Fraction
from operator import attrgetter
from typing import Any

from ... import ir
from ..._gc import paused
from ...judgement import Status
from .. import plan as plans
from ..memo import BoundedMemo
from ..runner import NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK, RuleRunner
from .marks import Compiled, mark_of_status, marks_of_findings

__all__ = ["compile_plan", "compiled_for"]

JUDGED, NOT_ASSESSED, NOT_APPLICABLE = Status.JUDGED, Status.NOT_ASSESSED, Status.NOT_APPLICABLE
#: A row's status from a target's mark when the mark is not a symbol.
_CODE_LIMIT = 64


class _Mark:
    """A target's mark in the generated source: an expression, and what it can be at run time."""

    __slots__ = ("expr", "points", "symbol")

    def __init__(self, expr: str, points: str | None = None, symbol: bool = False) -> None:
        self.expr = expr  # Python source giving the mark
        self.points = points  # source giving its points, when ``symbol``
        self.symbol = symbol  # always a scale symbol at run time (never a status mark)


class _Source:
    """The generated functions' lines and what each target is."""

    def __init__(self, framework: ir.Framework, scale: ir.Scale, targets: int) -> None:
        self.framework = framework
        self.scale = scale
        self.size = targets
        #: per normenkader (a function each: one function of a 10,000-norm plan compiles in quadratic
        #: time): the lines of judge's part, of general's part, the output's items, the tests that
        #: every mark is a symbol
        self.sections: list[tuple[list[str], list[str], list[str], list[str]]] = []
        self.lines: list[str] = []
        self.general: list[str] = []
        self.out: list[str] = []  # the output list's items, in target order
        self.checks: list[str] = []  # run-time tests that every mark is a symbol
        self.helpers: list[tuple[RuleRunner, list[str]]] = []
        self.runners: dict[int, RuleRunner] = {}
        self.findings: list[str] = []  # the targets whose findings are read, in order: vs[i], ps[i]
        self.absent: list[str] = []  # targets that must have no finding (norms judged from toetsaspecten)
        self.targets: list[tuple[str, str, str | None, Any]] = []  # (target, level, rule, span) in order
        self.at = 0  # where the current section's targets start
        self.constant = True  # no constant status mark in the output
        self.keep: list[int] = []  # positions kept for groups judging across
        self.surveys: list[tuple[str, ir.Rule, int]] = []  # norms judged on a measure: (measure, rule, position): ms[j]
        self.reads: dict[str, None] = {}  # the measures read (judged on, indicators): their records are used
        self.is_group = False

    def section(self) -> None:
        """Start the part of the next normenkader."""
        self.lines, self.general, self.out, self.checks = [], [], [], []
        self.sections.append((self.lines, self.general, self.out, self.checks))
        self.at = len(self.targets)

    def set(self, at: int, target: tuple[str, str, str | None, Any], item: str) -> None:
        """Fill in the target at ``at`` (of the current section)."""
        self.targets[at] = target
        self.out[at - self.at] = item

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
            found = self.runners[id(rule)] = RuleRunner.of(self.framework, rule, False, targets=self.size)
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
    with paused():  # no cycles in what is made here (regienorm._gc)
        compiled = compile_plan(plan(), framework, points, bool(key[2]))
    if len(_SHARED) >= _CODE_LIMIT:
        _SHARED.pop(next(iter(_SHARED)))
    try:
        _SHARED[ident] = (weakref.ref(framework), compiled)
    except TypeError:  # not weakly referable: compiled again next time
        pass
    return compiled


_SHARED: dict[tuple[int, Any], tuple[Callable[[], Any], Compiled | None]] = {}


def compile_plan(plan: plans.Plan, framework: ir.Framework, points: dict[str, int], is_group: bool = False) -> Compiled | None:
    """The plan (of group entities: ``is_group``) as compiled functions, or None when the plan has a
    part the generated code does not cover (see the module documentation)."""
    src = _Source(framework, framework.scale, sum(1 + len(n.aspects) for nk in framework.normenkaders for n in nk.norms))
    src.is_group = is_group
    for step in plan.steps:
        src.section()
        if step.__class__ is plans.NotApplicableNormenkader:
            src.target(step.target, "normenkader", None, step.span, repr(NOT_APPLICABLE_MARK), step.keep)
            src.constant = False
        elif not _normenkader(src, step):  # type: ignore[arg-type]
            return None
    code = compile(_text(src), f"<regienorm plan {framework.id}>", "exec")
    namespace: dict[str, Any] = {"_P": points.__getitem__, "_PG": points.get, "_V": attrgetter("verdict"), "_map": map, "_list": list,
                                 "_marks": marks_of_findings}
    namespace.update((f"H{i}", _site(runner, labels)) for i, (runner, labels) in enumerate(src.helpers))
    exec(code, namespace)  # noqa: S102 - source built above from the plan, no outside text
    return Compiled(namespace["judge"], namespace["general"], src.findings, src.absent, src.targets, src.keep, points,
                    src.surveys, tuple(src.reads), src.scale)


def _text(src: _Source) -> str:
    """``judge(fs, ms)``: the marks from every finding the plan reads (``src.findings``, in that order)
    and the marks of the norms judged on a measure, rules decided inline; ``general(vs, ms, ov, cm)``:
    the same from those findings' marks (a missing finding, one with a status), with the verdicts of
    overrides by target (``ov``; the marks they set aside go to ``cm``). Each returns (marks, whether
    every mark is a symbol), and calls a function per normenkader (``j0``, ``g0``, ...)."""
    lines: list[str] = []
    calls: list[int] = []
    for k, (judge, general, out, checks) in enumerate(src.sections):
        items = _items(out)[1:-1]
        lines += [f"def j{k}(vs, ps, ms):", *judge, f"    return [{items}], {' and '.join(checks) or 'True'}", "", "",
                  f"def g{k}(vs, ps, ms, ov, cm):", *general, f"    return [{items}]", "", ""]
        calls.append(k)
    lines += ["def judge(fs, ms):"]
    if src.findings:
        lines += ["    vs = _list(_map(_V, fs))", "    try:", "        ps = _list(_map(_P, vs))", "    except KeyError:",
                  "        return general(_marks(fs), ms, None, None)  # a finding without a verdict"]
    else:
        lines.append("    vs = ps = ()")
    lines += ["    out = []", f"    plain = {src.constant}"]
    for k in calls:
        lines += [f"    o, p = j{k}(vs, ps, ms)", "    out += o", "    if not p:", "        plain = False"]
    lines += ["    return out, plain", "", "", "def general(vs, ms, ov, cm):",
              "    ps = _list(_map(_PG, vs))  # None for a status mark" if src.findings else "    ps = ()", "    out = []"]
    lines += [f"    out += g{k}(vs, ps, ms, ov, cm)" for k in calls]
    lines.append("    return out, False")
    return "\n".join(lines) + "\n"


def _normenkader(src: _Source, nk: plans.NormenkaderPlan) -> bool:
    if nk.group or nk.groups:
        return False
    keep = nk.keep
    norm_marks: list[_Mark] = []
    for n in nk.norms:
        if not n.applies:  # a variable: an override of the norm is an input of the total
            name = f"m{len(src.targets)}"
            src.lines.append(f"    {name} = {NOT_APPLICABLE_MARK!r}")
            src.general += [f"    {name} = {NOT_APPLICABLE_MARK!r}", *_overridden(n.target, name)]
            src.target(n.target, "norm", None, n.span, name, keep)
            for step in n.aspects:
                src.target(step.target, "aspect", None, step.span, repr(NOT_APPLICABLE_MARK), keep)
            src.constant = False
            norm_marks.append(_Mark(name))
            continue
        if src.is_group and (n.kind == plans.BY_MEASURE or n.indicators):  # its members' values are read too
            return False
        src.reads.update(dict.fromkeys(n.indicators))  # indicators: their records are used, no verdict depends on them
        at = len(src.targets)
        src.target(n.target, "norm", None, n.span, "", keep)  # filled in below, after its toetsaspecten
        inputs: list[_Mark] = []
        for step in n.aspects:
            if step.kind <= plans.FROM_MEASURE:  # a toetsaspect of a norm judged on a measure is judged from findings too
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
        elif n.kind == plans.BY_MEASURE:
            assert n.measure is not None and n.measure_rule is not None
            src.absent.append(n.target)
            src.reads[n.measure] = None
            m = _Mark(f"ms[{len(src.surveys)}]")
            src.surveys.append((n.measure, n.measure_rule, at))
            src.checks.append(f"{m.expr}.__class__ is str")
            rule = n.measure_rule.id
        elif inputs:  # by its toetsaspecten
            src.absent.append(n.target)
            assert isinstance(n.runner, RuleRunner)
            m = _rule(src, n.target, f"m{at}", src.runner(n.runner.rule), n.labels, inputs)
            rule = n.rule_id
        else:  # no toetsaspect applies: judged from its finding, not assessed without one (by no rule)
            m = src.finding(n.target)
            rule = None
        src.set(at, (n.target, "norm", rule, n.span), m.expr)
        norm_marks.append(m)
    if nk.total is None:
        total = _Mark(repr(NOT_ASSESSED_MARK))
        src.constant = False
        rule = None
    else:
        total = _rule(src, nk.target, "mt" + str(len(src.targets)), src.runner(nk.total.rule), nk.total_targets, norm_marks)
        rule = nk.total.rule.id
    src.target(nk.target, "normenkader", rule, nk.span, total.expr, keep)
    return True


def _overridden(target: str, name: str) -> list[str]:
    """``general``'s lines applying an override at ``target`` (its mark in ``name``): the mark it set
    aside kept in ``cm``."""
    return [f"    if ov is not None and {target!r} in ov:", f"        cm[{target!r}] = {name}", f"        {name} = ov[{target!r}]"]


def _rule(src: _Source, target: str, name: str, runner: RuleRunner, labels: list[str], inputs: list[_Mark]) -> _Mark:
    """Emit the lines deciding one rule over its inputs' marks into ``name``; the mark it gives.

    In ``judge`` every finding has a verdict: the rule is decided inline when its kind has an
    integer form and its inputs are symbols. In ``general`` a rule over consecutive findings is
    decided inline when none of them is a status mark (their points are there), else by its runner."""
    span = _slice(inputs)
    call = f"{name} = H{len(src.helpers)}({_items(m.expr for m in inputs)})"
    src.helpers.append((runner, labels))
    inline = _inline(runner, inputs) if all(m.symbol for m in inputs) and not runner.by_label else None
    if inline is not None and span is not None:
        src.general += [f"    if None in ps[{span[0]}:{span[1]}]:", f"        {name} = H{len(src.helpers) - 1}(vs[{span[0]}:{span[1]}])",
                        "    else:"] + [f"        {line}".replace("@", name) for line in inline[0]]
    else:
        src.general.append(f"    {call}")
    src.general += _overridden(target, name)
    if inline is not None:
        lines, symbol = inline
        src.lines += [f"    {line}".replace("@", name) for line in lines]
    else:
        src.lines.append(f"    {call}")
        symbol = False
    if symbol:
        src.lines.append(f"    p_{name} = _P({name})")
        return _Mark(name, f"p_{name}", True)
    src.checks.append(f"{name}.__class__ is str")
    return _Mark(name)


def _items(exprs: Iterable[str]) -> str:
    """A list display of ``exprs``, each run of consecutive findings' marks as a slice of ``vs``."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) > 2:
            out.append(f"*vs[{run[0]}:{run[-1] + 1}]")
        else:
            out.extend(f"vs[{i}]" for i in run)
        run.clear()
    for expr in exprs:
        if expr.startswith("vs[") and expr[3:-1].isdigit() and (not run or int(expr[3:-1]) == run[-1] + 1):
            run.append(int(expr[3:-1]))
            continue
        flush()
        if expr.startswith("vs[") and expr[3:-1].isdigit():
            run.append(int(expr[3:-1]))
        else:
            out.append(expr)
    flush()
    return "[" + ", ".join(out) + "]"


def _slice(inputs: list[_Mark]) -> tuple[int, int] | None:
    """(start, stop) when the inputs are consecutive findings: ``ps[start:stop]``."""
    first = inputs[0].points or "" if inputs else ""
    if not first.startswith("ps["):
        return None
    start = int(first[3:-1])
    if all(m.points == f"ps[{start + k}]" for k, m in enumerate(inputs)):
        return start, start + len(inputs)
    return None


def _total(inputs: list[_Mark]) -> str:
    """Source summing the inputs' points: a slice of ``ps`` when they are consecutive findings."""
    span = _slice(inputs)
    if span is not None and len(inputs) > 2:
        return f"sum(ps[{span[0]}:{span[1]}])"
    return " + ".join(m.points or "" for m in inputs)


def _inline(runner: RuleRunner, inputs: list[_Mark]) -> tuple[list[str], bool] | None:
    """Lines deciding the rule in integers when every input is a symbol (``@``: the mark's name), and
    whether the mark is always a symbol; None for a rule kind decided by its runner.

    Every input is kept whatever the rule's policies (they only say what to do with inputs outside
    the scale), so the rule is its kernel (:mod:`.kernels`) over all of them. Points must be whole
    numbers, each input's maximum the scale's, and (for worst and best) no two values sharing
    points: otherwise the runner decides."""
    body, scale = runner.rule.body, runner.scale
    if any(p.__class__ is not int for p in runner.points.values()):
        return None
    if runner.maxima is not None:  # inputs on several scales: each on its own maximum (the runner's)
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
        if scale.shares_points:  # the declared order decides, not the points: the runner's kernel
            return None
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
        return got[1] if got[1] is not None else mark_of_status(got[0])
    return decide


