"""The documentation site (``mkdocs.yml``, ``docs/``) builds without a warning, and what it shows
is kept true by the code:

* ``mkdocs build --strict`` passes (into a temporary folder; no network), and framework snippets
  come out coloured by regienorm's own Pygments lexer;
* every framework snippet of every page is either a complete framework (or library) that compiles,
  or marked ``<!-- file: PATH -->`` as an excerpt of a file that compiles; framework text is never
  in a fence without the lexer's alias;
* a part of a page between ``<!-- generated: COMMAND -->`` and ``<!-- end generated -->`` is what
  COMMAND gives now (``REGIENORM_UPDATE_GOLDEN=1`` rewrites it): the cookbook's results and the
  casebook's tables are never copied by hand;
* every file a page includes (``--8<-- "PATH"``, pymdownx.snippets) exists, and the cookbook's
  pages include every framework and evidence file of ``frameworks/cookbook/``;
* every page is in the navigation, and none says it is "in progress";
* the screenshot on Getting started is a real PNG;
* the version is written in one place, and CHANGELOG.md names it;
* every diagnostic code in the source has its section in docs/errors.md, and every section a code;
* each gap that docs/for-users-of.md lists names a probe that must still fail.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

import regienorm
from regienorm import check_file, check_text
from regienorm.language import keywords

from .conftest import ROOT, UPDATE
from .test_docs import DOCS, Block, _run, blocks, is_excerpt

PAGES = sorted(DOCS.rglob("*.md"))
FRAMEWORK_LANGS = ("norm", "regienorm", "normenkader")


def _page_id(path: Path) -> str:
    return str(path.relative_to(DOCS))


# ============================================================================ the build
def _mkdocs_config() -> dict[str, Any]:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use mkdocs' own tags (!ENV, !relative); none is needed to read the nav
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict`` (a warning is an error)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return out


def test_site_builds_with_every_page_and_a_search_index(site: Path) -> None:
    for page in PAGES:
        name = "index.html" if page.name == "README.md" else page.with_suffix(".html").name
        assert (site / page.parent.relative_to(DOCS) / name).is_file(), f"{_page_id(page)} was not built"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("puntentelling" in doc["text"] for doc in index["docs"])


def test_framework_snippets_are_coloured_by_the_regienorm_lexer(site: Path) -> None:
    """Only regienorm's lexer marks `framework` and `normenkader` as declarations (Pygments `kd`)
    and the declared id as an entity (`ni`); Dutch keywords likewise."""
    english = (site / "tutorial.en.html").read_text(encoding="utf-8")
    assert 'class="language-norm highlight"' in english
    assert re.search(r'<span class="kd">framework</span><span class="w"> </span><span class="ni">schuldhulp</span>', english)
    assert re.search(r'<span class="kd">normenkader</span><span class="w"> </span><span class="ni">opzet</span>', english)
    assert '<span class="c1"># Tutorial' not in english  # comment lines of the files are not in the excerpts
    cookbook = (site / "cookbook" / "cvss.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="kd">decision</span><span class="w"> </span><span class="ni">\w+</span>', cookbook)


def test_excerpts_are_titled_with_their_file(site: Path) -> None:
    """The build shows the file a snippet comes from above it (tools/docsite/hooks.py)."""
    html = (site / "tutorial.en.html").read_text(encoding="utf-8")
    assert '<span class="filename">frameworks/examples/tutorial/schuldhulp.norm (excerpt)</span>' in html
    cvss = (site / "cookbook" / "cvss.html").read_text(encoding="utf-8")
    assert '<span class="filename">frameworks/cookbook/cvss-3.1/cvss31.norm</span>' in cvss


def test_the_norm_fence_names_the_regienorm_lexer() -> None:
    from pygments.lexers import get_lexer_by_name

    from regienorm.highlight.pygments_lexer import RegienormLexer

    for alias in FRAMEWORK_LANGS:
        assert isinstance(get_lexer_by_name(alias), RegienormLexer)


# ============================================================================ framework snippets
_DECLARATIONS = ("FRAMEWORK", "SCALE", "ROLE", "MEASURE", "RULE", "NORMENKADER", "DECISION", "INPUT", "PROFILE", "INCLUDE",
                 "OUTCOME", "LANGUAGE")
_STARTS = {table[t] for table in keywords.TABLES.values() for t in _DECLARATIONS if t in table}


def _all_blocks() -> list[Block]:
    return [b for page in PAGES for b in blocks(page)]


def _first_code_line(block: Block) -> str:
    return next((line.strip() for line in block.lines if line.strip() and not line.lstrip().startswith("#")), "")


_WORDS = {word for table in keywords.TABLES.values() for word in table.values()}


def _looks_like_framework_text(line: str) -> bool:
    """A declaration: `rule aandeel "…"`, `scale oordeel {`, `rule x = …`, `include "…"`, `regel x vermeld`."""
    words = line.split()
    if len(words) < 2 or words[0] not in _STARTS:
        return False
    if words[1].startswith('"'):
        return True
    return bool(re.fullmatch(r"\w+", words[1])) and len(words) > 2 and (words[2][0] in '"{=' or words[2] in _WORDS)


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_framework_text_is_fenced_as_norm(page: Path) -> None:
    for block in blocks(page):
        if block.lang in ("", "text") and _looks_like_framework_text(_first_code_line(block)):
            pytest.fail(f"{block}: framework text in a ``` fence without a language: write ```norm")


def _include(block: Block) -> str | None:
    """The file a block includes whole (``--8<-- "PATH"``), if that is all it holds."""
    lines = [line for line in block.lines if line.strip()]
    found = re.fullmatch(r'--8<--\s+"([^"]+)"', lines[0].strip()) if len(lines) == 1 else None
    return found.group(1) if found else None


@pytest.mark.parametrize("block", [b for b in _all_blocks() if b.lang in FRAMEWORK_LANGS], ids=repr)
def test_framework_snippet_compiles_or_is_an_excerpt_of_a_file_that_does(block: Block) -> None:
    marked = block.marker[len("file:"):].strip() if block.marker and block.marker.startswith("file:") else None
    if marked is None:
        result = check_text("\n".join(block.lines) + "\n", str(ROOT / "docs" / "snippet.norm"))
        assert not result.errors, f"{block}: does not compile and is not marked as an excerpt:\n" + "\n".join(map(str, result.errors))
        return
    path = ROOT / marked
    assert path.is_file(), f"{block}: {marked} does not exist"
    included = _include(block)
    if included is not None:
        assert included == marked, f"{block}: includes {included} under a marker for {marked}"
    else:
        assert is_excerpt(block.lines, path.read_text(encoding="utf-8")), f"{block}: not an excerpt of {marked}"
    if "-met-fout" not in path.name and "with-gap" not in path.name:  # the deliberately broken copies
        assert not check_file(path.relative_to(ROOT)).errors, f"{block}: {marked} does not compile"


def test_excerpts_do_not_end_inside_a_declaration() -> None:
    """A run of an excerpt ends where the file's declaration ends: the line after it in the file
    is not indented deeper than the run's first line (tutorial part 2 once ended mid-rule)."""
    for block in (b for b in _all_blocks() if b.lang in FRAMEWORK_LANGS and b.marker and b.marker.startswith("file:")):
        if _include(block) is not None:
            continue
        lines = [line.rstrip() for line in (ROOT / block.marker[5:].strip()).read_text(encoding="utf-8").splitlines()]
        runs: list[list[str]] = [[]]
        for line in block.lines:
            runs.append([]) if line.strip() in ("…", "# …") else runs[-1].append(line.rstrip())
        at = 0
        for run in (r for r in runs if r):
            start = next(i for i in range(at, len(lines) - len(run) + 1) if lines[i:i + len(run)] == run)
            at = start + len(run)
            following = next((line for line in lines[at:] if line.strip()), "")
            indent = len(run[0]) - len(run[0].lstrip())
            assert len(following) - len(following.lstrip()) <= indent or following.lstrip().startswith("#"), (
                f"{block}: the excerpt stops inside a declaration; the file goes on with {following.strip()!r}")


