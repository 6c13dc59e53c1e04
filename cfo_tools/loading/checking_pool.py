"""Check many documents, on every core when there are enough of them to pay for it.

The pool works with every start method: ``fork`` (Linux's default) lets the workers inherit the
compiled schemas; ``spawn`` (the only one on Windows, the default on macOS) starts fresh
interpreters, which compile them once each from the schemas handed to the pool's initializer.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from cfo_tools.loading.document_checking import CheckedDocument, check_document
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.schemas import DocumentValidator

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400

#: The validators the worker processes use: inherited from the parent under ``fork``, compiled
#: by :func:`_start_worker` under ``spawn``.
_VALIDATORS: dict[str, DocumentValidator] = {}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_documents(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                    *, jobs: int | None = None,
                    start_method: str | None = None) -> list[CheckedDocument]:
    """Each document read, validated and built, in the order of ``files``. ``start_method``
    is multiprocessing's (default: ``fork`` where the system has it, else ``spawn``)."""
    jobs = available_cores() if jobs is None else jobs
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        return [check_document(f, validators) for f in files]
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                              else "spawn")
    chunk = max(16, len(files) // (jobs * 8))
    _VALIDATORS.clear()
    _VALIDATORS.update(validators)
    schemas = {kind: (validator.schema, validator.covers_model)
               for kind, validator in validators.items()}
    with multiprocessing.get_context(method).Pool(
            jobs, initializer=_start_worker, initargs=(schemas,)) as pool:
        return pool.map(_check_in_worker, files, chunksize=chunk)


def _start_worker(schemas: dict[str, tuple[dict[str, Any], bool]]) -> None:
    if not _VALIDATORS:  # a spawned worker: nothing inherited
        _VALIDATORS.update({kind: DocumentValidator(schema, covers_model=covers)
                            for kind, (schema, covers) in schemas.items()})


def _check_in_worker(spec: DocumentFile) -> CheckedDocument:
    return check_document(spec, _VALIDATORS)
