"""``cfo build``'s manifest (.cfo-build.json) as a pull request or a hand may leave it: nested
too deep for a parser, not JSON, a link or a FIFO. Each is a clear refusal that names the
manifest and says what to do, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cfo_tools.documents._write_rules import BUILD_MANIFEST
from conftest import mkfifo

TODAY = "2026-11-26"


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


@pytest.fixture
def built(run_cfo, example) -> Path:
    assert cfo(run_cfo, example, "build").exit_code == 0
    return example / "out" / "build"


@pytest.mark.parametrize(("content", "why"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"{", "not JSON"),
    (b"\xff\xfe", "not UTF-8 text"),
    (b'{"cfo-build": 99, "files": {}}', "not a manifest of this version of cfo"),
    (b'{"cfo-build": 1, "files": []}', "not a manifest of this version of cfo"),
])
def test_a_manifest_cfo_cannot_read_is_named_with_why(run_cfo, example, built, content, why):
    (built / BUILD_MANIFEST).write_bytes(content)
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2, result.output
    assert f"{BUILD_MANIFEST} cannot be read ({why})" in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.output
    forced = cfo(run_cfo, example, "build", "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads((built / BUILD_MANIFEST).read_text())["cfo-build"] == 1


def test_a_manifest_that_is_a_link_or_a_fifo_says_to_remove_it(run_cfo, example, built,
                                                               elsewhere):
    manifest = built / BUILD_MANIFEST
    (elsewhere / "list.json").write_text("{}")
    for make, kind in ((lambda: manifest.symlink_to(elsewhere / "list.json"),
                        "a symbolic link"),
                       (lambda: mkfifo(manifest), "not a regular file")):
        manifest.unlink()
        try:
            make()
        except (OSError, NotImplementedError, AttributeError):
            continue
        for force in ((), ("--force",)):
            result = cfo(run_cfo, example, "build", *force)
            assert result.exit_code == 2, result.output
            assert (f"{BUILD_MANIFEST} is {kind}, not the list of files cfo build keeps: "
                    "remove it") in result.stderr, result.stderr
        assert os.path.lexists(manifest)
    assert (elsewhere / "list.json").read_text() == "{}"
