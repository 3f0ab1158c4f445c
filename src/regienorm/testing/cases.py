"""Case files: YAML that says what a framework must conclude from some evidence.

    format: regienorm-cases/1
    framework: ../regie.norm              # relative to this file; a case may name its own
    cases:
      - name: norm 3 of the centrale stad
        evidence: ../evidence/mpg.yaml    # a path, or the evidence itself (a mapping)
        expect:
          - {entity: dmo, target: opzet.3, verdict: "+"}
          - {entity: dmo, target: opzet.5, status: not_applicable}
          - {entity: stadsdelen_opzet, target: opzet, rule: puntentelling, by: "band 11..16 -> +"}
      - name: a finding on a target that does not apply
        evidence: {entities: [{id: dmo, role: centrale_stad}], findings: [{entity: dmo, target: opzet.3.a, verdict: "+"}]}
        error: RN635                      # the evidence or framework must fail with this code
      - name: the whole casebook, pinned
        evidence: [../evidence/risicojongeren.yaml, ../evidence/mpg.yaml]
        snapshot: ../casebook.snapshot    # compared with (or, with --regienorm-update, written to) a snapshot

Evidence written in the case file needs no ``format`` or ``assessment``: they are taken from the
framework. Its problems are reported at their line in the case file. The pytest plugin collects
these files (any ``*.yaml`` in a folder named ``cases`` that starts with the format line) and
runs every case as a test; :func:`run` is what it calls.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from .. import ir
from ..alternatives import decided
from ..diagnostics import Diagnostic, did_you_mean, error, render_short
from ..errors import RegienormError
from ..evidence import Evidence, load_evidence, parse_evidence
from ..evidence.model import FORMAT as EVIDENCE_FORMAT
from ..evidence.readers import MAX_EVIDENCE_BYTES, Node, ReadError, read_yaml
from ..files import TooLarge, decode, read_limited, write_atomically
from ..judgement import Assessment
from ..source import Span
from . import snapshot as snapshots

FORMAT = "regienorm-cases/1"
_FILE_KEYS = ("format", "framework", "cases")
_CASE_KEYS = ("name", "framework", "evidence", "expect", "error", "snapshot")
_EXPECT_KEYS = ("entity", "target", "verdict", "status", "rule", "by", "computed")
_STATUSES = ("judged", "not_applicable", "not_assessed")


def looks_like_cases(head: str) -> bool:
    """Whether a file's first lines declare the case format (the plugin asks before importing anything)."""
    return any(line.split("#", 1)[0].strip().replace('"', "").replace("'", "") == f"format: {FORMAT}"
               for line in head.splitlines()[:20])


@attrs.frozen
class Expectation:
    entity: str
    target: str
    want: tuple[tuple[str, str], ...]  # (field, expected) for verdict, status, rule, by, computed
    span: Span


@attrs.frozen
class Case:
    name: str
    framework: Path
    evidence: tuple[Path, ...] | str  # files, or the text of evidence written in the case file
    expect: tuple[Expectation, ...]
    error: str | None
    snapshot: Path | None
    span: Span
    path: Path  # the case file
    evidence_span: Span | None = None  # where the case names its evidence


@attrs.frozen
class Failure:
    """One expectation not met, at its place in the case file."""

    span: Span
    message: str

    def __str__(self) -> str:
        return f"{self.span}: {self.message}"


@attrs.frozen
class Outcome:
    """What running a case gave: its failures, and the assessments (for coverage)."""

    failures: tuple[Failure, ...]
    framework: ir.Framework | None = None
    assessments: tuple[tuple[str, Assessment, Evidence], ...] = ()
    written: Path | None = None  # the snapshot written with update=True


def _problem(code: str, message: str, span: Span | None, help: str) -> RegienormError:
    return RegienormError([error(code, message, span, help)])


def _text(node: Node | None, what: str, span: Span) -> str:
    if node is None or not isinstance(node.value, str) or not node.value:
        raise _problem("RN802", f"{what} must be a text", node.span if node else span, f"write `{what}: …` as a text")
    return node.value


def _keys(node: Node, allowed: Sequence[str], what: str, lines: Sequence[str]) -> None:
    if not isinstance(node.value, dict):
        raise _problem("RN802", f"{what} must be a mapping", node.span, f"write {what} as `key: value` lines")
    for key, value in node.items():
        if key not in allowed:
            guess = did_you_mean(key, allowed)
            raise _problem("RN801", f"unknown key `{key}` in {what}", _key_span(lines, key, value.span),
                           guess or f"the keys of {what} are: {', '.join(allowed)}")


