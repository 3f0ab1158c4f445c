"""What lies outside the user's files: links that loop, the modes of the files written, a full
disk, signals in the middle of a write (issue 14). Devices are never touched: a FIFO, a device
node made in a temporary folder, or a monkeypatch stands in for them."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from regienorm import cli, files

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = str(ROOT / "frameworks/examples/jeugdhulp.norm")
EVIDENCE = str(ROOT / "frameworks/examples/jeugdhulp.evidence.yaml")


def _loop(folder: Path) -> Path:
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    return folder / "a"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------------------- links that loop
def test_a_loop_of_links_as_the_output_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = _loop(tmp_path)
    assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(loop)]) == 1
    err = capsys.readouterr().err
    assert "error[RN003]: cannot write" in err and "symbolic links" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["evaluate", "{loop}", EVIDENCE], ["check", "{loop}"], ["evaluate", FRAMEWORK, "{loop}"],
                                     ["explain", "{loop}", "noord", "opzet.1", "--framework", FRAMEWORK]])
def test_a_loop_of_links_as_an_input_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    loop = _loop(tmp_path)
    assert cli.main([part.format(loop=loop) for part in command]) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err if command[0] == "check" else captured.err  # check reports on standard output
    assert f"{loop}:1:1" in err and "error[RN003]" in err and "Traceback" not in err


def test_text_compiled_under_a_name_that_loops_compiles(tmp_path: Path) -> None:
    from regienorm import check_text

    from .test_exhaustion import MEAN_FRAMEWORK

    assert check_text(MEAN_FRAMEWORK, str(_loop(tmp_path))).framework is not None


def test_real_path_turns_a_loop_into_the_oserror_opening_it_gives(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        files.real_path(_loop(tmp_path))
    assert caught.value.errno == 40 or "symbolic" in str(caught.value)


# ---------------------------------------------------------------------------------- what -o writes to
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_a_device_node_or_a_folder_as_the_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    targets = [fifo, tmp_path]
    if os.geteuid() == 0:  # a private null device, never /dev/null itself
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append(tmp_path / "null")
    for target in targets:
        assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("error[RN003]") == len(targets) and "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _leftovers(tmp_path) == []
    if os.geteuid() == 0:
        assert stat.S_ISCHR(os.lstat(tmp_path / "null").st_mode)


def test_a_full_disk_is_reported_and_the_old_output_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)  # the data is only known to be on disk after fsync
    assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err and "the disk is full" in err
    assert out.read_text() == "old\n" and _leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a device node of its own (root)")
def test_a_full_disk_behind_standard_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a private /dev/full
    with open(full, "w") as stdout:
        done = subprocess.run([sys.executable, "-m", "regienorm", "evaluate", FRAMEWORK, EVIDENCE], stdout=stdout,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False)
    assert done.returncode == 1
    assert done.stderr == "regienorm: cannot write to standard output: No space left on device\n"


def test_an_existing_output_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("old\n")
    kept.chmod(0o640)
    assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(kept)]) == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() != "old\n"
    for umask, expected in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        new = tmp_path / f"new-{umask:o}.txt"
        old_mask = os.umask(umask)
        try:
            assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(new)]) == 0
        finally:
            os.umask(old_mask)
        assert stat.S_IMODE(new.stat().st_mode) == expected


def test_a_private_write_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    old_mask = os.umask(0)
    try:
        files.write_atomically(tmp_path / "p", b"x", mode=0o600)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "p").stat().st_mode) == 0o600


# ---------------------------------------------------------------------------------- signals
@pytest.mark.parametrize(("signum", "code", "line"), [(signal.SIGTERM, 143, "regienorm: stopped by SIGTERM; no output file was changed\n"),
                                                      (signal.SIGINT, 130, "regienorm: interrupted; no output file was changed\n")])
def test_a_signal_in_the_middle_of_a_write_leaves_the_old_file_no_temporary_one_and_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signum: int, code: int, line: str) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n")
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signum)  # delivered to Python at the next instruction, inside the write

    monkeypatch.setattr(files.os, "fsync", interrupted)
    before = signal.getsignal(signal.SIGTERM)
    assert cli.main(["evaluate", FRAMEWORK, EVIDENCE, "-o", str(out)]) == code
    assert capsys.readouterr().err == line
    assert out.read_text() == "old\n" and _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is before  # the command line puts the handler back


def test_sigterm_to_a_running_process_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The real thing, in another process: SIGTERM while the output is being written."""
    out = tmp_path / "out.txt"
    script = ("import os, signal, sys\n"
              "from regienorm import cli, files\n"
              "real = os.fsync\n"
              "def slow(fd):\n"
              "    real(fd); print('writing', flush=True); signal.pause()\n"  # wait for the test's SIGTERM
              "files.os.fsync = slow\n"
              f"sys.exit(cli.main(['evaluate', {FRAMEWORK!r}, {EVIDENCE!r}, '-o', {str(out)!r}]))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    assert len(_leftovers(tmp_path)) == 1  # the temporary file exists now
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and err == "regienorm: stopped by SIGTERM; no output file was changed\n"
    assert not out.exists() and _leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------- the casebook manifest
def test_a_manifest_naming_files_outside_its_folder_is_refused_before_anything_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "secret").write_text("format: TOPSECRET\n", encoding="utf-8")
    book = tmp_path / "book"
    (book / "evidence").mkdir(parents=True)
    (book / "regie.norm").write_text(Path(FRAMEWORK).read_text(encoding="utf-8"), encoding="utf-8")
    (book / "evidence" / "out.yaml").symlink_to(tmp_path / "secret")
    for named in ("../secret", "/etc/hostname", "evidence/out.yaml", "evidence/../../secret", ""):
        (book / "casebook.yaml").write_text(f'framework: regie.norm\nevidence:\n  - "{named}"\n', encoding="utf-8")
        assert cli.main(["evaluate", "--casebook", str(book / "casebook.yaml")]) == 1
        captured = capsys.readouterr()
        assert "error[RN507]" in captured.err and f"{book / 'casebook.yaml'}:3:5" in captured.err
        assert "TOPSECRET" not in captured.err + captured.out and "Traceback" not in captured.err
    (book / "casebook.yaml").write_text("framework: ../regie.norm\nevidence:\n  - 7\n", encoding="utf-8")
    assert cli.main(["evaluate", "--casebook", str(book / "casebook.yaml")]) == 1  # a number is not a path (RN610)
    assert "error[RN610]" in capsys.readouterr().err
