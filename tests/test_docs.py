"""The docs stay true: tutorial files check and evaluate, snippets are excerpts of real files, the
commands shown give the output and exit code shown, docs/json.md lists exactly the keys the
renderer emits, and the examples in docs/api.md run.

Conventions the docs follow (see docs/README.md):

* A fenced block directly below ``<!-- file: PATH -->`` is an excerpt of PATH: its lines appear in
  the file as one run of consecutive lines. A line that is only ``…`` (or ``# …``) stands for lines
  left out. Every ``norm`` and ``yaml`` block in a tutorial carries such a marker.
* In a ``console`` block, ``$ regienorm …`` is a command and the lines below it are its output
  (standard output, then standard error). A line ``…`` stands for any number of lines. A following
  ``$ echo $?`` shows the exit code; without it the exit code must be 0.
* In docs/json.md, a table right below ``<!-- keys: NAME -->`` lists key paths and types;
  ``<!-- kinds -->`` lists the reason kinds with their keys; a block below
  ``<!-- judgement: ENTITY TARGET -->`` is that judgement of the tutorial, and one below
  ``<!-- command: regienorm … -->`` is what the command prints.
* In docs/api.md every ``python`` block runs on its own from the repository root; a block below
  ``<!-- output -->`` that follows it is what it prints.

After an intended change of an output, ``REGIENORM_UPDATE_GOLDEN=1`` rewrites the outputs of the
``console`` blocks of every page (not those with a ``…`` line); review the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regienorm import check_file, evaluate, load_evidence
from regienorm.cli import main

from .conftest import ROOT, UPDATE

DOCS = ROOT / "docs"
TUTORIAL_FILES = ROOT / "frameworks" / "examples" / "tutorial"
TUTORIALS = [DOCS / "tutorial.en.md", DOCS / "tutorial.nl.md"]
BROKEN_MARK = "-met-fout"  # files with one deliberate mistake, shown by `regienorm check`


# ============================================================================ reading markdown
class Block:
    def __init__(self, doc: Path, line: int, lang: str, lines: list[str], marker: str | None) -> None:
        self.doc, self.line, self.lang, self.lines, self.marker = doc, line, lang, lines, marker

    def __repr__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """Every fenced block of a markdown file, with the ``<!-- … -->`` marker on the line above it."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    n = 0
    while n < len(lines):
        match = re.match(r"^```(\S*)\s*$", lines[n])
        if not match:
            n += 1
            continue
        start = n
        n += 1
        body: list[str] = []
        while n < len(lines) and lines[n] != "```":
            body.append(lines[n])
            n += 1
        above = lines[start - 1].strip() if start > 0 else ""
        marker = above[4:-3].strip() if above.startswith("<!--") and above.endswith("-->") else None
        out.append(Block(doc, start + 1, match.group(1), body, marker))
        n += 1
    return out


def _is_gap(line: str) -> bool:
    return line.strip() in ("…", "# …")


def matches_with_gaps(pattern: list[str], actual: str) -> bool:
    """Lines of ``pattern`` against ``actual`` (trailing spaces ignored); a ``…`` line matches any lines."""
    text = "".join(line.rstrip() + "\n" for line in actual.rstrip("\n").split("\n")) if actual.strip() else ""
    regex = "".join(r"(?:[^\n]*\n)*?" if _is_gap(p) else re.escape(p.rstrip()) + r"\n" for p in pattern)
    return re.fullmatch(regex, text) is not None


def is_excerpt(snippet: list[str], text: str) -> bool:
    """Every run of snippet lines between ``…`` lines appears, in order, as consecutive lines of text."""
    lines = [line.rstrip() for line in text.splitlines()]
    runs: list[list[str]] = [[]]
    for line in snippet:
        if _is_gap(line):
            runs.append([])
        else:
            runs[-1].append(line.rstrip())
    at = 0
    for run in (r for r in runs if r):
        found = next((i for i in range(at, len(lines) - len(run) + 1) if lines[i:i + len(run)] == run), None)
        if found is None:
            return False
        at = found + len(run)
    return True


# ============================================================================ the tutorial files
def _main_frameworks() -> list[Path]:
    return sorted(p for p in TUTORIAL_FILES.rglob("*.norm")
                  if BROKEN_MARK not in p.name and re.search(r"(?m)^framework\s", p.read_text(encoding="utf-8")))


