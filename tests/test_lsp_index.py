"""The language server's parts without the protocol: the index of the casebook and the examples,
the did-you-mean replacements, the completions, and the position arithmetic."""

from __future__ import annotations

import os
import re
from pathlib import Path

from regienorm.diagnostics import error
from regienorm.language.parser import parse
from regienorm.lsp.analysis import Workspace
from regienorm.lsp.completion import complete
from regienorm.lsp.index import Index
from regienorm.lsp.positions import Text
from regienorm.lsp.suggestions import replacement
from regienorm.source import Source, Span

from .conftest import ROOT

CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013" / "regie.norm"
EXAMPLE = ROOT / "frameworks" / "examples" / "jeugdhulp.norm"


def _index(path: Path) -> Index:
    index = Index()
    index.add(str(path), parse(Source(str(path), path.read_text(encoding="utf-8"))))
    return index.resolve()


def test_every_reference_of_the_casebook_is_indexed_with_its_declaration() -> None:
    index = _index(CASEBOOK)
    text = CASEBOOK.read_text(encoding="utf-8")
    code = [line for line in text.split("\n") if not line.lstrip().startswith("#")]
    for rule in ("puntentelling", "aandeel_aspecten", "totaal_normen", "enquete", "rapportcijfer_voldoende"):
        uses = index.references(f"rule:{rule}", declaration=False)
        assert len(uses) == sum(line.count(f"by {rule}") for line in code), rule
    assert len(index.references("role:procesregie", declaration=False)) == sum(
        line.count("procesregie") for line in code if "for " in line)
    assert index.symbols["norm:uitvoering.2"].title == "De regisseur heeft overzicht"
    assert index.symbols["aspect:opzet.1.a"].title == "Alle belangrijke organisaties zijn in het convenant vertegenwoordigd"
    # verdicts written in rules are uses of the scale's values; "-/+" is the alias of "+/-"
    assert index.symbols["value:+/-"].detail == "1 points, also written '-/+'"
    assert len(index.references("value:-", declaration=False)) == sum(line.count('"-"') for line in code) - 1  # less the scale's


def test_inputs_decisions_and_targets_of_the_examples_are_linked() -> None:
    index = _index(EXAMPLE)
    assert index.symbols["input:budget"].detail == "a number"
    assert index.symbols["input:sector"].detail == 'one of "zorg", "onderwijs", "veiligheid"'
    assert {o.span.line for o in index.references("decision:per_jeugdige", declaration=False)} == {
        n + 1 for n, line in enumerate(EXAMPLE.read_text(encoding="utf-8").split("\n"))
        if re.search(r"\bper_jeugdige\b", line) and not line.startswith("decision per_jeugdige")}
    budget_uses = index.references("input:budget", declaration=False)
    assert budget_uses and all(o.text == "budget" for o in budget_uses)


