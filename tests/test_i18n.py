"""Messages in Dutch and English: every code has Dutch text, every golden diagnostic translates in
full, the CLI speaks Dutch under --lang nl or a Dutch locale, and codes and JSON stay the same."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from regienorm import EvidenceError, check_file, compile_file, load_evidence, render_full
from regienorm.cli import build_parser, casebook_paths, main
from regienorm.diagnostics import Diagnostic, error, localize, render_short
from regienorm.errors import RegienormError
from regienorm.evidence.expected import missing_diagnostics
from regienorm.i18n import (
    codes,
    language_from_environment,
    lookup,
    nl_cli,
    nl_compiler,
    nl_decisions,
    nl_distributed,
    nl_evidence,
    nl_reasons,
    nl_words,
    translate,
)

from .conftest import EXAMPLES, ROOT

PACKAGE = ROOT / "src" / "regienorm"
GOLDEN = ROOT / "tests" / "golden"


def _emitted_codes() -> set[str]:
    """Every diagnostic code a string literal of the package names (outside the catalogs)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"RN\d{3}", node.value):
                found.add(node.value)
    return found


def test_every_code_the_codebase_emits_has_dutch_text() -> None:
    missing = sorted(_emitted_codes() - codes("nl"))
    assert not missing, f"codes without a Dutch text in regienorm/i18n/nl_*.py: {missing}"


def _golden_diagnostics() -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for case in sorted((GOLDEN / "errors").glob("*.norm")):
        out += check_file(case.relative_to(ROOT)).diagnostics
    framework = compile_file((EXAMPLES / "jeugdhulp.norm").relative_to(ROOT))
    for case in sorted((GOLDEN / "evidence").iterdir()):
        if case.suffix in (".yaml", ".json"):
            with pytest.raises(EvidenceError) as caught:
                load_evidence(case.relative_to(ROOT), framework)
            out += caught.value.diagnostics
    for case in sorted((GOLDEN / "evidence-warnings").glob("*.yaml")):
        out += load_evidence(case.relative_to(ROOT), framework).warnings
    for relative in (Path("frameworks/examples/jeugdhulp.evidence.yaml"), Path("tests/golden/evidence-missing/no_measure_values.yaml")):
        out += missing_diagnostics(framework, load_evidence(relative, framework))
    for case in sorted((GOLDEN / "casebook").glob("*/casebook.yaml")):
        with pytest.raises(RegienormError) as manifest:
            casebook_paths(case.relative_to(ROOT))
        out += manifest.value.diagnostics
    return out


#: Notes that are data, not regienorm's words: an id spelled out by its characters (``n U+043E r d``).
_DATA_NOTE = re.compile(r"`[^`]+` is .*U\+[0-9A-F]{4}.*")


def test_every_golden_diagnostic_is_translated_in_full() -> None:
    """Message, help, label and every note of each golden diagnostic match a Dutch template."""
    untranslated = []
    for d in _golden_diagnostics():
        texts = [("message", d.message), ("help", d.help), ("label", d.label), *(("note", n) for n in d.notes)]
        for part, text in texts:
            if text and lookup(text, "nl", d.code) is None and not (part == "note" and _DATA_NOTE.fullmatch(text)):
                untranslated.append(f"{d.code} {part}: {text}")
    assert not untranslated, "no Dutch text for:\n" + "\n".join(sorted(set(untranslated)))


def test_a_diagnostic_in_dutch_keeps_its_code_span_and_json() -> None:
    d = check_file("tests/golden/errors/unknown_rule.norm").diagnostics[0]
    dutch = localize(d, "nl")
    assert (dutch.code, dutch.severity, dutch.span) == (d.code, d.severity, d.span)
    assert dutch.message == "onbekende regel `puntentelingg`"
    assert dutch.help is not None and dutch.help.startswith("bedoelt u `puntentelling`?")
    assert render_short(d, "nl").endswith("error[RN201]: onbekende regel `puntentelingg`")  # editors read `error[`
    assert render_full(d, None, "nl").startswith("fout[RN201]: onbekende regel")
    assert d.to_json()["message"] == "unknown rule `puntentelingg`"  # JSON is the contract: English


def test_a_diagnostic_written_in_the_old_style_still_renders() -> None:
    """A plain message without a template (another helper's new diagnostic) is shown as written."""
    d = error("RN999", "something new went wrong", None, "do the new thing")
    assert render_full(d, None, "nl") == "fout[RN999]: something new went wrong\n   = tip: do the new thing"


def test_templates_translate_and_name_only_their_own_parts() -> None:
    pairs = [p for part in (nl_compiler.MESSAGES, nl_decisions.MESSAGES, nl_evidence.MESSAGES, nl_distributed.MESSAGES)
             for ps in part.values() for p in ps]
    pairs += [*nl_words.COMMON, *nl_reasons.TEXTS, *nl_cli.TEXTS]
    same = [en for en, nl in pairs if en == nl and not re.fullmatch(r"[^a-z]*|parameter \{n\}: \{label\}", en)]
    assert not same, f"texts left in English: {same}"
    assert translate("`{x}` is {y}", "nl") == "`{x}` is {y}"  # no template for the pattern itself: unchanged


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "nl_NL.UTF-8"}, "nl"), ({"LANG": "nl_BE"}, "nl"), ({"LC_MESSAGES": "nl_NL", "LANG": "en_GB"}, "nl"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL"}, "en"), ({"LC_ALL": "", "LANG": "nl"}, "nl"), ({}, "en"), ({"LANG": "C"}, "en"),
])
def test_the_language_comes_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


