"""Make docs/img/casebook-report.png, the screenshot of the HTML report on the Getting started page.

    PYTHONPATH=src python tools/docsite/screenshot.py

Runs `regienorm evaluate --format html --reproducible` on the casebook (no files: the bundled
one) into a temporary folder and photographs the page with headless Chromium (Debian's
`chromium`, which .ci/run installs). Dev time only: the PNG is committed, and
tests/test_site.py checks that it is there and is a real PNG of a sensible size. Run it again when
the HTML report changes its look.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "img" / "casebook-report.png"
WIDTH, HEIGHT = 1600, 1000


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium: `apt-get install chromium`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "regienorm", "evaluate", "--format", "html", "--reproducible", "-o", str(report)],
                       cwd=ROOT, check=True)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/profile", f"--window-size={WIDTH},{HEIGHT}",
                        f"--screenshot={OUT}", report.as_uri()], check=True, capture_output=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
