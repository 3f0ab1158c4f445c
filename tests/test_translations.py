"""The Dutch pages of the docs say what their English pages say.

A translation drifts: a section added to the English page, an example changed, a code renamed.
These tests hold each Dutch page (``docs/**/*.nl.md``) to its English page where a machine can
tell:

* each links to the other, both name the same diagnostic codes and have the same sections;
* their YAML, JSON and CSV blocks hold the same data (the comments may be translated);
* the language reference: every example file in Dutch keywords compiles to the same framework as
  its English counterpart, and the two pages show the same examples in the same order (an excerpt
  of the counterpart's file where the English shows an excerpt, and otherwise a snippet that, put
  back into English keywords, is the English snippet in canonical form).

(That each snippet compiles, or is an excerpt of a file that does, tests/test_site.py checks for
every page; that the keyword table is the table in keywords.py, tests/test_format.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from regienorm.compiler.driver import compile_file
from regienorm.language.format import format_source
from regienorm.language.parser import language_of
from regienorm.source import Source

from .conftest import ROOT
from .test_docs import DOCS, Block, blocks

ENGLISH, DUTCH = DOCS / "language.md", DOCS / "language.nl.md"


def _english(dutch: Path) -> Path:
    """The English page of a Dutch one: ``x.nl.md`` translates ``x.md`` (the tutorial: ``x.en.md``)."""
    plain = dutch.with_name(dutch.name.replace(".nl.md", ".md"))
    return plain if plain.exists() else dutch.with_name(dutch.name.replace(".nl.md", ".en.md"))


PAIRS = [(_english(p), p) for p in sorted(DOCS.rglob("*.nl.md"))]
PAIR_IDS = [str(p.relative_to(DOCS)) for _, p in PAIRS]
#: Pages laid out differently on purpose, so their sections are not compared.
OWN_LAYOUT = {
    # the English page includes frameworks/cookbook/README.md; the Dutch writes its own overview,
    # pointing to the recipes in Dutch and listing the technical ones (English, as their standards)
    "cookbook/index.nl.md",
}

#: Each example in Dutch keywords, and the English file it translates.
COUNTERPARTS = {
    "frameworks/examples/jeugdhulp.nl.norm": "frameworks/examples/jeugdhulp.norm",
    "frameworks/examples/language/nl/profiel.norm": "frameworks/rekenkamer-amsterdam-2013/procesregie.norm",
    **{f"frameworks/examples/language/nl/{p.name}": f"frameworks/examples/language/{p.name}"
       for p in (ROOT / "frameworks/examples/language").glob("*.norm")},
    **{str(p.relative_to(ROOT)).replace(".norm", ".nl.norm"): str(p.relative_to(ROOT))
       for p in (ROOT / "frameworks/examples/language/profile").glob("*.norm")
       if not p.name.endswith(".nl.norm") and (p.parent / p.name.replace(".norm", ".nl.norm")).exists()},
}


def test_every_dutch_example_file_has_its_english_counterpart() -> None:
    language = ROOT / "frameworks/examples/language"
    dutch = {str(p.relative_to(ROOT)) for p in [*(language / "nl").glob("*.norm"), *(language / "profile").glob("*.nl.norm")]}
    assert dutch == {k for k in COUNTERPARTS if k.startswith("frameworks/examples/language/")}
    assert len(dutch) == 13


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


def test_every_dutch_page_has_its_english_page() -> None:
    assert PAIRS and all(en.exists() for en, _ in PAIRS), [str(nl) for en, nl in PAIRS if not en.exists()]


@pytest.mark.parametrize(("english", "dutch"), PAIRS, ids=PAIR_IDS)
def test_each_page_links_to_the_other(english: Path, dutch: Path) -> None:
    assert f"({dutch.name})" in english.read_text(encoding="utf-8"), f"{english.name} does not link to {dutch.name}"
    assert f"({english.name})" in dutch.read_text(encoding="utf-8"), f"{dutch.name} does not link to {english.name}"


@pytest.mark.parametrize(("english", "dutch"), PAIRS, ids=PAIR_IDS)
def test_both_pages_name_the_same_diagnostic_codes(english: Path, dutch: Path) -> None:
    en, nl = _codes(english), _codes(dutch)
    assert en == nl, f"only in English: {sorted(en - nl)}; only in Dutch: {sorted(nl - en)}"


def _sections(page: Path) -> list[int]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)  # not a comment in a snippet
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, flags=re.M)]


@pytest.mark.parametrize(("english", "dutch"), [p for p, i in zip(PAIRS, PAIR_IDS, strict=True) if i not in OWN_LAYOUT],
                         ids=[i for i in PAIR_IDS if i not in OWN_LAYOUT])
def test_both_pages_have_the_same_sections(english: Path, dutch: Path) -> None:
    # heading levels in order: a section added to one page and not the other shows here
    assert _sections(english) == _sections(dutch)


def _data(block: Block) -> object:
    text = "\n".join(block.lines)
    if block.lang == "json":
        return [json.loads(line) for line in block.lines if line.strip()]
    if block.lang == "yaml":
        return yaml.safe_load(text)
    return text


def _data_blocks(page: Path) -> list[Block]:
    return [b for b in blocks(page) if b.lang in ("yaml", "json", "csv")]


@pytest.mark.parametrize(("english", "dutch"), PAIRS, ids=PAIR_IDS)
def test_both_pages_show_the_same_data(english: Path, dutch: Path) -> None:
    en, nl = _data_blocks(english), _data_blocks(dutch)
    assert [b.lang for b in en] == [b.lang for b in nl], f"{dutch.name}: other data blocks than {english.name}"
    for a, b in zip(en, nl, strict=True):
        assert _data(a) == _data(b), f"{b} does not hold the data of {a}"


def _code_headings(page: Path) -> list[str]:
    return re.findall(r"^## (RN\d{3}.*)$", page.read_text(encoding="utf-8"), flags=re.M)


def test_every_code_is_explained_in_dutch_in_the_same_order_with_the_same_severity() -> None:
    english = [h.replace("(warning)", "(waarschuwing)") for h in _code_headings(DOCS / "errors.md")]
    assert english and _code_headings(DOCS / "errors.nl.md") == english


def _words_of_framework_text(page: Path) -> str:
    """The words of every framework snippet of a page, strings and comments left out, one space
    between each two (so that a keyword of several words is found only as written)."""
    text = "\n".join("\n".join(b.lines) for b in blocks(page) if b.lang == "norm")
    text = re.sub(r'"(?:[^"\\]|\\.)*"', " ; ", text)
    text = re.sub(r"#[^\n]*", " ", text)
    return " " + " ".join(re.findall(r"[^\W\d]\w*|[^\w\s]", text)) + " "


@pytest.mark.parametrize(("page", "table"), [("language.md", "en"), ("language.nl.md", "nl")])
def test_every_keyword_is_shown_at_work_in_a_snippet_the_suite_compiles(page: str, table: str) -> None:
    """"Every construct with an example the suite compiles" (issue 18): each keyword of the
    language stands in a framework snippet of the reference (each snippet compiles, or is an
    excerpt of a file that does: tests/test_site.py)."""
    from regienorm.language import keywords

    words = _words_of_framework_text(DOCS / page)
    missing = sorted(w for w in keywords.TABLES[table].values() if f" {w} " not in words)
    assert not missing, f"{page}: no snippet shows {missing}"
