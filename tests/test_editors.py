"""The VS Code extension folder: what its package.json names exists, it starts `regienorm lsp`,
and its grammar is the generated one."""

from __future__ import annotations

import json

from .conftest import ROOT

FOLDER = ROOT / "editors" / "vscode"


def test_package_json_names_files_that_exist() -> None:
    manifest = json.loads((FOLDER / "package.json").read_text(encoding="utf-8"))
    named = [manifest["main"], *(g["path"] for g in manifest["contributes"]["grammars"]),
             *(lang["configuration"] for lang in manifest["contributes"]["languages"])]
    for path in named:
        assert (FOLDER / path).is_file(), path
    assert manifest["contributes"]["grammars"][0]["scopeName"] == json.loads(
        (FOLDER / manifest["contributes"]["grammars"][0]["path"]).read_text(encoding="utf-8"))["scopeName"]
    assert manifest["contributes"]["languages"][0]["extensions"] == [".norm"]
    assert "vscode-languageclient" in manifest["dependencies"]


def test_the_extension_starts_the_language_server_by_default() -> None:
    manifest = json.loads((FOLDER / "package.json").read_text(encoding="utf-8"))
    assert manifest["contributes"]["configuration"]["properties"]["regienorm.command"]["default"] == ["regienorm", "lsp"]
    script = (FOLDER / "extension.js").read_text(encoding="utf-8")
    assert 'config.get("command", ["regienorm", "lsp"])' in script and "TransportKind.stdio" in script
