"""Hypothesis strategies of our own tests: mutations of the repository's files. The strategies for
users (frameworks from the grammar and as compiled objects, evidence, assessments) are public in
regienorm.strategies."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st

from regienorm.strategies import framework_texts

__all__ = ["framework_texts", "mutated_files"]

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted(
    [*ROOT.glob("frameworks/**/*.norm"), *ROOT.glob("tests/golden/errors/*.norm")]
)


INTERESTING = ['"', "{", "}", "(", ")", "..", "->", ";", ",", "=", "\n", "\r", "\t", "\0", "\ufeff", "é", "e\u0301",
               "norm", "aspect", "rule", "include", "by", "1/0", "99999999999999999999", "-", "\\", "#"]


@st.composite
def mutated_files(draw: st.DrawFn) -> str:
    """A real framework file with a few random edits: deletions, duplications and insertions."""
    path = draw(st.sampled_from(SEED_FILES))
    text = path.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace"]))
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            piece = draw(st.one_of(st.sampled_from(INTERESTING), st.text(max_size=5)))
            text = text[:i] + piece + (text[j:] if action == "replace" else text[i:])
    return text
