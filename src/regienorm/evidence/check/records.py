"""The records an evidence file holds about entities: the assessment it is for, findings (with
their sources), measure values, recorded (printed) verdicts and overrides, each read and checked on
its own. Checks across records are in :mod:`.cross`."""

from __future__ import annotations

import datetime
from fractions import Fraction

from ... import ir
from ..._decimal import decimal_text, int_text
from ...diagnostics import did_you_mean
from ...source import Span
from ..model import OUTCOME_STATUSES, Assessment, Citation, Entity, Finding, MeasureRecord, Override, Recorded
from ..readers import Node
from .fields import Checker, absent
from .published import WORDS, printed_text, published_value

_FINDING_KEYS = ("entity", "target", "verdict", "status", "note", "sources")
_CITATION_KEYS = ("document", "table", "page", "footnote", "line", "quote")
_MEASURE_KEYS = ("entity", "measure", "item", "value", "n", "source")
_RECORDED_KEYS = ("entity", "target", "verdict", "value", "status", "note", "source", "record")
_OVERRIDE_KEYS = ("entity", "target", "verdict", "justification", "author", "approver", "date", "expires", "scope",
                  "risk")
_ASSESSMENT_KEYS = ("framework", "version", "subject", "assessor", "date")


def assessment(ck: Checker, node: Node | None, at: Span) -> Assessment | None:
    if node is None:
        ck.err("RN621", "the file has no `assessment`", at,
               f"add `assessment: {{framework: {ck.fw.id}, version: \"{ck.fw.version}\"}}`")
        return None
    if not ck.keys(node, _ASSESSMENT_KEYS, "the assessment"):
        return None
    fw = ck.text(node, "framework", "the assessment")
    version = ck.text(node, "version", "the assessment")
    if fw is not None and fw != ck.fw.id:
        ck.err("RN622", f"this evidence is for framework `{fw}`, not `{ck.fw.id}`",
               node.get("framework").span if node.get("framework") else node.span,  # type: ignore[union-attr]
               "evaluate it with the framework it was made for, or correct `framework:`")
    if version is not None and version != ck.fw.version:
        ck.err("RN623", f"this evidence is for version `{version}` of `{ck.fw.id}`, the framework is version `{ck.fw.version}`",
               node.get("version").span if node.get("version") else node.span,  # type: ignore[union-attr]
               "re-check the evidence against the new version, then update `version:`")
    return Assessment(fw or "", version or "", ck.text(node, "subject", "", required=False),
                      ck.text(node, "assessor", "", required=False), ck.text(node, "date", "", required=False))


def finding(ck: Checker, node: Node, entities: dict[str, Entity]) -> Finding | None:
    if not ck.keys(node, _FINDING_KEYS, "a finding"):
        return None
    resolved = _entity_target(ck, node, entities, "a finding")
    category = _outcome(ck, node.get("verdict"))
    if category is not None and category.symbol is None:  # counts as not applicable / not assessed
        if node.get("status") is not None:
            ck.err("RN633", "a finding has both a verdict and a status", node.span, "keep one")
            return None
        if resolved is None:
            return None
        entity, target = resolved
        _check_applies(ck, entity, target, node, "a finding")
        return Finding(entity.id, target.id, None, category.status, ck.text(node, "note", "", required=False),
                       _citations(ck, node.get("sources")), printed=category.name, span=node.span)
    symbol = (category.symbol, category.name) if category is not None else _symbol(ck, node.get("verdict"), "a finding")
    if symbol is not None and symbol[0] is not None and resolved is not None and ck.fw.scales:
        symbol = _on_findings_scale(ck, (symbol[0], symbol[1]), resolved[1], node.get("verdict") or node)
    status_node = node.get("status")
    status = None
    if status_node is not None:
        status = str(status_node.value)
        if status not in OUTCOME_STATUSES:
            ck.err("RN632", f"unknown status `{status}`", status_node.span,
                   "a finding has a `verdict`, or `status: not_assessed` / `status: not_applicable`")
            return None
    if symbol is None and status is None:
        if absent(node.get("verdict")):
            ck.err("RN633", "a finding has neither a verdict nor a status", (node.get("verdict") or node).span,
                   "add `verdict: \"+\"` (or another symbol), or `status: not_assessed`"
                   + ("; an empty `verdict:` is read as no verdict" if node.get("verdict") is not None else ""))
        return None
    if symbol is not None and status is not None:
        ck.err("RN633", "a finding has both a verdict and a status", node.span, "keep one")
        return None
    if status is not None and not ck.text(node, "note", "", required=False):
        ck.err("RN634", f"a finding with `status: {status}` needs a note saying why", node.span, "add `note: …`")
    if resolved is None:
        return None
    entity, target = resolved
    _check_applies(ck, entity, target, node, "a finding")
    return Finding(entity.id, target.id, symbol[0] if symbol else None, status,
                   ck.text(node, "note", "", required=False), _citations(ck, node.get("sources")),
                   printed=symbol[1] if symbol and symbol[1] != symbol[0] else None, span=node.span)


