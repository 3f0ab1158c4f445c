"""What changes between two versions of a framework (or of the evidence), verdict by verdict, and why.

:func:`framework_changes` compares two compiled frameworks (not their text: a comment or a new
layout is no change): the scale, each rule's bands, thresholds, table cases, ``otherwise``,
weights, policies and kind, and each normenkader's, norm's and toetsaspect's roles and the rule
it is judged by. :func:`compare` then lists every judgement whose status, verdict or rule
changed, old and new, with its causes: the framework changes that touch the rule that decided it
(the alternatives that decided, old and new, from :mod:`regienorm.alternatives`) or its target,
the records of the evidence behind it (findings, measure values, overrides, the entity), and the
inputs whose outcome changed. ``regienorm diff`` prints :func:`render_text` or :func:`render_json`
(``regienorm-diff/1``, docs/json.md) and exits 1 when a judgement changed.

Past the usual size: the framework changes (now also a tree's weights, scores and outcomes), the
judgement changes and their renderings are one chain that the causes flow through; the renderings
are the part to move out when it grows further.

:func:`read_at` and :class:`GitLoader` read a file as it was at a git revision, with ``git show``.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import ir
from ._escape import escape_controls
from .alternatives import Alternative, decided, rules_by_id
from .compiler.loader import Loader
from .diagnostics import error
from .errors import FrameworkError, RegienormError
from .evidence.model import Evidence
from .files import decode
from .judgement import Assessment, Judgement, Status
from .provenance import digest
from .semantics.conditions import expr_text
from .semantics.reasons import fraction_text
from .source import Source, Span

FORMAT = "regienorm-diff/1"


@attrs.frozen
class Cause:
    """One difference that can change a verdict. ``kind``: ``band``, ``threshold``, ``case``,
    ``otherwise``, ``weight``, ``policy``, ``rule kind``, ``rule`` (a rule added, removed or
    otherwise changed), ``judged by`` (a target now judged by another rule or measure),
    ``applicability`` (its roles), ``target`` (added or removed), ``scale``, ``finding``,
    ``measure``, ``override``, ``entity``, ``input`` (an input's outcome changed), ``decided by``
    (another alternative of the rule decided, though the rule itself is the same), ``node weight``
    (a norm's or group's weight in a tree), ``score`` (a score's expression), ``outcome`` (what
    an outcome category counts as) or ``profile`` (a change of the new framework's profile that
    touched the target)."""

    kind: str
    subject: str  # the rule, target, scale symbol, entity or input label
    old: str | None
    new: str | None
    old_span: Span | None = attrs.field(default=None, eq=False)
    new_span: Span | None = attrs.field(default=None, eq=False)
    index: int | None = attrs.field(default=None, eq=False)  # for a rule's alternative: its position

    def text(self, lang: str = "en") -> str:
        w = _WORDS[lang]
        subject = f"`{self.subject}`"
        if self.kind == "profile":  # a change of the profile, in its own words
            return f"{_kind(self.kind, lang)} {subject}: {self.new}"
        if self.old is None:
            return f"{_kind(self.kind, lang)} {subject}: {w['added']} {self.new}"
        if self.new is None:
            return f"{_kind(self.kind, lang)} {subject}: {w['removed']} {self.old}"
        return f"{_kind(self.kind, lang)} {subject}: {self.old} {w['became']} {self.new}"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "old": self.old, "new": self.new,
                "old_span": self.old_span.to_json() if self.old_span else None,
                "new_span": self.new_span.to_json() if self.new_span else None}


@attrs.frozen
class Changed:
    """A judgement whose status, verdict or rule differs; ``old`` or ``new`` is None when it appeared or went."""

    evidence: str
    entity: str
    target: str
    old: Judgement | None
    new: Judgement | None
    old_by: Alternative | None
    new_by: Alternative | None
    causes: tuple[Cause, ...]


@attrs.frozen
class Diff:
    old: str  # what was compared, as given ("regie.norm@HEAD")
    new: str
    framework: tuple[Cause, ...]  # every change between the compiled frameworks
    changed: tuple[Changed, ...]
    provenance: tuple[tuple[str, str | None, str | None], ...] = ()  # per evidence: old and new digest

    def __bool__(self) -> bool:
        return bool(self.changed)


# ------------------------------------------------------------------------------------ framework changes
def _band(b: ir.Band) -> str:
    return f"band {b.low}..{b.high} -> {b.symbol}"


def _threshold(t: ir.Threshold) -> str:
    return f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}"


def _case(n: int, c: ir.Case) -> str:
    return f"case {n + 1}: when {expr_text(c.condition)} -> {c.symbol}"


def _listwise(kind: str, rid: str, old: Sequence[Any], new: Sequence[Any], show: Callable[[int, Any], str], out: list[Cause]) -> None:
    """Position by position: a changed, added or removed band, threshold or case."""
    for n in range(max(len(old), len(new))):
        was = show(n, old[n]) if n < len(old) else None
        now = show(n, new[n]) if n < len(new) else None
        if was != now:
            out.append(Cause(kind, rid, was, now, getattr(old[n], "span", None) if n < len(old) else None,
                             getattr(new[n], "span", None) if n < len(new) else None, n))


def rule_changes(old: ir.Rule, new: ir.Rule) -> list[Cause]:
    """How a rule changed, part by part (nothing when only its title or sources did)."""
    rid, out = new.id, []
    a, b = old.body, new.body
    if type(a) is not type(b):
        out.append(Cause("rule kind", rid, old.kind, new.kind, old.span, new.span))
    elif isinstance(a, ir.SumBands) and isinstance(b, ir.SumBands):
        _listwise("band", rid, a.bands, b.bands, lambda n, x: _band(x), out)
    elif isinstance(a, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)) and isinstance(b, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        if isinstance(a, ir.Weighted) and isinstance(b, ir.Weighted):
            was, now = dict(a.weights), dict(b.weights)
            for name in sorted(set(was) | set(now)):
                if was.get(name) != now.get(name):
                    out.append(Cause("weight", rid, f"{name} = {fraction_text(was[name])}" if name in was else None,
                                     f"{name} = {fraction_text(now[name])}" if name in now else None, old.span, new.span))
        _listwise("threshold", rid, a.thresholds, b.thresholds, lambda n, x: _threshold(x), out)
        if a.otherwise != b.otherwise:
            out.append(Cause("otherwise", rid, f"otherwise -> {a.otherwise}", f"otherwise -> {b.otherwise}", old.span, new.span,
                             len(b.thresholds)))
    elif isinstance(a, ir.Table) and isinstance(b, ir.Table):
        if a.on_values != b.on_values:
            out.append(Cause("rule kind", rid, "table" + (" on values" if a.on_values else ""),
                             "table" + (" on values" if b.on_values else ""), old.span, new.span))
        _listwise("case", rid, a.cases, b.cases, _case, out)
        if a.otherwise != b.otherwise:
            out.append(Cause("otherwise", rid, f"otherwise -> {a.otherwise}", f"otherwise -> {b.otherwise}", old.span, new.span,
                             len(b.cases)))
    elif a != b:  # at least / all / any / majority: one line each
        out.append(Cause("rule", rid, _body_text(a), _body_text(b), old.span, new.span))
    for status, before, after in (("not_assessed", old.not_assessed, new.not_assessed), ("not_applicable", old.not_applicable, new.not_applicable)):
        if before != after:
            out.append(Cause("policy", rid, f"on {status} {before.value}", f"on {status} {after.value}", old.span, new.span))
    return out


def _body_text(body: ir.RuleBody) -> str:
    if isinstance(body, ir.AtLeast):
        return f"at least {body.k} of {body.op} {body.level} then {body.then} else {body.otherwise}"
    if isinstance(body, (ir.AllOf, ir.AnyOf)):
        return f"{'all' if isinstance(body, ir.AllOf) else 'any'} {body.op} {body.level} then {body.then} else {body.otherwise}"
    if isinstance(body, ir.Majority):
        return f"majority, tie {body.tie}"
    return ir.Rule("_", body).kind


def _judged_by(norm: ir.Norm) -> str:
    v = norm.verdict
    if isinstance(v, ir.FromAspects):
        return f"verdict by {v.rule.id}"
    if isinstance(v, ir.FromMeasure):
        return f"verdict from measure {v.measure} by {v.rule.id}"
    return "verdict from findings"


def _roles(roles: Sequence[str]) -> str:
    return "for " + ", ".join(roles) if roles else "for every role"


def framework_changes(old: ir.Framework, new: ir.Framework) -> list[Cause]:
    """Every difference between two compiled frameworks that can change a verdict."""
    out: list[Cause] = []
    was_scale = {v.symbol: v for v in old.scale.values}
    now_scale = {v.symbol: v for v in new.scale.values}
    for symbol in dict.fromkeys([*was_scale, *now_scale]):
        a, b = was_scale.get(symbol), now_scale.get(symbol)
        if (a and a.points) != (b and b.points) or (a is None) != (b is None):
            out.append(Cause("scale", symbol, f"{symbol} = {a.points}" if a else None, f"{symbol} = {b.points}" if b else None,
                             a.span if a else None, b.span if b else None))
    was_rules, now_rules = rules_by_id(old), rules_by_id(new)
    for rid in dict.fromkeys([*was_rules, *now_rules]):
        a_rule, b_rule = was_rules.get(rid), now_rules.get(rid)
        if a_rule is None or b_rule is None:
            present = a_rule or b_rule
            assert present is not None
            out.append(Cause("rule", rid, present.kind if a_rule else None, present.kind if b_rule else None,
                             a_rule.span if a_rule else None, b_rule.span if b_rule else None))
            if b_rule is None:  # a profile's `drop rule`: which change, and why
                out.extend(_profile_causes(old, new, f"rule {rid}"))
        else:
            out.extend(rule_changes(a_rule, b_rule))
    was_t, now_t = old.targets(), new.targets()
    for tid in dict.fromkeys([*was_t, *now_t]):
        a_t, b_t = was_t.get(tid), now_t.get(tid)
        if a_t is None or b_t is None:
            present_t = a_t or b_t
            assert present_t is not None
            out.append(Cause("target", tid, present_t.level if a_t else None, present_t.level if b_t else None,
                             _target_span(a_t), _target_span(b_t)))
            continue
        out.extend(_target_changes(tid, a_t, b_t))
    out.extend(_tree_changes(old, new))
    return out


def _tree_changes(old: ir.Framework, new: ir.Framework) -> list[Cause]:
    """The weights of a tree's nodes, its scores and the outcome categories: what scores read."""
    out: list[Cause] = []
    for nk_old in old.normenkaders:
        nk_new = new.normenkader(nk_old.id)
        if nk_new is None:
            continue
        new_nodes: list[ir.Norm | ir.Group] = [*nk_new.norms, *nk_new.groups]
        nodes_new = {n.id: n for n in new_nodes}
        old_nodes: list[ir.Norm | ir.Group] = [*nk_old.norms, *nk_old.groups]
        for node in old_nodes:
            other = nodes_new.get(node.id)
            if other is not None and other.weight != node.weight:
                out.append(Cause("node weight", f"{nk_old.id}.{node.id}", f"weight {fraction_text(node.weight)}",
                                 f"weight {fraction_text(other.weight)}", node.span, other.span))
        scores_new = {sc.id: sc for sc in nk_new.scores}
        for score in nk_old.scores:
            other_score = scores_new.pop(score.id, None)
            if other_score != score:
                out.append(Cause("score", f"{nk_old.id}:{score.id}", _score_text(score),
                                 _score_text(other_score) if other_score else None, score.span,
                                 other_score.span if other_score else None))
        for added in scores_new.values():
            out.append(Cause("score", f"{nk_old.id}:{added.id}", None, _score_text(added), None, added.span))
    was = {o.name: o for o in old.outcomes}
    now = {o.name: o for o in new.outcomes}
    for name in dict.fromkeys([*was, *now]):
        a, b = was.get(name), now.get(name)
        if a != b:
            out.append(Cause("outcome", name, _outcome_text(a), _outcome_text(b), a.span if a else None, b.span if b else None))
    return out


def _score_text(score: ir.Score) -> str:
    levels = [f"{level} = {expr_text(e)}" for level, e in (("norm", score.at_norm), ("group", score.at_group),
                                                           ("when nothing counts", score.empty)) if e is not None]
    return "; ".join(levels)


def _outcome_text(o: ir.OutcomeDecl | None) -> str | None:
    if o is None:
        return None
    return f'"{o.name}" = ' + (f'"{o.symbol}"' if o.symbol is not None else str(o.status))


def _target_span(t: ir.Target | None) -> Span | None:
    if t is None:
        return None
    if t.aspects:
        return t.aspects[0].span
    return t.norm.span if t.norm is not None else t.normenkader.span


def _target_changes(tid: str, a: ir.Target, b: ir.Target) -> list[Cause]:
    out = []
    if a.level == "group":
        assert a.group is not None and b.group is not None
        if a.group.roles != b.group.roles:
            out.append(Cause("applicability", tid, _roles(a.group.roles), _roles(b.group.roles), a.group.span, b.group.span))
        if (a.group.rule and a.group.rule.id) != (b.group.rule and b.group.rule.id):
            out.append(Cause("judged by", tid, a.group.rule.id if a.group.rule else None,
                             b.group.rule.id if b.group.rule else None, a.group.span, b.group.span))
    elif a.level == "normenkader":
        if a.normenkader.roles != b.normenkader.roles:
            out.append(Cause("applicability", tid, _roles(a.normenkader.roles), _roles(b.normenkader.roles), a.normenkader.span, b.normenkader.span))
        na, nb = a.normenkader, b.normenkader
        for what, x, y in (("total by", na.total, nb.total), ("across entities by", na.across, nb.across)):
            if (x and x.id) != (y and y.id):
                out.append(Cause("judged by", tid, f"{what} {x.id}" if x else None, f"{what} {y.id}" if y else None,
                                 a.normenkader.span, b.normenkader.span))
    elif a.level == "norm":
        assert a.norm is not None and b.norm is not None
        if a.norm.roles != b.norm.roles:
            out.append(Cause("applicability", tid, _roles(a.norm.roles), _roles(b.norm.roles), a.norm.span, b.norm.span))
        if _judged_by(a.norm) != _judged_by(b.norm):
            out.append(Cause("judged by", tid, _judged_by(a.norm), _judged_by(b.norm), a.norm.span, b.norm.span))
    else:
        was = sorted(r for x in a.aspects or () for r in (x.roles or ("*",)))
        now = sorted(r for x in b.aspects or () for r in (x.roles or ("*",)))
        if was != now:
            out.append(Cause("applicability", tid, _roles([r for r in was if r != "*"]), _roles([r for r in now if r != "*"]),
                             _target_span(a), _target_span(b)))
    return out


# ------------------------------------------------------------------------------------ judgements
def _outcome(j: Judgement | None) -> str:
    if j is None:
        return "(none)"
    return j.outcome if j.status is Status.JUDGED and j.outcome is not None else j.status.value


def _key(j: Judgement) -> tuple[Status, str | None, str | None, str | None, object]:
    return j.status, j.verdict, j.computed, j.rule, j.value


def _inputs(j: Judgement | None) -> dict[str, str]:
    if j is None:
        return {}
    out = {}
    for r in j.reasons:
        if r.kind == "input":
            data = dict(r.data)
            out[str(data["input"])] = data["verdict"] if data["status"] is Status.JUDGED and data["verdict"] else data["status"].value
    return out


class _Records:
    """An evidence file's records by what they are about, as comparable texts."""

    def __init__(self, evidence: Evidence | None) -> None:
        self.evidence = evidence
        self.findings: dict[tuple[str, str], list[str]] = {}
        self.overrides: dict[tuple[str, str], list[str]] = {}
        self.measures: dict[tuple[str, str], list[str]] = {}
        for f in evidence.findings if evidence else ():
            self.findings.setdefault((f.entity, f.target), []).append(f"{f.verdict or f.status}")
        for o in evidence.overrides if evidence else ():
            for pair in o.applies or ((o.entity or "", o.target or ""),):  # a waiver: each judgement of its scope
                self.overrides.setdefault(pair, []).append(f"{o.verdict} ({o.author})" + (" expired" if o.expired else ""))
        for m in evidence.measures if evidence else ():
            self.measures.setdefault((m.entity, m.measure), []).append(f"{m.entity}/{m.measure}{'/' + m.item if m.item else ''} = {m.value}")

    def about(self, entity: str, target: str, members: Sequence[str], measure: str | None) -> dict[str, list[str]]:
        """The records behind one judgement: its finding and override, the values of its measure
        (the entity's and its members'), and the entity itself."""
        if self.evidence is None:
            return {}
        values = [v for owner in (entity, *members) for v in self.measures.get((owner, measure), ())] if measure else []
        ent = self.evidence.entity(entity)
        return {"finding": sorted(self.findings.get((entity, target), ())), "override": sorted(self.overrides.get((entity, target), ())),
                "measure": sorted(values),
                "entity": [f"role {ent.role}" + (f", members {', '.join(ent.members)}" if ent.members else "")] if ent else []}


def _measure_of(targets: Mapping[str, ir.Target], target: str) -> str | None:
    """The measure a norm is judged on (None for anything else)."""
    found = targets.get(target)
    if found is None or found.norm is None or found.aspects is not None or not isinstance(found.norm.verdict, ir.FromMeasure):
        return None
    return found.norm.verdict.measure


def _relevant(causes: Iterable[Cause], j_old: Judgement | None, j_new: Judgement | None, old_by: Alternative | None,
              new_by: Alternative | None, target: str) -> list[Cause]:
    rules = {x.rule for x in (j_old, j_new) if x is not None and x.rule is not None}
    used = {(a.rule, a.index) for a in (old_by, new_by) if a is not None}
    node, _, score = target.partition(":")  # a score's target: the node and the score
    parts = node.split(".")
    enclosing = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
    out = []
    for cause in causes:
        if cause.kind == "node weight":  # read by the scores of the nodes above it, and their rules
            if (score and (cause.subject == node or cause.subject.startswith(node + "."))) or (
                    not score and cause.subject.startswith(node + ".")):
                out.append(cause)
            continue
        if cause.kind == "score":
            if score and cause.subject == f"{parts[0]}:{score}":
                out.append(cause)
            continue
        if cause.kind == "outcome":  # what a finding's category counts as: any verdict or score may move
            out.append(cause)
            continue
        if cause.kind in ("band", "threshold", "case", "otherwise") and cause.subject in rules:
            if not used or (cause.subject, cause.index) in used or not any(r == cause.subject for r, _ in used):
                out.append(cause)
        elif cause.kind in ("rule", "rule kind", "weight", "policy") and cause.subject in rules:
            out.append(cause)
        elif cause.kind in ("applicability", "judged by", "target") and cause.subject in enclosing:
            out.append(cause)
        elif cause.kind == "scale" and any(x is not None and x.verdict == cause.subject for x in (j_old, j_new)):
            out.append(cause)
    return out


def _profile_causes(old: ir.Framework, new: ir.Framework, target: str) -> list[Cause]:
    """The changes of the new framework's profile (those its old one does not make) that touched or
    removed ``target`` (a score's node, for ``node:score``), or removed what is inside it."""
    if new.profile is None:
        return []
    before = set(old.profile.changes) if old.profile is not None else set()
    node = target.partition(":")[0]
    out = []
    for change in new.profile.changes:
        if change in before:
            continue
        if node in change.targets or any(node == r or node.startswith(r + ".") for r in change.removed):
            why = "; ".join(change.because)
            out.append(Cause("profile", change.profile, None, change.text + (f" ({why})" if why else ""),
                             new_span=change.span))
    return out


def compare(old_framework: ir.Framework, new_framework: ir.Framework,
            pairs: Sequence[tuple[str, Assessment, Evidence | None, Assessment, Evidence | None]],
            *, old_name: str = "old", new_name: str = "new") -> Diff:
    """Every judgement that changed between ``(name, old assessment, its evidence, new assessment,
    its evidence)`` pairs, with its causes; the frameworks are the ones the assessments came from."""
    fw_causes = framework_changes(old_framework, new_framework)
    old_rules, new_rules = rules_by_id(old_framework), rules_by_id(new_framework)
    old_targets, new_targets = old_framework.targets(), new_framework.targets()
    changed: list[Changed] = []
    for name, old_a, old_ev, new_a, new_ev in pairs:
        old_j = {(j.entity, j.target): j for j in old_a}
        new_j = {(j.entity, j.target): j for j in new_a}
        old_members = _members(old_ev)
        new_members = _members(new_ev)
        old_records, new_records = _Records(old_ev), _Records(new_ev)
        keys = list(dict.fromkeys([*old_j, *new_j]))
        for key in keys:
            a, b = old_j.get(key), new_j.get(key)
            if a is not None and b is not None and _key(a) == _key(b):
                continue
            entity, target = key
            old_by = decided(old_framework, a, old_members, rules=old_rules) if a is not None else None
            new_by = decided(new_framework, b, new_members, rules=new_rules) if b is not None else None
            causes = _relevant(fw_causes, a, b, old_by, new_by, target)
            if old_by != new_by and old_by is not None and new_by is not None and not any(
                    c.kind in ("band", "threshold", "case", "otherwise") for c in causes):
                causes.append(Cause("decided by", new_by.rule, old_by.label, new_by.label, old_by.span, new_by.span))
            members = sorted({*(old_members or {}).get(entity, ()), *(new_members or {}).get(entity, ())})
            measure = _measure_of(new_targets, target) or _measure_of(old_targets, target)
            was, now = old_records.about(entity, target, members, measure), new_records.about(entity, target, members, measure)
            for kind in ("entity", "finding", "measure", "override"):
                if was.get(kind, []) != now.get(kind, []) and (old_ev is not None and new_ev is not None):
                    causes.append(Cause(kind, f"{entity} {target}" if kind in ("finding", "override") else entity,
                                        "; ".join(_only(was[kind], now[kind])) or None, "; ".join(_only(now[kind], was[kind])) or None))
            ins_a, ins_b = _inputs(a), _inputs(b)
            for label in dict.fromkeys([*ins_a, *ins_b]):
                if ins_a.get(label) != ins_b.get(label):
                    causes.append(Cause("input", label, ins_a.get(label), ins_b.get(label)))
            causes.extend(_profile_causes(old_framework, new_framework, target))
            changed.append(Changed(name, entity, target, a, b, old_by, new_by, tuple(causes)))
    stamps = tuple((name, digest(old_framework, old_ev) if old_ev is not None else None,
                    digest(new_framework, new_ev) if new_ev is not None else None) for name, _, old_ev, _, new_ev in pairs)
    return Diff(old_name, new_name, tuple(fw_causes), tuple(changed), stamps)


def _only(these: Sequence[str], others: Sequence[str]) -> list[str]:
    rest = list(others)
    out = []
    for item in these:
        if item in rest:
            rest.remove(item)
        else:
            out.append(item)
    return out


def _members(evidence: Evidence | None) -> Mapping[str, Sequence[str]] | None:
    return {e.id: e.members for e in evidence.entities} if evidence is not None else None


# ------------------------------------------------------------------------------------ renderings
_WORDS = {
    "en": {"title": "regienorm diff", "none": "No judgement changed.", "changed": "judgement(s) changed",
           "framework": "Changes in the framework", "no_framework": "The compiled frameworks are the same.",
           "why": "why", "unexplained": "no change in the framework or the evidence explains it (a change in regienorm itself?)",
           "added": "added", "removed": "removed", "decided": "decided by", "unchanged": "verdict unchanged",
           "became": "became", "now": "now"},
    "nl": {"title": "regienorm verschil", "none": "Geen enkel oordeel is veranderd.", "changed": "oordeel/oordelen veranderd",
           "framework": "Wijzigingen in het normenkader", "no_framework": "De gecompileerde normenkaders zijn gelijk.",
           "why": "waarom", "unexplained": "geen wijziging in normenkader of bewijs verklaart het (een wijziging in regienorm zelf?)",
           "added": "toegevoegd", "removed": "verwijderd", "decided": "beslist door", "unchanged": "oordeel ongewijzigd",
           "became": "werd", "now": "nu"},
}
_KINDS_NL = {"band": "band", "threshold": "drempel", "case": "tabelregel", "otherwise": "anders", "weight": "gewicht",
             "policy": "beleid", "rule kind": "soort regel", "rule": "regel", "judged by": "beoordeeld met",
             "applicability": "van toepassing", "target": "onderdeel", "scale": "schaal", "finding": "bevinding",
             "measure": "meetwaarde", "override": "overschrijving", "entity": "entiteit", "input": "invoer",
             "decided by": "beslist door", "node weight": "gewicht van het onderdeel", "score": "score",
             "outcome": "uitkomst", "profile": "profiel"}


def _kind(kind: str, lang: str) -> str:
    return _KINDS_NL.get(kind, kind) if lang == "nl" else kind


def render_text(diff: Diff, lang: str = "en") -> str:
    w = _WORDS[lang]
    lines = [f"{w['title']}: {diff.old} -> {diff.new}"]
    if diff.framework:
        lines.append(f"{w['framework']}:")
        for cause in diff.framework:
            where = f" ({cause.new_span or cause.old_span})" if (cause.new_span or cause.old_span) else ""
            lines.append(f"  {cause.text(lang)}{where}")
    else:
        lines.append(w["no_framework"])
    lines.append("")
    if not diff.changed:
        lines.append(w["none"])
    else:
        lines.append(f"{len(diff.changed)} {w['changed']}:")
    section = None
    for c in diff.changed:
        if c.evidence != section:
            section = c.evidence
            lines.append(f"[{section}]")
        lines.append(f"  {c.entity} {c.target}: {_outcome(c.old)} -> {_outcome(c.new)}"
                     + (f" ({w['unchanged']}: {w['decided']} {c.new_by.rule})" if c.old and c.new and _outcome(c.old) == _outcome(c.new)
                        and c.new_by else ""))
        if c.old_by is not None or c.new_by is not None:
            lines.append(f"      {w['decided']}: {_by(c.old_by)}; {w['now']} {_by(c.new_by)}")
        for cause in c.causes:
            lines.append(f"      {w['why']}: {cause.text(lang)}")
        if not c.causes:
            lines.append(f"      {w['why']}: {w['unexplained']}")
    return "\n".join(escape_controls(line) for line in lines) + "\n"


def _by(a: Alternative | None) -> str:
    return a.describe() if a is not None else "—"


def _judgement_json(j: Judgement | None) -> dict[str, object] | None:
    if j is None:
        return None
    value = j.value
    shown = value if value is None or isinstance(value, (bool, str)) else \
        (value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}")
    return {"status": j.status.value, "verdict": j.verdict, "computed": j.computed, "rule": j.rule, "value": shown}


def _alternative_json(a: Alternative | None) -> dict[str, object] | None:
    if a is None:
        return None
    return {"rule": a.rule, "kind": a.kind, "label": a.label, "span": a.span.to_json() if a.span else None}


def render_json(diff: Diff) -> str:
    """The ``regienorm-diff/1`` document (docs/json.md): sorted keys, byte-stable."""
    document = {
        "format": FORMAT, "old": diff.old, "new": diff.new, "changed": len(diff.changed),
        "provenance": [{"evidence": name, "old": old, "new": new} for name, old, new in diff.provenance],
        "framework_changes": [c.to_json() for c in diff.framework],
        "judgements": [{
            "evidence": c.evidence, "entity": c.entity, "target": c.target,
            "old": _judgement_json(c.old), "new": _judgement_json(c.new),
            "old_decided_by": _alternative_json(c.old_by), "new_decided_by": _alternative_json(c.new_by),
            "causes": [cause.to_json() for cause in c.causes],
        } for c in diff.changed],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ------------------------------------------------------------------------------------ git
def _git_error(path: str, rev: str, detail: str) -> RegienormError:
    return RegienormError([error("RN804", f"cannot read `{path}` at revision `{rev}` from git", Span.point(path, 1),
                                 "check the revision (`git log -- FILE`) and that the file existed there", notes=[detail])])


def read_at(rev: str, path: str | Path) -> bytes:
    """The bytes of ``path`` as it was at git revision ``rev`` (``git show REV:./FILE``, run in
    the file's folder). Raises RegienormError (RN804) when git cannot give it."""
    path = Path(path)
    if not rev or rev.startswith("-"):
        raise _git_error(str(path), rev, "a revision does not start with `-`")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        done = subprocess.run(["git", "-C", str(folder), "show", f"{rev}:./{path.name}"], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise _git_error(str(path), rev, f"git could not be run: {exc}") from None
    if done.returncode != 0:
        raise _git_error(str(path), rev, done.stderr.decode("utf-8", "replace").strip() or f"git exited with {done.returncode}")
    return done.stdout


class GitLoader(Loader):
    """Reads every framework file (the main one and its includes) as it was at a git revision.
    Which file an include names is decided as for the working tree."""

    def __init__(self, rev: str, search_path: Sequence[str | Path] = ()) -> None:
        super().__init__(search_path)
        self.rev = rev

    def read(self, path: Path, display: str, at: Span | None) -> Source:
        try:
            data = read_at(self.rev, path)
        except RegienormError as exc:
            raise FrameworkError(exc.diagnostics) from None
        return decode(data, display)