# ============================================================================ generated parts
_GENERATED = re.compile(r"(<!-- generated: (?P<command>[^\n]+?) -->\n)(?P<body>(?:(?!<!-- generated:).)*?)(<!-- end generated -->)", re.S)


#: The words of the generated tables, in English and in Dutch (the auditors' pages have both).
_WORDS = {
    "en": {"side": "| target | printed in the report | regienorm | by | |", "blank": "blank", "line": "line",
           "agrees": "agrees", "filled": "computed where the report is blank", "differs": "**differs**",
           "finding": "finding", "all": "all",
           "reconciliation": "| evidence | printed | given as findings | computed | agree | differ | by the stated rule: "
                             "agree / differ | by reconstructed rules: agree / differ | printed blanks (computed) |"},
    "nl": {"side": "| doel | afgedrukt in het rapport | regienorm | volgens | |", "blank": "leeg", "line": "regel",
           "agrees": "komt overeen", "filled": "berekend waar het rapport leeg is", "differs": "**wijkt af**",
           "finding": "bevinding", "all": "alle",
           "reconciliation": "| dossier | afgedrukt | als bevinding gegeven | berekend | komen overeen | wijken af | "
                             "met de genoemde regel: overeen / af | met gereconstrueerde regels: overeen / af | "
                             "lege cellen (berekend) |"},
}


