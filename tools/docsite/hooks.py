"""MkDocs hooks of the documentation site (mkdocs.yml: ``hooks``).

A fenced block directly below ``<!-- file: PATH -->`` is a piece of PATH (tests/test_docs.py and
tests/test_site.py hold it to that). On the site the marker is invisible, so the block gets PATH
as its title: "PATH" when the block includes the whole file (``--8<-- "PATH"``), "PATH (excerpt)"
otherwise. The Markdown files stay as they are; only the page built from them changes.
"""

from __future__ import annotations

import re
from typing import Any

_MARKED = re.compile(r'^<!-- file: (?P<path>\S+) -->\n```(?P<lang>[\w-]+)\n(?P<first>[^\n]*)', re.M)


def _titled(match: re.Match[str]) -> str:
    path, lang, first = match.group("path"), match.group("lang"), match.group("first")
    whole = first.strip() == f'--8<-- "{path}"'
    title = path if whole else f"{path} (excerpt)"
    return f'<!-- file: {path} -->\n```{lang} title="{title}"\n{first}'


def on_page_markdown(markdown: str, **_: Any) -> str:
    return _MARKED.sub(_titled, markdown)
