"""The wheel carries the grammar, the bundled frameworks and py.typed; installed without a checkout,
the console script works; the code is ruff- and mypy-clean."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    wheels = list(out.glob("regienorm-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "regienorm/grammars/regienorm.lark",
        "regienorm/py.typed",
        "regienorm/schema/evidence.schema.json",
        "regienorm/schema/assessment.schema.json",
        "regienorm/frameworks/examples/jeugdhulp.norm",
        "regienorm/frameworks/examples/shared/oordeel.norm",
        "regienorm/frameworks/rekenkamer-amsterdam-2013/cases/casebook.yaml",
        "_regienorm_pytestplugin.py",  # the pytest plugin, a module of its own beside the package
    ):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "[pytest11]\nregienorm = _regienorm_pytestplugin" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_installed_wheel_runs_without_a_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from the test environment's site-packages (a plain path line in a .pth
    # file, so the editable install's own .pth there is not processed); only the wheel is installed.
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                          capture_output=True, text=True)
    if done.returncode != 0 and "no such option: --python" in done.stderr:
        pytest.skip("pip too old for --python")
    assert done.returncode == 0, done.stderr
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script = env_dir / "bin" / "regienorm"
    example = subprocess.run([str(python), "-c", "import regienorm.resources as r; print(r.data_dir('frameworks'))"],
                             capture_output=True, text=True, cwd=tmp_path, env=environment)
    assert str(env_dir) in example.stdout, example.stdout + example.stderr
    frameworks = Path(example.stdout.strip())
    check = subprocess.run([str(script), "check", str(frameworks / "examples" / "jeugdhulp.norm")],
                           capture_output=True, text=True, cwd=tmp_path, env=environment)
    assert check.returncode == 0, check.stderr


def test_ruff_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