def _printed(record: dict[str, Any], words: dict[str, str]) -> str:
    """A recorded verdict as the report prints it, and where: `-` (Tabel 5.4, line 2619)."""
    source = record.get("source") or {}
    where = ", ".join(part for part in (source.get("table"), f"{words['line']} {source['line']}" if "line" in source else None)
                      if part)
    symbol = words["blank"] if record["blank"] else f"`{record['printed']}`"
    return f"{symbol} ({where})" if where else symbol


def _side_by_side(evidence: str, entity: str, lang: str = "en") -> str:
    """The printed verdicts of one entity beside regienorm's, from a run of the casebook."""
    words = _WORDS[lang]
    code, output = _run(["evaluate", "frameworks/rekenkamer-amsterdam-2013/regie.norm", evidence, "--format", "json"])
    assert code == 0, output
    rows = [words["side"], "|---|---|:-:|---|---|"]
    for j in json.loads(output)["judgements"]:
        if j["entity"] != entity or not j.get("recorded"):
            continue
        printed = "; ".join(_printed(r, words) for r in j["recorded"])
        computed = f"`{j['verdict']}`" if j["verdict"] is not None else j["status"].replace("_", " ")
        mark = words["agrees"] if j["agrees"] else (words["filled"] if j.get("blank_filled") else words["differs"])
        rows.append(f"| `{j['target']}` | {printed} | {computed} | {j.get('rule') or words['finding']} | {mark} |")
    return "\n".join(rows)


