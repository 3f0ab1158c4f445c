"""Snapshots: the meaning of every verdict of an assessment, one sorted line per judgement.

A line pins what a judgement *means*, never how its reasons are worded: entity, target, status,
verdict (and the computed one under an override), the rule, the alternative of the rule that
decided (:mod:`regienorm.alternatives`), the inputs with their outcomes, the measure values read,
and the kinds of its reasons. Rewording a reason breaks nothing; moving a band boundary does.

    # regienorm-snapshot/1
    framework regie_jeugddomein 2013

    [evidence/mpg.yaml]
    centrum opzet.3 judged +/- rule=aandeel_aspecten by="above 5/16 -> +/-" in=a:+,b:-,c:+/- reasons=rule,input*3,arithmetic

Sections (one per evidence file) and the lines in them are sorted, so the file reviews well in
a diff. :func:`compare` says which verdicts changed, old and new, and which of their parts
changed with them: that is what a failing snapshot test prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from .. import ir
from ..alternatives import decided, rules_by_id
from ..diagnostics import error
from ..errors import RegienormError
from ..evidence.model import Evidence
from ..judgement import Assessment, Judgement, Status
from ..source import Span

FORMAT = "regienorm-snapshot/1"
HEADER = (f"# {FORMAT}: the meaning of every verdict (status, verdict, rule, what decided, inputs, reason kinds).\n"
          "# Regenerate with `pytest --regienorm-update` and review the change like code.\n")

_PLAIN = re.compile(r"[^\s,=:\"\[\]*]+")
_TOKEN = re.compile(r'(?:[^\s"]|"(?:[^"\\]|\\.)*")+')


def _atom(text: str) -> str:
    """A word as it is, anything else (spaces, separators, empty) as a JSON string."""
    return text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)


@attrs.frozen(order=True)
class Entry:
    """The meaning of one judgement. ``fields`` are the parts after entity and target, in order."""

    entity: str
    target: str
    fields: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.entity, self.target

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def line(self) -> str:
        parts = [_atom(self.entity), _atom(self.target)]
        for name, value in self.fields:
            parts.append(value if name in ("status", "verdict") else f"{name}={value}")
        return " ".join(parts)


def _reason_kinds(judgement: Judgement) -> str:
    """``rule,input*3,policy:skip,arithmetic``: each kind in order, runs counted."""
    kinds: list[str] = []
    for reason in judgement.reasons:
        kind = reason.kind
        if kind == "policy":
            kind += ":" + str(dict(reason.data).get("policy"))
        kinds.append(kind)
    out: list[tuple[str, int]] = []
    for kind in kinds:
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + 1)
        else:
            out.append((kind, 1))
    return ",".join(k if n == 1 else f"{k}*{n}" for k, n in out)


def exact(value: Fraction) -> str:
    """A number without rounding: ``57.1`` when it has a finite decimal form, else ``1/3``."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    d, twos, fives = value.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    digits = str(abs(value.numerator) * 10**places // value.denominator).rjust(places + 1, "0")
    return ("-" if value < 0 else "") + digits[:-places] + "." + digits[-places:]


def _outcome(status: Status, verdict: str | None) -> str:
    return _atom(verdict) if status is Status.JUDGED and verdict is not None else status.value