def _included(framework: Path) -> list[Path]:
    return [(framework.parent / name).resolve()
            for name in re.findall(r'(?m)^include\s+"([^"]+)"', framework.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("framework", _main_frameworks(), ids=lambda p: str(p.relative_to(TUTORIAL_FILES)))
def test_tutorial_framework_checks_without_diagnostics(framework: Path) -> None:
    result = check_file(framework.relative_to(ROOT))
    assert result.diagnostics == (), [str(d) for d in result.diagnostics]


def test_every_tutorial_norm_file_is_checked() -> None:
    """Each .norm file is a framework, included by one, or a deliberately broken copy."""
    covered = {p.resolve() for p in _main_frameworks()} | {i for p in _main_frameworks() for i in _included(p)}
    for path in TUTORIAL_FILES.rglob("*.norm"):
        assert path.resolve() in covered or BROKEN_MARK in path.name, path


@pytest.mark.parametrize("evidence", sorted(p for p in TUTORIAL_FILES.rglob("*.evidence.yaml") if BROKEN_MARK not in p.name),
                         ids=lambda p: str(p.relative_to(TUTORIAL_FILES)))
def test_tutorial_evidence_loads_and_every_record_is_used(evidence: Path) -> None:
    framework_path = evidence.with_name(evidence.name.replace(".evidence.yaml", ".norm"))
    framework = check_file(framework_path.relative_to(ROOT)).framework
    assert framework is not None
    assessment = evaluate(framework, load_evidence(evidence.relative_to(ROOT), framework))
    c = assessment.counts
    assert (c.findings_used, c.measures_used, c.recorded_used, c.overrides_used) == (c.findings, c.measures, c.recorded, c.overrides)


@pytest.mark.parametrize("broken", sorted(TUTORIAL_FILES.rglob(f"*{BROKEN_MARK}*")), ids=lambda p: p.name)
def test_broken_copies_differ_from_the_real_file_in_one_line(broken: Path) -> None:
    """The tutorial says each broken file is the real one with one mistake; keep that true."""
    real = broken.with_name(broken.name.replace(BROKEN_MARK, ""))

    def content(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]

    a, b = content(real), content(broken)
    assert len(a) == len(b)
    assert sum(1 for x, y in zip(a, b, strict=True) if x != y) == 1
    assert check_file(broken.relative_to(ROOT)).errors or broken.suffix != ".norm"


def test_part_two_keeps_normenkader_opzet_of_part_one() -> None:
    """Part 2 says normenkader `opzet` is unchanged; the two files must agree."""
    def opzet(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        match = re.search(r"(?ms)^normenkader opzet .*?^}", text)
        assert match, path
        return match.group(0)

    assert opzet(TUTORIAL_FILES / "schuldhulp.norm") == opzet(TUTORIAL_FILES / "uitgebreid" / "schuldhulp.norm")


# ============================================================================ snippets
def _snippets() -> Iterator[Block]:
    for doc in TUTORIALS:
        yield from (b for b in blocks(doc) if b.lang in ("norm", "yaml") or (b.marker or "").startswith("file:"))


@pytest.mark.parametrize("block", list(_snippets()), ids=repr)
def test_snippet_is_an_excerpt_of_its_file(block: Block) -> None:
    assert block.marker and block.marker.startswith("file:"), f"{block}: a {block.lang} block needs <!-- file: PATH --> above it"
    path = ROOT / block.marker[len("file:"):].strip()
    assert path.is_file(), f"{block}: {path} does not exist"
    assert is_excerpt(block.lines, path.read_text(encoding="utf-8")), f"{block}: not an excerpt of {path.relative_to(ROOT)}"


def test_both_tutorials_quote_the_same_files() -> None:
    quoted = [{b.marker for b in blocks(doc) if b.marker and b.marker.startswith("file:")} for doc in TUTORIALS]
    assert quoted[0] == quoted[1]


# ============================================================================ commands
def _sessions() -> Iterator[Block]:
    """Every console block of every page of the site (docs/, with its subfolders)."""
    for doc in sorted(DOCS.rglob("*.md")):
        yield from (b for b in blocks(doc) if b.lang == "console")


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue() + err.getvalue()


def _rewrite_console_outputs(doc: Path) -> None:
    """Replace the output under every command of the doc's console blocks by what it prints now."""
    lines = doc.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    n = 0
    while n < len(lines):
        out.append(lines[n])
        if lines[n] != "```console":
            n += 1
            continue
        end = lines.index("```", n + 1)
        body = lines[n + 1:end]
        if any(_is_gap(line) for line in body):
            out.extend(body)
        else:
            code = 0
            for line in (b for b in body if b.startswith("$ ")):
                out.append(line)
                argv = shlex.split(line[2:])
                if argv == ["echo", "$?"]:
                    out.append(str(code))
                    continue
                code, output = _run(argv[1:])
                out.extend(x.rstrip() for x in output.rstrip("\n").split("\n") if output.strip())
        out.append("```")
        n = end + 1
    doc.write_text("\n".join(out), encoding="utf-8")


@pytest.mark.skipif(not UPDATE, reason="rewrites the docs only with REGIENORM_UPDATE_GOLDEN=1")
@pytest.mark.parametrize("doc", sorted({b.doc for b in _sessions()}), ids=lambda p: str(p.relative_to(DOCS)))
def test_update_console_outputs(doc: Path) -> None:
    _rewrite_console_outputs(doc)


@pytest.mark.skipif(UPDATE, reason="the docs are being rewritten; run again without REGIENORM_UPDATE_GOLDEN")
@pytest.mark.parametrize("block", list(_sessions()), ids=repr)
def test_console_block_runs_as_shown(block: Block) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in block.lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{block}: output before the first command"
            steps[-1][1].append(line)
    assert steps, f"{block}: no command"
    last: int | None = None
    for n, (command, shown) in enumerate(steps):
        argv = shlex.split(command)
        if argv == ["echo", "$?"]:
            assert last is not None and shown == [str(last)], f"{block}: exit code {last}, shown {shown}"
            continue
        assert argv[0] == "regienorm", f"{block}: only regienorm commands can be checked: {command}"
        last, output = _run(argv[1:])
        follows_echo = n + 1 < len(steps) and steps[n + 1][0] == "echo $?"
        assert follows_echo or last == 0, f"{block}: `{command}` exited {last}; show it with `$ echo $?`"
        assert matches_with_gaps(shown, output), f"{block}: `{command}` printed:\n{output}"


# ============================================================================ docs/json.md
def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


SHARED = {"span": "span", "at": "span", "source": "source", "sources[]": "source"}


def _walk(value: Any, path: str, table: str, seen: dict[str, dict[str, set[str]]]) -> None:
    """Record the type of every key path; spans and sources go to their own tables."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            seen[table][child].add(_json_type(item))
            if key in SHARED and isinstance(item, dict):
                _walk(item, "", SHARED[key], seen)
            elif key + "[]" in SHARED and isinstance(item, list):
                for element in item:
                    _walk(element, "", SHARED[key + "[]"], seen)
            else:
                _walk(item, child, table, seen)
    elif isinstance(value, list):
        for element in value:
            if isinstance(element, (dict, list)):
                _walk(element, path + "[]", table, seen)


def _documented_tables(doc: Path) -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    """``<!-- keys: NAME -->`` tables (path -> types) and the ``<!-- kinds -->`` table (kind -> keys)."""
    keys: dict[str, dict[str, set[str]]] = defaultdict(dict)
    kinds: dict[str, set[str]] = {}
    marker: str | None = None
    for line in doc.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"<!--\s*(keys:\s*\w+|kinds)\s*-->", line.strip())
        if found:
            marker = found.group(1).replace(" ", "")
            continue
        if marker is None:
            continue
        if not line.startswith("|"):
            if line.strip():
                marker = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = re.fullmatch(r"`([^`]+)`", cells[0])
        if not first:
            continue  # the header and the separator
        if marker == "kinds":
            kinds[first.group(1)] = set(re.findall(r"`([^`]+)`", cells[1]))
        else:
            keys[marker.split(":")[1]][first.group(1)] = {t.strip() for t in cells[1].split(" or ")}
    return keys, kinds


def _observed_assessments() -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    runs = [
        ["evaluate", "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml", "--format", "json"],
        ["evaluate", "frameworks/examples/tutorial/schuldhulp.norm", "frameworks/examples/tutorial/schuldhulp.evidence.yaml", "--format", "json"],
        ["evaluate", "frameworks/examples/tutorial/uitgebreid/schuldhulp.norm",
         "frameworks/examples/tutorial/uitgebreid/schuldhulp.evidence.yaml", "--format", "json"],
        ["evaluate", "--format", "json"],  # the casebook
        ["evaluate", "frameworks/cookbook/xccdf-scoring/xccdf.norm", "frameworks/cookbook/xccdf-scoring/hosts.evidence.yaml",
         "--format", "json"],  # a tree: groups, scores, outcome categories
        ["evaluate", "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.waivers.yaml",
         "--format", "json"],  # waivers of every scope, with dates
        ["evaluate", "frameworks/rekenkamer-amsterdam-2013/procesregie.norm",  # a profile of it
         "frameworks/rekenkamer-amsterdam-2013/evidence/risicojongeren.yaml", "--format", "json"],
        # decision tables: a list of numbers, a list of records, a record
        ["evaluate", "frameworks/cookbook/dmn/collect/salary.norm", "frameworks/cookbook/dmn/collect/tck.evidence.yaml",
         "--format", "json"],
        ["evaluate", "frameworks/cookbook/dmn/rule-order/approval.norm",
         "frameworks/cookbook/dmn/rule-order/tck.evidence.yaml", "--format", "json"],
        ["evaluate", "frameworks/cookbook/dmn/first/approval.norm", "frameworks/cookbook/dmn/first/tck.evidence.yaml",
         "--format", "json"],
        # points that are not whole: `points_exact`
        ["evaluate", "tests/golden/scales/fractional.norm", "tests/golden/scales/fractional.evidence.yaml", "--format", "json"],
        # rules' policies per outcome category: the policy reasons' category
        ["evaluate", "tests/golden/categories/strict.norm", "tests/golden/categories/hosts.evidence.yaml", "--format", "json"],
        # published lists that differ from the computed ones: recorded[].differences
        ["evaluate", "frameworks/cookbook/dmn/rule-order/approval.norm",
         "tests/golden/published/rule-order-differs.evidence.yaml", "--format", "json"],
    ]
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    kinds: dict[str, set[str]] = defaultdict(set)
    for argv in runs:
        code, output = _run(argv)
        assert code == 0, output
        document = json.loads(output)
        _walk(document, "", "evaluate", seen)
        for judgement in document["judgements"]:
            for reason in judgement["reasons"]:
                kinds[reason["kind"]].update(set(reason) - {"kind", "text"})
    _, output = _run(["check", "frameworks/examples/tutorial/schuldhulp-met-fout.norm", "--format", "json"])
    _walk(json.loads(output), "", "check", seen)
    return seen, kinds


@pytest.fixture(scope="module")
def observed() -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return _observed_assessments()


@pytest.mark.parametrize("table", ["evaluate", "check", "span", "source"])
def test_json_md_lists_exactly_the_keys_emitted(table: str, observed: Any) -> None:
    seen, _ = observed
    documented, _ = _documented_tables(DOCS / "json.md")
    emitted = {path.lstrip("[]").lstrip("."): types for path, types in seen[table].items()}
    assert set(documented[table]) == set(emitted), (
        f"undocumented: {sorted(set(emitted) - set(documented[table]))}; "
        f"documented but never emitted: {sorted(set(documented[table]) - set(emitted))}")
    for path, types in emitted.items():
        allowed = documented[table][path] | ({"integer"} if "number" in documented[table][path] else set())
        assert types <= allowed, f"`{path}` is documented as {documented[table][path]} but was {types}"


def test_json_md_lists_every_reason_kind_with_its_keys(observed: Any) -> None:
    _, kinds = observed
    _, documented = _documented_tables(DOCS / "json.md")
    assert set(documented) == set(kinds)
    for kind, keys in kinds.items():
        assert documented[kind] == keys, f"reason kind `{kind}`: documented {sorted(documented[kind])}, emitted {sorted(keys)}"


def test_json_md_excerpt_is_a_real_judgement() -> None:
    excerpt = next(b for b in blocks(DOCS / "json.md") if b.marker and b.marker.startswith("judgement:"))
    entity, target = excerpt.marker.split(":", 1)[1].split()
    code, output = _run(["evaluate", "frameworks/examples/tutorial/schuldhulp.norm",
                         "frameworks/examples/tutorial/schuldhulp.evidence.yaml", "--format", "json"])
    assert code == 0
    real = next(j for j in json.loads(output)["judgements"] if j["entity"] == entity and j["target"] == target)
    assert json.loads("\n".join(excerpt.lines)) == real


def test_json_md_command_examples_print_what_is_shown() -> None:
    examples = [b for b in blocks(DOCS / "json.md") if b.marker and b.marker.startswith("command:")]
    assert examples
    for block in examples:
        argv = shlex.split(block.marker[len("command:"):])
        assert argv[0] == "regienorm"
        _, output = _run(argv[1:])
        assert json.loads(output) == json.loads("\n".join(block.lines)), f"{block}: printed\n{output}"


# ============================================================================ docs/api.md
def _api_examples() -> list[tuple[Block, Block | None]]:
    found = blocks(DOCS / "api.md")
    out: list[tuple[Block, Block | None]] = []
    for n, block in enumerate(found):
        if block.lang != "python":
            continue
        following = found[n + 1] if n + 1 < len(found) else None
        out.append((block, following if following is not None and following.marker == "output" else None))
    return out


@pytest.mark.parametrize(("code", "expected"), _api_examples(), ids=lambda b: repr(b) if b else "")
def test_api_example_runs(code: Block, expected: Block | None) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("\n".join(code.lines), str(code), "exec"), {"__name__": "__docs__"})  # noqa: S102
    if expected is not None:
        assert matches_with_gaps(expected.lines, out.getvalue()), f"{code} printed:\n{out.getvalue()}"


# ============================================================================ docs/README.md
def test_docs_index_lists_every_document() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w.-]+\.md)\)", index))
    for doc in DOCS.glob("*.md"):
        assert doc.name == "README.md" or doc.name in linked, f"docs/README.md does not list {doc.name}"
