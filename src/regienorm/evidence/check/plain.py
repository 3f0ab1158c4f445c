"""The records of a top-level list checked as the C scanner made them (:class:`~..readers.Plain`):
plain dicts, no Node per value, each record at the span its reader found.

This is the fast path of :mod:`.records`, for a file the check has nothing to say about: it
accepts a record only where :mod:`.records` would give the same record without a word, and raises
:class:`Unsure` for anything else (an unknown key, an id the framework does not know, a number
that is not plainly one, a waiver, a decision's published value, ...). The loader then makes the
file Nodes and checks it again the normal way, so that every message is the one the normal check
gives, at its place (:func:`regienorm.evidence.check.check`). The decisions that are worth a rule
of their own (a verdict's symbol, a number's value, whether a target applies to an entity) are
asked of :mod:`.records` and :mod:`.fields` once per distinct question and remembered, not
written again here. tests/test_plain_check.py proves the two paths give equal evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ... import ir
from ...source import Span
from ..model import OUTCOME_STATUSES, Citation, Entity, Finding, MeasureRecord, Recorded, normalise_id
from ..numbers import MAX_NUMBER_LENGTH
from ..readers import Node, Plain, RawNumber, WrittenNumber
from . import records as node_records
from .fields import Checker


class Unsure(Exception):
    """The plain check cannot vouch for a record: the file is checked the normal way."""


_FINDING_KEYS = frozenset(node_records._FINDING_KEYS)
_MEASURE_KEYS = frozenset(node_records._MEASURE_KEYS)
_RECORDED_KEYS = frozenset(node_records._RECORDED_KEYS)
_CITATION_KEYS = frozenset(node_records._CITATION_KEYS)
_LONGEST = 10 ** MAX_NUMBER_LENGTH  # an int below this has at most MAX_NUMBER_LENGTH digits
_NOWHERE = Span("", 1, 1, 1, 2)  # the span of the Nodes a remembered question is asked with (never shown: a message means Unsure)


def _text(value: Any) -> str | None:
    """:meth:`.fields.Checker.text` of a plain value, for the values it takes without a word (true
    and false are written as the file has them, which a plain value does not keep)."""
    kind = value.__class__
    if kind is str:
        return value if value.isascii() else normalise_id(value)
    if value is None:
        return None
    if kind is WrittenNumber or kind is int or kind is RawNumber:
        return str(value)
    raise Unsure  # a list, a mapping or true/false: the normal check says what it makes of it


def _required(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise Unsure
    return text


class PlainChecker:
    """The plain records of one file, checked with the answers of :mod:`.records` remembered."""

    def __init__(self, ck: Checker, entities: dict[str, Entity]) -> None:
        self.ck, self.entities, self.targets = ck, entities, ck.targets
        self.measures: dict[str, ir.Measure] = {}
        for m in ck.fw.measures:
            self.measures.setdefault(m.id, m)
        self.decisions = {d.id for d in ck.fw.decisions}
        self.outcomes = bool(ck.fw.outcomes)
        self._symbols: dict[tuple[str, str], tuple[str, str]] = {}
        self._outcomes: dict[str, ir.OutcomeDecl | None] = {}
        self._numbers: dict[tuple[type, str], Fraction] = {}
        self._applies: set[tuple[str, tuple[str, ...] | None, str, str]] = set()
        #: several scales: a finding's symbol must be on its norm's findings scale (records._on_findings_scale)
        self.several_scales = bool(ck.fw.scales)
        self._on_scale: set[tuple[str, str | None]] = set()

    # ----------------------------------------------------------------- remembered questions
    def _quiet(self, ask: Callable[[], Any]) -> Any:
        """``ask()``'s answer when it says nothing; Unsure when it would have a message."""
        diags = self.ck.diags
        before = len(diags)
        answer = ask()
        if len(diags) != before:
            del diags[before:]
            raise Unsure
        return answer

    def symbol(self, value: Any, what: str) -> tuple[str, str]:
        """The scale symbol a verdict names and the text it was written as (records._symbol)."""
        if value.__class__ is not str:
            raise Unsure
        key = (value, what)
        found = self._symbols.get(key)
        if found is None:
            found = self._quiet(lambda: node_records._symbol(self.ck, Node(value, _NOWHERE), what))
            if found is None:
                raise Unsure
            self._symbols[key] = found
        return found

    def on_findings_scale(self, symbol: tuple[str, str], target: ir.Target) -> None:
        """Nothing when the symbol is on the scale findings of ``target`` are given on; Unsure
        otherwise (RN749, said by the normal check)."""
        key = (symbol[0], target.norm.findings if target.norm is not None else None)
        if key not in self._on_scale:
            if self._quiet(lambda: node_records._on_findings_scale(self.ck, symbol, target, Node(symbol[1], _NOWHERE))) is None:
                raise Unsure
            self._on_scale.add(key)

    def outcome(self, value: Any) -> ir.OutcomeDecl | None:
        """The framework's outcome a finding's verdict names (records._outcome)."""
        if not self.outcomes or value.__class__ is not str:
            return None
        if value not in self._outcomes:
            self._outcomes[value] = node_records._outcome(self.ck, Node(value, _NOWHERE))
        return self._outcomes[value]

    def number(self, value: Any) -> Fraction:
        """The number a value means (fields.Checker.number, so numbers.read_number); an int is a
        JSON integer literal as written (readers.json.SCAN_INT)."""
        kind = value.__class__
        if kind is not WrittenNumber and kind is not str and kind is not int and kind is not RawNumber:
            raise Unsure
        key = (kind, value)
        found = self._numbers.get(key)
        if found is None:
            read = value if kind is str or kind is RawNumber else RawNumber(str(value), "json")
            found = self._numbers[key] = self._quiet(lambda: self.ck.number(Node(read, _NOWHERE), "a number"))
        return found

    def whole(self, value: Any, low: int) -> int:
        """A whole number of at least ``low`` (a source's line, a measure's `n`). A JSON integer
        literal of at most MAX_NUMBER_LENGTH digits is the int it reads as, in every number format
        (numbers.read_number; tests/test_plain_check.py); anything else is asked of number()."""
        if value.__class__ is int and low <= value < _LONGEST:
            return value  # type: ignore[no-any-return]
        number = self.number(value)
        if number.denominator != 1 or number < low:
            raise Unsure
        return int(number)

    def applies(self, entity: Entity, target: ir.Target, what: str) -> None:
        """records._check_applies without a word, or Unsure."""
        key = (entity.role, entity.normenkaders, target.id, what)
        if key not in self._applies:
            self._quiet(lambda: node_records._check_applies(self.ck, entity, target, Node({}, _NOWHERE), what))
            self._applies.add(key)

    def entity_target(self, record: dict[str, Any]) -> tuple[Entity, ir.Target]:
        ident, target_id = record.get("entity"), record.get("target")
        if ident.__class__ is str and target_id.__class__ is str:
            entity, target = self.entities.get(ident), self.targets.get(target_id)  # type: ignore[arg-type]
        else:
            entity = target = None
        if entity is None or target is None:
            # an id that is not plain ASCII text may be one after its normalisation
            entity, target = self.entities.get(_required(ident)), self.targets.get(_required(target_id))
            if entity is None or target is None:
                raise Unsure
        return entity, target

    def citation(self, value: Any) -> Citation:
        """records._citation of a plain mapping."""
        if value.__class__ is not dict or not value.keys() <= _CITATION_KEYS:
            raise Unsure
        get = value.get
        line = self.whole(value["line"], 1) if "line" in value else None
        return Citation(_text(get("document")), _text(get("table")), _text(get("page")), _text(get("footnote")), line,
                        _text(get("quote")))

    def citations(self, value: Any) -> tuple[Citation, ...]:
        """records._citations: one mapping or a list of them."""
        if value is None:
            return ()
        if value.__class__ is dict:
            return (self.citation(value),)
        if value.__class__ is not list:
            raise Unsure
        return tuple(self.citation(v) for v in value)

    # ----------------------------------------------------------------- the records
    def finding(self, record: dict[str, Any], span: Span) -> Finding:
        if not record.keys() <= _FINDING_KEYS:
            raise Unsure
        entity, target = self.entity_target(record)
        get = record.get
        verdict, note, sources = get("verdict"), get("note"), get("sources")
        if note is not None:
            note = _text(note)
        cites = () if sources is None else self.citations(sources)
        category = self.outcome(verdict) if self.outcomes else None
        if category is not None and category.symbol is None:
            if "status" in record:
                raise Unsure
            self.applies(entity, target, "a finding")
            return Finding(entity.id, target.id, None, category.status, note, cites, printed=category.name, span=span)
        if category is not None:
            symbol: tuple[str, str] | None = (category.symbol, category.name)  # type: ignore[assignment]
        elif verdict is None:
            symbol = None
        else:
            symbol = (verdict.__class__ is str and self._symbols.get((verdict, "a finding"))) or self.symbol(verdict, "a finding")
        if symbol is not None and self.several_scales:
            self.on_findings_scale(symbol, target)
        status = None
        if "status" in record:
            status = record["status"]
            if status.__class__ is not str or status not in OUTCOME_STATUSES or symbol is not None or not note:
                raise Unsure
        elif symbol is None:
            raise Unsure
        if (entity.role, entity.normenkaders, target.id, "a finding") not in self._applies:
            self.applies(entity, target, "a finding")
        if symbol is None:
            return Finding(entity.id, target.id, None, status, note, cites, span=span)
        return Finding(entity.id, target.id, symbol[0], status, note, cites,
                       printed=symbol[1] if symbol[1] != symbol[0] else None, span=span)

    def measure(self, record: dict[str, Any], span: Span) -> MeasureRecord:
        if not record.keys() <= _MEASURE_KEYS or "value" not in record:
            raise Unsure
        ident, measure_id = _required(record.get("entity")), _required(record.get("measure"))
        written = record["value"]
        value = self.number(written)
        n = self.whole(record["n"], 0) if "n" in record else None
        measure = self.measures.get(measure_id)
        if ident not in self.entities or measure is None or \
                (measure.low is not None and value < measure.low) or (measure.high is not None and value > measure.high):
            raise Unsure
        source = self.citation(record["source"]) if "source" in record else None
        return MeasureRecord(ident, measure_id, value, _text(record.get("item")), n, str(written), source, span=span)

    def recorded(self, record: dict[str, Any], span: Span) -> Recorded:
        if not record.keys() <= _RECORDED_KEYS or "value" in record or "source" not in record:
            raise Unsure
        target_id = record.get("target")
        if target_id is not None and (str(target_id) in self.decisions or ":" in str(target_id)):
            raise Unsure  # a decision's or a score's published value
        entity, target = self.entity_target(record)
        verdict = record.get("verdict")
        symbol = self.symbol(verdict, "a recorded verdict") if verdict is not None else None
        if "status" in record:
            if record["status"] != "not_assessed" or symbol is not None:
                raise Unsure
        elif symbol is None:
            raise Unsure
        if symbol is not None and self.several_scales:
            self._quiet(lambda: node_records.on_verdict_scale(self.ck, symbol, [target], "a recorded verdict",
                                                              Node(symbol[1], _NOWHERE)))
        if symbol is not None or target.applies_to(entity.role):
            self.applies(entity, target, "a recorded verdict")
        return Recorded(entity.id, target.id, symbol[0] if symbol else None, symbol[1] if symbol else "",
                        self.citation(record["source"]), _text(record.get("record")), _text(record.get("note")), span=span)

    def read(self, node: Node | None, kind: str) -> list[Any] | None:
        """The records of the list ``node`` holds when it is :class:`Plain` (None when it is not:
        the normal check reads it); raises Unsure."""
        if node is None or not isinstance(node.value, Plain):
            return None
        plain = node.value
        if not plain.records:
            return []
        if kind == "overrides" or any(record.__class__ is not dict for _, record in plain.records):
            raise Unsure  # a waiver's scope and dates: the normal check works them out; a record a reader made Nodes
        read = getattr(self, _READERS[kind])
        return [read(record, span) for span, record in plain.records]


_READERS = {"findings": "finding", "measures": "measure", "recorded": "recorded"}
