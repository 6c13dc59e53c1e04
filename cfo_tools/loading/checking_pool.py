"""Check many documents, on every core when there are enough of them to pay for it, and
through the document cache when there is one.

The pool works with every start method: ``fork`` (Linux's default) lets the workers inherit the
compiled schemas; ``spawn`` (the only one on Windows, the default on macOS) starts fresh
interpreters, which compile them once each from the schemas handed to the pool's initializer.

With a cache, the main process finds every document's key (from the workspace's stat index,
reading and hashing only the files whose stat changed) and takes what the workspace's snapshot
or the per-file entries hold; only the other documents are checked, each worker storing its
results (with their line maps, built in the same parse) in one transaction per batch of files.

Every document checked here comes back with its line map, cache or not: the cross-file rules
that run next in the main process locate their findings from it, instead of reading and
scanning again, on one core, every file they name (12,400 of the 22,000 synthetic files).

When the run will write a new snapshot (a cold cache, many edits), the workers send each
batch's entries back pickled as a part of it (``workspace_snapshot.SnapshotParts``): the main
process loads them and keeps the bytes, so the snapshot is written without pickling 22,000
records a second time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cfo_tools.loading.background_writes import write_beside
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_checking import (
    CheckedDocument,
    Model,
    check_content,
    check_document,
    unreadable,
)
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.stat_index import document_keys_by_stat
from cfo_tools.loading.workspace_snapshot import (
    SnapshotParts,
    WorkspaceSnapshot,
    pickled_part,
)
from cfo_tools.model.findings import Finding

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
#: From this many documents not in the workspace's snapshot, the snapshot is written by a
#: child process beside the command (``background_writes``).
BACKGROUND_SNAPSHOT = 2000

#: The validators the worker processes use: inherited from the parent under ``fork``, compiled
#: by :func:`_start_worker` under ``spawn``.
_VALIDATORS: dict[str, DocumentValidator] = {}
_CACHE: list[DocumentCache] = []
#: Whether the workers send their entries back as parts of a new snapshot.
_AS_PARTS: list[bool] = []


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def document_keys(files: Sequence[DocumentFile], cache: DocumentCache,
                  root: Path | None = None) -> list[bytes | CheckedDocument]:
    """Each document's key in ``cache``, or the document itself when it cannot be read. With
    the workspace's ``root``, files whose stat is unchanged are not read (``stat_index``)."""
    if root is None:
        contents = [read_regular_file(spec.path) for spec in files]
        keys: list[bytes | FileProblem] = [
            raw if isinstance(raw, FileProblem) else cache.key(spec, raw)
            for spec, raw in zip(files, contents, strict=True)]
    else:
        keys = document_keys_by_stat(cache, root, files)
    return [unreadable(spec, found) if isinstance(found, FileProblem) else found
            for spec, found in zip(files, keys, strict=True)]


def check_documents(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                    *, jobs: int | None = None, start_method: str | None = None,
                    cache: DocumentCache | None = None, root: Path | None = None,
                    keys: list[bytes | CheckedDocument] | None = None,
                    briefs: bool = True) -> list[CheckedDocument]:
    """Each document read, validated and built, in the order of ``files``. ``start_method``
    is multiprocessing's (default: ``fork`` where the system has it, else ``spawn``). With a
    cache, ``keys`` are :func:`document_keys`' (computed when not given), and with the
    workspace's ``root`` the documents of its last run come from its snapshot (without the
    missions' briefs when not ``briefs``: see ``workspace_snapshot``)."""
    if cache is None:
        return _check_all(files, validators, jobs, start_method, None)
    if keys is None:
        keys = document_keys(files, cache, root)
    snapshot = None if root is None else WorkspaceSnapshot(cache, root, briefs=briefs)
    known = {} if snapshot is None else snapshot.entries
    done: dict[int, CheckedDocument] = {}
    wanted: dict[int, bytes] = {}
    for index, key in enumerate(keys):
        if isinstance(key, CheckedDocument):
            done[index] = key
        elif key in known:
            findings, model, text = known[key]
            done[index] = CheckedDocument(files[index], findings, model, text, None, key)
        else:
            wanted[index] = key
    entries = cache.entries(list(wanted.values())) if wanted else {}
    missing: list[int] = []
    for index, key in wanted.items():
        entry = entries.get(key)
        if entry is None:
            missing.append(index)
        else:
            findings, model, text = entry
            done[index] = CheckedDocument(files[index], findings, model, text, None, key)
    # A new base is then certain: its records are best pickled once, by the workers.
    parts = (SnapshotParts() if snapshot is not None
             and snapshot.replaced_after(len(missing), len(files)) else None)
    checked = _check_all([files[i] for i in missing], validators, jobs, start_method, cache,
                         parts)
    done.update(zip(missing, checked, strict=True))
    result = [done[index] for index in range(len(files))]
    if snapshot is not None:
        entries = {document.key: (document.findings, document.model, document.text)
                   for document in result if document.key is not None}
        # A new base (a cold run, many edits) is worth a core of its own; a delta is not.
        if len(wanted) >= BACKGROUND_SNAPSHOT:
            cache.close()  # as before the pool: no SQLite connection may cross a fork
            write_beside(snapshot.save, entries, parts)
        else:
            snapshot.save(entries, parts)
    return result


