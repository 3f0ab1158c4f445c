"""``regienorm lsp``: a language server for framework files, over standard input and output.

Split by what each part does: :mod:`.positions` (spans <-> LSP ranges), :mod:`.index` (the
definitions and references of a compile's files, from their parse trees), :mod:`.analysis` (open
documents, compiling each one's include graph with the unsaved texts), :mod:`.suggestions` (the
did-you-mean replacements a diagnostic offers), :mod:`.hover`, :mod:`.outline`,
:mod:`.completion`, and :mod:`.server` (the protocol handlers, on pygls). Only :mod:`.server`
imports pygls; it is an extra (``pip install 'regienorm[lsp]'``) loaded by ``regienorm lsp`` alone.
"""