def entry(framework: ir.Framework, judgement: Judgement, members: Mapping[str, Sequence[str]] | None = None,
          rules: Mapping[str, ir.Rule] | None = None) -> Entry:
    """The meaning of one judgement (see the module)."""
    fields: list[tuple[str, str]] = [("status", judgement.status.value)]
    if judgement.status is Status.JUDGED and judgement.verdict is not None:
        fields.append(("verdict", _atom(judgement.verdict)))
    if judgement.value is not None:  # a decision's value, exactly
        value = judgement.value
        shown = ("true" if value else "false") if isinstance(value, bool) else \
            value if isinstance(value, str) else exact(value)
        fields.append(("value", _atom(shown)))
    if judgement.computed != judgement.verdict:
        fields.append(("computed", _atom(judgement.computed) if judgement.computed is not None else "none"))
    if judgement.rule is not None:
        fields.append(("rule", _atom(judgement.rule)))
    alternative = decided(framework, judgement, members, rules=rules)
    if alternative is not None and alternative.kind != "rule":
        fields.append(("by", _atom(alternative.label)))
    prefix = judgement.target + "."
    inputs = []
    values = []
    for reason in judgement.reasons:
        data = dict(reason.data)
        if reason.kind == "input":
            label = str(data["input"])
            label = label[len(prefix):] if label.startswith(prefix) else label
            inputs.append(f"{_atom(label)}:{_outcome(data['status'], data['verdict'])}")
        elif reason.kind == "value" and data.get("of") == "input":
            value = data["value"]
            shown = ("true" if value else "false") if isinstance(value, bool) else \
                value if isinstance(value, str) else exact(value)
            inputs.append(f"{_atom(str(data['name']))}:{_atom(shown)}")
        elif reason.kind == "measure":
            where = str(data["entity"]) + (f"/{data['item']}" if data["item"] is not None else "")
            values.append(f"{_atom(where)}:{_atom(exact(data['value']))}")
    if inputs:
        fields.append(("in", ",".join(inputs)))
    if values:  # sorted: the engine lists them in the evidence's order, which means nothing
        fields.append(("values", ",".join(sorted(values))))
    if judgement.reasons:
        fields.append(("reasons", _reason_kinds(judgement)))
    return Entry(judgement.entity, judgement.target, tuple(fields))


def entries(framework: ir.Framework, assessment: Assessment, evidence: Evidence | None = None) -> list[Entry]:
    """The meaning of every judgement of an assessment, sorted by entity and target."""
    members = {e.id: e.members for e in evidence.entities} if evidence is not None else None
    rules = rules_by_id(framework)
    return sorted(entry(framework, j, members, rules) for j in assessment)


@attrs.frozen
class Snapshot:
    """A snapshot: the framework it pins (id and version) and, per section, the entries by key."""

    framework: str
    sections: tuple[tuple[str, tuple[Entry, ...]], ...]

    def section(self, name: str) -> dict[tuple[str, str], Entry]:
        return {e.key: e for e in dict(self.sections).get(name, ())}

    def render(self) -> str:
        out = [HEADER, f"framework {self.framework}\n"]
        for name, items in sorted(self.sections):
            out.append(f"\n[{name}]\n")
            out.extend(e.line() + "\n" for e in sorted(items))
        return "".join(out)


def build(framework: ir.Framework, sections: Iterable[tuple[str, Assessment, Evidence | None]]) -> Snapshot:
    """A snapshot of assessments of one framework, each under its name (an evidence file's path)."""
    return Snapshot(f"{_atom(framework.id)} {_atom(framework.version)}",
                    tuple(sorted((name, tuple(entries(framework, a, ev))) for name, a, ev in sections)))


def _bad(path: str, line: int, message: str) -> RegienormError:
    return RegienormError([error("RN803", message, Span.point(path, line),
                                 "regenerate it with `pytest --regienorm-update` and review the change")])


