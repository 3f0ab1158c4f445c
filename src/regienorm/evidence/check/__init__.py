"""Checking evidence against a compiled framework: the file's top level here, then entities
(:mod:`.entities`), each record (:mod:`.records`), and checks across records (:mod:`.cross`), all
reading nodes through :class:`.fields.Checker`.

Every record keeps the file, line and column it came from. Every problem is collected and raised
together as :class:`~regienorm.errors.EvidenceError`; nothing is dropped or defaulted silently.
The format is documented in ``docs/evidence.md`` and ``schema/evidence.schema.json``.
"""

from __future__ import annotations

from typing import Any

from ... import ir
from ...errors import EvidenceError
from .. import profiles
from ..model import FORMAT, Evidence
from ..numbers import NUMBER_FORMATS
from ..readers import Node, as_nodes, has_plain
from . import cross, entities, ids, records
from .fields import Checker
from .plain import PlainChecker, Unsure

_TOP_KEYS = ("format", "assessment", "number_format", "entities", "findings", "measures", "recorded", "overrides")


def check(root: Node, framework: ir.Framework, path: str) -> Evidence:
    """The evidence in ``root`` (a file read by :mod:`regienorm.evidence.readers`), checked against
    ``framework``; raises EvidenceError with every problem found.

    A root whose record lists a fast reader left plain (:class:`~..readers.Plain`) is checked
    by the plain check first (:mod:`.plain`); a file it cannot vouch for is made Nodes
    (:func:`~..readers.as_nodes`; raises the reader's Unsure when only the exact reader can) and
    checked the normal way, so every message is the normal check's."""
    if has_plain(root):
        try:
            return _check(root, framework, path, plain=True)
        except Unsure:
            as_nodes(root)
    return _check(root, framework, path, plain=False)


def _check(root: Node, framework: ir.Framework, path: str, *, plain: bool) -> Evidence:
    if framework.profile is not None:  # evidence made for the profile's base: checked as it was made, then projected
        said = root.get("assessment") if isinstance(root.value, dict) else None
        fw_node = said.get("framework") if said is not None and isinstance(said.value, dict) else None
        version_node = said.get("version") if said is not None and isinstance(said.value, dict) else None
        base = profiles.named_base(framework, fw_node.value if fw_node else None,
                                   version_node.value if version_node else None)
        if base is not None:
            return profiles.project(_check(root, base, path, plain=plain), framework)
    ck = Checker(framework, path)
    if not ck.keys(root, _TOP_KEYS, "the evidence file"):
        raise EvidenceError(ck.diags)
    fmt = root.get("format")
    if fmt is None or fmt.value != FORMAT:
        ck.err("RN620", "the file does not say it is regienorm evidence" if fmt is None else
               f"unknown evidence format `{fmt.value}`", (fmt or root).span, f"start the file with `format: {FORMAT}`")
    nf = root.get("number_format")
    if nf is not None:
        if nf.value in NUMBER_FORMATS:
            ck.number_format = nf.value
        else:
            ck.err("RN614", f"unknown number_format `{nf.value}`", nf.span,
                   "use `en` (6.6, 1557) or `nl` (6,6, 1.557)")
    assessment = records.assessment(ck, root.get("assessment"), root.span)
    listed = entities.entities(ck, root.get("entities"))
    ids.entity_ids(ck, root.get("entities"))
    by_id = {e.id: e for e in listed}
    fast = PlainChecker(ck, by_id) if plain else None
    if fast is not None and ck.diags:
        raise Unsure  # the normal check gives the messages, in its order
    findings = _records(ck, fast, root, "findings", lambda n: records.finding(ck, n, by_id))
    measures = _records(ck, fast, root, "measures", lambda n: records.measure(ck, n, by_id))
    recorded = _records(ck, fast, root, "recorded", lambda n: records.recorded(ck, n, by_id))
    today = assessment.date if assessment is not None else None
    overrides = _records(ck, fast, root, "overrides", lambda n: records.override(ck, n, by_id, today))
    cross.cross_checks(ck, by_id, findings, measures, overrides)
    cross.unused_measures(ck, by_id, measures, {(f.entity, f.target) for f in findings})
    cross.record_ids(ck, recorded)
    if fast is not None and ck.diags:
        raise Unsure
    if any(d.is_error for d in ck.diags):
        raise EvidenceError(ck.diags)
    assert assessment is not None
    return Evidence(assessment, tuple(listed), tuple(findings), tuple(measures), tuple(recorded),
                    tuple(overrides), path=path, warnings=tuple(d for d in ck.diags if not d.is_error))


def _records(ck: Checker, fast: PlainChecker | None, root: Node, key: str, read: Any) -> list[Any]:
    """The records under ``key``: read by the plain check when they are plain, else node by node."""
    if fast is not None:
        found = fast.read(root.get(key), key)
        if found is not None:
            return found
    return ck.records(root, key, read)
