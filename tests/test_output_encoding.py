"""The command's output survives a system whose code page is not UTF-8 (Windows' cp1252)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def test_a_redirected_output_is_utf8_whatever_the_locale(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    # A command whose output holds characters cp1252 lacks ("✅" in the job summary's title
    # is not printed, but the text report's typographic quotes and accents are).
    script = ("import sys; from cfo_tools.cli.main import main; "
              "sys.argv = ['cfo', '-C', sys.argv[1], '--today', '2026-11-27', 'status']; main()")
    result = subprocess.run([sys.executable, "-c", script, str(REPO), "ignored"],
                            capture_output=True, env=env, check=False)
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    result.stdout.decode("utf-8")  # UTF-8, not cp1252
    assert "é".encode() in result.stdout