def _key_span(lines: Sequence[str], key: str, value: Span) -> Span:
    """Where a key is written: on its value's line or the lines just above (the reader keeps the
    positions of values only)."""
    for number in range(value.line, max(0, value.line - 4), -1):
        line = lines[number - 1] if number <= len(lines) else ""
        limit = value.column - 1 if number == value.line else len(line)
        column = line.rfind(key, 0, limit)
        if column >= 0:
            return Span(value.path, number, column + 1, number, column + 1 + len(key))
    return value


def load(path: str | Path) -> list[Case]:
    """Read a case file; any problem in it raises RegienormError at its file:line:column."""
    path = _shown(Path(path))
    shown = str(path)
    try:
        text = decode(read_limited(path, MAX_EVIDENCE_BYTES), shown).text
    except (OSError, TooLarge) as exc:
        why = getattr(exc, "strerror", None) or "the file is too large"
        raise _problem("RN003", f"cannot read `{shown}`", Span.point(shown, 1), f"check the path ({why})") from None
    try:
        root = read_yaml(text, shown)
    except ReadError as exc:
        raise RegienormError([exc.diagnostic]) from None
    lines = text.split("\n")
    _keys(root, _FILE_KEYS, "a case file", lines)
    fmt = root.get("format")
    if fmt is None or fmt.value != FORMAT:
        raise _problem("RN801", f"a case file starts with `format: {FORMAT}`", (fmt or root).span,
                       f"write `format: {FORMAT}` as its first line")
    folder = path.parent
    default = root.get("framework")
    default_framework = _shown(folder / _text(default, "framework", root.span)) if default is not None else None
    items = root.get("cases")
    if items is None or not isinstance(items.value, list) or not items.value:
        raise _problem("RN802", "a case file lists its cases under `cases:`", (items or root).span, "add `cases:` with at least one case")
    return [_case(node, n, folder, default_framework, lines, path) for n, node in enumerate(items.value, 1)]


def _shown(path: Path) -> Path:
    """Inside the working folder, the path relative to it, without `..` steps (shorter messages)."""
    path = Path(os.path.normpath(path))
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _case(node: Node, number: int, folder: Path, default: Path | None, lines: list[str], path: Path) -> Case:
    _keys(node, _CASE_KEYS, "a case", lines)
    name_node = node.get("name")
    name = _text(name_node, "name", node.span) if name_node is not None else f"case {number}"
    fw_node = node.get("framework")
    framework = _shown(folder / _text(fw_node, "framework", node.span)) if fw_node is not None else default
    if framework is None:
        raise _problem("RN802", f"case `{name}` names no framework", node.span, "add `framework: FILE` to the case or the file")
    ev = node.get("evidence")
    if ev is None:
        raise _problem("RN802", f"case `{name}` has no evidence", node.span, "add `evidence: FILE` or the evidence itself")
    evidence: tuple[Path, ...] | str
    if isinstance(ev.value, str):
        evidence = (_shown(folder / ev.value),)
    elif isinstance(ev.value, list) and ev.value and all(isinstance(v.value, str) for v in ev.value):
        evidence = tuple(_shown(folder / v.value) for v in ev.value)
    elif isinstance(ev.value, dict):
        evidence = _inline(ev, lines)
    else:
        raise _problem("RN802", "`evidence` is a file, a list of files, or the evidence itself", ev.span,
                       "write `evidence: FILE`, `evidence: [FILE, …]` or a mapping with `entities:`")
    expect = tuple(_expectation(item, lines) for item in _list(node.get("expect"), "expect"))
    code_node = node.get("error")
    code = _text(code_node, "error", node.span) if code_node is not None else None
    snap_node = node.get("snapshot")
    snap = _shown(folder / _text(snap_node, "snapshot", node.span)) if snap_node is not None else None
    if sum(bool(x) for x in (expect, code, snap)) != 1:
        raise _problem("RN802", f"case `{name}` needs one of `expect`, `error` or `snapshot`", node.span,
                       "say what the case must conclude: expected verdicts, an error code, or a snapshot file")
    if expect and isinstance(evidence, tuple) and len(evidence) != 1:
        raise _problem("RN802", "`expect` needs one evidence file (entities may recur between files)", ev.span,
                       "split the case, one per evidence file, or pin several with `snapshot:`")
    return Case(name, framework, evidence, expect, code, snap, node.span, path, ev.span)


