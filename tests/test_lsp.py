"""`regienorm lsp` driven as an editor drives it: a real client over stdio, in a subprocess.

The casebook is opened, a typo brings a diagnostic and its quick fix, fixing it takes the
diagnostic away; hover, definition, references (across an include), rename, completion, outline
and formatting are asked as an editor asks them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402

from .lsp_session import ROOT, Session, uri  # noqa: E402

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
EXAMPLES = ROOT / "frameworks" / "examples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("lsp")
    shutil.copy(CASEBOOK / "regie.norm", base / "regie.norm")
    shutil.copytree(EXAMPLES / "shared", base / "shared")
    shutil.copy(EXAMPLES / "jeugdhulp.norm", base / "jeugdhulp.norm")
    return base


@pytest.fixture(scope="module")
def session(folder: Path) -> Iterator[Session]:
    started = Session(folder)
    yield started
    started.close()


@pytest.fixture(scope="module")
def casebook(session: Session, folder: Path) -> str:
    target = session.open(folder / "regie.norm")
    session.wait_for(target, lambda found: found == [])
    return target


def _doc(target: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(target)


def _position(text: str, needle: str, nth: int = 0, offset: int = 1) -> lsp.Position:
    """The position ``offset`` characters into the ``nth`` place ``needle`` is written."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    return lsp.Position(line, at - (text.rfind("\n", 0, at) + 1))


