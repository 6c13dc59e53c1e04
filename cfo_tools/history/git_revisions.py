"""A workspace as it was at a Git revision, read with the real ``git`` command."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class GitProblem(Exception):
    """Git is missing, the folder is not in a repository, or the revision does not exist."""


def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                check=False)
    except FileNotFoundError:
        raise GitProblem("git is not installed") from None
    if result.returncode != 0:
        raise GitProblem(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


def repository_top(path: Path) -> Path:
    try:
        return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())
    except GitProblem:
        raise GitProblem(f"{path} is not inside a Git repository") from None


def resolve_revision(path: Path, revision: str) -> str:
    """The commit id of ``revision``, or a clear error when it is not in this clone."""
    try:
        return _git(path, "rev-parse", "--verify", "--quiet",
                    f"{revision}^{{commit}}").decode().strip()
    except GitProblem:
        raise GitProblem(
            f"revision '{revision}' is not in this repository. In a shallow CI clone, fetch it "
            f"first, e.g. git fetch --depth=1 origin {revision.removeprefix('origin/')}"
        ) from None


def workspace_at(workspace: Path, revision: str, destination: Path) -> Path:
    """Extract the workspace folder as it was at ``revision`` into ``destination`` and return
    the extracted workspace's path (which may hold no company.yaml if it did not exist)."""
    top = repository_top(workspace)
    commit = resolve_revision(workspace, revision)
    prefix = workspace.resolve().relative_to(Path(top).resolve()).as_posix()
    args = ["archive", "--format=tar", commit]
    if prefix != ".":
        args.append(f"{prefix}/")
    try:
        data = _git(Path(top), *args)
    except GitProblem as exc:
        if "did not match any files" in str(exc):
            target = destination / prefix
            target.mkdir(parents=True, exist_ok=True)
            return target
        raise
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(destination, filter="data")
        else:  # pragma: no cover - Pythons before the extraction filters
            safe = [m for m in archive.getmembers() if not (m.issym() or m.islnk())
                    and not m.name.startswith("/") and ".." not in Path(m.name).parts]
            archive.extractall(destination, members=safe)
    return destination if prefix == "." else destination / prefix
