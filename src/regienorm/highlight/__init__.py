"""Syntax highlighting, generated from the keyword tables: :mod:`.tokens` (what each kind of token
looks like, per keyword language), :mod:`.textmate` (the TextMate grammar editors read, written
to ``editors/vscode/syntaxes/``) and :mod:`.pygments_lexer` (the Pygments lexer, registered under
the ``pygments.lexers`` entry point; needs the ``pygments`` extra)."""