def test_the_workspace_compiles_unsaved_text_and_maps_diagnostics_to_files(tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld.norm"
    shared.write_text('scale s { "+" goed = 2; "-" slecht = 0 }\nrule r = sum of points { 0..1 -> "-"; 2..2 -> "+" }\n',
                      encoding="utf-8")
    main = tmp_path / "main.norm"
    main.write_text('framework f "F" version "1"\ninclude "gedeeld.norm"\nnormenkader n "N" { norms by r\n'
                    '  norm 1 "Een" { aspect a "A" } }\n', encoding="utf-8")
    documents = Workspace()
    documents.open(main, main.read_text(encoding="utf-8"))
    documents.open(shared, shared.read_text(encoding="utf-8").replace('-> "+"', '-> "++"'))  # unsaved
    analysis = documents.analyse(main)
    assert {path: [d.code for d in found] for path, found in analysis.diagnostics.items()} == {shared.resolve(): ["RN204"]}
    assert analysis.files == (main.resolve(), shared.resolve())
    assert documents.dependents(shared) == [shared.resolve(), main.resolve()]
    assert [o.span.path for o in analysis.index.references("rule:r", declaration=False)] == [str(main.resolve())]


def test_a_replacement_is_offered_only_for_a_word_or_a_quoted_text() -> None:
    at = Span("x.norm", 1, 1, 1, 5)
    assert replacement(error("RN201", "m", at, "did you mean `puntentelling`? (declared at line 3)"), "puntentelingg") == "puntentelling"
    assert replacement(error("RN704", "m", at, 'did you mean "zorg"?'), '"zrog"') == '"zorg"'
    assert replacement(error("RN102", "m", at, "did you mean the keyword `norm`? (expected …)"), "nrom") == "norm"
    assert replacement(error("RN713", "m", at, 'did you mean "laag"?'), 'decision d = band x { }') is None
    assert replacement(error("RN201", "m", at, "declared rules: `a`"), "b") is None


def test_completion_after_for_offers_the_roles_first() -> None:
    index = _index(CASEBOOK)
    items = complete(index, "en", '  aspect a "x" for ')
    assert items[0].kind == "role" and {i.label for i in items[:3]} == {"aanpak", "centrale_stad", "procesregie"}
    quoted = complete(index, "en", '  = sum of points { 0..5 -> "')
    assert {i.label for i in quoted} == {"+", "+/-", "-"}


def test_columns_convert_both_ways_in_utf16_utf8_and_utf32() -> None:
    line = 'rule é𝔄 = worst'
    for encoding, units in (("utf-16", 9), ("utf-8", 12), ("utf-32", 8)):
        text = Text(line, encoding)
        assert text.to_position(1, 9) == (0, units)  # the space after `𝔄`
        assert text.to_column(0, units) == 9
    assert os.sep  # paths are compared as the editor gives them, resolved


def test_without_pygls_the_command_says_how_to_install_it() -> None:
    import subprocess
    import sys

    probe = "import sys; sys.modules['pygls'] = None; from regienorm.cli import main; sys.exit(main(['lsp']))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "pip install 'regienorm[lsp]'" in done.stderr


def test_every_declaration_of_the_grammar_is_indexed() -> None:
    """A construct added to the language that declares a name must be known to the index (its
    outline, hover and rename), or this fails: the grammar's rules that start with a keyword and a
    name, less those that declare nothing."""
    from regienorm.lsp.index import DECLARATIONS
    from regienorm.resources import grammar_path

    grammar = grammar_path().read_text(encoding="utf-8")
    declaring = set(re.findall(r"^(\w+): _KW_\w+ (?:NAME|ident|STRING)\b", grammar, flags=re.M))
    # not declarations: `include "…"` (a path), `source "…"` and its details (a citation), a
    # measure's unit, a scale value's aliases, a score's policy for an outcome category (a use of it)
    assert declaring - {"language", "applies", "of_target", "include", "source", "source_detail", "measure_detail",
                        "aliases", "score_category"} == set(DECLARATIONS)


def test_changes_in_a_row_are_compiled_once_after_the_pause(tmp_path: Path) -> None:
    """The debounce: five changes made before the server's loop runs again give one compile, of
    the document they changed (no clock is read: the changes come before any timer can fire)."""
    import asyncio

    import pytest

    pytest.importorskip("pygls")
    from regienorm.lsp.server import RegienormServer

    server = RegienormServer()
    server.debounce = 0.01
    compiled: list[Path] = []
    done = asyncio.Event()

    def refresh(path: Path) -> None:
        compiled.append(path)
        done.set()

    server.refresh = refresh  # type: ignore[method-assign]

    async def typing() -> None:
        for _ in range(5):
            server.schedule(tmp_path / "a.norm")
        await asyncio.wait_for(done.wait(), 30)
        await asyncio.sleep(0.05)  # a second compile, had one been left scheduled, would come now

    asyncio.run(typing())
    assert compiled == [tmp_path / "a.norm"] and server.pending == {}


def test_groups_scores_and_outcomes_of_a_tree_are_indexed() -> None:
    path = ROOT / "frameworks" / "cookbook" / "xccdf-scoring" / "xccdf.norm"
    index = _index(path)
    text = path.read_text(encoding="utf-8")
    nk = re.search(r"^normenkader (\w+)", text, flags=re.M).group(1)
    # a score named in another score's expression is a use of it
    rate = index.references(f"score:{nk}.rate", declaration=False)
    assert len(rate) == len(re.findall(r"\brate\b", "\n".join(
        line for line in text.split("\n") if not line.lstrip().startswith(("#", "score rate")))))
    groups = [s for s in index.symbols.values() if s.kind == "group"]
    assert groups and all(s.key.startswith(f"group:{nk}.") for s in groups)
    nested = [s for s in index.symbols.values() if s.kind == "norm" and s.key.count(".") > 1]
    assert nested, "a norm inside a group has the group in its id"
    outline = {node.symbol.name: node for node in index.outlines[str(path)]}
    assert any(child.symbol.kind == "group" for child in outline[nk].children)
    assert index.symbols['outcome:error'].title == "the checking engine could not complete the evaluation"
    assert [o.text for o in index.references("value:fail", declaration=False)].count("fail") >= 2  # outcomes counting as fail
