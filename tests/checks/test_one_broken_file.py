"""A file that cannot be read is reported once, at that file: nothing new is said about the
other files (a broken file is not "missing", its orders are not "unknown").

Each case breaks one file of the example workspace (its YAML cut short) and compares every
finding about the other files with the intact workspace's.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from cfo_tools.checks.runner import run_checks
from conftest import REPO

TODAY = date(2026, 11, 27)
#: A mission's spend counts the days of its reports, and the planned days where a month has
#: no report it can read: a broken report moves the figures, as a missing one would.
SPEND = {"over-budget", "mission-drift"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken") / "example"
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates", "activity", "invoices"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _others(root: Path, broken: str) -> set[tuple[str, str, int | None, str]]:
    report = run_checks(root, today=TODAY)
    mine = [f.rule for f in report.findings if f.file == broken]
    assert mine == ["yaml-syntax"], (broken, mine)
    return {(f.file, f.rule, f.line, f.message) for f in report.findings if f.file != broken}


@pytest.mark.parametrize(("broken", "allowed"), [
    ("company.yaml", set()),
    ("roster/bruno-lefevre.yaml", set()),
    ("missions/application-mobile-velo-partage.yaml", set()),
    ("missions/plateforme-reservation-gites.yaml", set()),
    ("candidates/lucas-vidal.yaml", set()),
    ("activity/2026-09/bruno-lefevre.yaml", SPEND),
    ("activity/2026-10/david-nguyen.yaml", SPEND),
    ("invoices/bruno-lefevre/bl-0931.yaml", set()),
    ("invoices/david-nguyen/dn-2026-09.yaml", set()),
])
def test_a_broken_file_changes_no_finding_about_another(workspace: Path, broken: str,
                                                        allowed: set[str]) -> None:
    intact = {(f.file, f.rule, f.line, f.message)
              for f in run_checks(workspace, today=TODAY).findings}
    path = workspace / broken
    text = path.read_text(encoding="utf-8")
    path.write_text("title: [cut short\n", encoding="utf-8")
    try:
        now = _others(workspace, broken)
    finally:
        path.write_text(text, encoding="utf-8")
    # Findings about others may go while the file is broken (what needs its record waits
    # for it: the reader fixes the file first); none is said anew, none is said otherwise.
    assert {f for f in now - intact if f[1] not in allowed} == set(), broken
