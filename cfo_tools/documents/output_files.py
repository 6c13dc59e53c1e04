"""Writing generated files: never over an existing file without ``force``, always atomically
(a temporary file in the same folder, then a rename), so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputExists(Exception):
    """The target exists (or the folder is not empty) and ``force`` was not given."""


def write_file(path: Path, content: str | bytes, *, force: bool = False) -> None:
    if path.is_dir():
        raise OutputExists(f"{path} is a folder")
    if path.exists() and not force:
        raise OutputExists(f"{path} already exists; use --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prepare_folder(path: Path, *, force: bool = False) -> None:
    """Make sure ``path`` is a folder we may write into: new or empty, or ``force``."""
    if path.exists() and not path.is_dir():
        raise OutputExists(f"{path} exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise OutputExists(f"{path} is not empty; use --force to write into it")
    path.mkdir(parents=True, exist_ok=True)
