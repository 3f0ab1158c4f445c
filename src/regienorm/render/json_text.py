"""Judgements encoded as the JSON text of their items, faster: a template per item, each reason
object encoded once.

The meaning is :func:`regienorm.render.json.judgement_to_json` encoded by
:func:`regienorm.render.json.dumps`; :class:`Encoder` gives that text to the character
(tests/test_json_text.py holds the two equal, on every kind of judgement the suite makes). Writing
the JSON output was most of what ``regienorm evaluate --format json`` cost: a dictionary made per
judgement and per reason, then encoded. Here

* a verdict's judgement without printed records (nearly all of them) is written into a template
  of its item's keys, each value encoded by the standard library's C string encoder;
* a reason is encoded the first time it is met and its text kept, by the object's identity, for
  the next judgement that lists it: the engine shares a rule's reasons between the judgements whose
  inputs are the same (on the generated evidence of ``bench/``, two reasons of every three);
* everything else (a decision's value, points that are not whole, printed records) is the item
  :func:`judgement_to_json` makes with no reasons, encoded, with the reasons' texts put inside the
  brackets of its ``reasons``. That place is found by its text, ``,"reasons":[]``: the keys are
  sorted, so ``reasons`` is never the first; no other object of an item has a key ``reasons``; and
  inside a JSON string a quote is always written ``\\"``, so ``reasons"`` followed by a colon is
  that key and nothing else.

The characters :func:`regienorm._escape.escape_json_text` escapes are escaped once, in the
judgement's whole text (reasons included): escaping is character by character, so escaping the
parts or the whole gives the same text.
"""

from __future__ import annotations

from collections import OrderedDict
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from .._escape import escape_json_text
from ..judgement import Judgement, Reason
from .json import _COMPACT, _SPACED, judgement_to_json

#: Reasons (and spans) whose text is kept. Past it the texts are let go and encoded again as they
#: are met: a bound on memory, of the order of the rules' own memos of reasons.
KEPT = 65_536

#: The keys of a verdict's item without printed records (render.json._verdict_keys), sorted, as
#: json.dumps(sort_keys=True) writes them; ``reasons`` and ``recorded`` are lists.
KEYS = ("agrees", "blank_filled", "computed", "entity", "entity_name", "evidence", "given", "level", "points",
        "reasons", "recorded", "rule", "span", "status", "target", "title", "verdict")
_TRUTH = {None: "null", True: "true", False: "false"}


class _NotPlain(Exception):
    """A value the template does not write (not text, not null): the item is encoded whole."""


def _text(value: Any) -> str:
    if value.__class__ is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    raise _NotPlain


class Encoder:
    """Encodes judgements as ``dumps(judgement_to_json(j, path, title=…, entity_name=…), spaced)``."""

    def __init__(self, spaced: bool = False) -> None:
        self.spaced = spaced
        self._encode = (_SPACED if spaced else _COMPACT).encode  # no escaping: done once per judgement
        item_sep, key_sep = (", ", ": ") if spaced else (",", ":")
        values = {"reasons": "[%s]", "recorded": "[]"}
        self._template = "{" + item_sep.join(f'"{k}"{key_sep}{values.get(k, "%s")}' for k in KEYS) + "}"
        self._key = f'{item_sep}"reasons"{key_sep}[]'
        self._between = item_sep
        self._reasons: OrderedDict[int, tuple[Reason, str]] = OrderedDict()  # id -> (the reason, kept alive so the id stays its own; its text)
        self._spans: OrderedDict[int, tuple[Any, str]] = OrderedDict()

    def judgement(self, j: Judgement, evidence_path: str | None, title: str | None, entity_name: str | None) -> str:
        kept, store = self._kept, self._reasons
        reasons = self._between.join([kept(store, r) for r in j.reasons])
        points = j.points
        if j.__class__ is Judgement and not j.recorded and (points is None or points.__class__ is int):
            try:
                return escape_json_text(self._template % (
                    _TRUTH[j.agrees], _TRUTH[j.blank_filled], _text(j.computed), _text(j.entity), _text(entity_name),
                    _text(evidence_path), _TRUTH[j.given], _text(j.level), "null" if points is None else str(points),
                    reasons, _text(j.rule), self._span(j.span), _text(j.status.value), _text(j.target), _text(title),
                    _text(j.verdict)))
            except _NotPlain:
                pass
        text = self._encode(judgement_to_json(j, evidence_path, title=title, entity_name=entity_name, reasons=False))
        if reasons:
            at = text.index(self._key) + len(self._key) - 1  # just inside the brackets: see the module's documentation
            text = text[:at] + reasons + text[at:]
        return escape_json_text(text)

    def reason(self, r: Reason) -> str:
        """``r`` encoded (escaped with its judgement's text), once while it is kept."""
        return self._kept(self._reasons, r)

    def _span(self, span: Any) -> str:
        return "null" if span is None else self._kept(self._spans, span)

    def _kept(self, store: OrderedDict[int, tuple[Any, str]], thing: Any) -> str:
        """``thing.to_json()`` encoded, kept by identity; past KEPT the least recently met goes (a
        finding's reason, met once)."""
        kept = store.get(id(thing))
        if kept is not None:  # kept alive with its text, so no other object has its id
            store.move_to_end(id(thing))
            return kept[1]
        text = self._encode(thing.to_json())
        if len(store) >= KEPT:
            store.popitem(last=False)
        store[id(thing)] = (thing, text)
        return text