def parse(text: str, path: str) -> Snapshot:
    """Read a snapshot file back; a file that is not one raises RegienormError (RN803) at its line."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith(f"# {FORMAT}"):
        raise _bad(path, 1, f"`{path}` is not a {FORMAT} file")
    framework = ""
    sections: list[tuple[str, list[Entry]]] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("framework "):
            framework = line[len("framework "):]
        elif line.startswith("[") and line.endswith("]"):
            sections.append((line[1:-1], []))
        elif not sections:
            raise _bad(path, number, "a judgement line before the first [section]")
        else:
            sections[-1][1].append(_parse_line(line, path, number))
    return Snapshot(framework, tuple((name, tuple(items)) for name, items in sections))


def _unatom(text: str) -> str:
    return str(json.loads(text)) if text.startswith('"') else text


def _parse_line(line: str, path: str, number: int) -> Entry:
    tokens = _TOKEN.findall(line)
    if len(tokens) < 3:
        raise _bad(path, number, "a judgement line is `ENTITY TARGET STATUS [VERDICT] [name=value …]`")
    try:
        entity, target = _unatom(tokens[0]), _unatom(tokens[1])
    except ValueError:
        raise _bad(path, number, "an entity or target is not a valid quoted text") from None
    fields: list[tuple[str, str]] = [("status", tokens[2])]
    rest = tokens[3:]
    if rest and "=" not in rest[0].split('"', 1)[0]:
        fields.append(("verdict", rest.pop(0)))
    for token in rest:
        name, sep, value = token.partition("=")
        if not sep:
            raise _bad(path, number, f"`{token}` is not `name=value`")
        fields.append((name, value))
    return Entry(entity, target, tuple(fields))


# ------------------------------------------------------------------------------------ comparing
@attrs.frozen
class Change:
    """One judgement whose meaning differs: ``old`` or ``new`` is None when it appeared or went."""

    section: str
    key: tuple[str, str]
    old: Entry | None
    new: Entry | None

    @property
    def verdict_changed(self) -> bool:
        if self.old is None or self.new is None:
            return True
        return (self.old.get("verdict"), self.old.get("status")) != (self.new.get("verdict"), self.new.get("status"))

    def parts(self) -> list[tuple[str, str | None, str | None]]:
        """Each part that differs, old and new (inputs listed one by one)."""
        if self.old is None or self.new is None:
            return []
        old, new = dict(self.old.fields), dict(self.new.fields)
        out: list[tuple[str, str | None, str | None]] = []
        for name in dict.fromkeys([*old, *new]):
            if name in ("status", "verdict") or old.get(name) == new.get(name):
                continue
            if name in ("in", "values") and name in old and name in new:
                was, now = _pairs(old[name]), _pairs(new[name])
                for label in dict.fromkeys([*was, *now]):
                    if was.get(label) != now.get(label):
                        out.append((f"{name} {label}", was.get(label), now.get(label)))
                continue
            out.append((name, old.get(name), new.get(name)))
        return out


def _pairs(text: str) -> dict[str, str]:
    out = {}
    for token in _ITEM.findall(text):
        found = _LABEL.fullmatch(token)
        label, value = (found.group(1), found.group(2)) if found else (token, "")
        out[label] = value
    return out


_ITEM = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_LABEL = re.compile(r'("(?:[^"\\]|\\.)*"|[^:]*):(.*)')


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every judgement whose line differs, section by section, sorted."""
    changes = []
    for name in sorted({n for n, _ in old.sections} | {n for n, _ in new.sections}):
        was, now = old.section(name), new.section(name)
        for key in sorted(set(was) | set(now)):
            if was.get(key) != now.get(key):
                changes.append(Change(name, key, was.get(key), now.get(key)))
    return changes


def _outcome_of(e: Entry | None) -> str:
    if e is None:
        return "(none)"
    return e.get("verdict") or e.get("status") or "?"


def _shown(value: str | None) -> str:
    if value is None:
        return "(none)"
    try:
        return _unatom(value)
    except ValueError:
        return value


def describe(changes: Sequence[Change], *, limit: int = 40) -> str:
    """What a failing snapshot test prints: verdicts changed first, old -> new, with the parts
    that changed (what decided, which inputs, which values); then the judgements whose verdict
    stayed but whose meaning changed."""
    verdicts = [c for c in changes if c.verdict_changed]
    others = [c for c in changes if not c.verdict_changed]
    lines = [f"{len(verdicts)} verdict(s) changed, {len(others)} judgement(s) changed otherwise"]
    shown = 0
    for title, group in (("verdicts changed:", verdicts), ("same verdict, other meaning:", others)):
        if not group:
            continue
        lines.append(title)
        section = None
        for change in group:
            if shown == limit:
                lines.append(f"  … and {len(changes) - limit} more")
                return "\n".join(lines)
            shown += 1
            if change.section != section:
                section = change.section
                lines.append(f"  [{section}]")
            entity, target = change.key
            if change.verdict_changed:
                lines.append(f"  {entity} {target}: {_outcome_of(change.old)} -> {_outcome_of(change.new)}")
            else:
                lines.append(f"  {entity} {target}: {_outcome_of(change.new)} (verdict unchanged)")
            if change.old is None:
                lines.append(f"      new judgement: {change.new.line() if change.new else ''}")
            elif change.new is None:
                lines.append(f"      judgement gone: {change.old.line()}")
            parts = change.parts()
            for part, was, now in parts:
                lines.append(f"      {part}: {_shown(was)} -> {_shown(now)}")
            if not parts and change.old is not None and change.new is not None:
                lines.append("      the same parts, in another order")
    return "\n".join(lines)
