"""Links from the site to a workspace file's line on the forge (GitHub), when the workspace's
repository has an ``origin`` there."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import quote

#: The owner/name of a GitHub repository in the forms ``git remote`` prints. Credentials an
#: https address may carry are never kept: the address is rebuilt from owner and name alone.
_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^/@]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$")
#: A commit's id: SHA-1, or SHA-256 in a repository of that object format.
_COMMIT_ID = r"[0-9a-f]{40}(?:[0-9a-f]{24})?"
_COMMIT = re.compile(_COMMIT_ID)
#: The commit in an address made by :func:`github_blob_base`.
_BLOB_COMMIT = re.compile(r"^https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/blob/"
                          rf"(?P<commit>{_COMMIT_ID})/")


def github_blob_base(remote: str, commit: str, prefix: str = "") -> str | None:
    """``https://github.com/<owner>/<name>/blob/<commit>/<prefix>`` for a GitHub ``remote``,
    else None. ``prefix`` is the workspace's folder inside the repository ("" at its root)."""
    match = _GITHUB_REMOTE.match(remote.strip())
    if match is None or not is_commit(commit) or match["name"] in (".", ".."):
        return None
    folder = "/".join(quote(part) for part in prefix.strip("/").split("/") if part)
    return (f"https://github.com/{match['owner']}/{match['name']}/blob/{commit}/"
            + (folder + "/" if folder else ""))


def is_commit(text: str) -> bool:
    """Whether ``text`` is written as a commit's id (lower-case hex of its length)."""
    return _COMMIT.fullmatch(text) is not None


def split_commit(base: str) -> tuple[str, str, str] | None:
    """An address made by :func:`github_blob_base` as what comes before its commit, the
    commit and what follows; None for any other."""
    match = _BLOB_COMMIT.match(base)
    if match is None:
        return None
    start, end = match.span("commit")
    return base[:start], base[start:end], base[end:]


def line_link(base: str, file: str, line: int | None) -> str:
    """The forge address of ``file`` (workspace-relative), at ``line`` when known."""
    address = base + "/".join(quote(part) for part in file.split("/"))
    return f"{address}#L{line}" if line else address


def git_source_base(root: Path) -> str | None:
    """The forge base of the workspace at ``root`` from its Git clone, or None (no Git, no
    ``origin``, not on GitHub)."""
    answers = [_git(root, *args) for args in (("remote", "get-url", "origin"),
                                               ("rev-parse", "HEAD"),
                                               ("rev-parse", "--show-prefix"))]
    remote, commit, prefix = answers
    if remote is None or commit is None:
        return None
    return github_blob_base(remote, commit, prefix or "")


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace").strip()
