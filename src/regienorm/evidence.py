"""Evidence: findings, measures, recorded verdicts and overrides, loaded and checked against a
compiled framework.

Every record keeps the file, line and column it came from. Every problem is collected and raised
together as :class:`~regienorm.errors.EvidenceError`; nothing is dropped or defaulted silently.
The format is documented in ``docs/evidence.md`` and ``schema/evidence.schema.json``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from . import ir
from ._readers import MAX_EVIDENCE_BYTES, Node, RawNumber, ReadError, read_json, read_yaml
from .diagnostics import Diagnostic, error
from .errors import EvidenceError
from .source import Span

FORMAT = "regienorm-evidence/1"
OUTCOME_STATUSES = ("not_assessed", "not_applicable")


def normalise_id(text: str) -> str:
    """Ids are compared after Unicode NFC normalisation (an `é` typed two ways is one id)."""
    return unicodedata.normalize("NFC", text)


@attrs.frozen
class Citation:
    """Where a finding, a measure or a recorded verdict comes from."""

    document: str | None = None
    table: str | None = None
    page: str | None = None
    footnote: str | None = None
    line: int | None = None
    quote: str | None = None

    def describe(self) -> str:
        parts = []
        if self.document:
            parts.append(self.document)
        if self.table:
            parts.append(self.table)
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.footnote:
            parts.append(f"footnote {self.footnote}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "(no source given)"

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen
class Assessment:
    framework: str
    version: str
    subject: str | None = None
    assessor: str | None = None
    date: str | None = None


@attrs.frozen
class Entity:
    id: str
    role: str
    name: str | None = None
    members: tuple[str, ...] = ()
    normenkaders: tuple[str, ...] | None = None  # None: every normenkader for the role
    span: Span | None = attrs.field(default=None, eq=False)

    @property
    def is_group(self) -> bool:
        return bool(self.members)


@attrs.frozen
class Finding:
    entity: str
    target: str
    verdict: str | None  # the scale symbol (aliases resolved); None with a status
    status: str | None = None  # not_assessed / not_applicable instead of a verdict
    note: str | None = None
    sources: tuple[Citation, ...] = ()
    printed: str | None = None  # the symbol as written, when it was an alias
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class MeasureRecord:
    entity: str
    measure: str
    value: Fraction
    item: str | None = None
    n: int | None = None
    text: str | None = None  # the value as written
    source: Citation | None = None
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Recorded:
    """What a published report printed for one cell: a verdict, or a blank (``verdict`` None)."""

    entity: str
    target: str
    verdict: str | None  # the scale symbol; None for a printed blank
    printed: str  # as printed ("" for a blank)
    source: Citation
    record: str | None = None
    note: str | None = None
    span: Span | None = attrs.field(default=None, eq=False)

    @property
    def blank(self) -> bool:
        return self.verdict is None


@attrs.frozen
class Override:
    entity: str
    target: str
    verdict: str
    justification: str
    author: str
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Evidence:
    assessment: Assessment
    entities: tuple[Entity, ...]
    findings: tuple[Finding, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    recorded: tuple[Recorded, ...] = ()
    overrides: tuple[Override, ...] = ()
    path: str | None = attrs.field(default=None, eq=False)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


# ============================================================================ loading
def load_evidence(path: str | Path, framework: ir.Framework) -> Evidence:
    """Read a YAML or JSON evidence file and check it against ``framework``."""
    display = str(path)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_EVIDENCE_BYTES:
            raise EvidenceError([error("RN607", "the evidence file is too large", Span.point(display, 1),
                                       f"evidence files may be at most {MAX_EVIDENCE_BYTES:,} bytes; split the assessment")])
        data = p.read_bytes()
    except OSError as exc:
        raise EvidenceError([error("RN003", f"cannot read `{display}`", Span.point(display, 1),
                                   "check that the file exists and can be read",
                                   notes=[exc.strerror or str(exc)])]) from None
    return parse_evidence(data, display, framework)


def parse_evidence(data: bytes | str, path: str, framework: ir.Framework) -> Evidence:
    """Evidence from bytes or text; JSON when the name ends in .json (or the text starts with `{`)."""
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = data[: exc.start]
            line = before.count(b"\n") + 1
            raise EvidenceError([error("RN001", "the file is not valid UTF-8",
                                       Span.point(path, line, exc.start - (before.rfind(b"\n") + 1) + 1),
                                       "save the file as UTF-8")]) from None
    else:
        text = data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise EvidenceError([error("RN002", "the file contains a NUL character", Span.point(path, line),
                                   "remove it; the file may be binary or damaged")])
    try:
        if path.lower().endswith(".json") or text.lstrip().startswith("{"):
            root = read_json(text, path)
        else:
            root = read_yaml(text, path)
    except ReadError as exc:
        raise EvidenceError([exc.diagnostic]) from None
    return _Checker(framework, path).check(root)


_TOP_KEYS = ("format", "assessment", "number_format", "entities", "findings", "measures", "recorded", "overrides")
_ENTITY_KEYS = ("id", "name", "role", "members", "normenkaders")
_FINDING_KEYS = ("entity", "target", "verdict", "status", "note", "sources")
_CITATION_KEYS = ("document", "table", "page", "footnote", "line", "quote")
_MEASURE_KEYS = ("entity", "measure", "item", "value", "n", "source")
_RECORDED_KEYS = ("entity", "target", "verdict", "status", "note", "source", "record")
_OVERRIDE_KEYS = ("entity", "target", "verdict", "justification", "author")
_ASSESSMENT_KEYS = ("framework", "version", "subject", "assessor", "date")


class _Checker:
    def __init__(self, framework: ir.Framework, path: str) -> None:
        self.fw = framework
        self.path = path
        self.diags: list[Diagnostic] = []
        self.targets = framework.targets()
        self.number_format = "en"

    def err(self, code: str, message: str, span: Span | None, help: str, **kw: Any) -> None:
        self.diags.append(error(code, message, span, help, **kw))

    # ------------------------------------------------------------------ generic field access
    def keys(self, node: Node, allowed: Iterable[str], what: str) -> bool:
        if not isinstance(node.value, dict):
            self.err("RN610", f"{what} must be a mapping of keys to values", node.span,
                     "write it as `key: value` lines")
            return False
        for key, value in node.items():
            if key not in allowed:
                import difflib

                close = difflib.get_close_matches(key, list(allowed), n=1)
                self.err("RN611", f"unknown key `{key}` in {what}", value.span,
                         f"did you mean `{close[0]}`?" if close else "allowed keys: " + ", ".join(f"`{k}`" for k in allowed))
        return True

    def text(self, node: Node, key: str, what: str, *, required: bool = True) -> str | None:
        child = node.get(key)
        if child is None or child.value is None:
            if required:
                self.err("RN612", f"{what} has no `{key}`", node.span, f"add `{key}: …`")
            return None
        value = child.value
        if isinstance(value, (dict, list)):
            self.err("RN613", f"`{key}` must be text", child.span, f"write `{key}: \"…\"`")
            return None
        return normalise_id(str(value))

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.err("RN610", f"`{what}` must be a list", node.span, f"write each of the {what} as `- …`")
            return []
        return list(node.value)

    def number(self, child: Node, what: str) -> Fraction | None:
        value = child.value
        if isinstance(value, RawNumber):
            raw = value.text
            if self.number_format == "nl":
                return self._dutch(raw, child, what, from_yaml_number=True)
            return _parse_plain_number(raw)
        if isinstance(value, str):
            if self.number_format == "nl":
                return self._dutch(value, child, what, from_yaml_number=False)
            if re.fullmatch(r"-?\d+,\d+", value.strip()):
                self.err("RN614", f"{what} `{value}` is written with a decimal comma", child.span,
                         "write it with a decimal point, or declare `number_format: nl` at the top of the file")
                return None
            parsed = _parse_plain_number(value.strip())
            if parsed is not None:
                return parsed
        self.err("RN614", f"{what} must be a number, not `{value}`", child.span, "write a number such as 66.7")
        return None

    def _dutch(self, raw: str, child: Node, what: str, *, from_yaml_number: bool) -> Fraction | None:
        text = raw.strip()
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
            return Fraction(text.replace(".", "").replace(",", "."))
        if re.fullmatch(r"-?\d+(,\d+)?", text):
            return Fraction(text.replace(",", "."))
        if re.fullmatch(r"-?\d+\.\d+", text):
            self.err("RN615", f"{what} `{text}` is ambiguous under `number_format: nl`", child.span,
                     "in Dutch notation `.` groups thousands (1.557 = 1557); write a decimal comma (6,6) or whole groups of three digits")
            return None
        self.err("RN614", f"{what} must be a number, not `{text}`", child.span, "write a number such as 66,7")
        return None

    # ------------------------------------------------------------------ the file
    def check(self, root: Node) -> Evidence:
        if not self.keys(root, _TOP_KEYS, "the evidence file"):
            raise EvidenceError(self.diags)
        fmt = root.get("format")
        if fmt is None or fmt.value != FORMAT:
            self.err("RN620", "the file does not say it is regienorm evidence" if fmt is None else
                     f"unknown evidence format `{fmt.value}`", (fmt or root).span, f"start the file with `format: {FORMAT}`")
        nf = root.get("number_format")
        if nf is not None:
            if nf.value in ("en", "nl"):
                self.number_format = nf.value
            else:
                self.err("RN614", f"unknown number_format `{nf.value}`", nf.span,
                         "use `en` (6.6, 1557) or `nl` (6,6, 1.557)")
        assessment = self._assessment(root.get("assessment"), root.span)
        entities = self._entities(root.get("entities"))
        by_id = {e.id: e for e in entities}
        findings = [f for f in (self._finding(n, by_id) for n in self.items(root.get("findings"), "findings")) if f]
        measures = [m for m in (self._measure(n, by_id) for n in self.items(root.get("measures"), "measures")) if m]
        recorded = [r for r in (self._recorded(n, by_id) for n in self.items(root.get("recorded"), "recorded")) if r]
        overrides = [o for o in (self._override(n, by_id) for n in self.items(root.get("overrides"), "overrides")) if o]
        self._cross_checks(by_id, findings, measures, overrides)
        if any(d.is_error for d in self.diags):
            raise EvidenceError(self.diags)
        assert assessment is not None
        return Evidence(assessment, tuple(entities), tuple(findings), tuple(measures), tuple(recorded),
                        tuple(overrides), path=self.path)

    def _assessment(self, node: Node | None, at: Span) -> Assessment | None:
        if node is None:
            self.err("RN621", "the file has no `assessment`", at,
                     f"add `assessment: {{framework: {self.fw.id}, version: \"{self.fw.version}\"}}`")
            return None
        if not self.keys(node, _ASSESSMENT_KEYS, "the assessment"):
            return None
        fw = self.text(node, "framework", "the assessment")
        version = self.text(node, "version", "the assessment")
        if fw is not None and fw != self.fw.id:
            self.err("RN622", f"this evidence is for framework `{fw}`, not `{self.fw.id}`",
                     node.get("framework").span if node.get("framework") else node.span,  # type: ignore[union-attr]
                     "evaluate it with the framework it was made for, or correct `framework:`")
        if version is not None and version != self.fw.version:
            self.err("RN623", f"this evidence is for version `{version}` of `{self.fw.id}`, the framework is version `{self.fw.version}`",
                     node.get("version").span if node.get("version") else node.span,  # type: ignore[union-attr]
                     "re-check the evidence against the new version, then update `version:`")
        return Assessment(fw or "", version or "", self.text(node, "subject", "", required=False),
                          self.text(node, "assessor", "", required=False), self.text(node, "date", "", required=False))

    def _entities(self, node: Node | None) -> list[Entity]:
        out: dict[str, Entity] = {}
        raw = self.items(node, "entities")
        if not raw:
            self.err("RN624", "the file has no entities", node.span if node else Span.point(self.path, 1),
                     "list what is assessed under `entities:` with an id and a role")
        roles = {r.id for r in self.fw.roles}
        for item in raw:
            if not self.keys(item, _ENTITY_KEYS, "an entity"):
                continue
            ident = self.text(item, "id", "an entity")
            role = self.text(item, "role", "an entity")
            if ident is None or role is None:
                continue
            if ident in out:
                self.err("RN625", f"entity `{ident}` is listed twice", item.span, "give each entity its own id",
                         notes=[f"first listed at {out[ident].span}"])
                continue
            if role not in roles:
                self._unknown("role", role, (item.get("role") or item).span, roles)
            members = tuple(normalise_id(str(m.value)) for m in self.items(item.get("members"), "members"))
            scope_node = item.get("normenkaders")
            scope = None
            if scope_node is not None:
                scope = tuple(normalise_id(str(m.value)) for m in self.items(scope_node, "normenkaders"))
                for nk_id in scope:
                    nk = self.fw.normenkader(nk_id)
                    if nk is None:
                        self._unknown("normenkader", nk_id, scope_node.span, [n.id for n in self.fw.normenkaders])
                    elif role in roles and not nk.applies_to(role):
                        self.err("RN626", f"normenkader `{nk_id}` does not apply to role `{role}`", scope_node.span,
                                 f"it applies to: {', '.join(nk.roles)}")
            out[ident] = Entity(ident, role, self.text(item, "name", "", required=False), members, scope, span=item.span)
        for entity in out.values():
            for member in entity.members:
                if member not in out:
                    self._unknown("entity", member, entity.span, out)
                elif member == entity.id:
                    self.err("RN627", f"group `{entity.id}` lists itself as a member", entity.span, "remove it")
        self._group_cycles(out)
        return list(out.values())

    def _group_cycles(self, entities: dict[str, Entity]) -> None:
        state: dict[str, int] = {}

        def visit(ident: str, chain: list[str]) -> None:
            if state.get(ident) == 2:
                return
            if state.get(ident) == 1:
                entity = entities[ident]
                if ident != chain[-1]:
                    self.err("RN627", "groups contain each other", entity.span, "a group may not contain itself, even through another group",
                             notes=["chain: " + " -> ".join(chain + [ident])])
                return
            state[ident] = 1
            for member in entities[ident].members:
                if member in entities and member != ident:
                    visit(member, chain + [ident])
            state[ident] = 2

        for ident in entities:
            visit(ident, [])

    def _unknown(self, kind: str, name: str, span: Span | None, known: Iterable[str]) -> None:
        import difflib

        known = list(known)
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        self.err("RN630", f"unknown {kind} `{name}`", span,
                 f"did you mean `{close[0]}`?" if close else
                 (f"known {kind}s: " + ", ".join(f"`{k}`" for k in sorted(known)[:12])) if known else f"declare the {kind} first")

    def _entity_target(self, node: Node, entities: dict[str, Entity], what: str) -> tuple[Entity, ir.Target] | None:
        ident = self.text(node, "entity", what)
        target_id = self.text(node, "target", what)
        if ident is None or target_id is None:
            return None
        entity = entities.get(ident)
        if entity is None:
            self._unknown("entity", ident, (node.get("entity") or node).span, entities)
            return None
        target = self.targets.get(target_id)
        if target is None:
            self._unknown("target", target_id, (node.get("target") or node).span, self.targets)
            return None
        return entity, target

    def _symbol(self, child: Node | None, what: str) -> tuple[str, str] | None:
        if child is None or child.value is None:
            return None
        printed = str(child.value)
        value = self.fw.scale.lookup(printed)
        if value is None:
            self.err("RN631", f"`{printed}` is not on the scale `{self.fw.scale.name}`", child.span,
                     "the scale has " + ", ".join(f'"{s}"' for s in self.fw.scale.symbols()) +
                     ("; quote symbols in YAML: verdict: \"+/-\"" if printed in ("None", "") else ""))
            return None
        return value.symbol, printed

    def _citations(self, node: Node | None) -> tuple[Citation, ...]:
        if node is None:
            return ()
        nodes = [node] if isinstance(node.value, dict) else self.items(node, "sources")
        return tuple(c for c in (self._citation(n) for n in nodes) if c is not None)

    def _citation(self, node: Node) -> Citation | None:
        if not self.keys(node, _CITATION_KEYS, "a source"):
            return None
        line_node = node.get("line")
        line = None
        if line_node is not None:
            number = self.number(line_node, "a source line")
            if number is not None and (number.denominator != 1 or number < 1):
                self.err("RN614", "a source line must be a whole number of at least 1", line_node.span, "write the line number")
            elif number is not None:
                line = int(number)
        document, table, page, footnote, quote = (self.text(node, k, "", required=False)
                                                  for k in ("document", "table", "page", "footnote", "quote"))
        return Citation(document, table, page, footnote, line, quote)

    def _finding(self, node: Node, entities: dict[str, Entity]) -> Finding | None:
        if not self.keys(node, _FINDING_KEYS, "a finding"):
            return None
        resolved = self._entity_target(node, entities, "a finding")
        symbol = self._symbol(node.get("verdict"), "a finding")
        status_node = node.get("status")
        status = None
        if status_node is not None:
            status = str(status_node.value)
            if status not in OUTCOME_STATUSES:
                self.err("RN632", f"unknown status `{status}`", status_node.span,
                         "a finding has a `verdict`, or `status: not_assessed` / `status: not_applicable`")
                return None
        if symbol is None and status is None:
            if node.get("verdict") is None:
                self.err("RN633", "a finding has neither a verdict nor a status", node.span,
                         "add `verdict: \"+\"` (or another symbol), or `status: not_assessed`")
            return None
        if symbol is not None and status is not None:
            self.err("RN633", "a finding has both a verdict and a status", node.span, "keep one")
            return None
        if status is not None and not self.text(node, "note", "", required=False):
            self.err("RN634", f"a finding with `status: {status}` needs a note saying why", node.span, "add `note: …`")
        if resolved is None:
            return None
        entity, target = resolved
        self._check_applies(entity, target, node, "a finding")
        return Finding(entity.id, target.id, symbol[0] if symbol else None, status,
                       self.text(node, "note", "", required=False), self._citations(node.get("sources")),
                       printed=symbol[1] if symbol and symbol[1] != symbol[0] else None, span=node.span)

    def _check_applies(self, entity: Entity, target: ir.Target, node: Node, what: str) -> None:
        if entity.role not in {r.id for r in self.fw.roles}:
            return
        if not target.applies_to(entity.role):
            roles = [r.id for r in self.fw.roles if target.applies_to(r.id)]
            self.err("RN635", f"`{target.id}` does not apply to `{entity.id}` (role `{entity.role}`)",
                     (node.get("target") or node).span,
                     f"`{target.id}` applies to " + (", ".join(f"`{r}`" for r in roles) if roles else "no role")
                     + f"; {what} may only name norms and toetsaspecten that apply to the entity's role")
        elif entity.normenkaders is not None and target.normenkader.id not in entity.normenkaders:
            self.err("RN636", f"`{entity.id}` is not assessed on normenkader `{target.normenkader.id}`",
                     (node.get("target") or node).span,
                     f"add `{target.normenkader.id}` to the entity's `normenkaders:` or remove this record")

    def _measure(self, node: Node, entities: dict[str, Entity]) -> MeasureRecord | None:
        if not self.keys(node, _MEASURE_KEYS, "a measure"):
            return None
        ident = self.text(node, "entity", "a measure")
        measure_id = self.text(node, "measure", "a measure")
        value_node = node.get("value")
        if value_node is None:
            self.err("RN612", "a measure has no `value`", node.span, "add `value: …`")
            return None
        value = self.number(value_node, "a measure value")
        n = None
        if node.get("n") is not None:
            n_value = self.number(node.get("n"), "`n`")  # type: ignore[arg-type]
            if n_value is not None and (n_value.denominator != 1 or n_value < 0):
                self.err("RN614", "`n` must be a whole number", node.get("n").span, "write the number of respondents")  # type: ignore[union-attr]
            elif n_value is not None:
                n = int(n_value)
        if ident is None or measure_id is None or value is None:
            return None
        if ident not in entities:
            self._unknown("entity", ident, (node.get("entity") or node).span, entities)
            return None
        measure = self.fw.measure(measure_id)
        if measure is None:
            self._unknown("measure", measure_id, (node.get("measure") or node).span, [m.id for m in self.fw.measures])
            return None
        if (measure.low is not None and value < measure.low) or (measure.high is not None and value > measure.high):
            self.err("RN637", f"{_fmt(value)} lies outside the range of `{measure_id}`", value_node.span,
                     f"values of `{measure_id}` lie in {_fmt(measure.low)}..{_fmt(measure.high)}")
        source_node = node.get("source")
        source = self._citation(source_node) if source_node is not None else None
        return MeasureRecord(ident, measure_id, value, self.text(node, "item", "", required=False), n,
                             str(value_node.value), source, span=node.span)

    def _recorded(self, node: Node, entities: dict[str, Entity]) -> Recorded | None:
        if not self.keys(node, _RECORDED_KEYS, "a recorded verdict"):
            return None
        resolved = self._entity_target(node, entities, "a recorded verdict")
        symbol = self._symbol(node.get("verdict"), "a recorded verdict")
        status_node = node.get("status")
        if status_node is not None and status_node.value != "not_assessed":
            self.err("RN632", f"unknown status `{status_node.value}` for a recorded verdict", status_node.span,
                     "a printed blank is `status: not_assessed`")
            return None
        if node.get("verdict") is None and status_node is None:
            self.err("RN612", "a recorded verdict has no `verdict`", node.span,
                     "add `verdict: \"…\"` as printed, or `status: not_assessed` for a blank cell")
        if node.get("verdict") is not None and status_node is not None:
            self.err("RN633", "a recorded verdict has both a verdict and a status", node.span, "keep one")
            return None
        source_node = node.get("source")
        if source_node is None:
            self.err("RN612", "a recorded verdict has no `source`", node.span,
                     "say where it was printed: `source: {table: \"Tabel 5.1\", line: 1955}`")
        if resolved is None or source_node is None or (symbol is None and status_node is None):
            return None
        entity, target = resolved
        if symbol is not None or target.applies_to(entity.role):
            # a printed blank may stand where nothing applies: the report's grid has the cell
            self._check_applies(entity, target, node, "a recorded verdict")
        citation = self._citation(source_node) or Citation()
        return Recorded(entity.id, target.id, symbol[0] if symbol else None, symbol[1] if symbol else "", citation,
                        self.text(node, "record", "", required=False), self.text(node, "note", "", required=False),
                        span=node.span)

    def _override(self, node: Node, entities: dict[str, Entity]) -> Override | None:
        if not self.keys(node, _OVERRIDE_KEYS, "an override"):
            return None
        resolved = self._entity_target(node, entities, "an override")
        symbol = self._symbol(node.get("verdict"), "an override")
        justification = self.text(node, "justification", "an override")
        author = self.text(node, "author", "an override")
        if node.get("verdict") is None:
            self.err("RN612", "an override has no `verdict`", node.span, "add the verdict it sets")
        if justification is not None and not justification.strip():
            self.err("RN638", "an override's justification is empty", node.span, "say why the computed verdict is set aside")
        if resolved is None or symbol is None or not justification or not author:
            return None
        entity, target = resolved
        self._check_applies(entity, target, node, "an override")
        return Override(entity.id, target.id, symbol[0], justification, author, span=node.span)

    # ------------------------------------------------------------------ across records
    def _cross_checks(self, entities: dict[str, Entity], findings: list[Finding], measures: list[MeasureRecord],
                      overrides: list[Override]) -> None:
        seen: dict[tuple[str, str], Finding] = {}
        by_norm: dict[tuple[str, str], list[Finding]] = {}
        for f in findings:
            key = (f.entity, f.target)
            if key in seen:
                other = seen[key]
                same = (other.verdict, other.status) == (f.verdict, f.status)
                self.err("RN640", f"two findings for `{f.entity}` on `{f.target}`" + ("" if same else " disagree"), f.span,
                         "keep one finding per entity and target; put both observations in its note",
                         notes=[f"the other is at line {other.span.line if other.span else '?'}"])
                continue
            seen[key] = f
            target = self.targets[f.target]
            entity = entities[f.entity]
            if target.level == "normenkader":
                self.err("RN641", f"a finding on normenkader `{f.target}`", f.span,
                         "a normenkader's verdict is computed from its norms; record a printed verdict under `recorded:` or use an override")
                continue
            nk = target.normenkader
            if entity.is_group and nk.across is not None:
                self.err("RN642", f"`{f.entity}` is a group judged from its members in `{nk.id}`", f.span,
                         "give the finding to a member, or record the printed verdict under `recorded:`")
                continue
            assert target.norm is not None
            if target.level == "aspect":
                if not isinstance(target.norm.verdict, ir.FromAspects):
                    how = "a measure" if isinstance(target.norm.verdict, ir.FromMeasure) else "findings on the norm itself"
                    self.err("RN643", f"norm `{nk.id}.{target.norm.id}` is judged from {how}, not from its toetsaspecten", f.span,
                             f"give the finding to `{nk.id}.{target.norm.id}`")
                by_norm.setdefault((f.entity, f"{nk.id}.{target.norm.id}"), []).append(f)
        for f in findings:
            target = self.targets[f.target]
            if target.level != "norm" or seen.get((f.entity, f.target)) is not f:
                continue
            assert target.norm is not None
            aspect_findings = by_norm.get((f.entity, f.target), [])
            if aspect_findings:
                self.err("RN644", f"`{f.entity}` has findings on `{f.target}` and on its toetsaspecten", f.span,
                         "judge the norm either directly or from its toetsaspecten, not both",
                         notes=[f"toetsaspect finding at line {aspect_findings[0].span.line if aspect_findings[0].span else '?'}"])
            verdict = target.norm.verdict
            if isinstance(verdict, ir.FromMeasure):
                if any(m.entity == f.entity and m.measure == verdict.measure for m in measures):
                    self.err("RN644", f"`{f.entity}` has a finding on `{f.target}` and values of `{verdict.measure}`", f.span,
                             "judge the norm either directly or from the measure, not both")
        seen_override: dict[tuple[str, str], Override] = {}
        for o in overrides:
            if (o.entity, o.target) in seen_override:
                self.err("RN640", f"two overrides for `{o.entity}` on `{o.target}`", o.span, "keep one")
            seen_override[(o.entity, o.target)] = o


def _parse_plain_number(text: str) -> Fraction | None:
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text):
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _fmt(value: Fraction | None) -> str:
    if value is None:
        return "…"
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"