def test_every_help_text_has_dutch_text() -> None:
    english, dutch = build_parser("en"), build_parser("nl")

    def helps(parser: object) -> list[str]:
        out = []
        for action in parser._actions:  # type: ignore[attr-defined]
            if action.help:
                out.append(action.help)
            for choice in getattr(action, "choices", None) or {}:
                sub = action.choices[choice] if isinstance(action.choices, dict) else None
                if sub is not None:
                    out += helps(sub)
            for choice_action in getattr(action, "_choices_actions", ()):
                out.append(choice_action.help)
        return out

    pairs = list(zip(helps(english), helps(dutch), strict=True))
    assert pairs and not [en for en, nl in pairs if en == nl]
    assert "gebruik: " in dutch.format_usage() and "argumenten" in dutch.format_help()


def test_check_speaks_dutch_under_lang_nl_before_or_after_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--lang", "nl", "check", "tests/golden/errors/unknown_rule.norm"],
                 ["check", "tests/golden/errors/unknown_rule.norm", "--lang=nl"]):
        assert main(argv) == 1
        err = capsys.readouterr().out  # check writes its report to standard output
        assert "fout[RN201]: onbekende regel `puntentelingg`" in err
        assert "= tip: bedoelt u `puntentelling`?" in err
        assert "1 bestand(en) gecontroleerd: 1 fout(en), 0 waarschuwing(en)" in err


def test_a_dutch_locale_gives_dutch_and_lang_en_overrides_it(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    main(["check", "tests/golden/errors/unknown_rule.norm"])
    assert "onbekende regel" in capsys.readouterr().out
    main(["--lang", "en", "check", "tests/golden/errors/unknown_rule.norm"])
    assert "error[RN201]: unknown rule" in capsys.readouterr().out


def test_json_is_the_same_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for lang in ("en", "nl"):
        main(["check", "--lang", lang, "--format", "json", "tests/golden/errors/unknown_rule.norm"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])[0]["message"] == "unknown rule `puntentelingg`"


def test_argparse_errors_are_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "nl", "check", "--format", "bogus", "x.norm"])
    assert "fout: argument --format: ongeldige keuze: 'bogus' (kies uit" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "nl", "check"])
    assert "de volgende argumenten ontbreken: FILE" in capsys.readouterr().err


def test_explain_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--lang", "nl", "risicojongeren", "totaal", "opzet.3", "--depth", "1"]) == 0
    captured = capsys.readouterr()
    assert "de enige entiteit met `totaal` in de naam" in captured.err
    lines = captured.out.splitlines()
    assert lines[0].startswith("stadsdelen_opzet opzet.3: +/- volgens `puntentelling` — afgedrukt +/- in Tabel 5.4, regel 2626")
    assert lines[0].count("komt overeen") == 1
    assert '  regel `puntentelling` "Puntentelling totaalkolom" (som van punten; vermeld in de bron)' in lines
    assert "  1+1+1+1+1+1+1+2 = 9 punten; klasse 6..10 -> +/-" in lines
    assert any("dieper dan niveau 1: niet getoond" in line for line in lines)
    assert main(["explain", "--lang", "nl", "risicojongeren", "dmo_kaders", "opzet.3.a"]) == 0
    finding = capsys.readouterr().out.splitlines()[1]
    assert finding.startswith("  bevinding: +: DMO heeft") and finding.endswith("voetnoot 86, regel 2329; Bijlage 3, regel 8269]")


def test_the_evaluate_report_in_dutch(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's own words in Dutch; the tables' verdicts, ids and titles as in English. With
    only `--lang nl`, regienorm does its main job (the casebook) in Dutch."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the runs compared state the same time
    outputs = {}
    for lang in ("en", "nl"):
        assert main(["evaluate", "--lang", lang]) == 0
        outputs[lang] = capsys.readouterr().out
    assert main(["--lang", "nl"]) == 0 and capsys.readouterr().out == outputs["nl"]
    nl = outputs["nl"]
    for english in ("Reconciliation:", "Legend:", "Completeness:", "Records used", "evidence:", "printed", "computed"):
        assert english not in nl
    for dutch in ("Aansluiting: 235 afgedrukt: 162 als bevinding gegeven; 73 berekend:", "Legenda: · niet beoordeeld",
                  "Volledigheid: 162 van 197 verwachte bevindingen; 35 ontbreken:",
                  "- noord opzet: afgedrukt + in Bijlage 3, regel 8308; berekend +/-", "dossier: frameworks/"):
        assert dutch in nl
    def cells(text: str) -> list[list[str]]:  # the verdicts on each row of a table (a norm's number, or the total)
        rows = [line.split(" ", 1)[1] for line in text.splitlines() if re.match(r"(\d+|total|totaal) ", line)]
        return [re.findall(r"\+/-\*?|(?<![\w/])[+-](?![\w/])\*?|·", row) for row in rows]

    assert cells(outputs["en"]) == cells(nl) and sum(map(len, cells(nl))) > 200
