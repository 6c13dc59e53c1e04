"""What the tests of the commands answering from views kept per document share (``find``,
``status``, ``talent``, ``planning``, ``calendar``: ``checks/workspace_views.py``): a
workspace whose files the stat index trusts, the commands' results with and without the
cache, an edit, and the two checks each command passes: after any change the cache gives
what ``--no-cache`` gives, and after one edit only the edited files are loaded."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfo_tools.cli.main import cli
from conftest import loaded_documents, write_workspace

#: A command's exit code, output (bytes: ``calendar`` writes bytes) and errors.
Outcome = tuple[int, bytes, str]
#: (file, text, its replacement)
Change = tuple[str, str, str]


def aged_workspace(folder: Path, files: dict[str, str | bytes]) -> Path:
    """The workspace of ``files``, dated in the past so that the stat index trusts them."""
    write_workspace(folder, files)
    then = time.time() - 100
    for path in folder.rglob("*.yaml"):
        os.utime(path, (then, then))
    return folder


def outcomes(root: Path, cache: Path | None, today: date,
             commands: Iterable[Sequence[str]]) -> list[Outcome]:
    """Each command's outcome through ``cache``, or with ``--no-cache`` when None."""
    # GitHub's variables unset: under Actions, ``status`` would also write a step summary.
    env = {"CFO_CACHE_DIR": str(cache) if cache else None,
           "CFO_NO_CACHE": None if cache else "1", "CFO_TODAY": today.isoformat(),
           "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}
    found = []
    for command in commands:
        result = CliRunner().invoke(cli, ["-C", str(root), *command], env=env,
                                    catch_exceptions=False)
        found.append((result.exit_code, result.stdout_bytes, result.stderr))
    return found


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_every_change(root: Path, cache: Path, today: date,
                       commands: Sequence[Sequence[str]], changes: Iterable[Change],
                       last_steps: Callable[[Path], None],
                       later: Iterable[int] = (0, 10, 400)) -> None:
    """After each of ``changes``, then after ``last_steps`` (files renamed, deleted,
    added...) on ``later`` days from ``today``, twice each (the second from what the first
    kept): the cache's outcomes are ``--no-cache``'s."""
    assert outcomes(root, cache, today, commands) == outcomes(root, None, today, commands)
    for file, old, new in changes:
        edit(root, file, old, new)
        expected = outcomes(root, None, today, commands)
        assert outcomes(root, cache, today, commands) == expected, (file, new)
        assert outcomes(root, cache, today, commands) == expected, (file, new)
    last_steps(root)
    for days in later:
        day = today + timedelta(days=days)
        expected = outcomes(root, None, day, commands)
        assert outcomes(root, cache, day, commands) == expected
        assert outcomes(root, cache, day, commands) == expected


def rename_delete_add(rename: tuple[str, str], delete: str, add: tuple[str, str]
                      ) -> Callable[[Path], None]:
    """The last steps of :func:`check_every_change`: a file renamed, one deleted, one
    added (its name and text)."""
    def steps(root: Path) -> None:
        (root / rename[0]).rename(root / rename[1])
        (root / delete).unlink()
        (root / add[0]).write_text(add[1], encoding="utf-8")

    return steps


def check_one_edit_loads_only_it(root: Path, cache: Path, today: date,
                                 commands: Sequence[Sequence[str]], change: Change,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """After ``change``, the cache's outcomes are ``--no-cache``'s, and only the edited file
    and the company (its data is in the views' key) are loaded: not the workspace."""
    outcomes(root, cache, today, commands)
    edit(root, *change)
    expected = outcomes(root, None, today, commands)
    loaded = loaded_documents(monkeypatch)
    assert outcomes(root, cache, today, commands) == expected
    assert loaded <= {change[0], "company.yaml"}
