"""A command's process ends without taking apart what it kept (``loading/process_end.py``):
its output, exit status, exit handlers and writes beside it are those of a usual ending."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from test_warm_cache import copy_example

from cfo_tools.loading import process_end
from conftest import REPO

#: A process that keeps an object (or not) and ends through ``end_process``.
_SCRIPT = textwrap.dedent("""
    import atexit, sys
    from cfo_tools.loading import process_end
    process_end.ENABLED = True
    if sys.argv[1] == "keep":
        process_end.keep(["a list of the run's records"])
    atexit.register(lambda: print("handler ran", file=sys.stderr))
    sys.stdout.write(sys.argv[3] * int(sys.argv[4]))
    code = sys.argv[2]
    process_end.end_process(int(code) if code.isdigit() else code)
""")


def _ended(keep: str, code: str, text: str = "report", times: int = 1,
           **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", _SCRIPT, keep, code, text, str(times)],
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
                          capture_output=True, **options)  # type: ignore[call-overload]


def test_outside_the_command_line_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(process_end, "ENABLED", False)
    monkeypatch.setattr(process_end, "_KEPT", [])
    process_end.keep(object())
    assert process_end._KEPT == []
    with pytest.raises(SystemExit) as ended:
        process_end.end_process(1)
    assert ended.value.code == 1


@pytest.mark.parametrize("keep", ["keep", "nothing"])
@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_the_output_status_and_exit_handlers_are_those_of_a_usual_ending(keep, code):
    ended = _ended(keep, code, "é" * 3, 100_000)
    assert ended.returncode == int(code)
    assert ended.stdout == ("é" * 300_000).encode()
    assert ended.stderr == b"handler ran\n"


def test_a_message_for_status_ends_as_python_ends():
    ended = _ended("keep", "cannot go on")
    assert ended.returncode == 1
    assert ended.stderr == b"cannot go on\nhandler ran\n"


def test_an_output_closed_early_is_reported_as_python_reports_it():
    """A reader gone (``cfo check | head``): the flush fails, and the process ends as it
    would without anything kept, not silently."""
    endings = []
    for keep in ("keep", "nothing"):
        process = subprocess.Popen([sys.executable, "-c", _SCRIPT, keep, "1", "x", "100"],
                                   env={**os.environ, "PYTHONPATH": str(REPO)},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.close()
        _, err = process.communicate()
        endings.append((process.returncode, b"BrokenPipeError" in err))
    assert endings[0] == endings[1]
    assert endings[0][1]


def test_writes_beside_the_command_are_done_when_it_ends(tmp_path):
    done = tmp_path / "written"
    script = textwrap.dedent(f"""
        import pathlib, time
        from cfo_tools.loading import background_writes, process_end
        background_writes.ENABLED = process_end.ENABLED = True

        def write():
            time.sleep(0.3)
            pathlib.Path({str(done)!r}).write_text("kept")

        background_writes.write_beside(write)
        process_end.keep(object())
        process_end.end_process(0)
    """)
    ended = subprocess.run([sys.executable, "-c", script], check=False,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True)
    assert ended.returncode == 0, ended.stderr
    assert done.read_text() == "kept"


@pytest.mark.parametrize("options", [[], ["--no-cache"]])
def test_check_ends_with_the_report_of_a_usual_ending(tmp_path, run_cfo, options):
    """``cfo check`` as a command (which keeps what it loaded) prints the report and exit
    status of the same check run in this process (which keeps nothing)."""
    root = copy_example(tmp_path / "ws")
    env = {**os.environ, "CFO_CACHE_DIR": str(tmp_path / "cache"), "CFO_TODAY": "2026-11-27",
           "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "cfo_tools", "-C", str(root), *options, "check",
               "--format", "json"]
    expected = run_cfo("-C", str(root), "--today", "2026-11-27", *options, "check",
                       "--format", "json")
    for _ in range(2):  # cold, then answered from the state kept by the first
        ended = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert (ended.returncode, ended.stdout) == (expected.exit_code, expected.output)
        report = json.loads(ended.stdout)
        assert report["errors"] or report["warnings"]
