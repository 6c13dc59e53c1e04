"""A path given to a command with a NUL byte in it is a usage error, never a traceback."""

from __future__ import annotations

import pytest

from cfo_tools.cli.main import cli
from conftest import REPO

COMMANDS = [
    ["brief", "plateforme-reservation-gites", "-o"],
    ["site", "-o"],
    ["planning", "--format", "html", "-o"],
    ["calendar", "-o"],
    ["agenda", "--format", "ics", "-o"],
    ["activity", "new", "bruno-lefevre", "--month", "2026-10", "-o"],
    ["invoice", "import"],
    ["build", "-o"],
]


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words[:2]))
def test_a_nul_byte_in_a_path_is_a_usage_error(words, tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["-C", str(REPO), "--today", "2026-11-26", *words,
                                      str(tmp_path / "out\x00put")])
    assert result.exit_code == 2, result.output
    assert "cannot hold a NUL character" in result.output
    assert not isinstance(result.exception, ValueError)
    assert list(tmp_path.iterdir()) == []


def test_the_workspace_option_refuses_it_too():
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["-C", "work\x00space", "check"])
    assert result.exit_code == 2 and "cannot hold a NUL character" in result.output
