"""The protocol handlers of ``regienorm lsp`` (pygls): each asks the workspace's analyses and
answers in the protocol's types. Diagnostics are published after each change, once the typing
has paused for :data:`DEBOUNCE` seconds, for every file of every open document's include graph."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..errors import FrameworkError
from ..language import keywords
from ..language.format import format_source
from ..source import Source
from .analysis import Analysis, Workspace, language
from .completion import complete
from .hover import hover_text
from .index import Occurrence, Symbol
from .positions import Text
from .protocol import COMPLETION_KINDS, to_diagnostic, to_document_symbol, to_location, to_range, uri

#: Seconds without a change before a document is compiled again (``initializationOptions.debounce``).
DEBOUNCE = 0.3

_NAME = re.compile(r"[^\W\d]\w*")
_ID = re.compile(r"[^\W\d]\w*|\d+")  # a norm's or toetsaspect's id may be a number


class RegienormServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("regienorm", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.documents = Workspace()
        self.debounce = DEBOUNCE
        self.pending: dict[Path, asyncio.TimerHandle] = {}
        #: What was last published, per document URI.
        self.published: dict[str, list[lsp.Diagnostic]] = {}

    # -- helpers
    def text(self, path: str | Path) -> Text:
        """A file's text as the analyses saw it (the buffer when open), in the client's position encoding."""
        encoding = str(self.workspace.position_encoding or "utf-16")
        resolved = Path(path).resolve()
        if resolved in self.documents.buffers:
            return Text(self.documents.buffers[resolved], encoding)
        for analysis in self.documents.analyses.values():
            if str(resolved) in analysis.texts:
                return Text(analysis.texts[str(resolved)], encoding)
        try:
            return Text(resolved.read_text(encoding="utf-8"), encoding)
        except (OSError, UnicodeDecodeError):
            return Text("", encoding)

    def refresh(self, path: Path) -> None:
        """Compile every open document whose include graph holds ``path``, then publish."""
        for main in self.documents.dependents(path):
            self.documents.analyse(main)
        self.publish()

    def publish(self) -> None:
        """Publish every file's diagnostics (the union over the analyses that hold it); a file whose
        diagnostics are gone gets an empty list, once."""
        merged: dict[str, list[lsp.Diagnostic]] = {}
        for analysis in self.documents.analyses.values():
            for file in analysis.files:
                merged.setdefault(uri(file), [])
            for file, found in analysis.diagnostics.items():
                text = self.text(file)
                bucket = merged.setdefault(uri(file), [])
                for diagnostic in found:
                    made = to_diagnostic(diagnostic, text)
                    if made not in bucket:
                        bucket.append(made)
        for gone in set(self.published) - set(merged):
            merged[gone] = []
        for target, diagnostics in merged.items():
            if self.published.get(target) != diagnostics:
                self.published[target] = diagnostics
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=target, diagnostics=diagnostics))
        self.published = {k: v for k, v in self.published.items() if v}

    def schedule(self, path: Path) -> None:
        """Compile after a pause in typing: a change within :attr:`debounce` seconds postpones it."""
        waiting = self.pending.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[path] = loop.call_later(self.debounce, self._due, path)

    def _due(self, path: Path) -> None:
        self.pending.pop(path, None)
        self.refresh(path)

    def found(self, document: str, position: lsp.Position) -> tuple[Analysis, Occurrence, Symbol] | None:
        """The symbol written at a place, from the first analysis that holds the file."""
        path = Path(to_fs_path(document) or document).resolve()
        text = self.text(path)
        line, column = position.line + 1, text.to_column(position.line, position.character)
        for analysis in self.documents.views(path):
            occurrence = analysis.index.at(str(path), line, column)
            if occurrence is not None and occurrence.key in analysis.index.symbols:
                return analysis, occurrence, analysis.index.symbols[occurrence.key]
        return None

    def occurrences(self, document: str, key: str, *, declaration: bool = True) -> list[Occurrence]:
        """Every place ``key`` is written, over every analysis that holds the document."""
        path = Path(to_fs_path(document) or document).resolve()
        seen: dict[tuple[str, int, int], Occurrence] = {}
        for analysis in self.documents.views(path):
            for occurrence in analysis.index.references(key, declaration=declaration):
                seen.setdefault((occurrence.span.path, occurrence.span.line, occurrence.span.column), occurrence)
        return [seen[k] for k in sorted(seen)]


server = RegienormServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: RegienormServer, params: lsp.InitializeParams) -> None:
    options: Any = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)) and options["debounce"] >= 0:
        ls.debounce = float(options["debounce"])


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RegienormServer, params: lsp.DidOpenTextDocumentParams) -> None:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri)
    ls.documents.open(path, params.text_document.text)
    ls.refresh(path)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: RegienormServer, params: lsp.DidChangeTextDocumentParams) -> None:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri)
    ls.documents.open(path, ls.workspace.get_text_document(params.text_document.uri).source)
    ls.schedule(path.resolve())


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: RegienormServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.refresh(Path(to_fs_path(params.text_document.uri) or params.text_document.uri))


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RegienormServer, params: lsp.DidCloseTextDocumentParams) -> None:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri)
    ls.documents.close(path)
    for main in list(ls.documents.analyses):  # those that included it read it from the disk now
        if path.resolve() in ls.documents.analyses[main].files:
            ls.documents.analyse(main)
    ls.publish()


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: RegienormServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = ls.found(params.text_document.uri, params.position)
    if found is None:
        return None
    _, occurrence, symbol = found
    header = ls.text(symbol.span.path).line(symbol.span.line - 1)
    uses = ls.occurrences(params.text_document.uri, symbol.key, declaration=False)  # also in the files including it
    value = hover_text(symbol, uses, header)
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, value), to_range(occurrence.span, ls.text(occurrence.span.path)))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: RegienormServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = ls.found(params.text_document.uri, params.position)
    if found is None:
        return None
    symbol = found[2]
    return to_location(symbol.span, ls.text(symbol.span.path))


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: RegienormServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    found = ls.found(params.text_document.uri, params.position)
    if found is None:
        return []
    places = ls.occurrences(params.text_document.uri, found[2].key, declaration=params.context.include_declaration)
    return [to_location(o.span, ls.text(o.span.path)) for o in places]


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: RegienormServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    found = ls.found(params.text_document.uri, params.position)
    if found is None:
        return None
    _, occurrence, symbol = found
    return lsp.PrepareRenamePlaceholder(to_range(occurrence.span, ls.text(occurrence.span.path)), symbol.name)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: RegienormServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = ls.found(params.text_document.uri, params.position)
    if found is None:
        return None
    symbol = found[2]
    new = params.new_name
    places = [o for o in ls.occurrences(params.text_document.uri, symbol.key) if o.text == symbol.name]
    if symbol.kind in ("value", "outcome"):
        if not new or '"' in new or "\\" in new or "\n" in new:
            raise JsonRpcInvalidParams(f"a verdict symbol or outcome category is a quoted text without `\"`, `\\` or a line end: {new!r}")
    else:
        pattern = _ID if symbol.kind in ("group", "norm", "aspect") else _NAME
        if not pattern.fullmatch(new):
            raise JsonRpcInvalidParams(f"`{new}` is not a name: a letter or `_`, then letters, digits or `_`")
        for file in {o.span.path for o in places}:
            table = keywords.TABLES.get(language(ls.text(file).text, file), keywords.ENGLISH)
            if new in {w for word in table.values() for w in word.split()}:
                raise JsonRpcInvalidParams(f"`{new}` is a keyword in `{Path(file).name}`; choose another name")
    changes: dict[str, list[lsp.TextEdit]] = {}
    for o in places:
        written = '"' + new + '"' if o.quoted else new
        changes.setdefault(uri(o.span.path), []).append(lsp.TextEdit(to_range(o.span, ls.text(o.span.path)), written))
    return lsp.WorkspaceEdit(changes=changes)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: RegienormServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri).resolve()
    text = ls.text(path)
    for analysis in ls.documents.views(path):
        outline = analysis.index.outlines.get(str(path))
        if outline is not None:
            return [to_document_symbol(node, text) for node in outline]
    return []


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"', " "]))
def completion(ls: RegienormServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri).resolve()
    text = ls.text(path)
    before = text.line(params.position.line)[: text.to_column(params.position.line, params.position.character) - 1]
    analysis = next(iter(ls.documents.views(path)), None)
    items = complete(analysis.index if analysis else None, language(text.text, str(path)), before)
    return lsp.CompletionList(is_incomplete=False, items=[
        lsp.CompletionItem(label=i.label, kind=COMPLETION_KINDS[i.kind], detail=i.detail or i.kind,
                           insert_text=i.insert, sort_text=f"{n:05d}")
        for n, i in enumerate(items)])


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: RegienormServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    path = Path(to_fs_path(params.text_document.uri) or params.text_document.uri).resolve()
    text = ls.text(path)
    try:
        formatted = format_source(Source(str(path), text.text))
    except FrameworkError:
        return None  # it does not parse: its diagnostics say why
    if formatted == text.text:
        return []
    last = len(text.lines) - 1
    end = lsp.Position(last, text.to_position(last + 1, len(text.lines[last]) + 1)[1])
    return [lsp.TextEdit(lsp.Range(lsp.Position(0, 0), end), formatted)]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_actions(ls: RegienormServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    target = params.text_document.uri
    candidates = list(params.context.diagnostics)
    for published in ls.published.get(target, []):  # a client may send the diagnostics without their data
        if published.data and _overlaps(published.range, params.range) and published not in candidates:
            candidates.append(published)
    actions: list[lsp.CodeAction] = []
    seen: set[tuple[int, int, str]] = set()
    for diagnostic in candidates:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else None
        new = data.get("replacement") if data else None
        if not isinstance(new, str) or diagnostic.source != "regienorm":
            continue
        key = (diagnostic.range.start.line, diagnostic.range.start.character, new)
        if key in seen:
            continue
        seen.add(key)
        actions.append(lsp.CodeAction(
            title=f"Replace with {new}" if new.startswith('"') else f"Replace with `{new}`",
            kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True,
            edit=lsp.WorkspaceEdit(changes={target: [lsp.TextEdit(diagnostic.range, new)]})))
    return actions


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    start = lambda r: (r.start.line, r.start.character)  # noqa: E731
    end = lambda r: (r.end.line, r.end.character)  # noqa: E731
    return start(a) <= end(b) and start(b) <= end(a)


def serve() -> int:
    """Run the server over standard input and output until the client says exit."""
    server.start_io()
    return 0
