"""What every evidence check shares: the framework, the diagnostics collected so far, and reading
a node's fields (keys, texts, ids, lists, numbers) with an error for each that is not as it must be."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any, TypeVar

from ... import ir
from ...diagnostics import Diagnostic, did_you_mean, error, warning
from ...source import Span
from ..model import normalise_id
from ..numbers import read_number
from ..readers import Node

_R = TypeVar("_R")


class Checker:
    """One evidence file being checked: every problem is collected in :attr:`diags`, in the order
    the checks meet them, and raised together at the end (:func:`regienorm.evidence.check.check`)."""

    def __init__(self, framework: ir.Framework, path: str) -> None:
        self.fw = framework
        self.path = path
        self.diags: list[Diagnostic] = []
        self.targets = framework.targets()
        self.score_targets = framework.score_targets()  # where a score's published value may be recorded
        self.number_format = "en"

    def err(self, code: str, message: str, span: Span | None, help: str, **kw: Any) -> None:
        self.diags.append(error(code, message, span, help, **kw))

    def warn(self, code: str, message: str, span: Span | None, help: str, **kw: Any) -> None:
        self.diags.append(warning(code, message, span, help, **kw))

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
        """The number meant (:func:`~regienorm.evidence.numbers.read_number`), or None after the
        error that says why: never None silently, never a different number."""
        got = read_number(child, what, self.number_format)
        if isinstance(got, Diagnostic):
            self.diags.append(got)
            return None
        return got

    def unknown(self, kind: str, name: str, span: Span | None, known: Iterable[str]) -> None:
        known = list(known)
        close = did_you_mean(name, known)
        kinds = "entities" if kind == "entity" else kind + "s"
        self.err("RN630", f"unknown {kind} `{name}`", span,
                 f"did you mean `{close}`?" if close else
                 (f"known {kinds}: " + ", ".join(f"`{k}`" for k in sorted(known)[:12])) if known else f"declare the {kind} first")

    def records(self, root: Node, key: str, read: Callable[[Node], _R | None]) -> list[_R]:
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


def absent(node: Node | None) -> bool:
    """A key not given, or given without a value (`verdict:` or `verdict: ~`)."""
    return node is None or node.value is None
