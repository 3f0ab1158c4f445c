"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, which .ci/run installs).

* Content: the page as the browser builds it holds every verdict cell of the file, its filters
  run without a script error, and choosing an entity hides the other entities' cells.
* No request leaves the file: Chromium's own network log (``--log-net-log``) of the page's load
  lists no request made for the page (a control page that does make requests shows they are
  found), with every host name resolving to nothing, so that not even Chromium's own background
  requests leave the machine; and the page names no URL to load at all.
* A screenshot (``--screenshot``) that is not blank, and shows the matrix: along the first norm
  row of the first table, the cells' background colours are the verdicts' colours in the order of
  the entities.

Without Chromium the tests fail, unless REGIENORM_ALLOW_NO_BROWSER=1 says that a machine without a
browser may skip them: CI installs it and never skips.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from regienorm import compile_file, evaluate, load_evidence
from regienorm.cli import casebook_paths, main
from regienorm.render import matrix, text
from regienorm.render.xlsx import FILLS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _browser() -> None:
    """Each test fails without Chromium (the rest of the suite still runs), unless REGIENORM_ALLOW_NO_BROWSER=1."""
    if CHROMIUM is None:
        if os.environ.get("REGIENORM_ALLOW_NO_BROWSER") == "1":
            pytest.skip("no chromium, and REGIENORM_ALLOW_NO_BROWSER=1 allows that")
        pytest.fail("the HTML tests need headless Chromium: `apt-get install chromium` (.ci/run does), "
                    "or set REGIENORM_ALLOW_NO_BROWSER=1 to skip them on this machine")

WIDTH, HEIGHT = 2400, 1400
COLOURS = {kind: tuple(int(rgb[i:i + 2], 16) for i in (0, 2, 4)) for kind, rgb in FILLS.items()}


def chromium(tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on ``url``: no host name resolves, a profile of its own, the console on stderr."""
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp / 'profile'}",
         "--enable-logging=stderr", "--v=0", f"--window-size={WIDTH},{HEIGHT}", *args, url],
        capture_output=True, text=True, timeout=120, check=False)


def page_requests(net_log: Path) -> list[str]:
    """The URLs the page asked for, from Chromium's network log: requests made for a file:// page
    (Chromium's own requests, for updates and accounts, are made for no page)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"]
            if e["type"] == start and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))]


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG, as Chromium writes them."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, (depth, colour_type, interlace)
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        previous = line
        rows.append(bytes(line) if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
    return width, height, rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The casebook's HTML, as `regienorm evaluate --format html -o` writes it, and its first assessment."""
    folder = tmp_path_factory.mktemp("html")
    page = folder / "casebook.html"
    assert main(["evaluate", "--format", "html", "-o", str(page), "--reproducible"]) == 0
    framework_path, evidence = casebook_paths()
    framework = compile_file(framework_path)
    return page, evaluate(framework, load_evidence(evidence[0], framework))


def test_the_browser_builds_every_cell_and_the_filters_work(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = report
    # a copy of the page with a probe after its own script: pick the first entity, count what is shown
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", """<script>
var cells = document.querySelectorAll('td[data-target]');
var select = document.getElementById('rn-entity'); select.selectedIndex = 1;
select.dispatchEvent(new Event('change'));
var shown = Array.prototype.filter.call(cells, function (c) { return !c.classList.contains('hidden'); });
console.log('RN-PROBE ' + JSON.stringify({cells: cells.length, shown: shown.length, entity: select.value,
  others: shown.filter(function (c) { return c.getAttribute('data-entity') !== select.value; }).length}));
</script></body>"""), encoding="utf-8")
    done = chromium(tmp_path, probe.as_uri(), "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Uncaught" not in done.stderr, done.stderr[-2000:]
    found = re.search(r"RN-PROBE (\{.*?\})", done.stderr)
    assert found, done.stderr[-2000:]
    result = json.loads(found.group(1))
    dom = done.stdout
    cells = re.findall(r'<td class="cell[^"]*" data-entity="[^"]*" data-target="[^"]*"><details><summary>([^<]*)</summary>', dom)
    file_cells = re.findall(r'<td class="cell[^"]*" data-entity="[^"]*" data-target="[^"]*"><details><summary>([^<]*)</summary>',
                            page.read_text(encoding="utf-8"))
    assert cells == file_cells and len(cells) == result["cells"] > 1000
    assert 0 < result["shown"] < result["cells"] and result["others"] == 0  # one entity's cells, and only its


def test_no_request_leaves_the_file(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = report
    control = tmp_path / "control.html"
    control.write_text('<img src="http://example.invalid/x.png"><script>fetch("https://example.invalid/f")</script>', encoding="utf-8")
    done = chromium(tmp_path, control.as_uri(), f"--log-net-log={tmp_path / 'control.json'}", "--dump-dom")
    assert done.returncode == 0
    assert sorted(page_requests(tmp_path / "control.json")) == ["http://example.invalid/x.png", "https://example.invalid/f"]

    done = chromium(tmp_path, page.as_uri(), f"--log-net-log={tmp_path / 'net.json'}", "--dump-dom")
    assert done.returncode == 0
    assert page_requests(tmp_path / "net.json") == []
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""\b(?:src|href|action|srcset|poster|data)\s*=""", html)  # nothing to load, not even file://
    assert not re.search(r"url\(|@import|https?://|//[a-z]", html.replace('name="viewport"', ""), re.IGNORECASE)


def test_the_screenshot_shows_the_matrix_in_its_colours(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, assessment = report
    shot = tmp_path / "casebook.png"
    done = chromium(tmp_path, page.as_uri(), f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    width, height, rows = read_png(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    pixels = [tuple(row[i:i + 3]) for row in rows[::4] for i in range(0, len(row), 12)]
    white = sum(1 for p in pixels if p == (255, 255, 255))
    assert white < 0.9 * len(pixels) and len(set(pixels)) > 50  # not blank
    counts = {kind: sum(1 for p in pixels if p == colour) for kind, colour in COLOURS.items()}
    assert all(n > 200 for n in counts.values()), counts  # every verdict colour fills cells

    # the first norm row of the first table: its cells' colours, left to right, are the verdicts'
    first = matrix.matrices(assessment, None)[0].rows[0]
    best, lowest = matrix.points_range(assessment)
    expected = [k for k in (matrix.colour(j, best, lowest) for j in first.cells) if k != "none"]
    colour_of = {v: k for k, v in COLOURS.items()}
    top = next(y for y, row in enumerate(rows) if any(tuple(row[i:i + 3]) in colour_of for i in range(0, len(row), 3)))
    x = next(i for i in range(0, len(rows[top]), 3) if tuple(rows[top][i:i + 3]) in colour_of)
    bottom = top
    while bottom + 1 < height and tuple(rows[bottom + 1][x:x + 3]) == tuple(rows[top][x:x + 3]):
        bottom += 1
    line = rows[bottom - 2]  # below the cells' text (verdicts sit at the top of their cells)
    runs: list[str] = []
    inside = False
    for i in range(0, len(line), 3):
        kind = colour_of.get(tuple(line[i:i + 3]))
        if kind is None:
            inside = False
        elif not inside:
            runs.append(kind)
            inside = True
    assert runs == expected, (runs, expected, [text.cell(j) for j in first.cells])