def _list(node: Node | None, what: str) -> list[Node]:
    if node is None:
        return []
    if not isinstance(node.value, list) or not node.value:
        raise _problem("RN802", f"`{what}` is a list", node.span, f"write `{what}:` followed by `- {{…}}` items")
    return list(node.value)


def _expectation(node: Node, lines: Sequence[str]) -> Expectation:
    _keys(node, _EXPECT_KEYS, "an expectation", lines)
    entity = _text(node.get("entity"), "entity", node.span)
    target = _text(node.get("target"), "target", node.span)
    want = []
    for key in _EXPECT_KEYS[2:]:
        value = node.get(key)
        if value is not None:
            want.append((key, _text(value, key, node.span)))
    if not want:
        raise _problem("RN802", f"the expectation for `{entity}` at `{target}` expects nothing", node.span,
                       "add `verdict:`, `status:`, `rule:`, `by:` or `computed:`")
    status = dict(want).get("status")
    if status is not None and status not in _STATUSES:
        raise _problem("RN802", f"unknown status `{status}`", node.span, f"a status is one of {', '.join(_STATUSES)}")
    return Expectation(entity, target, tuple(want), node.span)


def _inline(node: Node, lines: list[str]) -> str:
    """The evidence written in the case file, as a text whose lines and columns are the case
    file's own (earlier lines blank, the mapping's indentation kept), so its problems point there.
    ``format`` and ``assessment`` are added at the end when missing."""
    span = node.span
    first, last = span.line - 1, span.end_line - 1
    body = list(lines[first:last + 1])
    body[-1] = body[-1][: span.end_column - 1]  # what follows the mapping on its last line is not evidence
    body[0] = " " * (span.column - 1) + body[0][span.column - 1:]
    flow = body[0].lstrip().startswith("{")
    extra: dict[str, str] = {}
    if node.get("format") is None:
        extra["format"] = EVIDENCE_FORMAT
    if node.get("assessment") is None:
        extra["assessment"] = "\0"  # filled in by run(), which knows the framework
    text = "\n" * first + "\n".join(body)
    if extra and flow:
        closing = text.rstrip().rfind("}")
        added = "".join(f", {k}: {v}" for k, v in extra.items())
        text = text[:closing] + added + text[closing:]
    elif extra:
        indent = " " * (span.column - 1)
        text += "\n" + "".join(f"{indent}{k}: {v}\n" for k, v in extra.items())
    return text


def _check(framework: ir.Framework, evidence: Evidence, assessment: Assessment, expect: Expectation) -> Failure | None:
    judgement = assessment.get(expect.entity, expect.target)
    if judgement is None:
        entities = sorted({j.entity for j in assessment})
        if expect.entity not in entities:
            guess = did_you_mean(expect.entity, entities)
            return Failure(expect.span, f"no entity `{expect.entity}` in the evidence" + (f"; {guess}" if guess else
                                                                                            f" (entities: {', '.join(entities)})"))
        return Failure(expect.span, f"no judgement of `{expect.entity}` at `{expect.target}`"
                       + (f"; {guess}" if (guess := did_you_mean(expect.target, sorted({j.target for j in assessment}))) else ""))
    members = {e.id: e.members for e in evidence.entities}
    got: dict[str, str | None] = {
        "verdict": judgement.verdict, "status": judgement.status.value, "rule": judgement.rule, "computed": judgement.computed}
    if any(key == "by" for key, _ in expect.want):
        alternative = decided(framework, judgement, members)
        got["by"] = alternative.label if alternative is not None else None
    wrong = [(key, value, got[key]) for key, value in expect.want if got[key] != value]
    if not wrong:
        return None
    said = "; ".join(f"expected {key} {value!s}, got {shown if shown is not None else 'none'}" for key, value, shown in wrong)
    why = [r.text for r in judgement.reasons if r.kind in ("rule", "arithmetic", "policy", "missing", "not_applicable", "finding", "override")]
    return Failure(expect.span, f"{expect.entity} {expect.target}: {said}" + "".join(f"\n    {line}" for line in why))


def _at_case(d: Diagnostic, case: Case) -> Diagnostic:
    """A file the case names that cannot be read (RN003) is reported where the case names it."""
    named = [str(case.framework), *(str(p) for p in case.evidence)] if isinstance(case.evidence, tuple) else [str(case.framework)]
    if d.code == "RN003" and d.span is not None and d.span.path in named and d.span.line == 1:
        at = case.evidence_span if d.span.path != str(case.framework) else case.span
        return attrs.evolve(d, span=at or case.span)
    return d


