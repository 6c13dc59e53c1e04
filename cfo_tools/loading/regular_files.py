"""Read a workspace file only when it is a regular file of a sane size.

A FIFO or a device named ``*.yaml`` would block a read forever or never end, and a huge file
would fill the memory; data arrives through pull requests, so neither may reach a reader.
The file is opened without blocking, checked on the open descriptor (so a FIFO swapped in after
the scan cannot block either), and read up to a limit.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: The largest file read (10 MiB): far above any real freelancer, mission or schema file.
MAX_FILE_BYTES = 10 * 1024 * 1024

#: O_NONBLOCK and O_NOCTTY exist where FIFOs and terminals do (not on Windows); O_BINARY only on
#: Windows, where without it the C library reads "\r\n" as "\n" and stops at a Ctrl-Z byte.
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


@dataclass(frozen=True)
class FileProblem:
    """Why a file was not read: ``rule`` is ``not-a-file``, ``file-too-large`` or
    ``read-error``."""

    rule: str
    message: str


def what_it_is(mode: int) -> str:
    """A file type in words, for messages."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular(path: Path) -> FileProblem | None:
    """A problem when ``path`` (links followed) is not a regular file; None when it is."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return FileProblem("read-error", f"cannot read the file: {exc.strerror or exc}")
    if stat.S_ISREG(mode):
        return None
    return FileProblem("not-a-file", f"this is {what_it_is(mode)}, not a file; it is not read: "
                                     "replace it with a regular file")


def read_regular_file(path: Path | str, *, limit: int | None = None) -> bytes | FileProblem:
    """The bytes of ``path``, or why they were not read (``limit`` defaults to
    :data:`MAX_FILE_BYTES`)."""
    if limit is None:
        limit = MAX_FILE_BYTES
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as exc:
        return FileProblem("read-error", f"cannot read the file: {exc.strerror or exc}")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return FileProblem("not-a-file", f"this is {what_it_is(status.st_mode)}, not a "
                                             "file; it is not read: replace it with a regular "
                                             "file")
        chunks = []
        size = 0
        # A file as large as its stat says comes in one read asked for a byte more, so that
        # its end shows without a second call (110,000 calls saved on a large workspace); a
        # file that grew or shrank meanwhile, or a short read, goes on to its end.
        expected = min(status.st_size, limit)
        first = os.read(descriptor, expected + 1)
        if first:
            chunks.append(first)
            size = len(first)
        if size != expected:
            while size <= limit:
                chunk = os.read(descriptor, min(1024 * 1024, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as exc:
        return FileProblem("read-error", f"cannot read the file: {exc.strerror or exc}")
    finally:
        os.close(descriptor)
    if size > limit:
        return FileProblem("file-too-large", f"the file is larger than {_size(limit)}; it is not "
                                             "read: split it or trim it")
    return b"".join(chunks)


def read_with_status(path: str) -> tuple[bytes, os.stat_result | None] | FileProblem:
    """The bytes of ``path`` (up to :data:`MAX_FILE_BYTES`) with the status of the file they
    were read from, taken on its open descriptor before the read (None when the file's size
    changed meanwhile), or why they were not read. Made for reading every file of a fresh
    checkout: one open, one status and one read per file, and the careful path of
    :func:`read_regular_file` for anything unusual."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        descriptor = -1
    if descriptor >= 0:
        try:
            status = os.fstat(descriptor)
            if stat.S_ISREG(status.st_mode) and status.st_size <= MAX_FILE_BYTES:
                raw = os.read(descriptor, status.st_size + 1)
                if len(raw) == status.st_size:
                    return raw, status
        except OSError:
            pass
        finally:
            os.close(descriptor)
    again = read_regular_file(path)
    return again if isinstance(again, FileProblem) else (again, None)


def _size(count: int) -> str:
    mebibyte = 1024 * 1024
    return f"{count // mebibyte} MiB" if count % mebibyte == 0 else f"{count} bytes"