def measure(ck: Checker, node: Node, entities: dict[str, Entity]) -> MeasureRecord | None:
    if not ck.keys(node, _MEASURE_KEYS, "a measure"):
        return None
    ident = ck.text(node, "entity", "a measure")
    measure_id = ck.text(node, "measure", "a measure")
    value_node = node.get("value")
    if value_node is None:
        ck.err("RN612", "a measure has no `value`", node.span, "add `value: …`")
        return None
    value = ck.number(value_node, "a measure value")
    n = None
    if node.get("n") is not None:
        n_value = ck.number(node.get("n"), "`n`")  # type: ignore[arg-type]
        if n_value is not None and (n_value.denominator != 1 or n_value < 0):
            ck.err("RN614", "`n` must be a whole number", node.get("n").span, "write the number of respondents")  # type: ignore[union-attr]
        elif n_value is not None:
            n = int(n_value)
    if ident is None or measure_id is None or value is None:
        return None
    if ident not in entities:
        ck.unknown("entity", ident, (node.get("entity") or node).span, entities)
        return None
    measure = ck.fw.measure(measure_id)
    if measure is None:
        ck.unknown("measure", measure_id, (node.get("measure") or node).span, [m.id for m in ck.fw.measures])
        return None
    if (measure.low is not None and value < measure.low) or (measure.high is not None and value > measure.high):
        ck.err("RN637", f"{_fmt(value)} lies outside the range of `{measure_id}`", value_node.span,
               f"values of `{measure_id}` lie in {_fmt(measure.low)}..{_fmt(measure.high)}")
    source_node = node.get("source")
    source = _citation(ck, source_node) if source_node is not None else None
    return MeasureRecord(ident, measure_id, value, ck.text(node, "item", "", required=False), n,
                         str(value_node.value), source, span=node.span)


