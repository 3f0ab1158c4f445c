"""A framework or evidence file can only describe: no construct runs code, reads a file other than
an include, or touches the network. Proved with a Python audit hook (PEP 578), which sees every
file opened, socket made, process started and code compiled, however it is done."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from regienorm import compile_file, evaluate, explain, load_evidence
from regienorm.language.parser import get_parser
from regienorm.render import json as render_json
from regienorm.render import text as render_text

#: Events a compile + evaluate + render may raise: opening its own files, and id() of records.
ALLOWED = {"open", "builtins.id"}


class Watch:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.other: list[tuple[str, str]] = []

    def __iter__(self) -> Iterator[str]:
        return iter(self.opened)

    def __contains__(self, path: object) -> bool:
        return path in self.opened


_current: list[Watch] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _current:
        return
    try:
        if event == "open":
            if not isinstance(args[0], int):  # open(fd): a file already opened by path, seen then
                _current[-1].opened.append(str(args[0]))
        elif event not in ALLOWED:
            _current[-1].other.append((event, repr(args)[:200]))
    except Exception:  # an audit hook must never raise  # noqa: BLE001
        pass


sys.addaudithook(_hook)  # once per process; it does nothing outside `watching()`


@contextmanager
def watching() -> Iterator[Watch]:
    """Record what happens inside the block: the files opened and every other audited event."""
    get_parser()  # the parser tables are read once per process, not by a framework
    watch = Watch()
    _current.append(watch)
    try:
        yield watch
    finally:
        _current.pop()


HOSTILE_FRAMEWORK = '''framework f "/etc/passwd" version "$(rm -rf ~)"
  source "http://example.invalid/x?$(id)" table "file:///etc/shadow" footnote "`ls`" page 1 line 2
include "shared/scale.norm"
role r "{{7*7}} ${jndi:ldap://example.invalid/a} %s%s%n"
measure m "__import__('os').system('id')" unit "/etc/hosts" range 0..100
rule regel "open('/etc/passwd').read()" reconstructed "eval(input())" source "/dev/tcp/example.invalid/80"
  = table on values { when mean(value) > 50 -> "+"; otherwise -> "-" }
normenkader k "\\\\server\\share\\file" source "smb://example.invalid/share" {
  total by worst
  norm 1 "<script>alert(1)</script>" { verdict from measure m by regel }
  norm 2 "../../etc/passwd" { verdict from findings }
}
'''

HOSTILE_EVIDENCE = '''format: regienorm-evidence/1
assessment: {framework: f, version: "$(rm -rf ~)", subject: "/etc/passwd", assessor: "http://example.invalid/"}
entities: [{id: e, role: r, name: "file:///etc/shadow"}]
findings:
  - entity: e
    target: k.2
    verdict: "+"
    note: "!!python/object/apply:os.system ['id']"
    sources: [{document: /etc/passwd, quote: "http://example.invalid/x", page: "../../../../etc/hosts"}]
measures:
  - {entity: e, measure: m, value: 60, item: "/dev/urandom", source: {document: "/proc/self/environ"}}
recorded:
  - {entity: e, target: k, verdict: "+", source: {document: "\\\\\\\\server\\\\share", table: "~/.ssh/id_rsa"}}
'''


def _files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "scale.norm").write_text('scale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }\n'
                                                    'rule worst = worst\n')
    framework = tmp_path / "f.norm"
    framework.write_text(HOSTILE_FRAMEWORK.replace("total by worst", "total by worst"))
    evidence = tmp_path / "e.yaml"
    evidence.write_text(HOSTILE_EVIDENCE)
    return framework, evidence


def _everything(framework_path: Path, evidence_path: Path) -> None:
    framework = compile_file(framework_path)
    evidence = load_evidence(evidence_path, framework)
    assessment = evaluate(framework, evidence)
    render_text.render([(str(evidence_path), assessment)])
    render_json.render([(str(evidence_path), assessment)])
    explain(assessment, "e", "k")


def test_compile_and_evaluate_open_only_the_framework_its_include_and_the_evidence(tmp_path: Path) -> None:
    framework, evidence = _files(tmp_path)
    _everything(framework, evidence)  # warm up: lazy imports, caches
    with watching() as seen:
        _everything(framework, evidence)
    assert sorted(Path(p).resolve() for p in seen.opened) == sorted(
        [framework.resolve(), (tmp_path / "shared" / "scale.norm").resolve(), evidence.resolve()])
    assert seen.other == []  # no socket, no process, no exec/compile, no import, no file changed


def test_the_watch_sees_what_it_is_meant_to_see(tmp_path: Path) -> None:
    # the proof is only as good as the hook: check it notices a read, a socket and code being run
    import socket

    with watching() as seen:
        (tmp_path / "x").write_text("x")
        try:
            socket.socket().close()
        except OSError:
            pass
        exec(compile("1", "<x>", "eval"))  # noqa: S102
    assert any(p.endswith("x") for p in seen.opened)
    events = {e for e, _ in seen.other}
    assert "socket.__new__" in events and "compile" in events and "exec" in events