def test_a_typo_brings_a_diagnostic_with_a_fix_and_fixing_it_takes_it_away(session: Session, casebook: str,
                                                                            folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    broken = text.replace("norms by aandeel_aspecten", "norms by aandeel_aspectn", 1)
    session.change(casebook, broken)
    found = session.wait_for(casebook, lambda d: len(d) > 0)
    assert [d.code for d in found] == ["RN201"]
    assert found[0].range.start == _position(broken, "aandeel_aspectn", offset=0)
    assert "unknown rule `aandeel_aspectn`" in found[0].message
    actions = session.run(session.client.text_document_code_action_async(lsp.CodeActionParams(
        _doc(casebook), found[0].range, lsp.CodeActionContext(found))))
    assert [(a.kind, a.title) for a in actions] == [(lsp.CodeActionKind.QuickFix, "Replace with `aandeel_aspecten`")]
    edit = actions[0].edit.changes[casebook][0]
    assert (edit.range, edit.new_text) == (found[0].range, "aandeel_aspecten")
    session.change(casebook, text)
    assert session.wait_for(casebook, lambda d: d == []) == []


def test_a_syntax_error_and_a_wrong_verdict_are_located_and_a_keyword_typo_fixed(session: Session, casebook: str,
                                                                                folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    session.change(casebook, text.replace("11..16 -> \"+\"", "11..16 -> \"++\"", 1))
    found = session.wait_for(casebook, lambda d: [x.code for x in d] == ["RN204"])
    assert "`++` is not on the scale `oordeel`" in found[0].message
    session.change(casebook, text.replace("total by totaal_normen", "totl by totaal_normen", 1))
    found = session.wait_for(casebook, lambda d: [x.code for x in d] == ["RN102"])
    assert found[0].data == {"replacement": "total"}
    session.change(casebook, text)
    session.wait_for(casebook, lambda d: d == [])


def test_hover_shows_the_text_the_sources_and_where_it_is_used(session: Session, casebook: str, folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    shown = session.run(session.client.text_document_hover_async(lsp.HoverParams(
        _doc(casebook), _position(text, "across entities by puntentelling", offset=21))))
    value = shown.contents.value
    assert value.startswith("**rule** `puntentelling` — Puntentelling totaalkolom")
    assert "- Rekenkamer Amsterdam (2013), table Bijlage 3, footnote 209, line 8290" in value
    uses = text.count("by puntentelling")
    assert f"Used {uses} time{'s' if uses != 1 else ''}:" in value
    norm = session.run(session.client.text_document_hover_async(lsp.HoverParams(
        _doc(casebook), _position(text, "norm 2 \"De regisseur heeft overzicht\"", offset=5))))
    assert norm.contents.value.startswith("**norm** `uitvoering.2` — De regisseur heeft overzicht")
    verdict = session.run(session.client.text_document_hover_async(lsp.HoverParams(
        _doc(casebook), _position(text, '11..16 -> "+"', offset=11))))
    assert verdict.contents.value.startswith('**scale value** `"+"` — voldoet')
    role = session.run(session.client.text_document_hover_async(lsp.HoverParams(
        _doc(casebook), _position(text, "for procesregie", offset=5))))
    assert role.contents.value.startswith("**role** `procesregie` — Procesregie")


def test_definition_and_references_of_a_measure(session: Session, casebook: str, folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    at = _position(text, "measure enquete_overzicht by", offset=9)
    where = session.run(session.client.text_document_definition_async(lsp.DefinitionParams(_doc(casebook), at)))
    assert where.uri == casebook and where.range.start == _position(text, "measure enquete_overzicht", offset=8)
    found = session.run(session.client.text_document_references_async(lsp.ReferenceParams(
        text_document=_doc(casebook), position=at, context=lsp.ReferenceContext(include_declaration=True))))
    lines = sorted(r.range.start.line for r in found)
    expected = sorted(n for n, line in enumerate(text.split("\n")) if "enquete_overzicht" in line and not line.lstrip().startswith("#"))
    assert lines == expected


def test_definition_and_references_across_an_include(session: Session, folder: Path) -> None:
    main = session.open(folder / "jeugdhulp.norm")
    session.wait_for(main, lambda d: d == [])
    text = (folder / "jeugdhulp.norm").read_text(encoding="utf-8")
    shared = folder / "shared" / "oordeel.norm"
    at = _position(text, "by puntentelling", offset=4)
    where = session.run(session.client.text_document_definition_async(lsp.DefinitionParams(_doc(main), at)))
    assert where.uri == uri(shared)
    assert where.range.start == _position(shared.read_text(encoding="utf-8"), "rule puntentelling", offset=5)
    # from the included file, its uses in the file that includes it
    found = session.run(session.client.text_document_references_async(lsp.ReferenceParams(
        text_document=_doc(uri(shared)), position=where.range.start, context=lsp.ReferenceContext(include_declaration=False))))
    assert {r.uri for r in found} == {main}
    assert len(found) == text.count("by puntentelling")
    shown = session.run(session.client.text_document_hover_async(lsp.HoverParams(_doc(uri(shared)), where.range.start)))
    assert f"Used {len(found)} time" in shown.contents.value and "jeugdhulp.norm:" in shown.contents.value


def test_rename_a_rule_everywhere_and_refuse_a_keyword(session: Session, casebook: str, folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    at = _position(text, "total by totaal_normen", offset=10)
    edit = session.run(session.client.text_document_rename_async(lsp.RenameParams(_doc(casebook), at, "normen_naar_totaal")))
    edits = edit.changes[casebook]
    assert len(edits) == sum(line.count("totaal_normen") for line in text.split("\n") if not line.lstrip().startswith("#"))
    assert {e.new_text for e in edits} == {"normen_naar_totaal"}
    with pytest.raises(Exception, match="keyword"):
        session.run(session.client.text_document_rename_async(lsp.RenameParams(_doc(casebook), at, "worst")))
    with pytest.raises(Exception, match="not a name"):
        session.run(session.client.text_document_rename_async(lsp.RenameParams(_doc(casebook), at, "9lives")))


def test_rename_a_verdict_symbol_keeps_the_quotes(session: Session, casebook: str, folder: Path) -> None:
    text = (folder / "regie.norm").read_text(encoding="utf-8")
    edit = session.run(session.client.text_document_rename_async(lsp.RenameParams(
        _doc(casebook), _position(text, '"+/-" "voldoet gedeeltelijk"', offset=2), "+-")))
    edits = edit.changes[casebook]
    assert {e.new_text for e in edits} == {'"+-"'}
    assert len(edits) == text.count('"+/-"') - sum(line.count('"+/-"') for line in text.split("\n") if line.lstrip().startswith("#"))


def test_completion_offers_the_rules_after_by_and_the_file_s_keywords(session: Session, casebook: str, folder: Path) -> None:
    items = session.run(session.client.text_document_completion_async(lsp.CompletionParams(
        _doc(casebook), lsp.Position(0, 0)))).items
    keywords = {i.label for i in items if i.kind == lsp.CompletionItemKind.Keyword}
    assert {"normenkader", "aspect", "verdict"} <= keywords and "toetsaspect" not in keywords
    typed = "rule x = worst\nnormenkader n \"N\" { norms by "
    target = session.open(folder / "new.norm", typed + "x }\n")  # parsed once: its names stay while typing
    session.wait_for(target, lambda d: True)
    session.change(target, typed)
    session.wait_for(target, lambda d: [x.code for x in d] == ["RN103"])
    after_by = session.run(session.client.text_document_completion_async(lsp.CompletionParams(
        _doc(target), lsp.Position(1, len("normenkader n \"N\" { norms by "))))).items
    assert after_by[0].label == "x" and after_by[0].kind == lsp.CompletionItemKind.Function


def test_completion_in_a_dutch_file_offers_dutch_keywords(session: Session, folder: Path) -> None:
    dutch = folder / "nl.norm"
    dutch.write_text((EXAMPLES / "jeugdhulp.nl.norm").read_text(encoding="utf-8").replace(
        "shared/oordeel.nl.norm", "shared/oordeel.nl.norm"), encoding="utf-8")
    target = session.open(dutch)
    session.wait_for(target, lambda d: True)
    items = session.run(session.client.text_document_completion_async(lsp.CompletionParams(_doc(target), lsp.Position(0, 0)))).items
    keywords = {i.label for i in items if i.kind == lsp.CompletionItemKind.Keyword}
    assert {"toetsaspect", "geldt voor", "regel"} <= keywords and "aspect" not in keywords


def test_outline_lists_the_declarations_with_norms_inside_normenkaders(session: Session, casebook: str) -> None:
    symbols = session.run(session.client.text_document_document_symbol_async(lsp.DocumentSymbolParams(_doc(casebook))))
    by_name = {s.name: s for s in symbols}
    assert symbols[0].name == "regie_jeugddomein" and symbols[0].kind == lsp.SymbolKind.Module
    assert [c.name for c in by_name["oordeel"].children] == ['"+"', '"+/-"', '"-"']
    opzet = by_name["opzet"]
    assert opzet.kind == lsp.SymbolKind.Namespace and [c.name for c in opzet.children] == [str(n) for n in range(1, 8)]
    assert [a.name for a in opzet.children[0].children] == ["a", "b"]


def test_formatting_gives_the_canonical_layout(session: Session, folder: Path) -> None:
    messy = 'rule zwakste "De zwakste"=worst  # kort\n'
    target = session.open(folder / "messy.norm", messy)
    session.wait_for(target, lambda d: True)
    edits = session.run(session.client.text_document_formatting_async(lsp.DocumentFormattingParams(
        _doc(target), lsp.FormattingOptions(tab_size=2, insert_spaces=True))))
    assert [e.new_text for e in edits] == ['rule zwakste "De zwakste" = worst  # kort\n']
    assert edits[0].range == lsp.Range(lsp.Position(0, 0), lsp.Position(1, 0))
    canonical = session.run(session.client.text_document_formatting_async(lsp.DocumentFormattingParams(
        _doc(uri(folder / "regie.norm")), lsp.FormattingOptions(tab_size=2, insert_spaces=True))))
    assert list(canonical) == []


def test_a_library_file_is_checked_on_its_own(session: Session, folder: Path) -> None:
    shared = folder / "shared" / "oordeel.norm"
    target = session.open(shared)
    session.wait_for(target, lambda d: d == [])
    broken = shared.read_text(encoding="utf-8").replace('7..8 -> "+"', '7..8 -> "plus"')
    session.change(target, broken)
    found = session.wait_for(target, lambda d: len(d) > 0)
    assert [d.code for d in found] == ["RN204"]
    session.change(target, shared.read_text(encoding="utf-8"))
    session.wait_for(target, lambda d: d == [])


def test_columns_are_counted_in_utf16_for_text_beyond_the_basic_plane(folder: Path) -> None:
    wide = folder / "wide.norm"
    wide.write_text('scale s { "+" goed = 2; "-" slecht = 0 }\nrule r "𝔄𝔅" = sum of points { 0..2 -> "x" }\n', encoding="utf-8")
    started = Session(folder)
    try:
        target = started.open(wide)
        found = started.wait_for(target, lambda d: len(d) > 0)
        text = wide.read_text(encoding="utf-8")
        column = text.split("\n")[1].index("0..2")  # the band with the verdict not on the scale
        # two characters beyond the basic plane before it: two code units more than characters
        assert [d.code for d in found] == ["RN204"] and found[0].range.start == lsp.Position(1, column + 2)
    finally:
        started.close()
