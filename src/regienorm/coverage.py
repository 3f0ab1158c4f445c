"""Which parts of a framework a set of assessments exercises, and which not, by file and line.

The items are the framework's own: every normenkader, norm and toetsaspect (judged at least
once?), every scale value (given as a verdict?), every alternative of every rule (each band,
threshold, table case, ``otherwise``, ``then`` and ``else``: did it decide a verdict?), each
rule's policies for inputs that are not assessed or not applicable (did one act?), and each
``for ROLE`` restriction (did it both apply and keep an entity out?). Coverage is the share of
items hit. What decided a verdict comes from :mod:`regienorm.alternatives`, so from the semantics.

``regienorm coverage`` and the pytest plugin's ``--regienorm-cov`` print :func:`render_text`;
:func:`render_json` is the ``regienorm-coverage/1`` format (docs/json.md); :func:`render_html`
shows each framework file line by line, marked.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from . import ir
from ._escape import escape_controls
from .alternatives import alternatives, decided, rules_by_id
from .evidence.model import Evidence
from .judgement import Assessment, Status
from .semantics.decisions import expr_text, interval_text, subexpressions
from .source import Span

FORMAT = "regienorm-coverage/1"

#: The kinds of item, in report order.
KINDS = ("normenkader", "group", "norm", "aspect", "scale value", "outcome", "band", "threshold", "case", "otherwise", "then",
         "else", "rule", "policy", "applies", "does not apply", "decision", "score")

_WORDS = {
    "en": {"title": "regienorm coverage", "of": "of", "items": "items exercised", "missed": "Not exercised",
           "none": "Every item is exercised.", "hits": "hits", "line": "line", "legend":
           "green: every item on the line exercised; orange: some; red: none"},
    "nl": {"title": "regienorm dekking", "of": "van", "items": "onderdelen geraakt", "missed": "Niet geraakt",
           "none": "Elk onderdeel is geraakt.", "hits": "keer", "line": "regel", "legend":
           "groen: elk onderdeel op de regel geraakt; oranje: een deel; rood: geen"},
}
_KIND_NL = {"normenkader": "normenkader", "norm": "norm", "aspect": "toetsaspect", "scale value": "schaalwaarde",
            "band": "band", "threshold": "drempel", "case": "tabelregel", "otherwise": "anders", "then": "dan", "else": "anders",
            "rule": "regel", "policy": "beleid", "applies": "van toepassing", "does not apply": "niet van toepassing",
            "decision": "beslissing", "group": "groep", "outcome": "uitkomst", "score": "score"}


@attrs.frozen
class Item:
    """One part of a framework that cases can exercise, and how often they did."""

    kind: str
    subject: str  # a target, a rule id, or a scale symbol
    label: str
    span: Span | None
    hits: int = 0

    @property
    def covered(self) -> bool:
        return self.hits > 0

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "label": self.label, "hits": self.hits,
                "span": self.span.to_json() if self.span is not None else None}


@attrs.frozen
class Coverage:
    framework: str  # "id version"
    path: str | None
    assessments: int
    items: tuple[Item, ...]

    @property
    def covered(self) -> int:
        return sum(1 for i in self.items if i.covered)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / len(self.items) if self.items else 100.0

    def missed(self) -> list[Item]:
        return sorted((i for i in self.items if not i.covered), key=_place)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for kind in KINDS:
            items = [i for i in self.items if i.kind == kind]
            if items:
                out[kind] = (sum(1 for i in items if i.covered), len(items))
        return out


def _place(item: Item) -> tuple[str, int, int, int, str]:
    s = item.span
    return (s.path, s.line, s.column, KINDS.index(item.kind), item.subject) if s else ("", 0, 0, KINDS.index(item.kind), item.subject)


def _roles(roles: Sequence[str]) -> str:
    return "for " + ", ".join(roles)


def measure(framework: ir.Framework, runs: Iterable[tuple[Assessment, Evidence | None]]) -> Coverage:
    """The coverage of ``framework`` by assessments of it (each with its evidence when known)."""
    hits: Counter[tuple[str, ...]] = Counter()
    rules = rules_by_id(framework)
    targets = framework.targets()
    count = 0
    for assessment, evidence in runs:
        count += 1
        members = {e.id: e.members for e in evidence.entities} if evidence is not None else None
        roles: dict[str, str] = {entity: role for entity, _, role in assessment.entities}
        if evidence is not None and framework.outcomes:  # which of the framework's own outcomes a finding gave
            names = {o.name for o in framework.outcomes}
            for finding in evidence.findings:
                if finding.printed in names:
                    hits["outcome", finding.printed] += 1
        for role in roles.values():  # a normenkader that does not apply to a role has no judgements at all
            for nk in framework.normenkaders:
                if not nk.applies_to(role):
                    hits["excluded", nk.id] += 1
        for j in assessment:
            judged = j.status is Status.JUDGED
            if judged:
                hits["target", j.target] += 1
                if j.span is not None:
                    hits["declared", j.target, str(j.span)] += 1
                hits["symbol", str(j.verdict)] += 1
            if j.level in ("decision", "score"):  # which arm, band or branch each step took
                # a score's alternatives are counted over every node it is computed at
                key = j.target if j.level == "decision" else f"{j.target.partition(':')[0].split('.')[0]}:{j.rule}"
                if judged and j.level == "score":
                    hits["score", key] += 1
                for reason in j.reasons:
                    taken = dict(reason.data).get("at") if reason.kind == "step" else None
                    if taken is not None:
                        hits["taken", key, str(taken)] += 1
                continue
            if j.rule is not None:
                alternative = decided(framework, j, members, rules=rules)
                if alternative is not None:
                    hits["alternative", alternative.rule, str(alternative.index)] += 1
                last_status = None
                for reason in j.reasons:
                    data = dict(reason.data)
                    if reason.kind == "input":
                        last_status = data.get("status")
                    elif reason.kind == "policy" and last_status is not None:
                        hits["policy", j.rule, last_status.value] += 1
            target = targets.get(j.target)
            entity_role = roles.get(j.entity)
            if target is None or entity_role is None:
                continue
            if j.status is not Status.NOT_APPLICABLE:
                hits["applies", j.target] += 1
            elif _excluded_here(target, entity_role):
                hits["excluded", j.target] += 1
    return Coverage(f"{framework.id} {framework.version}", framework.path, count, tuple(_items(framework, rules, hits)))


def decision_alternatives(expr: ir.Expr) -> list[tuple[str, str, Span | None]]:
    """Every alternative a decision's expression can take, in the order written: each `case` arm
    and band, `otherwise`, and each branch of an `if`, with where it is written (the steps of a
    decision's reasons name the one taken by that place)."""
    out: list[tuple[str, str, Span | None]] = []
    stack = [expr]
    while stack:
        e = stack.pop()
        found: list[tuple[str, str, Span | None]] = []
        children: list[ir.Expr] = []
        if isinstance(e, ir.CaseOf):
            found = [("case", ", ".join(f'"{label}"' for label in arm.labels) + f" -> {expr_text(arm.value)}", arm.span)
                     for arm in e.arms]
            children = [e.subject, *(arm.value for arm in e.arms)]
        elif isinstance(e, ir.BandOf):
            found = [("band", f"{interval_text(arm.interval)} -> {expr_text(arm.value)}", arm.span) for arm in e.arms]
            children = [e.subject, *(arm.value for arm in e.arms)]
        elif isinstance(e, ir.If):
            found = [("then", f"if {expr_text(e.condition)} then {expr_text(e.then)}", e.then.span),
                     ("else", f"if {expr_text(e.condition)} else {expr_text(e.otherwise)}", e.otherwise.span)]
            children = [e.condition, e.then, e.otherwise]
        else:
            children = subexpressions(e)
        if isinstance(e, (ir.CaseOf, ir.BandOf)) and e.otherwise is not None:
            found.append(("otherwise", f"otherwise -> {expr_text(e.otherwise)}", e.otherwise.span))
            children.append(e.otherwise)
        out.extend(found)
        stack.extend(reversed(children))
    return out


def _excluded_here(target: ir.Target, role: str) -> bool:
    """Whether ``target`` itself (not an enclosing normenkader or norm) keeps an entity of ``role`` out."""
    nk, norm = target.normenkader, target.norm
    if norm is None:
        return not nk.applies_to(role)
    if target.aspects is None:
        return nk.applies_to(role) and not norm.applies_to(role)
    return nk.applies_to(role) and norm.applies_to(role) and target.aspect_for(role) is None


def _items(framework: ir.Framework, rules: dict[str, ir.Rule], hits: Counter[tuple[str, ...]]) -> list[Item]:
    out: list[Item] = []

    every = [r.id for r in framework.roles]

    def applicability(target: str, roles: Sequence[str], span: Span | None, within: Sequence[str]) -> None:
        """``for ROLE`` items, unless the roles cover every role that reaches here (then it cannot exclude)."""
        if roles and not set(within) <= set(roles):
            out.append(Item("applies", target, _roles(roles), span, hits["applies", target]))
            out.append(Item("does not apply", target, _roles(roles), span, hits["excluded", target]))

    for nk in framework.normenkaders:
        out.append(Item("normenkader", nk.id, nk.title, nk.span, hits["target", nk.id]))
        applicability(nk.id, nk.roles, nk.span, every)
        nk_roles = nk.roles or every
        for group in nk.groups:
            if group.rule is not None:  # a group without a rule has scores only: they are the items
                out.append(Item("group", f"{nk.id}.{group.id}", group.title, group.span, hits["target", f"{nk.id}.{group.id}"]))
        for score in nk.scores:
            key = f"{nk.id}:{score.id}"
            out.append(Item("score", key, score.title or score.id, score.span, hits["score", key]))
            for level in (score.at_norm, score.at_group, score.empty):
                if level is not None:
                    for kind, label, span in decision_alternatives(level):
                        out.append(Item(kind, key, label, span, hits["taken", key, str(span)]))
        for norm in nk.norms:
            nid = f"{nk.id}.{norm.id}"
            out.append(Item("norm", nid, norm.title, norm.span, hits["target", nid]))
            applicability(nid, norm.roles, norm.span, nk_roles)
            norm_roles = norm.roles or nk_roles
            if isinstance(norm.verdict, ir.FromMeasure):
                continue  # its toetsaspecten describe the measure and are never judged one by one
            declared: dict[str, list[str]] = {}
            for aspect in norm.aspects:
                aid = f"{nid}.{aspect.id}"
                label = aspect.text + (f" ({_roles(aspect.roles)})" if aspect.roles else "")
                out.append(Item("aspect", aid, label, aspect.span, hits["declared", aid, str(aspect.span)]))
                declared.setdefault(aid, []).extend(aspect.roles or ["*"])
            for aid, roles in declared.items():
                if "*" not in roles:
                    span = next(a.span for a in norm.aspects if f"{nid}.{a.id}" == aid)
                    applicability(aid, roles, span, norm_roles)
    for value in framework.scale.values:
        out.append(Item("scale value", value.symbol, value.label, value.span, hits["symbol", value.symbol]))
    for outcome in framework.outcomes:
        out.append(Item("outcome", outcome.name, outcome.label or outcome.name, outcome.span, hits["outcome", outcome.name]))
    for decision in framework.decisions:
        out.append(Item("decision", decision.id, decision.title or decision.id, decision.span, hits["target", decision.id]))
        for kind, label, span in decision_alternatives(decision.expr):
            out.append(Item(kind, decision.id, label, span, hits["taken", decision.id, str(span)]))
    for rid, rule in rules.items():
        for alternative in alternatives(rule):
            out.append(Item(alternative.kind, rid, alternative.label, alternative.span, hits["alternative", rid, str(alternative.index)]))
        if not rule.on_values:
            for status, policy in ((Status.NOT_ASSESSED, rule.not_assessed), (Status.NOT_APPLICABLE, rule.not_applicable)):
                out.append(Item("policy", rid, f"on {status.value} {policy.value}", rule.span, hits["policy", rid, status.value]))
    return out


# ------------------------------------------------------------------------------------ renderings
def _where(span: Span | None) -> str:
    return str(span) if span is not None else "(no place)"


def render_text(coverages: Sequence[Coverage], lang: str = "en") -> str:
    """The summary per kind, then every item not exercised, by file and line."""
    words = _WORDS[lang]
    lines: list[str] = []
    for cov in coverages:
        lines.append(f"{words['title']}: {cov.framework}" + (f" ({cov.path})" if cov.path else ""))
        lines.append(f"  {cov.percent:.1f}%: {cov.covered} {words['of']} {len(cov.items)} {words['items']}")
        for kind, (hit, total) in cov.by_kind().items():
            lines.append(f"    {_kind(kind, lang):<20} {hit:>4} / {total}")
        missed = cov.missed()
        lines.append(f"  {words['missed']}:" if missed else f"  {words['none']}")
        for item in missed:
            lines.append(f"    {_where(item.span)}  {_kind(item.kind, lang)} `{item.subject}`: {item.label}")
        lines.append("")
    return "\n".join(escape_controls(line) for line in lines)


def _kind(kind: str, lang: str) -> str:
    return _KIND_NL[kind] if lang == "nl" else kind


def render_json(coverages: Sequence[Coverage]) -> str:
    """The ``regienorm-coverage/1`` document: sorted keys, byte-stable, items in file and line order."""
    document = {
        "format": FORMAT,
        "frameworks": [{
            "framework": cov.framework, "path": cov.path, "assessments": cov.assessments, "covered": cov.covered,
            "total": len(cov.items), "percent": round(cov.percent, 2),
            "kinds": [{"kind": kind, "covered": hit, "total": total} for kind, (hit, total) in cov.by_kind().items()],
            "items": [i.to_json() for i in sorted(cov.items, key=_place)],
        } for cov in coverages],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_CSS = """body{font-family:sans-serif;margin:1.5em}table.src{border-collapse:collapse;font-family:monospace;font-size:13px}
td.n{color:#888;text-align:right;padding-right:1em;user-select:none}td.l{white-space:pre}
tr.hit td.l{background:#dfd}tr.part td.l{background:#fed}tr.miss td.l{background:#fdd}
td.i{color:#555;padding-left:1em;font-family:sans-serif;font-size:12px}"""


def render_html(coverages: Sequence[Coverage], lang: str = "en", sources: dict[str, str] | None = None) -> str:
    """One page: per framework the summary, then each file it was compiled from, line by line,
    marked hit (every item on the line exercised), part, or missed, with the items beside it."""
    words = _WORDS[lang]
    out = [f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{words['title']}</title>",
           f"<style>{_CSS}</style></head><body>"]
    for cov in coverages:
        out.append(f"<h1>{html.escape(words['title'])}: {html.escape(cov.framework)}</h1>")
        out.append(f"<p>{cov.percent:.1f}%: {cov.covered} {words['of']} {len(cov.items)} {words['items']}. {words['legend']}.</p>")
        out.append("<ul>" + "".join(f"<li>{html.escape(_kind(k, lang))}: {h} / {t}</li>" for k, (h, t) in cov.by_kind().items()) + "</ul>")
        by_file: dict[str, dict[int, list[Item]]] = {}
        for item in cov.items:
            if item.span is not None:
                by_file.setdefault(item.span.path, {}).setdefault(item.span.line, []).append(item)
        for path in sorted(by_file):
            text = (sources or {}).get(path)
            if text is None:
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = ""
            out.append(f"<h2>{html.escape(path)}</h2><table class=\"src\">")
            for number, line in enumerate(text.split("\n"), 1):
                items = by_file[path].get(number, [])
                mark = ""
                if items:
                    hit = sum(1 for i in items if i.covered)
                    mark = "hit" if hit == len(items) else "part" if hit else "miss"
                notes = "; ".join(f"{_kind(i.kind, lang)} {i.label} ({i.hits} {words['hits']})" for i in items)
                out.append(f"<tr class=\"{mark}\" id=\"L{number}\"><td class=\"n\">{number}</td><td class=\"l\">{html.escape(line)}</td>"
                           f"<td class=\"i\">{html.escape(notes)}</td></tr>")
            out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)
