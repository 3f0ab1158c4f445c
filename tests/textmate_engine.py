"""A small TextMate tokenizer for the tests: the part of the format the generated grammar uses
(``match`` with ``name`` or ``captures``, ``begin``/``end`` regions with ``patterns``, ``include``
of the repository), with the format's rules: a text is read line by line, at each place the
leftmost match wins, the region's end before its patterns at the same place, then the first
pattern in order. Its regular expressions are read by Python's ``re``: the generator writes them
in the subset that Oniguruma, the engine of VS Code and TextMate, reads alike."""

from __future__ import annotations

import re
from typing import Any


class Engine:
    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar
        self.repository = grammar.get("repository", {})
        self._compiled: dict[str, re.Pattern[str]] = {}

    def _re(self, source: str) -> re.Pattern[str]:
        if source not in self._compiled:
            self._compiled[source] = re.compile(source)
        return self._compiled[source]

    def _expand(self, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for rule in rules:
            if "include" in rule:
                target = self.repository[rule["include"].lstrip("#")]
                out.extend(self._expand([target]) if "patterns" in target and "begin" not in target else [target])
            elif "patterns" in rule and "begin" not in rule and "match" not in rule:
                out.extend(self._expand(rule["patterns"]))
            else:
                out.append(rule)
        return out

    def scopes(self, text: str) -> list[str | None]:
        """The innermost scope of every character of ``text`` (None: no rule matched it)."""
        out: list[str | None] = [None] * len(text)
        stack: list[dict[str, Any]] = []  # the regions open, innermost last
        offset = 0
        for line in text.splitlines(keepends=True):
            pos = 0
            begun_here: set[tuple[int, int]] = set()  # zero-width begins, by rule and place: never twice
            while pos < len(line):
                rules = self._expand(stack[-1]["patterns"] if stack else self.grammar["patterns"])
                best: tuple[int, int, re.Match[str], dict[str, Any] | None] | None = None
                if stack:
                    found = self._re(stack[-1]["end"]).search(line, pos)
                    if found:
                        best = (found.start(), -1, found, None)
                for order, rule in enumerate(rules):
                    regex = rule.get("match") or rule.get("begin")
                    found = self._re(regex).search(line, pos)
                    if found and "begin" in rule and (id(rule), found.start()) in begun_here:
                        continue
                    if found and (best is None or (found.start(), order) < (best[0], best[1])):
                        best = (found.start(), order, found, rule)
                if best is None:
                    break
                start, _, found, rule = best
                if rule is None:  # the region ends; an end that matches nothing goes on where it is
                    stack.pop()
                    pos = found.end()
                    continue
                if "begin" in rule:
                    for group, capture in rule.get("beginCaptures", {}).items():
                        if found.group(int(group)) is not None:
                            for n in range(found.start(int(group)), found.end(int(group))):
                                out[offset + n] = capture["name"]
                    stack.append(rule)
                    if found.end() == found.start():
                        begun_here.add((id(rule), found.start()))
                    pos = found.end()
                    continue
                if "name" in rule:
                    for n in range(found.start(), found.end()):
                        out[offset + n] = rule["name"]
                for group, capture in rule.get("captures", {}).items():
                    if found.group(int(group)) is not None:
                        for n in range(found.start(int(group)), found.end(int(group))):
                            out[offset + n] = capture["name"]
                pos = found.end() if found.end() > pos else pos + 1
            offset += len(line)
        return out
