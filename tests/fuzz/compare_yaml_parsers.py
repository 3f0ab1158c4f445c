"""Read every file of a folder (a fuzz corpus) with libyaml and with PyYAML's own parser, and
list the inputs the two read differently, grouped by outcome.

    PYTHONPATH=src python tests/fuzz/compare_yaml_parsers.py /tmp/rn-corpus-ev

regienorm reads YAML with libyaml when PyYAML has it and with PyYAML's parser otherwise; this is
how the differences written down in docs/robustness.md were found. Not collected by pytest.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

from regienorm.errors import RegienormError
from regienorm.evidence.readers import ReadError
from regienorm.evidence.readers import yaml as reader
from regienorm.files import decode


def outcome(text: str, loader: type) -> object:
    """The nodes (spans included), or the code and line of the error."""
    try:
        return reader.read_yaml(text, "t.yaml", loader=loader)
    except ReadError as exc:
        d = exc.diagnostic
        return (d.code, d.span.line if d.span else None)


def main(folder: str) -> None:
    read = differ = 0
    groups: dict[str, list[str]] = defaultdict(list)
    for path in sorted(Path(folder).iterdir()):
        try:
            text = decode(path.read_bytes(), path.name).text
        except RegienormError:  # refused before any reader sees it
            continue
        read += 1
        ours, theirs = outcome(text, yaml.CSafeLoader), outcome(text, yaml.SafeLoader)
        if ours != theirs:
            differ += 1
            kind = lambda o: "nodes" if isinstance(o, reader.Node) else f"{o[0]}"  # noqa: E731
            groups[f"libyaml {kind(ours)}, PyYAML {kind(theirs)}"].append(path.name)
    print(f"{read} inputs read, {differ} read differently")
    for group, names in sorted(groups.items()):
        print(f"  {group}: {len(names)} (e.g. {', '.join(names[:3])})")


if __name__ == "__main__":
    main(sys.argv[1])
