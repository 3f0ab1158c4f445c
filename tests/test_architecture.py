"""The shape of the package: stages import only what lies before them, and `import regienorm` is light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "regienorm"


def test_import_regienorm_does_not_import_lark() -> None:
    probe = "import regienorm, sys; print('lark' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout.split()
    assert out[0] == "False"


def _imports(path: Path) -> set[str]:
    """The regienorm modules a module imports (relative imports resolved), at any depth of the file."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if path.name == "__init__.py":
        module = package
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("regienorm"):
                if node.module:
                    out.add(target)
                out.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("regienorm"))
    return out


def _modules() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = _imports(path)
    for name, deps in graph.items():
        graph[name] = {d for d in deps if d in graph and d != name}
    return graph


def test_no_import_circle() -> None:
    """No module imports, directly or through others, a module that imports it (lazy imports inside
    functions count too: a circle that only closes at run time is still a circle)."""
    graph = _modules()
    # a package's __init__ re-exporting its own modules is not a circle with them
    edges = {m: {d for d in deps if not (m.startswith(d + ".") and graph.get(d) is not None)} for m, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(edges[m]):
            if state.get(d) == 1:
                raise AssertionError("import circle: " + " -> ".join(stack[stack.index(d):] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


#: What each stage may import from the others (besides the shared leaves at the top of the package).
_SHARED = {"regienorm.source", "regienorm.cachedir", "regienorm.files", "regienorm.diagnostics", "regienorm.errors", "regienorm.resources",
           "regienorm._escape", "regienorm._gc", "regienorm._decimal", "regienorm._confusables", "regienorm.ir", "regienorm.judgement",
           "regienorm.values", "regienorm.i18n"}
_MAY_IMPORT = {
    "regienorm.language": set(),
    # the type checks read the one table of aggregates (a leaf: it imports nothing of regienorm), and
    # the checks of decisions round and evaluate exactly as decisions mean it (semantics.decisions),
    # and prove decision tables by matching rows as tables mean it (semantics.tables, .outcomes), and
    # the bands of scores by reading each part as a score reads it (semantics.scores' Part, the
    # aggregate's argument evaluated by semantics.conditions)
    "regienorm.compiler": {"regienorm.language", "regienorm.semantics.aggregates", "regienorm.semantics.decisions",
                           "regienorm.semantics.rules", "regienorm.semantics.tables", "regienorm.semantics.outcomes",
                           "regienorm.semantics.scores", "regienorm.semantics.conditions"},
    "regienorm.evidence": set(),
    "regienorm.semantics": {"regienorm.evidence"},
    "regienorm.engine": {"regienorm.semantics", "regienorm.evidence"},
    # every output states where it comes from (provenance.Run: the files' sha256, the version, the time)
    "regienorm.render": {"regienorm.provenance"},
    # the tools for test suites: views of assessments, after the engine
    "regienorm.alternatives": {"regienorm.semantics", "regienorm.evidence"},
    "regienorm.provenance": {"regienorm.evidence"},
    "regienorm.coverage": {"regienorm.alternatives", "regienorm.evidence", "regienorm.semantics.decisions"},
    "regienorm.diff": {"regienorm.alternatives", "regienorm.semantics", "regienorm.evidence", "regienorm.provenance",
                       "regienorm.compiler.loader"},
    "regienorm.testing": {"regienorm.alternatives", "regienorm.coverage", "regienorm.engine", "regienorm.evidence",
                          "regienorm.compiler.driver", "regienorm.semantics"},
    "regienorm.strategies": {"regienorm.compiler.driver", "regienorm.engine", "regienorm.evidence", "regienorm.language"},
    # what would change a verdict reads judgements made once (their inputs through alternatives) and
    # decides each trial by the semantics; it evaluates nothing itself
    # (and tries measure values with the engine's compiled conditions, proven equal to the semantics)
    "regienorm.counterfactual": {"regienorm.alternatives", "regienorm.semantics", "regienorm.evidence", "regienorm.explain",
                                 "regienorm.engine.fast"},
    # fitting reads judgements made once (their inputs through alternatives), decides with the semantics,
    # the command line's outputs judged and written entity by entity: the engine's stream, the JSON views
    "regienorm.streamed": {"regienorm.engine", "regienorm.evidence", "regienorm.render"},
    # writes through the formatter (language.format) and compiles the text it writes (compiler.driver)
    # to prove it; it evaluates nothing itself
    "regienorm.fit": {"regienorm.alternatives", "regienorm.semantics", "regienorm.evidence", "regienorm.compiler.driver",
                      "regienorm.compiler.loader", "regienorm.language.format"},
    # the language server: compiles open documents (driver, loader, result) and indexes and formats
    # their parse trees (language); it judges nothing
    "regienorm.lsp": {"regienorm.compiler.driver", "regienorm.compiler.loader", "regienorm.compiler.result",
                      "regienorm.language"},
    # highlighting: the keyword tables, and the aggregates' names (a call's name is no keyword)
    "regienorm.highlight": {"regienorm.language", "regienorm.semantics.aggregates"},
}


def test_stages_import_only_what_comes_before_them() -> None:
    graph = _modules()
    for module, deps in graph.items():
        stage = next((s for s in _MAY_IMPORT if module == s or module.startswith(s + ".")), None)
        if stage is None:
            continue
        for dep in deps:
            if dep.startswith(stage) or any(dep == s or dep.startswith(s + ".") for s in _SHARED):
                continue
            allowed = _MAY_IMPORT[stage]
            assert any(dep == a or dep.startswith(a + ".") for a in allowed), f"{module} imports {dep}"


def test_the_pytest_plugin_module_imports_nothing_of_regienorm_at_its_top() -> None:
    """It is loaded by every pytest run in an environment with regienorm: regienorm comes on first use."""
    tree = ast.parse((ROOT / "src" / "_regienorm_pytestplugin.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(not (getattr(n, "module", None) or "").startswith("regienorm") for n in top)
    assert all(not a.name.startswith("regienorm") for n in top if isinstance(n, ast.Import) for a in n.names)


def test_the_formatter_is_part_of_the_language_stage_and_loaded_only_by_fmt() -> None:
    """It unparses the language's own tree: it needs no compiler, and the CLI loads it (and Lark)
    only for `regienorm fmt`."""
    graph = _modules()
    assert graph["regienorm.language.format"] <= {m for m in graph if m.startswith("regienorm.language.")} | _SHARED
    cli = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    top = {n.module for n in cli.body if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.endswith("format") for m in top)


def test_pygls_is_imported_only_by_the_language_server() -> None:
    """pygls is an extra: nothing but `regienorm lsp` may need it (the protocol module and the server;
    the command line asks for it inside the command, to say how to install it)."""
    allowed = {PACKAGE / "lsp" / "server.py", PACKAGE / "lsp" / "protocol.py", PACKAGE / "cli.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        if any(name.split(".")[0] in ("pygls", "lsprotocol") for name in names):
            assert path in allowed, path
    probe = "import regienorm.cli, sys; print('pygls' in sys.modules, 'lsprotocol' in sys.modules, 'pygments' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout.split()
    assert out == ["False", "False", "False"]
