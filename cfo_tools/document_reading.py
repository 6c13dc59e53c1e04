"""Read many documents, on every core when there are enough of them to pay for it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

from cfo_tools.workspace_files import DocumentFile
from cfo_tools.yaml_loading import LoadedDocument, read_document

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def read_documents(
    files: Sequence[DocumentFile], *, jobs: int | None = None
) -> list[LoadedDocument]:
    """Documents in the order of ``files``. Texts are kept only for documents with findings;
    the others are read again if a later check needs their line numbers."""
    jobs = available_cores() if jobs is None else jobs
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD or "fork" not in _start_methods():
        return [read_document(f.path, f.file, keep_text=False) for f in files]
    chunk = max(16, len(files) // (jobs * 8))
    # fork: the workers inherit the imported loader, so start-up costs nothing to speak of.
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_read, [(f.path, f.file) for f in files], chunksize=chunk)


def _read(item: tuple[os.PathLike[str], str]) -> LoadedDocument:
    path, file = item
    from pathlib import Path

    return read_document(Path(path), file, keep_text=False)


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()
