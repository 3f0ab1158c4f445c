"""Coverage-guided fuzzing of evidence files with atheris (libFuzzer for Python).

    python tests/fuzz/atheris_evidence.py CORPUS_DIR frameworks/examples tests/golden/evidence \
        -dict=tests/fuzz/evidence.dict -max_total_time=600 -max_len=16384 -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix=CRASH_DIR/

Every input is taken as the bytes of an evidence file for the example framework and goes through
:func:`pipelines.evidence_pipeline`: read (JSON when it starts with `{`, YAML otherwise),
checked, evaluated and rendered. Anything raised that is not a RegienormError is a crash; so is
a run over ``-timeout`` seconds or ``-rss_limit_mb``; and so is evidence that loads but leaves a
record unused. Not collected by pytest.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["regienorm", "yaml", "pipelines"]):
    from pipelines import evidence_pipeline, example_framework


def main() -> None:
    example_framework()  # compile once, outside the timed runs
    atheris.Setup(sys.argv, evidence_pipeline)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
