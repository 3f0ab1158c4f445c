"""A real LSP client for the tests: `regienorm lsp` started in a subprocess and driven over
stdio with pygls's client (JSON-RPC framing and the protocol's types), on an event loop of its
own in a background thread so that the tests read as plain calls."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent

#: How long a test waits for the server to answer or publish before it fails (a bound on hanging,
#: not a speed requirement).
PATIENCE = 30.0


def uri(path: Path) -> str:
    return from_fs_path(str(path)) or ""


class Session:
    """One server process and the client talking to it."""

    def __init__(self, cwd: Path, *, encodings: Sequence[str] | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = LanguageClient("regienorm-tests", "1")
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}
        self.changed = threading.Condition()
        self.versions: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            with self.changed:
                self.diagnostics[params.uri] = list(params.diagnostics)
                self.versions[params.uri] = self.versions.get(params.uri, 0) + 1
                self.changed.notify_all()

        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.run(self.client.start_io(sys.executable, "-m", "regienorm", "lsp", cwd=str(cwd), env=env))
        general = lsp.GeneralClientCapabilities(position_encodings=list(encodings)) if encodings else None
        self.initialized = self.run(self.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(general=general), root_uri=uri(cwd),
            initialization_options={"debounce": 0.05})))
        self.notify(self.client.initialized, lsp.InitializedParams())
        self.opened: dict[str, int] = {}

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(PATIENCE)

    def notify(self, method: Callable[[Any], None], params: Any) -> None:
        done = threading.Event()

        def send() -> None:
            method(params)
            done.set()

        self.loop.call_soon_threadsafe(send)
        assert done.wait(PATIENCE)

    def open(self, path: Path, text: str | None = None) -> str:
        target = uri(path)
        self.opened[target] = 1
        self.notify(self.client.text_document_did_open, lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
            target, "regienorm", 1, path.read_text(encoding="utf-8") if text is None else text)))
        return target

    def change(self, target: str, text: str) -> None:
        self.opened[target] += 1
        self.notify(self.client.text_document_did_change, lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version=self.opened[target], uri=target),
            [lsp.TextDocumentContentChangeWholeDocument(text)]))

    def wait_for(self, target: str, holds: Callable[[list[lsp.Diagnostic]], bool]) -> list[lsp.Diagnostic]:
        """The diagnostics published for ``target`` once they satisfy ``holds``."""
        with self.changed:
            ok = self.changed.wait_for(lambda: target in self.diagnostics and holds(self.diagnostics[target]), PATIENCE)
            assert ok, f"no diagnostics for {target} as expected; last: {self.diagnostics.get(target)}"
            return self.diagnostics[target]

    def close(self) -> None:
        try:
            self.run(self.client.shutdown_async(None))
            self.notify(self.client.exit, None)
            self.run(self.client.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(PATIENCE)
