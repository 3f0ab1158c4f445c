"""regienorm's data as the protocol's types (lsprotocol): diagnostics, ranges, outline nodes."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.uris import from_fs_path

from ..diagnostics import Diagnostic
from ..source import Span
from .index import Node
from .positions import Text
from .suggestions import replacement

_SYMBOL_KINDS = {
    "framework": lsp.SymbolKind.Module, "scale": lsp.SymbolKind.Enum, "value": lsp.SymbolKind.EnumMember,
    "role": lsp.SymbolKind.Class, "measure": lsp.SymbolKind.Field, "rule": lsp.SymbolKind.Function,
    "input": lsp.SymbolKind.Variable, "decision": lsp.SymbolKind.Function, "normenkader": lsp.SymbolKind.Namespace,
    "group": lsp.SymbolKind.Package, "norm": lsp.SymbolKind.Class, "aspect": lsp.SymbolKind.Property,
    "score": lsp.SymbolKind.Variable, "outcome": lsp.SymbolKind.EnumMember,
}

COMPLETION_KINDS = {
    "keyword": lsp.CompletionItemKind.Keyword, "rule": lsp.CompletionItemKind.Function,
    "role": lsp.CompletionItemKind.Class, "measure": lsp.CompletionItemKind.Field,
    "input": lsp.CompletionItemKind.Variable, "decision": lsp.CompletionItemKind.Function,
    "normenkader": lsp.CompletionItemKind.Module, "norm": lsp.CompletionItemKind.Class,
    "value": lsp.CompletionItemKind.EnumMember, "score": lsp.CompletionItemKind.Variable,
}


def uri(path: str | Path) -> str:
    return from_fs_path(str(path)) or f"file://{path}"


def to_range(span: Span, text: Text) -> lsp.Range:
    (sl, sc), (el, ec) = text.range_of(span)
    return lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec))


def to_location(span: Span, text: Text) -> lsp.Location:
    return lsp.Location(uri(span.path), to_range(span, text))


def to_diagnostic(diagnostic: Diagnostic, text: Text) -> lsp.Diagnostic:
    """A diagnostic as the editor shows it: the message, then its help and notes; a did-you-mean
    carries its replacement in ``data`` for the quick fix."""
    span = diagnostic.span
    if span is None or span.sheet is not None:
        where = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        written = ""
    else:
        where = to_range(span, text)
        written = text.slice(span)
    message = diagnostic.message
    if diagnostic.help:
        message += f"\nhelp: {diagnostic.help}"
    for note in diagnostic.notes:
        message += f"\nnote: {note}"
    new = replacement(diagnostic, written)
    return lsp.Diagnostic(
        range=where, message=message, code=diagnostic.code, source="regienorm",
        severity=lsp.DiagnosticSeverity.Error if diagnostic.is_error else lsp.DiagnosticSeverity.Warning,
        data={"replacement": new} if new is not None else None)


def to_document_symbol(node: Node, text: Text) -> lsp.DocumentSymbol:
    symbol = node.symbol
    name = f'"{symbol.name}"' if symbol.kind in ("value", "outcome") else symbol.name
    extent, selection = to_range(symbol.extent, text), to_range(symbol.span, text)
    return lsp.DocumentSymbol(
        name=name, kind=_SYMBOL_KINDS[symbol.kind], range=extent, selection_range=selection,
        detail=symbol.title or symbol.kind, children=[to_document_symbol(c, text) for c in node.children])
