"""Find a workspace and the files in it; report every file that will not be read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cfo_tools.loading.yaml_documents import SLUG
from cfo_tools.model.findings import Finding

COMPANY_FILE = "company.yaml"
FOLDERS = {"roster": "freelancer", "missions": "mission"}
#: Files a data folder may hold besides its documents.
ALLOWED_EXTRAS = frozenset({"README.md"})


class NoWorkspace(Exception):
    """No folder holding ``company.yaml`` was found."""


def find_workspace(start: Path, *, explicit: bool = False) -> Path:
    """The workspace root: ``start`` itself when ``explicit``, else the first folder from
    ``start`` upwards that holds ``company.yaml``."""
    start = start.resolve()
    if explicit:
        if not start.is_dir():
            raise NoWorkspace(f"{start} is not a folder")
        if not (start / COMPANY_FILE).exists():
            raise NoWorkspace(f"no {COMPANY_FILE} in {start}: this is not a cfo workspace")
        return start
    for folder in (start, *start.parents):
        if (folder / COMPANY_FILE).exists():
            return folder
    raise NoWorkspace(
        f"no {COMPANY_FILE} found in {start} or any folder above it; run the command inside "
        "a workspace, or name one with -C DIR"
    )


@dataclass(frozen=True)
class DocumentFile:
    kind: str  # "company", "freelancer" or "mission"
    id: str
    file: str  # workspace-relative, forward slashes
    path: Path


@dataclass
class WorkspaceFiles:
    root: Path
    documents: list[DocumentFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def scan_workspace(root: Path) -> WorkspaceFiles:
    """List the documents to read, in a stable order, with findings for everything else."""
    found = WorkspaceFiles(root)
    real_root = root.resolve()
    company = root / COMPANY_FILE
    if (company.exists() or company.is_symlink()) and _inside(
        company, real_root, found, COMPANY_FILE
    ):
        found.documents.append(DocumentFile("company", "company", COMPANY_FILE, company))
    for folder, kind in FOLDERS.items():
        base = root / folder
        if base.is_symlink() and not _inside(base, real_root, found, folder):
            continue
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir(), key=lambda p: p.name):
            rel = f"{folder}/{entry.name}"
            if not _inside(entry, real_root, found, rel):
                continue
            document = _classify(entry, rel, kind, found)
            if document is not None:
                found.documents.append(document)
    return found


def _classify(entry: Path, rel: str, kind: str, found: WorkspaceFiles) -> DocumentFile | None:
    name = entry.name
    folder = rel.split("/", 1)[0]
    if entry.is_dir():
        found.findings.append(_file_finding(
            rel, "unexpected-file", "warning",
            f"folder {rel}/ is not read: {kind} files must sit directly in {folder}/",
        ))
        return None
    if name in ALLOWED_EXTRAS:
        return None
    if name.endswith(".yml"):
        found.findings.append(_file_finding(
            rel, "yml-extension", "error",
            f"this file is not read: rename it to {folder}/{name[:-4]}.yaml",
        ))
        return None
    if not name.endswith(".yaml"):
        found.findings.append(_file_finding(
            rel, "unexpected-file", "warning",
            f"this file is not read: {folder}/ holds only <id>.yaml files and README.md",
        ))
        return None
    doc_id = name[: -len(".yaml")]
    if not SLUG.match(doc_id):
        suggestion = "-".join(
            part for part in "".join(c if c.isalnum() else "-" for c in doc_id.lower()).split("-")
            if part
        )
        found.findings.append(_file_finding(
            rel, "file-name", "error",
            f"'{doc_id}' is not a valid id (lowercase letters, digits and single hyphens); "
            f"rename the file, e.g. to {folder}/{suggestion or 'new-id'}.yaml",
        ))
    return DocumentFile(kind, doc_id, rel, entry)


def _inside(path: Path, real_root: Path, found: WorkspaceFiles, rel: str) -> bool:
    """False, with a finding, for a link that leads out of the workspace or nowhere."""
    if not path.is_symlink():
        return True
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        found.findings.append(_file_finding(
            rel, "symlink-escape", "error",
            f"{rel} is a link to {os.readlink(path)!s}, which does not exist; replace it "
            "with the file itself",
        ))
        return False
    if target != real_root and real_root not in target.parents:
        found.findings.append(_file_finding(
            rel, "symlink-escape", "error",
            f"{rel} is a link to {target}, outside the workspace; it is not read: put the file "
            "itself in the workspace",
        ))
        return False
    return True


def _file_finding(rel: str, rule: str, severity: str, message: str) -> Finding:
    return Finding(rel, None, None, "", rule, severity, message)  # type: ignore[arg-type]