def recorded(ck: Checker, node: Node, entities: dict[str, Entity]) -> Recorded | None:
    if not ck.keys(node, _RECORDED_KEYS, "a recorded verdict"):
        return None
    target_node = node.get("target")
    decision = ck.fw.decision(str(target_node.value)) if target_node is not None and target_node.value is not None else None
    if decision is None and target_node is not None and ":" in str(target_node.value):
        score = ck.score_targets.get(str(target_node.value))
        if score is not None:  # a score's published value: a number, reconciled as a decision's
            decision = ir.Decision(str(target_node.value), ir.Const(Fraction(0)), ir.Kind.NUMBER, score.title)
    if decision is not None:
        return _recorded_value(ck, node, entities, decision)
    if node.get("value") is not None:
        ck.err("RN674", "a recorded `value` for a target that is not a decision", node.get("value").span,  # type: ignore[union-attr]
               "a printed verdict is `verdict: \"…\"`; `value:` records a decision's published value")
        return None
    resolved = _entity_target(ck, node, entities, "a recorded verdict")
    symbol = _symbol(ck, node.get("verdict"), "a recorded verdict")
    status_node = node.get("status")
    if status_node is not None and status_node.value != "not_assessed":
        ck.err("RN632", f"unknown status `{status_node.value}` for a recorded verdict", status_node.span,
               "a printed blank is `status: not_assessed`")
        return None
    if absent(node.get("verdict")) and status_node is None:
        ck.err("RN612", "a recorded verdict has no `verdict`", (node.get("verdict") or node).span,
               "add `verdict: \"…\"` as printed, or `status: not_assessed` for a blank cell")
    if not absent(node.get("verdict")) and status_node is not None:
        ck.err("RN633", "a recorded verdict has both a verdict and a status", node.span, "keep one")
        return None
    source_node = node.get("source")
    if source_node is None:
        ck.err("RN612", "a recorded verdict has no `source`", node.span,
               "say where it was printed: `source: {table: \"Tabel 5.1\", line: 1955}`")
    if resolved is None or source_node is None or (symbol is None and status_node is None):
        return None
    entity, target = resolved
    if symbol is not None and not on_verdict_scale(ck, symbol, [target], "a recorded verdict", node.get("verdict") or node):
        return None
    if symbol is not None or target.applies_to(entity.role):
        # a printed blank may stand where nothing applies: the report's grid has the cell
        _check_applies(ck, entity, target, node, "a recorded verdict")
    citation = _citation(ck, source_node) or Citation()
    return Recorded(entity.id, target.id, symbol[0] if symbol else None, symbol[1] if symbol else "", citation,
                    ck.text(node, "record", "", required=False), ck.text(node, "note", "", required=False),
                    span=node.span)


def _recorded_value(ck: Checker, node: Node, entities: dict[str, Entity], decision: ir.Decision) -> Recorded | None:
    """A decision's published value (``value:``), of the decision's kind, to reconcile against."""
    what = "a recorded value"
    ident = ck.text(node, "entity", what)
    entity = entities.get(ident) if ident is not None else None
    if ident is not None and entity is None:
        ck.unknown("entity", ident, (node.get("entity") or node).span, entities)
    value_node = node.get("value")
    if node.get("verdict") is not None:
        ck.err("RN674", f"`{decision.id}` is a decision: record its published `value`, not a verdict",
               node.get("verdict").span, f"write `value: …` ({_DECISION_WORDS[decision.kind]})")  # type: ignore[union-attr]
        return None
    if absent(value_node):
        ck.err("RN612", "a recorded value has no `value`", (value_node or node).span, "add `value: …` as published")
        return None
    assert value_node is not None
    value = published_value(ck, value_node, decision)
    source_node = node.get("source")
    if source_node is None:
        ck.err("RN612", "a recorded value has no `source`", node.span, "say where it was published: `source: {…}`")
    if entity is None or value is None or source_node is None:
        return None
    citation = _citation(ck, source_node) or Citation()
    printed = printed_text(value_node)
    return Recorded(entity.id, decision.id, None, printed, citation, ck.text(node, "record", "", required=False),
                    ck.text(node, "note", "", required=False), span=node.span, value=value)


_DECISION_WORDS = WORDS


#: A waiver's risk, as a plan of action and milestones (POA&M) rates a deviation it accepts.
RISKS = ("low", "moderate", "high")


def _risk(ck: Checker, node: Node) -> str | None | bool:
    """A waiver's ``risk:`` (one of :data:`RISKS`); None without one, False after RN548."""
    child = node.get("risk")
    if child is None or child.value is None:
        return None
    value = child.value
    if not isinstance(value, str) or value not in RISKS:
        close = did_you_mean(str(value), RISKS)
        ck.err("RN548", f"unknown risk `{value}` of a waiver", child.span,
               f"did you mean `{close}`?" if close else "a waiver's risk is " + ", ".join(f"`{r}`" for r in RISKS))
        return False
    return value


