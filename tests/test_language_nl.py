"""The Dutch language reference (docs/language.nl.md) says what the English one says.

A translation drifts: a section added to the English page, an example changed, a code renamed.
These tests hold the two pages together where a machine can tell:

* every example file in Dutch keywords compiles to the same framework as its English counterpart;
* the two pages show the same examples in the same order: an excerpt of the counterpart's file
  where the English shows an excerpt, and otherwise a snippet that, put back into English keywords,
  is the English snippet in canonical form;
* both name the same diagnostic codes and have the same number of sections.

(That each snippet compiles, or is an excerpt of a file that does, tests/test_site.py checks for
every page; that the keyword table is the table in keywords.py, tests/test_format.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regienorm.compiler.driver import compile_file
from regienorm.language.format import format_source
from regienorm.language.parser import language_of
from regienorm.source import Source

from .conftest import ROOT
from .test_docs import DOCS, Block, blocks

ENGLISH, DUTCH = DOCS / "language.md", DOCS / "language.nl.md"

#: Each example in Dutch keywords, and the English file it translates.
COUNTERPARTS = {
    "frameworks/examples/jeugdhulp.nl.norm": "frameworks/examples/jeugdhulp.norm",
    "frameworks/examples/language/nl/profiel.norm": "frameworks/rekenkamer-amsterdam-2013/procesregie.norm",
    **{f"frameworks/examples/language/nl/{p.name}": f"frameworks/examples/language/{p.name}"
       for p in (ROOT / "frameworks/examples/language").glob("*.norm")},
}


def test_every_dutch_example_file_has_its_english_counterpart() -> None:
    dutch = {str(p.relative_to(ROOT)) for p in (ROOT / "frameworks/examples/language/nl").glob("*.norm")}
    assert dutch == {k for k in COUNTERPARTS if "/language/nl/" in k}


@pytest.mark.parametrize("dutch", sorted(COUNTERPARTS))
def test_the_dutch_example_compiles_to_the_same_framework_as_the_english(dutch: str) -> None:
    text = (ROOT / dutch).read_text(encoding="utf-8")
    assert language_of(Source(dutch, text)) == "nl"
    assert compile_file(ROOT / dutch) == compile_file(ROOT / COUNTERPARTS[dutch])


def _norm_blocks(page: Path) -> list[Block]:
    return [b for b in blocks(page) if b.lang == "norm"]


def _in_english(lines: list[str]) -> str:
    return format_source(Source("snippet.norm", "\n".join(lines) + "\n"), "en")


def _marked(block: Block) -> str | None:
    return block.marker[len("file:"):].strip() if block.marker and block.marker.startswith("file:") else None


def test_both_pages_show_the_same_examples_in_the_same_order() -> None:
    english, dutch = _norm_blocks(ENGLISH), _norm_blocks(DUTCH)
    assert len(english) == len(dutch), f"{len(english)} examples in English, {len(dutch)} in Dutch"
    for en, nl in zip(english, dutch, strict=True):
        en_file, nl_file = _marked(en), _marked(nl)
        if en_file is not None:
            assert nl_file is not None and COUNTERPARTS.get(nl_file) == en_file, (
                f"{nl}: the English shows an excerpt of {en_file} ({en}); the Dutch should show one of its counterpart")
        else:
            assert nl_file is None, f"{nl}: an excerpt where the English ({en}) shows a complete snippet"
            assert _in_english(nl.lines) == _in_english(en.lines), f"{nl} is not {en} in Dutch keywords"


def _codes(page: Path) -> set[str]:
    return set(re.findall(r"RN\d{3}", page.read_text(encoding="utf-8")))


def test_both_pages_name_the_same_diagnostic_codes() -> None:
    english, dutch = _codes(ENGLISH), _codes(DUTCH)
    assert english == dutch, f"only in English: {sorted(english - dutch)}; only in Dutch: {sorted(dutch - english)}"


def _sections(page: Path) -> list[int]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)  # not a comment in a snippet
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, flags=re.M)]


def test_both_pages_have_the_same_sections() -> None:
    # heading levels in order: a section added to one page and not the other shows here
    assert _sections(ENGLISH) == _sections(DUTCH)


def test_each_page_links_to_the_other() -> None:
    assert "(language.nl.md)" in ENGLISH.read_text(encoding="utf-8")
    assert "(language.md)" in DUTCH.read_text(encoding="utf-8")
