"""Which workspace files a change touched, and findings reported against them: a reviewer
looks at the files of the pull request, so a double booking that a change creates by adding
an assignment shows on that assignment, even when the conflict was first located in a file
the change left alone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from cfo_tools.loading.regular_files import read_regular_file
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Workspace


def _files(workspace: Workspace) -> set[str]:
    """Every record's file: the roster's, the missions', and the paperwork's (a pull request
    recording an invoice or an activity report touches it as much as a mission)."""
    files = {*workspace.freelancer_files.values(), *workspace.mission_files.values(),
             *workspace.candidate_files.values(), *workspace.activity_files.values(),
             *workspace.invoice_files.values()}
    if workspace.company is not None:
        files.add(workspace.company.file)
    return files


def _content(root: Path, file: str) -> bytes | None:
    path = root / file
    if path.is_symlink():
        return None  # never followed; the file scan reports it
    content = read_regular_file(path)
    return content if isinstance(content, bytes) else None


def touched_files(base: Workspace, head: Workspace,
                  keys: tuple[Mapping[str, bytes], Mapping[str, bytes]] | None = None
                  ) -> set[str]:
    """Workspace-relative files added, removed or changed from ``base`` to ``head``. With
    ``keys`` (each side's document keys by file, ``loading/document_cache.py``), a file with
    the same key on both sides is the same content, and is not read: only the others are
    compared byte for byte (all of them when the schemas changed, which changes every key)."""
    files = _files(base) | _files(head)
    if keys is not None:
        before, after = keys
        files = {file for file in files
                 if file not in before or before.get(file) != after.get(file)}
    return {file for file in files if _content(base.root, file) != _content(head.root, file)}


def against_touched(findings: Iterable[Finding], touched: set[str]) -> list[Finding]:
    """``findings``, each one whose own file the change left alone but one of whose related
    places it touched moved to the first such place (its related places unchanged)."""
    moved = []
    for finding in findings:
        if finding.file not in touched:
            place = next((p for p in finding.related if p.file in touched), None)
            if place is not None:
                finding = replace(finding, file=place.file, line=place.line,
                                  column=place.column, path=place.path)
        moved.append(finding)
    return moved
