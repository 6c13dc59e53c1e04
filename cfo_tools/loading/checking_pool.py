"""Check many documents, on every core when there are enough of them to pay for it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

from cfo_tools.loading.document_checking import CheckedDocument, check_document
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.schemas import DocumentValidator

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400

#: The validators the worker processes use; set before they are forked, so each inherits the
#: compiled schemas instead of compiling them again.
_VALIDATORS: dict[str, DocumentValidator] = {}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_documents(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                    *, jobs: int | None = None) -> list[CheckedDocument]:
    """Each document read, validated and built, in the order of ``files``."""
    jobs = available_cores() if jobs is None else jobs
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD or "fork" not in _start_methods():
        return [check_document(f, validators) for f in files]
    chunk = max(16, len(files) // (jobs * 8))
    _VALIDATORS.clear()
    _VALIDATORS.update(validators)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_check_in_worker, files, chunksize=chunk)


def _check_in_worker(spec: DocumentFile) -> CheckedDocument:
    return check_document(spec, _VALIDATORS)


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()