def override(ck: Checker, node: Node, entities: dict[str, Entity], today: str | None) -> Override | None:
    """An override or waiver (docs/evidence.md, "Overrides and waivers"): its scope worked out to the
    judgements it covers, its dates checked and compared with the assessment's date (``today``)."""
    if not ck.keys(node, _OVERRIDE_KEYS, "an override"):
        return None
    scope_node = node.get("scope")
    scope = str(scope_node.value) if scope_node is not None and scope_node.value is not None else "judgement"
    if scope not in _SCOPES:
        ck.err("RN659", f"unknown scope `{scope}`", scope_node.span if scope_node else node.span,  # type: ignore[union-attr]
               "a scope is `judgement` (one entity, one target), `entity` (every norm of the entity, under `target` "
               "when given) or `norm` (the norm `target` for every entity)")
        return None
    resolved = _scoped(ck, node, entities, scope)
    symbol = _symbol(ck, node.get("verdict"), "an override")
    justification = ck.text(node, "justification", "an override")
    author = ck.text(node, "author", "an override")
    if absent(node.get("verdict")):
        ck.err("RN612", "an override has no `verdict`", (node.get("verdict") or node).span, "add the verdict it sets")
    if author is not None and not author.strip():
        ck.err("RN612", "an override's `author` is empty", node.span, "say who set the verdict aside")
    if justification is not None and not justification.strip():
        ck.err("RN638", "an override's justification is empty", node.span, "say why the computed verdict is set aside")
    date, expires = (_date(ck, node, key) for key in ("date", "expires"))
    approver = ck.text(node, "approver", "", required=False)
    risk = _risk(ck, node)
    if risk is False:
        return None
    if resolved is None or symbol is None or not justification or not author or False in (date, expires):
        return None
    date_text, expires_text = (d if isinstance(d, str) else None for d in (date, expires))
    if date_text and expires_text and expires_text <= date_text:
        ck.err("RN657", f"the waiver expires on {expires_text}, not after its date {date_text}", node.get("expires").span,  # type: ignore[union-attr]
               "a waiver ends at the start of its expiry day: give a later `expires:`")
        return None
    expired = False
    if expires_text is not None:
        if not today:
            ck.err("RN658", "a waiver with an expiry date, but the assessment has no date", node.get("expires").span,  # type: ignore[union-attr]
                   "give the assessment's date (`assessment: {date: \"YYYY-MM-DD\"}`): expiry is judged against it, "
                   "never against today's clock")
            return None
        expired = expires_text <= today
    entity_id, target_id, applies = resolved
    covered = list(dict.fromkeys(t for _, t in applies)) if applies else [target_id] if target_id is not None else []
    if not on_verdict_scale(ck, symbol, [ck.targets[t] for t in covered if t in ck.targets], "an override",
                            node.get("verdict") or node):
        return None
    override = Override(entity_id, target_id, symbol[0], justification, author, span=node.span, date=date_text,
                        expires=expires_text, approver=approver, scope=scope, applies=applies, expired=expired,
                        risk=risk if isinstance(risk, str) else None)
    where = f"`{entity_id}`" if target_id is None else f"`{target_id}`" if entity_id is None else f"`{entity_id}` `{target_id}`"
    if expired:
        ck.warn("RN655", f"the waiver for {where} expired on {expires_text}", node.span,
                f"it is not applied: the assessment is dated {today}; renew it with a later `expires:` or remove it",
                notes=[f"set by {author}" + (f", approved by {approver}" if approver else "")])
    elif not applies:
        ck.warn("RN656", f"the waiver for {where} matches no judgement", node.span,
                "no norm of its scope applies to an entity judged here; correct its scope, entity or target, or remove it")
    return override


_SCOPES = ("judgement", "entity", "norm")


def _date(ck: Checker, node: Node, key: str) -> str | bool | None:
    """A date key as YYYY-MM-DD; None when not given, False after its error."""
    child = node.get(key)
    if child is None or child.value is None:
        return None
    text = child.raw if child.raw is not None and not isinstance(child.value, str) else str(child.value)
    try:
        datetime.date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError(text)
    except ValueError:
        ck.err("RN657", f"`{key}: {text}` is not a date", child.span, f"write `{key}:` as YYYY-MM-DD")
        return False
    return text