def _said(d: Diagnostic) -> str:
    """A diagnostic without its place (a Failure puts that first): ``error[RN635]: … (help: …)``."""
    return f"{d.severity.value}[{d.code}]: {d.message}" + (f" (help: {d.help})" if d.help else "")


def _assessment_line(framework: ir.Framework) -> str:
    return f"{{framework: {json.dumps(framework.id)}, version: {json.dumps(framework.version)}}}"


def run(case: Case, *, compile_file: Callable[[Path], ir.Framework], evaluate: Callable[[ir.Framework, Evidence], Assessment],
        update: bool = False, load: Callable[[Path, ir.Framework], Evidence] = load_evidence) -> Outcome:
    """Run one case: compile, load, evaluate, and compare with what the case expects.

    ``compile_file``, ``evaluate`` and ``load`` are the API's (the plugin passes ones that keep
    what they made for the session: reading YAML is most of a case's time)."""
    diagnostics: list[Diagnostic] = []
    framework: ir.Framework | None = None
    loaded: list[tuple[str, Evidence]] = []
    try:
        framework = compile_file(case.framework)
        if isinstance(case.evidence, str):
            text = case.evidence.replace("\0", _assessment_line(framework))
            loaded.append((str(case.path), parse_evidence(text, str(case.path), framework)))
        else:
            for item in case.evidence:
                loaded.append((_name(item, case), load(item, framework)))
    except RegienormError as exc:
        diagnostics = [_at_case(d, case) for d in exc.diagnostics]
    if case.error is not None:
        codes = [d.code for d in diagnostics]
        if case.error in codes:
            return Outcome(())
        got = "; ".join(render_short(d) for d in diagnostics) if diagnostics else "no error"
        return Outcome((Failure(case.span, f"expected error {case.error}, got {got}"),))
    if diagnostics or framework is None:
        return Outcome(tuple(Failure(d.span or case.span, _said(d)) for d in diagnostics))
    assessments = tuple((name, evaluate(framework, evidence), evidence) for name, evidence in loaded)
    failures: list[Failure] = []
    if case.snapshot is not None:
        failure, written = _snapshot(case, framework, assessments, update)
        if failure is not None:
            failures.append(failure)
        return Outcome(tuple(failures), framework, assessments, written)
    _, assessment, evidence = assessments[0]
    for expect in case.expect:
        failure = _check(framework, evidence, assessment, expect)
        if failure is not None:
            failures.append(failure)
    return Outcome(tuple(failures), framework, assessments)


def _name(evidence: Path, case: Case) -> str:
    """A section's name in a snapshot: the evidence path relative to the snapshot's folder."""
    base = (case.snapshot or case.path).parent
    try:
        return Path(evidence).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(evidence).as_posix()


def _snapshot(case: Case, framework: ir.Framework, assessments: Sequence[tuple[str, Assessment, Evidence]],
              update: bool) -> tuple[Failure | None, Path | None]:
    assert case.snapshot is not None
    return compare_or_write(case.snapshot, snapshots.build(framework, assessments), update, case.span)


def compare_or_write(path: Path, current: snapshots.Snapshot, update: bool, at: Span | None = None) -> tuple[Failure | None, Path | None]:
    """Compare a snapshot with its file, or (``update``) write it; a missing file is a failure
    unless updating. Returns the failure, and the path when the file was written."""
    at = at or Span.point(str(path), 1)
    text = current.render()
    try:
        stored = decode(read_limited(path, MAX_EVIDENCE_BYTES), str(path)).text
    except FileNotFoundError:
        stored = None
    except (OSError, TooLarge, RegienormError) as exc:
        return Failure(at, f"cannot read the snapshot `{path}`: {exc}"), None
    if update:
        if stored != text:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, text)
            except OSError as exc:
                return Failure(at, f"cannot write the snapshot `{path}`: {exc.strerror or exc}"), None
            return None, path
        return None, None
    if stored is None:
        return Failure(at, f"no snapshot `{path}` yet: run pytest with --regienorm-update and review the new file"), None
    if stored == text:
        return None, None
    try:
        old = snapshots.parse(stored, str(path))
    except RegienormError as exc:
        return Failure(exc.diagnostics[0].span or at, _said(exc.diagnostics[0])), None
    changes = snapshots.compare(old, current)
    if not changes and old.framework != current.framework:
        message = f"the snapshot pins framework {old.framework}; this is {current.framework}"
    elif not changes:
        return None, None  # the same meaning, laid out differently (an older regienorm): fine
    else:
        message = snapshots.describe(changes)
    return Failure(at, f"snapshot `{path}` differs: {message}\n(run pytest with --regienorm-update to accept the change)"), None
