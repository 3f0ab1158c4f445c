"""A rule may not be named with the word a kind of rule starts with (RN215): where a rule is named
(`norms by NAME`), a rule may also be written out, and the keyword wins, so such a rule could never
be used by its name."""

from __future__ import annotations

import pytest
from lark import Tree

from regienorm.compiler.driver import check_text
from regienorm.errors import FrameworkError
from regienorm.language import keywords
from regienorm.language.parser import RULE_KINDS, parse
from regienorm.source import Source

CASES = [(language, kind) for language in ("en", "nl") for kind in RULE_KINDS]


def _word(language: str, kind: str) -> str:
    return keywords.TABLES[language][kind]


@pytest.mark.parametrize(("language", "kind"), CASES, ids=[f"{lang}-{k}" for lang, k in CASES])
def test_a_rule_named_like_a_kind_of_rule_is_refused_at_its_name(language: str, kind: str) -> None:
    table = keywords.TABLES[language]
    word = _word(language, kind)
    head = "" if language == "en" else "taal nl\n"
    text = f"{head}{table['RULE']} {word} \"{word}\" = {table['WORST']}\n"  # titled: `by WORD` would drop the title
    found = check_text(text, "r.norm").diagnostics
    line = 1 if language == "en" else 2
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("RN215", line, len(table["RULE"]) + 2)]
    assert f"`{table['BY']} {word}`" in found[0].message


@pytest.mark.parametrize(("language", "kind"), CASES, ids=[f"{lang}-{k}" for lang, k in CASES])
def test_the_words_refused_are_read_as_a_kind_of_rule_where_a_rule_is_named(language: str, kind: str) -> None:
    """Why RN215 exists: after `by`, each of these words is never a rule's name."""
    table = keywords.TABLES[language]
    word = _word(language, kind)
    head = "" if language == "en" else "taal nl\n"
    text = (f"{head}{table['NORMENKADER']} n \"N\" {{\n  {table['NORMS']} {table['BY']} {word}\n"
            f"  {table['NORM']} 1 \"x\"\n}}\n")
    try:
        tree = parse(Source("r.norm", text))
    except FrameworkError:
        return  # read as the start of a rule of that kind, which the rest does not complete
    named = [t for t in tree.iter_subtrees() if isinstance(t, Tree) and t.data == "named_rule"]
    assert not any(str(t.children[0]) == word for t in named)


def test_a_word_that_starts_no_kind_of_rule_is_a_name_like_any_other() -> None:
    for text in ('rule aandeel = worst\nrule gewogen = best\n', 'taal nl\nregel share = slechtste\nregel worst = beste\n'):
        assert not check_text(text, "r.norm").diagnostics, text


def test_translating_refuses_a_rule_named_like_a_kind_of_rule_in_the_other_language(tmp_path: object) -> None:
    """`rule fractie` is a name in English; in Dutch `fractie` starts `fractie van punten`, so
    `regienorm fmt --keywords nl` refuses (RN215 at the name), as it refuses a call that would mean
    another function there (RN107), and writes nothing."""
    from regienorm.language.format import format_source

    with pytest.raises(FrameworkError) as caught:
        format_source(Source("r.norm", "rule fractie = worst\nrule ok = best\n"), "nl")
    assert [(d.code, d.span.line, d.span.column) for d in caught.value.diagnostics] == [("RN215", 1, 6)]
    assert "`volgens fractie`" in caught.value.diagnostics[0].message
    assert format_source(Source("r.norm", "taal nl\nregel share = slechtste\n"), "nl") == "taal nl\nregel share = slechtste\n"


def test_a_bare_rule_worst_or_best_means_what_the_kind_means_and_is_allowed() -> None:
    """`rule worst = worst`, with nothing else, means just what `by worst` gives, so it stays allowed;
    with a title, a source or a policy (which `by worst` would drop) or another body, it is refused."""
    assert not check_text("rule worst = worst\nrule best = best\n", "r.norm").diagnostics
    assert not check_text("taal nl\nregel slechtste = slechtste\n", "r.norm").diagnostics
    for text in ('rule worst "Zwakste" = worst\n', "rule worst\n  on not_assessed skip\n  = worst\n", "rule worst = best\n",
                 "rule best stated = best\n"):
        assert [d.code for d in check_text(text, "r.norm").diagnostics] == ["RN215"], text