def _scoped(ck: Checker, node: Node, entities: dict[str, Entity],
            scope: str) -> tuple[str | None, str | None, tuple[tuple[str, str], ...]] | None:
    """The entity, the target and the judgements a waiver's scope covers; None after the error."""
    if scope == "judgement":
        resolved = _entity_target(ck, node, entities, "an override")
        if resolved is None:
            return None
        entity, target = resolved
        _check_applies(ck, entity, target, node, "an override")
        return entity.id, target.id, ((entity.id, target.id),)
    if scope == "entity":
        ident = ck.text(node, "entity", "an override with `scope: entity`")
        if ident is None:
            return None
        found_entity = entities.get(ident)
        if found_entity is None:
            ck.unknown("entity", ident, (node.get("entity") or node).span, entities)
            return None
        under = ck.text(node, "target", "", required=False)
        if under is not None and under not in ck.targets:
            ck.unknown("target", under, (node.get("target") or node).span, ck.targets)
            return None
        chosen = [found_entity]
    else:
        if node.get("entity") is not None:
            ck.err("RN659", "a waiver of `scope: norm` names no entity", node.get("entity").span,  # type: ignore[union-attr]
                   "it covers the norm for every entity; use `scope: judgement` for one entity")
            return None
        under = ck.text(node, "target", "an override with `scope: norm`")
        if under is None:
            return None
        found = ck.targets.get(under)
        if found is None:
            ck.unknown("target", under, (node.get("target") or node).span, ck.targets)
            return None
        if found.level != "norm":
            ck.err("RN659", f"`{under}` is a {found.level}, not a norm", (node.get("target") or node).span,
                   "a waiver of `scope: norm` names a norm; `scope: entity` covers everything under a target for one entity")
            return None
        chosen = list(entities.values())
    covered = []
    for entity in chosen:
        for target in ck.targets.values():
            if target.level != "norm" or (under is not None and target.id != under and not target.id.startswith(under + ".")):
                continue
            if target.applies_to(entity.role) and (entity.normenkaders is None or target.normenkader.id in entity.normenkaders):
                covered.append((entity.id, target.id))
    return (chosen[0].id if scope == "entity" else None), under, tuple(covered)


def _entity_target(ck: Checker, node: Node, entities: dict[str, Entity], what: str) -> tuple[Entity, ir.Target] | None:
    ident = ck.text(node, "entity", what)
    target_id = ck.text(node, "target", what)
    if ident is None or target_id is None:
        return None
    entity = entities.get(ident)
    if entity is None:
        ck.unknown("entity", ident, (node.get("entity") or node).span, entities)
        return None
    target = ck.targets.get(target_id)
    if target is None:
        ck.unknown("target", target_id, (node.get("target") or node).span, ck.targets)
        return None
    return entity, target


def _outcome(ck: Checker, child: Node | None) -> ir.OutcomeDecl | None:
    """The framework's own outcome category a finding's verdict names (``notchecked``), if any."""
    if child is None or not isinstance(child.value, str) or not ck.fw.outcomes:
        return None
    return ck.fw.outcome(child.value)


def _symbol(ck: Checker, child: Node | None, what: str) -> tuple[str, str] | None:
    if child is None or child.value is None:
        return None
    if isinstance(child.value, (dict, list)):
        ck.err("RN631", "a verdict must be a symbol of the scale, not a list or mapping", child.span,
               'quote symbols in YAML: verdict: "-" (an unquoted `-` starts a list)')
        return None
    printed = child.raw if isinstance(child.value, bool) and child.raw is not None else str(child.value)
    scale = ck.fw.scale_of(printed) or ck.fw.scale  # no two scales share a symbol (RN741)
    value = scale.lookup(printed)
    if value is None:
        ck.err("RN631", f"`{printed}` is not on the scale `{ck.fw.scale.name}`", child.span,
               "the scale has " + ", ".join(f'"{s}"' for s in ck.fw.scale.symbols()) +
               ("; the framework's outcomes are " + ", ".join(f'"{o.name}"' for o in ck.fw.outcomes)
                if ck.fw.outcomes and what == "a finding" else "") +
               ("; quote symbols in YAML: verdict: \"+/-\"" if printed in ("None", "") else ""))
        return None
    return value.symbol, printed


