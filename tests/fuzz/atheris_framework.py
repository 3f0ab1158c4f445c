"""Coverage-guided fuzzing of framework files with atheris (libFuzzer for Python).

    python tests/fuzz/atheris_framework.py CORPUS_DIR frameworks tests/golden/errors \
        -dict=tests/fuzz/framework.dict -max_total_time=600 -max_len=16384 -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix=CRASH_DIR/

Every input is taken as the bytes of a framework file and goes through
:func:`pipelines.framework_pipeline`: decoded, compiled, its diagnostics rendered; when it
compiles, evaluated on evidence made for it and rendered. Anything raised that is not a
RegienormError is a crash; so is a run over ``-timeout`` seconds or ``-rss_limit_mb``. Not
collected by pytest (the name does not start with test_). A crash is kept as a regression test
in tests/robustness/crashes/ (docs/fuzzing.md).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["regienorm", "lark", "pipelines"]):
    from pipelines import framework_pipeline


def main() -> None:
    atheris.Setup(sys.argv, framework_pipeline)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
