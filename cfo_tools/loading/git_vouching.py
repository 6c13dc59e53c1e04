"""Which files of a fresh Git checkout are, byte for byte, the blobs Git's index names.

A fresh checkout (CI's, the cache restored) has new inodes and dates: the stat index cannot
vouch for any file, and reading and hashing the 110,000 files of a large workspace cost
1.4 s of CPU. Git can: its index holds each tracked file's blob id with the stat of the file
it wrote, and ``git diff-files`` lists, from a stat of each file (in C, on several threads),
every file whose stat is no longer the index's (a racily clean one is compared by content).
A file it does not list, with no attribute and no ``core.autocrlf`` to convert it, holds
the bytes of its blob; when the stat index learned that blob id from bytes it read and
hashed, the file's hash is the row's, unread.

Only the ``git`` command is asked (never its binary index read here), with the settings that
would weaken its stat check overridden (``core.checkStat``, ``core.trustctime``,
``core.fsmonitor``); nothing is vouched for an entry marked assume-unchanged or
skip-worktree, unmerged, a link or a submodule, nor when a variable points Git at another
repository or index. What remains is Git's own blind spot: a conversion made at checkout by
a setting or attribute removed since that kept the file's size.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from binascii import hexlify
from collections.abc import Sequence
from pathlib import Path
from typing import IO

#: The id Git gives a blob: SHA-1 of a header and the bytes.
BLOB_BYTES = 20
#: The blob id of a file whose blob is not known.
UNKNOWN_BLOB = bytes(BLOB_BYTES)
#: Variables that point Git at another repository, work tree or index than the one it
#: would find from the workspace's folder.
_REDIRECTING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE")
#: Settings that would make Git trust a stat less than its default (or not stat at all).
_STRICT = ("-c", "core.checkStat=default", "-c", "core.trustctime=true",
           "-c", "core.fsmonitor=false", "-c", "core.ignoreStat=false")
#: How long Git may take (it never waits for a lock to read).
_TIMEOUT_SECONDS = 60
_FALSE = {"", "false", "no", "off", "0"}
#: What Git is asked, in this order: the index's entries with their blob ids and flags, the
#: files whose stat is not the index's, whether line endings are converted, and the
#: attributes of the files asked about (names given on the standard input).
_COMMANDS = (("ls-files", "--stage", "-v", "-z"),
             ("diff-files", "--name-only", "--relative", "-z"),
             ("config", "--get", "core.autocrlf"),
             ("check-attr", "--all", "--stdin", "-z"))


def blob_id(raw: bytes) -> bytes:
    """Git's id of a blob holding ``raw``."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).digest()


def in_work_tree(root: Path) -> bool:
    """Whether ``root`` lies in a Git work tree (a ``.git`` in it or above), so that blob
    ids are worth computing."""
    try:
        real = root.resolve()
    except OSError:
        return False
    return any((folder / ".git").exists() for folder in (real, *real.parents))


class GitVouching:
    """Git's commands asked about the workspace at ``root``, started at once so that they
    run while this process does other work (its own stat of the files); :meth:`vouched`
    collects what they say. ``files`` are the workspace-relative names asked about."""

    def __init__(self, root: Path, files: Sequence[str]) -> None:
        #: When Git started: a file dated later may have changed after Git's stat of it.
        self.started = time.time_ns()
        self._processes: list[subprocess.Popen[bytes]] = []
        self._names: IO[bytes] | None = None
        if any(name in os.environ for name in _REDIRECTING):
            return
        base = ["git", "-C", str(root), *_STRICT]
        try:
            # Git's standard input, read while this process does other work; closed by
            # ``vouched`` once Git is done.
            self._names = tempfile.TemporaryFile()  # noqa: SIM115
            self._names.write(b"\0".join(_encoded(files)) + b"\0")
            self._names.seek(0)
            for command in _COMMANDS:
                given = self._names if command[0] == "check-attr" else subprocess.DEVNULL
                self._processes.append(subprocess.Popen(
                    [*base, *command], stdin=given, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL))
        except OSError:  # no git, no temporary file
            _stop(self._processes)
            self._processes = []

    def vouched(self, files: Sequence[str], blobs: bytes) -> list[bool] | None:
        """Whether Git vouches that each of ``files`` holds the bytes of the blob whose id is
        given (``blobs``: one id of :data:`BLOB_BYTES` per file, :data:`UNKNOWN_BLOB` for a
        file whose blob is not known): tracked with that blob, a regular file in a plain
        entry, its stat the index's, no attribute. None when Git cannot be asked (missing,
        not a work tree, a conversion configured)."""
        processes, self._processes = self._processes, []
        try:
            if len(processes) != len(_COMMANDS):
                return None
            outputs = [(process.communicate(timeout=_TIMEOUT_SECONDS)[0], process.returncode)
                       for process in processes]
        except subprocess.TimeoutExpired:
            return None
        finally:
            _stop(processes)
            if self._names is not None:
                self._names.close()
                self._names = None
        (staged, listed), (changed, diffed), (autocrlf, configured), (attributes, checked) \
            = outputs
        if listed or diffed or checked or configured not in (0, 1) \
                or autocrlf.strip().lower().decode("utf-8", "replace") not in _FALSE:
            return None
        # Each file's entry as ``git ls-files --stage -v -z`` writes a plain one (tag ``H``:
        # neither assume-unchanged nor skip-worktree; a regular file; stage 0), looked up
        # among Git's entries: no entry of Git's is parsed.
        entries = set(staged.split(b"\0"))
        names = _encoded(files)
        ids = hexlify(blobs)
        found = [b"H 100644 %s 0\t%s" % (ids[at:at + 2 * BLOB_BYTES], name) in entries
                 for at, name in zip(range(0, len(ids), 2 * BLOB_BYTES), names, strict=True)]
        for at in [at for at, known in enumerate(found) if not known]:
            blob = blobs[BLOB_BYTES * at:BLOB_BYTES * at + BLOB_BYTES]
            if blob != UNKNOWN_BLOB:
                # An executable file (rare), or one that changed: looked up with its mode.
                found[at] = b"H 100755 %s 0\t%s" % (hexlify(blob), names[at]) in entries
        # What ``diff-files`` lists (not the index's stat), and ``path NUL attribute NUL
        # value NUL`` for each attribute set on a path.
        fields = attributes.split(b"\0")
        doubtful = set(changed.split(b"\0")) | set(fields[0:len(fields) - 1:3])
        doubtful.discard(b"")
        if doubtful:
            for at in [at for at, name in enumerate(names) if name in doubtful]:
                found[at] = False
        return found


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Each of ``processes`` ended (killed if still running) and reaped."""
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _encoded(files: Sequence[str]) -> list[bytes]:
    """Each name as the file system's bytes (Git's paths), encoded in one call."""
    return "\0".join(files).encode(sys.getfilesystemencoding(),
                                   sys.getfilesystemencodeerrors()).split(b"\0")