def _on_findings_scale(ck: Checker, symbol: tuple[str, str], target: ir.Target, at: Node) -> tuple[str, str] | None:
    """The finding's symbol when it is on the scale findings of ``target`` are given on; RN749 when
    it is on another scale of the framework."""
    norm = target.norm
    expected = ck.fw.scale_named(norm.findings if norm is not None else None)
    if expected.lookup(symbol[0]) is not None:
        return symbol
    other = ck.fw.scale_of(symbol[0])
    ck.err("RN749", f"`{symbol[1]}` is on the scale `{other.name if other else '?'}`, but findings of `{target.id}` are on "
           f"`{expected.name}`", at.span, "the scale has " + ", ".join(f'"{s}"' for s in expected.symbols()))
    return None


def on_verdict_scale(ck: Checker, symbol: tuple[str, str], targets: list[ir.Target], what: str, at: Node) -> bool:
    """Whether an override's or a recorded verdict's symbol is on the scale of the verdict of every
    target it stands for; RN749 for the first it is not (a framework of one scale: always)."""
    if not ck.fw.scales:
        return True
    for target in targets:
        expected = ck.fw.verdict_scale(target)
        if expected.lookup(symbol[0]) is None:
            other = ck.fw.scale_of(symbol[0])
            ck.err("RN749", f"`{symbol[1]}` is on the scale `{other.name if other else '?'}`, but the verdict of "
                   f"`{target.id}` is on `{expected.name}`", at.span,
                   f"{what} gives a value of `{expected.name}`: " + ", ".join(f'"{s}"' for s in expected.symbols()))
            return False
    return True


def _citations(ck: Checker, node: Node | None) -> tuple[Citation, ...]:
    if node is None:
        return ()
    nodes = [node] if isinstance(node.value, dict) else ck.items(node, "sources")
    return tuple(c for c in (_citation(ck, n) for n in nodes) if c is not None)


def _citation(ck: Checker, node: Node) -> Citation | None:
    if not ck.keys(node, _CITATION_KEYS, "a source"):
        return None
    line_node = node.get("line")
    line = None
    if line_node is not None:
        number = ck.number(line_node, "a source line")
        if number is not None and (number.denominator != 1 or number < 1):
            ck.err("RN614", "a source line must be a whole number of at least 1", line_node.span, "write the line number")
        elif number is not None:
            line = int(number)
    document, table, page, footnote, quote = (ck.text(node, k, "", required=False)
                                              for k in ("document", "table", "page", "footnote", "quote"))
    return Citation(document, table, page, footnote, line, quote)


def _check_applies(ck: Checker, entity: Entity, target: ir.Target, node: Node, what: str) -> None:
    if entity.role not in {r.id for r in ck.fw.roles}:
        return
    if not target.applies_to(entity.role):
        roles = [r.id for r in ck.fw.roles if target.applies_to(r.id)]
        ck.err("RN635", f"`{target.id}` does not apply to `{entity.id}` (role `{entity.role}`)",
               (node.get("target") or node).span,
               f"`{target.id}` applies to " + (", ".join(f"`{r}`" for r in roles) if roles else "no role")
               + f"; {what} may only name norms and toetsaspecten that apply to the entity's role")
    elif entity.normenkaders is not None and target.normenkader.id not in entity.normenkaders:
        ck.err("RN636", f"`{entity.id}` is not assessed on normenkader `{target.normenkader.id}`",
               (node.get("target") or node).span,
               f"add `{target.normenkader.id}` to the entity's `normenkaders:` or remove this record")


def _fmt(value: Fraction | None) -> str:
    if value is None:
        return "…"
    if value.denominator == 1:
        return int_text(value.numerator)
    try:
        return f"{float(value):g}"
    except OverflowError:  # a value beyond a double is written exactly
        return decimal_text(value, places=6)