def _check_all(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
               jobs: int | None, start_method: str | None, cache: DocumentCache | None,
               parts: SnapshotParts | None = None) -> list[CheckedDocument]:
    """``parts``: gathers the workers' entries as parts of a new snapshot (with a cache)."""
    jobs = available_cores() if jobs is None else jobs
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        if cache is None:
            return [check_document(f, validators, line_map=True) for f in files]
        return _check_and_store(files, validators, cache)
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                              else "spawn")
    batches = _batches(files, jobs)
    _VALIDATORS.clear()
    _VALIDATORS.update(validators)
    _CACHE[:] = [cache] if cache else []
    if cache is not None:
        cache.close()
    schemas = {kind: (validator.schema, validator.covers_model)
               for kind, validator in validators.items()}
    as_parts = parts is not None and cache is not None
    with multiprocessing.get_context(method).Pool(
            jobs, initializer=_start_worker, initargs=(schemas, cache, as_parts)) as pool:
        # In order, as each batch arrives: its entries are loaded while the workers go on, and
        # their bytes are not all held at once.
        checked: list[CheckedDocument] = []
        for batch, (sent_back, part) in zip(batches, pool.imap(_check_in_worker, batches),
                                            strict=True):
            entries = {} if part is None or parts is None else parts.add(part)
            checked += [_received(spec, sent, entries)
                        for spec, sent in zip(batch, sent_back, strict=True)]
        return checked


#: The smallest batch of files given to a worker at once.
SMALLEST_BATCH = 64


def _batches(files: Sequence[DocumentFile], jobs: int) -> list[Sequence[DocumentFile]]:
    """Batches shrinking as the work left does (a share of what remains each time): large
    ones first, for few round trips and much sharing in each pickle, small ones last, so that
    no core waits long for another's last batch at the end."""
    batches = []
    start = 0
    while start < len(files):
        size = max(SMALLEST_BATCH, (len(files) - start) // (jobs * 4))
        batches.append(files[start:start + size])
        start += size
    return batches


def _received(spec: DocumentFile, sent: _SentBack,
              entries: dict[bytes, tuple[Any, Any, Any]]) -> CheckedDocument:
    sent_findings, model, text, key, positions = sent
    if sent_findings is None and key is not None:  # sent in the batch's snapshot part
        findings, model, text = entries[key]
    else:
        findings = sent_findings or []
    return CheckedDocument(spec, findings, model, text,
                           None if positions is None else LineMap(*positions), key)


def _check_and_store(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                     cache: DocumentCache) -> list[CheckedDocument]:
    """Check ``files``, storing each result and its line map under the key of the bytes read
    (the file may have changed since the main process hashed it)."""
    checked: list[CheckedDocument] = []
    stored: list[tuple[bytes, Any, Any]] = []
    for spec in files:
        raw = read_regular_file(spec.path)
        if isinstance(raw, FileProblem):
            checked.append(unreadable(spec, raw))
            continue
        document = check_content(spec, raw, validators, line_map=True)
        document.key = cache.key(spec, raw)
        stored.append((document.key, (document.findings, document.model, document.text),
                       None if document.positions is None else document.positions.to_data()))
        checked.append(document)
    cache.store(stored)
    return checked


def _start_worker(schemas: dict[str, tuple[dict[str, Any], bool]],
                  cache: DocumentCache | None = None, as_parts: bool = False) -> None:
    if not _VALIDATORS:  # a spawned worker: nothing inherited
        _VALIDATORS.update({kind: DocumentValidator(schema, covers_model=covers)
                            for kind, (schema, covers) in schemas.items()})
    _CACHE[:] = [cache] if cache else []
    _AS_PARTS[:] = [as_parts]


#: What a worker sends back for one document: findings, model, text, cache key and line map,
#: never the file's spec, which the main process has (a third less to pickle and unpickle).
#: One pickle per batch, so that values shared by documents stay shared: an entry per document
#: would hold its own copy of each (the line maps' pointers are made once per worker, see
#: ``yaml_documents``: a batch's maps pickle to a quarter of their size).
#: With parts (see the module's docstring), a document with a key is sent back as its key and
#: line map only (findings None), its entry being in the batch's part.
_SentBack = tuple[list[Finding] | None, Model | None, str | None, bytes | None,
                  tuple[dict[str, int], list[int]] | None]


def _check_in_worker(files: Sequence[DocumentFile]
                     ) -> tuple[list[_SentBack], tuple[bytes, bytes] | None]:
    checked = (_check_and_store(files, _VALIDATORS, _CACHE[0]) if _CACHE
               else [check_document(spec, _VALIDATORS, line_map=True) for spec in files])
    if not (_CACHE and _AS_PARTS and _AS_PARTS[0]):
        return [_sent(document, False) for document in checked], None
    part = pickled_part((document.key, (document.findings, document.model, document.text))
                        for document in checked if document.key is not None)
    return [_sent(document, document.key is not None) for document in checked], part


def _sent(document: CheckedDocument, in_part: bool) -> _SentBack:
    positions = None if document.positions is None else document.positions.to_data()
    if in_part:
        return None, None, None, document.key, positions
    return document.findings, document.model, document.text, document.key, positions
