"""Evidence: findings, measures, recorded verdicts and overrides, loaded and checked against a
compiled framework.

Every record keeps the file, line and column it came from. Every problem is collected and raised
together as :class:`~regienorm.errors.EvidenceError`; nothing is dropped or defaulted silently.
The format is documented in ``docs/evidence.md`` and ``schema/evidence.schema.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from .. import ir
from ..diagnostics import Diagnostic, did_you_mean, error
from ..errors import EvidenceError, FrameworkError
from ..files import TooLarge, decode, decode_text, read_limited
from ..source import Span
from .model import (
    FORMAT,
    OUTCOME_STATUSES,
    Assessment,
    Citation,
    Entity,
    Evidence,
    Finding,
    MeasureRecord,
    Override,
    Recorded,
    normalise_id,
)
from .readers import MAX_EVIDENCE_BYTES, Node, RawNumber, ReadError, reader_for

_R = TypeVar("_R")


# ============================================================================ loading
def load_evidence(path: str | Path, framework: ir.Framework) -> Evidence:
    """Read a YAML or JSON evidence file and check it against ``framework``."""
    display = str(path)
    try:
        data = read_limited(path, MAX_EVIDENCE_BYTES)
    except TooLarge as big:
        raise EvidenceError([error("RN607", f"the evidence file is too large ({big.size:,} bytes)", Span.point(display, 1),
                                   f"evidence files may be at most {MAX_EVIDENCE_BYTES:,} bytes; split the assessment")]) from None
    except OSError as exc:
        raise EvidenceError([error("RN003", f"cannot read `{display}`", Span.point(display, 1),
                                   "check that the file exists and can be read",
                                   notes=[exc.strerror or str(exc)])]) from None
    return parse_evidence(data, display, framework)


def parse_evidence(data: bytes | str, path: str, framework: ir.Framework) -> Evidence:
    """Evidence from bytes or text; JSON when the name ends in .json (or the text starts with `{`).

    The text is read as the framework's is (:func:`regienorm.parser.decode`): UTF-8, a BOM
    dropped, line ends made ``\\n``, Unicode NFC, a NUL refused."""
    try:
        text = (decode(data, path) if isinstance(data, bytes) else decode_text(data, path)).text
    except FrameworkError as exc:
        raise EvidenceError(exc.diagnostics) from None
    try:
        root = reader_for(path)(text, path)  # by name only: `.json` is JSON, anything else YAML
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
                close = did_you_mean(key, allowed)
                self.err("RN611", f"unknown key `{key}` in {what}", value.span,
                         f"did you mean `{close}`?" if close else "allowed keys: " + ", ".join(f"`{k}`" for k in allowed))
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
        if isinstance(value, bool):  # `note: yes`, `id: no`: the text as written, not True/False
            value = child.raw if child.raw is not None else str(value).lower()
        return normalise_id(str(value))

    def scalar(self, node: Node, what: str) -> str | None:
        """An id in a list (a member, a normenkader): text, compared after NFC normalisation."""
        value = node.value
        if value is None or isinstance(value, (dict, list)):
            self.err("RN613", f"{what} must be an id", node.span, "write the id as text")
            return None
        if isinstance(value, bool):
            value = node.raw if node.raw is not None else str(value).lower()
        return normalise_id(str(value))

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.err("RN610", f"`{what}` must be a list", node.span, f"write each of the {what} as `- …`")
            return []
        return list(node.value)

    def number(self, child: Node, what: str) -> Fraction | None:
        """The number meant, or None after an error that says why: never None silently, never a
        different number. The rules (docs/evidence.md, "Numbers"):

        - ``number_format: en`` (the default): a decimal point, no separators: ``66.7``, ``1557``.
        - ``number_format: nl``: a decimal comma and `.` between groups of three: ``6,6``,
          ``1.557``, ``1.557,5``; ``1.5`` is ambiguous (RN615). A JSON number literal with a point
          is JSON notation, which the declaration contradicts: ambiguous too (write it as a text).
        - Unquoted YAML that YAML 1.1 and YAML 1.2 (or people) read differently is refused:
          ``1_000``, ``017``, ``0x1F``, ``1:30``, ``.inf``, ``.nan``.
        - At most MAX_NUMBER_LENGTH characters, an exponent of at most three digits.
        """
        value = child.value
        syntax = value.syntax if isinstance(value, RawNumber) else None
        if isinstance(value, RawNumber):
            text = value.text
        elif isinstance(value, str):
            text = value.strip()
        else:
            shown = child.raw if child.raw is not None else ("a list" if isinstance(value, list) else
                                                             "a mapping" if isinstance(value, dict) else value)
            self.err("RN614", f"{what} must be a number, not `{shown}`", child.span, "write a number such as 66.7")
            return None
        if len(text) > MAX_NUMBER_LENGTH:
            self.err("RN614", f"{what} has {len(text):,} characters", child.span,
                     f"numbers in evidence have at most {MAX_NUMBER_LENGTH} characters")
            return None
        if syntax == "yaml":
            odd = _yaml_oddity(text)
            if odd is not None:
                self.err("RN614", f"{what} `{text}` {odd[0]}", child.span, odd[1])
                return None
        if self.number_format == "nl":
            if syntax == "json" and not re.fullmatch(r"-?\d+", text):
                self.err("RN615", f"{what} `{text}` is a JSON number, but the file declares `number_format: nl`", child.span,
                         f'write Dutch numbers as texts in JSON ("{text.replace(".", ",")}" or "{text.replace(".", "")}", '
                         "as meant), or remove `number_format: nl`")
                return None
            return self._dutch(text, child, what)
        plain = _EN_NUMBER.fullmatch(text)
        if plain is not None:
            if plain.group("exp") is not None and len(plain.group("exp").lstrip("+-")) > 3:
                self.err("RN614", f"{what} `{text}` has an exponent of more than three digits", child.span,
                         "write the number in full, or with a smaller exponent")
                return None
            return Fraction(text)
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            self.err("RN614", f"{what} `{text}` is written with a decimal comma", child.span,
                     "write it with a decimal point, or declare `number_format: nl` at the top of the file",
                     notes=[f"if the comma separates thousands, write {text.replace(',', '')}"] if re.fullmatch(r"[-+]?\d{1,3},\d{3}", text) else [])
            return None
        self.err("RN614", f"{what} must be a number, not `{text}`", child.span,
                 "write a number such as 66.7" + (" (without separators)" if re.fullmatch(r"[-+]?[\d.,]+", text) else ""))
        return None

    def _dutch(self, text: str, child: Node, what: str) -> Fraction | None:
        if _NL_GROUPED.fullmatch(text):
            return Fraction(text.replace(".", "").replace(",", "."))
        if _NL_PLAIN.fullmatch(text):
            return Fraction(text.replace(",", "."))
        if re.fullmatch(r"[-+]?\d+\.\d+", text):
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
        findings = self._records(root, "findings", lambda n: self._finding(n, by_id))
        measures = self._records(root, "measures", lambda n: self._measure(n, by_id))
        recorded = self._records(root, "recorded", lambda n: self._recorded(n, by_id))
        overrides = self._records(root, "overrides", lambda n: self._override(n, by_id))
        self._cross_checks(by_id, findings, measures, overrides)
        self._unused_measures(by_id, measures, {(f.entity, f.target) for f in findings})
        if any(d.is_error for d in self.diags):
            raise EvidenceError(self.diags)
        assert assessment is not None
        return Evidence(assessment, tuple(entities), tuple(findings), tuple(measures), tuple(recorded),
                        tuple(overrides), path=self.path)

    def _records(self, root: Node, key: str, read: Callable[[Node], _R | None]) -> list[_R]:
        """Every record under ``key``, read; one that gives nothing has said why in an error
        (the last line is the backstop that makes "nothing is lost" hold for every path)."""
        out: list[_R] = []
        for node in self.items(root.get(key), key):
            before = len(self.diags)
            record = read(node)
            if record is not None:
                out.append(record)
            elif not any(d.is_error for d in self.diags[before:]):
                self.err("RN610", f"this record under `{key}` could not be read", node.span,
                         "check its keys and values against docs/evidence.md")
        return out

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
            members = tuple(m for m in (self.scalar(n, "a member") for n in self.items(item.get("members"), "members")) if m)
            scope_node = item.get("normenkaders")
            scope = None
            if scope_node is not None:
                scope = tuple(m for m in (self.scalar(n, "a normenkader") for n in self.items(scope_node, "normenkaders")) if m)
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
        known = list(known)
        close = did_you_mean(name, known)
        self.err("RN630", f"unknown {kind} `{name}`", span,
                 f"did you mean `{close}`?" if close else
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
        if isinstance(child.value, (dict, list)):
            self.err("RN631", "a verdict must be a symbol of the scale, not a list or mapping", child.span,
                     'quote symbols in YAML: verdict: "-" (an unquoted `-` starts a list)')
            return None
        printed = child.raw if isinstance(child.value, bool) and child.raw is not None else str(child.value)
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
            if _absent(node.get("verdict")):
                self.err("RN633", "a finding has neither a verdict nor a status", (node.get("verdict") or node).span,
                         "add `verdict: \"+\"` (or another symbol), or `status: not_assessed`"
                         + ("; an empty `verdict:` is read as no verdict" if node.get("verdict") is not None else ""))
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
        if _absent(node.get("verdict")) and status_node is None:
            self.err("RN612", "a recorded verdict has no `verdict`", (node.get("verdict") or node).span,
                     "add `verdict: \"…\"` as printed, or `status: not_assessed` for a blank cell")
        if not _absent(node.get("verdict")) and status_node is not None:
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
        if _absent(node.get("verdict")):
            self.err("RN612", "an override has no `verdict`", (node.get("verdict") or node).span, "add the verdict it sets")
        if author is not None and not author.strip():
            self.err("RN612", "an override's `author` is empty", node.span, "say who set the verdict aside")
        if justification is not None and not justification.strip():
            self.err("RN638", "an override's justification is empty", node.span, "say why the computed verdict is set aside")
        if resolved is None or symbol is None or not justification or not author:
            return None
        entity, target = resolved
        self._check_applies(entity, target, node, "an override")
        return Override(entity.id, target.id, symbol[0], justification, author, span=node.span)

    # ------------------------------------------------------------------ nothing read is lost
    def _unused_measures(self, entities: dict[str, Entity], measures: list[MeasureRecord],
                         findings: set[tuple[str, str]]) -> None:
        """RN645: a measure record that no judgement will read. The evaluator reads a value of
        measure M for entity E where a norm is judged on M (`verdict from measure`) or lists M as
        an indicator (a `measure` declared in the norm), and E — or a group with E among its
        members — is judged on that norm. Anything else would be read, counted and silently left
        out, so it is an error here, at the record."""
        uses: dict[str, list[tuple[ir.Normenkader, ir.Norm, bool]]] = {}  # measure -> (nk, norm, judged on it)
        for nk in self.fw.normenkaders:
            for norm in nk.norms:
                judged = norm.verdict.measure if isinstance(norm.verdict, ir.FromMeasure) else None
                if judged is not None:
                    uses.setdefault(judged, []).append((nk, norm, True))
                for measure in norm.indicators:
                    if measure != judged:
                        uses.setdefault(measure, []).append((nk, norm, False))
        groups: dict[str, list[Entity]] = {}
        for entity in entities.values():
            for member in entity.members:
                groups.setdefault(member, []).append(entity)

        def judged_on(entity: Entity, nk: ir.Normenkader, norm: ir.Norm) -> bool:
            if entity.normenkaders is not None and nk.id not in entity.normenkaders:
                return False
            return nk.applies_to(entity.role) and norm.applies_to(entity.role)

        def reads(record: MeasureRecord, nk: ir.Normenkader, norm: ir.Norm, verdict: bool) -> bool:
            target = f"{nk.id}.{norm.id}"
            for reader in (entities[record.entity], *groups.get(record.entity, ())):
                if not judged_on(reader, nk, norm):
                    continue
                if not verdict:
                    return True  # indicators stand in the norm's reasons whatever judges it
                if reader.is_group and nk.across is not None:
                    continue  # judged across its members: their values count, not the group's own
                if (reader.id, target) not in findings:
                    return True
            return False

        def why_not(entity: Entity, nk: ir.Normenkader, norm: ir.Norm, verdict: bool) -> str:
            target = f"{nk.id}.{norm.id}"
            if entity.normenkaders is not None and nk.id not in entity.normenkaders:
                return f"`{entity.id}` is assessed on {', '.join(f'`{n}`' for n in entity.normenkaders) or 'no normenkader'} only"
            if not nk.applies_to(entity.role) or not norm.applies_to(entity.role):
                roles = norm.roles if not norm.applies_to(entity.role) else nk.roles
                return f"`{target}` applies to role {', '.join(f'`{r}`' for r in roles)}; `{entity.id}` has role `{entity.role}`"
            if entity.is_group and nk.across is not None:
                return f"`{entity.id}` is judged across its members in `{nk.id}`: their values count, not the group's own"
            return f"`{entity.id}` has a finding on `{target}` itself"

        for record in measures:
            found = uses.get(record.measure, [])
            if not found:
                self.err("RN645", f"no norm is judged on measure `{record.measure}` or lists it as an indicator", record.span,
                         f"judge a norm on it (`verdict from measure {record.measure} by RULE`) or declare it inside the "
                         "norm it informs; otherwise remove the record: it would be read and never used")
            elif not any(reads(record, nk, norm, verdict) for nk, norm, verdict in found):
                listed = ", ".join(f"`{nk.id}.{norm.id}`" for nk, norm, _ in found[:6]) + (" …" if len(found) > 6 else "")
                self.err("RN645", f"no judgement of `{record.entity}` uses this value of `{record.measure}`", record.span,
                         "correct the record's entity or measure, or remove it",
                         notes=[f"`{record.measure}` is used by {listed}",
                                why_not(entities[record.entity], *found[0])])

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


#: Evidence numbers have at most this many characters (docs/robustness.md).
MAX_NUMBER_LENGTH = 64
_EN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[-+]?\d+))?")
_NL_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")  # 1.557 · 1.557,5 · 12.345.678
_NL_PLAIN = re.compile(r"[-+]?\d+(?:,\d+)?")  # 1557 · 6,6


def _yaml_oddity(text: str) -> tuple[str, str] | None:
    """Why an unquoted YAML number cannot be trusted, with the help; None when it can.

    PyYAML follows YAML 1.1, where these scalars are numbers with surprising values; YAML 1.2
    parsers (and people) read them otherwise. Evidence must not depend on which one reads it."""
    bare = text.lstrip("+-")
    if "_" in text:
        return ("has `_` in it: YAML 1.1 reads it as a number, YAML 1.2 as text",
                f"write {text.replace('_', '')}, without the `_`")
    if ":" in text:
        return ("is a base-60 number in YAML 1.1 (1:30 is 90)", "write the number itself; quote it if it is a time")
    if bare[:2].lower() in ("0x", "0b", "0o"):
        return ("is not a decimal number", "write it in decimal")
    if len(bare) > 1 and bare[0] == "0" and bare.isdigit():
        return ("has a leading zero: YAML 1.1 reads it as an octal number",
                f"write {text[: len(text) - len(bare)]}{bare.lstrip('0') or '0'}, or quote it (\"{text}\") if the zero belongs")
    if bare.lower() in (".inf", ".nan") or text.lower() == ".nan":
        return ("is not a finite number", "write a number")
    return None


def _absent(node: Node | None) -> bool:
    """A key not given, or given without a value (`verdict:` or `verdict: ~`)."""
    return node is None or node.value is None


def _fmt(value: Fraction | None) -> str:
    if value is None:
        return "…"
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"