def _reconciliation(lang: str = "en") -> str:
    words = _WORDS[lang]
    code, output = _run(["evaluate", "--format", "json"])
    assert code == 0, output
    rows = [words["reconciliation"], "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    totals: dict[str, int] = {}
    for e in json.loads(output)["evidence"]:
        r = e["reconciliation"]
        stated, recon = r["computed"]["by_provenance"]["stated"], r["computed"]["by_provenance"]["reconstructed"]
        cells = {"printed": r["printed"], "given": r["given"]["count"], "computed": r["computed"]["count"], "agree": r["computed"]["agree"],
                 "differ": r["computed"]["differ"], "sa": stated["agree"], "sd": stated["differ"], "ra": recon["agree"],
                 "rd": recon["differ"], "blanks": r["blanks"]["count"], "filled": r["blanks"]["filled"]}
        for key, value in cells.items():
            totals[key] = totals.get(key, 0) + value
        rows.append(_reconciliation_row(f"`{Path(e['path']).name}`", cells))
    rows.append(_reconciliation_row(words["all"], totals))
    return "\n".join(rows)


def _reconciliation_row(name: str, c: dict[str, int]) -> str:
    return (f"| {name} | {c['printed']} | {c['given']} | {c['computed']} | {c['agree']} | {c['differ']} | {c['sa']} / {c['sd']} | "
            f"{c['ra']} / {c['rd']} | {c['blanks']} ({c['filled']}) |")


def _command_output(argv: list[str]) -> str:
    """A command's markdown report as part of a page: without its provenance (hashes of the files,
    which say nothing about the result), headings two levels down."""
    code, output = _run(argv)
    assert code == 0, output
    lines: list[str] = []
    for line in output.rstrip("\n").split("\n"):
        if line.startswith(("## Provenance", "## Herkomst")):
            break
        lines.append("##" + line if line.startswith("#") else line)
    return "\n".join(lines).strip("\n")


def generate(command: str) -> str:
    argv = shlex.split(command)
    if argv[0] == "regienorm":
        return _command_output(argv[1:])
    if argv[0] == "side-by-side":
        return _side_by_side(*argv[1:])
    if argv[0] == "reconciliation" and len(argv) <= 2:
        return _reconciliation(*argv[1:])
    raise AssertionError(f"unknown generator {command!r}")


_GENERATED_PAGES = [p for p in PAGES if _GENERATED.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _GENERATED_PAGES, ids=_page_id)
def test_generated_parts_are_what_their_command_gives(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if UPDATE:
        page.write_text(_GENERATED.sub(lambda m: m.group(1) + generate(m.group("command")) + "\n" + m.group(4), text), encoding="utf-8")
        return
    for match in _GENERATED.finditer(text):
        assert match.group("body") == generate(match.group("command")) + "\n", (
            f"{_page_id(page)}: `{match.group('command')}` gives something else now; REGIENORM_UPDATE_GOLDEN=1 rewrites it")


def test_the_cookbook_and_casebook_pages_are_generated() -> None:
    assert {"casebook.md", "casebook.nl.md", "cookbook/cvss.md", "cookbook/dmn.md", "cookbook/percentage.nl.md"} <= {
        _page_id(p) for p in _GENERATED_PAGES}


# ============================================================================ included files
def _snippet_includes() -> set[str]:
    found: set[str] = set()
    for page in PAGES:
        found |= set(re.findall(r'^\s*--8<--\s+"([^"]+)"', page.read_text(encoding="utf-8"), re.M))
    return found


def test_included_files_exist() -> None:
    for name in _snippet_includes():
        assert (ROOT / name.split(":")[0]).is_file(), name


def test_the_cookbook_pages_include_every_cookbook_file() -> None:
    cookbook = ROOT / "frameworks" / "cookbook"
    wanted = {str(p.relative_to(ROOT)) for p in cookbook.rglob("*") if p.suffix in (".norm", ".yaml")}
    missing = wanted - _snippet_includes()
    assert not missing, f"no cookbook page includes {sorted(missing)}"


# ============================================================================ pages
def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


def test_every_page_is_in_the_navigation() -> None:
    listed = _nav_pages(_mkdocs_config()["nav"])
    assert sorted(listed) == sorted(set(listed)), "a page is listed twice"
    assert set(listed) == {_page_id(p) for p in PAGES}


@pytest.mark.parametrize("page", [*PAGES, ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_says_it_is_in_progress(page: Path) -> None:
    text = page.read_text(encoding="utf-8").lower()
    assert "in progress" not in text


def test_the_screenshot_is_a_real_png_of_a_sensible_size() -> None:
    png = DOCS / "img" / "casebook-report.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 1000 <= width <= 3000 and 600 <= height <= 3000, (width, height)
    assert 30_000 <= len(data) <= 3_000_000
    assert data[-8:-4] == b"IEND"
    assert "](img/casebook-report.png)" in (DOCS / "getting-started.md").read_text(encoding="utf-8")


# ============================================================================ version, changelog
def test_the_version_is_written_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    hatch = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["version"]
    assert hatch == {"path": "src/regienorm/__init__.py"}
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[ab]\d+|rc\d+)?", regienorm.__version__)


def test_the_changelog_names_the_version() -> None:
    """Keep a Changelog: an Unreleased section on top, then the releases, the newest being this one."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased"
    assert headings[1] == regienorm.__version__
    for heading in headings[1:]:
        assert re.search(rf"^## \[{re.escape(heading)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.M), heading
    assert "--8<-- \"CHANGELOG.md\"" in (DOCS / "changelog.md").read_text(encoding="utf-8")


# ============================================================================ error codes
def test_every_code_in_the_source_is_documented_and_every_documented_code_is_in_the_source() -> None:
    source = set()
    for path in (ROOT / "src" / "regienorm").rglob("*.py"):
        source |= set(re.findall(r"[\"'](RN\d{3})[\"']", path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^## (RN\d{3})\b", (DOCS / "errors.md").read_text(encoding="utf-8"), re.M))
    assert not source - documented, f"codes without a section in docs/errors.md: {sorted(source - documented)}"
    assert not documented - source, f"sections of docs/errors.md for codes the source never reports: {sorted(documented - source)}"


# ============================================================================ docs/for-users-of.md
_PROBE = re.compile(r"<!-- probe: (?P<text>.+?) => (?P<code>RN\d{3}): (?P<message>.+?) -->")


def _gaps() -> list[str]:
    """The items of the list of what regienorm does not have yet, each with its lines."""
    text = (DOCS / "for-users-of.md").read_text(encoding="utf-8")
    section = text[text.index("## What regienorm does not have yet"):]
    return re.split(r"(?m)^(?=\d+\. )", section)[1:]


def test_every_listed_gap_has_a_probe_or_says_why_not() -> None:
    gaps = _gaps()
    assert len(gaps) >= 5
    for gap in gaps:
        assert _PROBE.search(gap) or "<!-- no probe: " in gap, f"gap without a probe: {gap.splitlines()[0]}"


@pytest.mark.parametrize("probe", [m for gap in _gaps() for m in _PROBE.finditer(gap)], ids=lambda m: m.group("code"))
def test_a_listed_gap_is_still_a_gap(probe: re.Match[str]) -> None:
    """The probe's framework is refused as the page says; once regienorm can say it, update the page."""
    result = check_text(probe.group("text"))
    found = [(d.code, d.message) for d in result.errors]
    assert any(code == probe.group("code") and probe.group("message") in message for code, message in found), (
        f"the gap may be closed: {probe.group('text')!r} now gives {found or 'no error'}; update docs/for-users-of.md")


def test_closed_gaps_are_not_listed_again() -> None:
    """What the list once said was missing and regienorm now has: the page must not say it again."""
    text = (DOCS / "for-users-of.md").read_text(encoding="utf-8")
    for closed in ("Sources of measure values are not shown", "No provenance stamp", "No report formats", "No formatter",
                   "English keywords only", "Explanations are in English only", "| `opa fmt` | none |", "| `opa test --coverage` | none |",
                   "no hash of the framework or the evidence"):
        assert closed not in text, closed
    # the sources of measure values: `explain` shows them beside each value
    code, output = _run(["explain", "frameworks/examples/tutorial/uitgebreid/schuldhulp.evidence.yaml", "wijkteam_zuid", "uitvoering.1",
                         "--framework", "frameworks/examples/tutorial/uitgebreid/schuldhulp.norm"])
    assert code == 0 and "tevredenheid wijkteam_zuid S1: 64% (n=35) [Cliëntenenquête 2023, Tabel B1, p. 5]" in output
