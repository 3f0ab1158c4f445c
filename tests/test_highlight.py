"""The TextMate grammar and the Pygments lexer, generated from the keyword tables, highlight every
keyword and every token of the casebook (in English and in Dutch) and of the examples as what the
parser reads it as: the parser's own tokens are the answer key."""

from __future__ import annotations

import json

import pytest
from lark import Lark, Token

from regienorm.highlight import textmate
from regienorm.language import keywords
from regienorm.language.format import format_source
from regienorm.resources import grammar_path
from regienorm.source import Source

from .conftest import ROOT
from .textmate_engine import Engine

pygments = pytest.importorskip("pygments")
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String  # noqa: E402

from regienorm.highlight.pygments_lexer import RegienormLexer  # noqa: E402

CHECKED_IN = ROOT / "editors" / "vscode" / "syntaxes" / "regienorm.tmLanguage.json"
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013" / "regie.norm"


def _texts() -> dict[str, str]:
    english = CASEBOOK.read_text(encoding="utf-8")
    out = {"casebook (en)": english, "casebook (nl)": format_source(Source(str(CASEBOOK), english), "nl")}
    for path in [*sorted((ROOT / "frameworks" / "examples").glob("*.norm")), *sorted((ROOT / "frameworks" / "cookbook").rglob("*.norm"))]:
        out[path.name] = path.read_text(encoding="utf-8")
        out[f"{path.name} (nl)"] = format_source(Source(str(path), out[path.name]), "nl")
    return out


TEXTS = _texts()


def _answer(text: str) -> dict[int, str]:
    """The kind of every character the parser reads as part of a token, from its own tokens."""
    code = keywords.detect(text)
    language = code[0] if code else keywords.DEFAULT
    comments: list[Token] = []
    parser = Lark(grammar_path().read_text(encoding="utf-8") + keywords.terminal_definitions(keywords.TABLES[language]),
                  parser="lalr", lexer="contextual", keep_all_tokens=True, propagate_positions=True,
                  lexer_callbacks={"COMMENT": comments.append})
    tree = parser.parse(text)
    kinds: dict[int, str] = {}
    for token in [*tree.scan_values(lambda v: isinstance(v, Token)), *comments]:
        kind = {"STRING": "string", "INT": "number", "DECIMAL": "number", "DATE": "number", "NAME": "name", "COMMENT": "comment"}.get(
            token.type, "keyword" if token.type.startswith("_KW_") else "operator")
        for n in range(token.start_pos, token.end_pos):
            if not text[n].isspace():
                kinds[n] = kind
    return kinds


def _pygments_kinds(text: str) -> list[str | None]:
    out: list[str | None] = [None] * len(text)
    for start, kind, value in RegienormLexer().get_tokens_unprocessed(text):
        named = next((name for base, name in ((Comment, "comment"), (String, "string"), (Number, "number"),
                                               (Keyword, "keyword"), (Name, "name"), (Operator, "operator"),
                                               (Punctuation, "operator")) if kind in base), None)
        for n in range(start, start + len(value)):
            out[n] = named
    return out


def _textmate_kinds(text: str) -> list[str | None]:
    order = (("comment.", "comment"), ("string.", "string"), ("constant.numeric", "number"), ("keyword.operator", "operator"),
             ("punctuation.", "operator"), ("keyword.", "keyword"), ("storage.type", "keyword"), ("entity.name", "name"),
             ("support.function", "name"), ("variable.", "name"))
    engine = Engine(json.loads(CHECKED_IN.read_text(encoding="utf-8")))
    return [next((kind for prefix, kind in order if scope.startswith(prefix)), None) if scope else None
            for scope in engine.scopes(text)]


def _mismatches(text: str, got: list[str | None]) -> list[str]:
    wrong = []
    for n, kind in sorted(_answer(text).items()):
        if got[n] != kind:
            line = text.count("\n", 0, n) + 1
            start = text.rfind("\n", 0, n) + 1
            wrong.append(f"line {line}: {text[start:text.find(chr(10), n)]!r} col {n - start + 1}: {got[n]} for {kind}")
    return wrong


def test_the_textmate_grammar_checked_in_is_what_the_keyword_tables_give() -> None:
    assert CHECKED_IN.read_text(encoding="utf-8") == textmate.text(), \
        "stale: run `python -m regienorm.highlight.textmate` and commit editors/vscode/syntaxes/regienorm.tmLanguage.json"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_pygments_highlights_every_token_as_the_parser_reads_it(name: str) -> None:
    text = TEXTS[name]
    assert _mismatches(text, _pygments_kinds(text))[:10] == []


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_textmate_highlights_every_token_as_the_parser_reads_it(name: str) -> None:
    text = TEXTS[name]
    assert _mismatches(text, _textmate_kinds(text))[:10] == []


@pytest.mark.parametrize("code", sorted(keywords.TABLES))
def test_every_keyword_of_both_tables_is_highlighted_as_a_keyword(code: str) -> None:
    table = keywords.TABLES[code]
    header = f"{keywords.TABLES[code]['LANGUAGE']} {code}\n" if code != keywords.DEFAULT else ""
    for word in sorted(set(table.values())):
        text = f"{header}  {word}  \n"
        at = range(text.index(word, len(header)), text.index(word, len(header)) + len(word))
        for got, engine in ((_pygments_kinds(text), "pygments"), (_textmate_kinds(text), "textmate")):
            assert {got[n] for n in at if not text[n].isspace()} == {"keyword"}, f"{engine}: `{word}` ({code})"


def test_the_casebook_in_both_languages_holds_every_kind() -> None:
    for name in ("casebook (en)", "casebook (nl)"):
        assert set(_answer(TEXTS[name]).values()) == {"keyword", "string", "number", "comment", "name", "operator"}


def test_the_lexer_is_registered_for_pygments() -> None:
    import importlib
    import tomllib
    from importlib.metadata import entry_points

    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]["pygments.lexers"]
    module, _, attribute = declared["regienorm"].partition(":")
    assert getattr(importlib.import_module(module), attribute) is RegienormLexer
    if not any(ep.name == "regienorm" for ep in entry_points(group="pygments.lexers")):
        pytest.skip("regienorm is not installed from this checkout (`pip install -e .` registers the entry point)")
    assert get_lexer_by_name("regienorm").__class__.__name__ == "RegienormLexer"
    assert get_lexer_for_filename("regie.norm").__class__.__name__ == "RegienormLexer"
