"""Each document's key in the cache, made where its file is read.

A warm run takes nearly every key from the stat index, for the cost of a stat per file. A cold
one (no snapshot of the workspace in this context: a first run, a new version of the tool or
of a schema, a copy elsewhere) has to read and hash every file to know its key, which the main
process did alone before the pool started (0.5 s of a 6.5 s cold run on 22,000 files), and the
pool's workers then read every file again to check it. Such keys are better left *pending*:
each worker makes them from the bytes it reads and sends them back with the documents (and
the hashes the stat index keeps), so the pool starts at once and every file is read once.

Whatever needs every key before the documents are checked (the run memo of a workspace seen
before, ``check``'s report by file, the views of ``find`` and ``status``) asks
:meth:`DocumentKeys.complete`, which reads and hashes the pending files here, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import cast

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_checking import CheckedDocument, unreadable
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.stat_index import StatIndex

#: A document's key, or the document itself when its file cannot be read.
Key = bytes | CheckedDocument


class DocumentKeys:
    """The keys of ``files`` in ``cache``; with the workspace's ``root``, through its stat
    index (then written back). With ``defer``, the keys of the files the index cannot vouch
    for are left pending (None in :attr:`known`) for the pool's workers."""

    def __init__(self, cache: DocumentCache, root: Path | None, files: Sequence[DocumentFile],
                 *, defer: bool = False) -> None:
        self._cache = cache
        self._files = files
        self._index = None if root is None else StatIndex(cache, root)
        self._saved = False
        found: list[bytes | FileProblem | None]
        if self._index is not None:
            found = self._index.document_keys(files, defer=defer)
        elif defer:
            found = [None] * len(files)
        else:
            found = [self._read_key(spec) for spec in files]
        #: Each document's key, the unreadable ones as their document, None while pending.
        self.known: list[Key | None] = cast("list[Key | None]", found)
        # Looked for at once, not file by file: there is seldom one among 110,000.
        if any(map(isinstance, found, repeat(FileProblem))):
            self.known = [unreadable(spec, key) if isinstance(key, FileProblem) else key
                          for spec, key in zip(files, found, strict=True)]
        self.pending = self.known.count(None)
        if not self.pending:
            self.save_index()

    def _read_key(self, spec: DocumentFile) -> bytes | FileProblem:
        raw = read_regular_file(spec.path)
        return raw if isinstance(raw, FileProblem) else self._cache.key(spec, raw)

    def complete(self) -> list[Key]:
        """Every document's key, the pending ones read and hashed here."""
        if self.pending:
            self._read([position for position, key in enumerate(self.known) if key is None])
        return cast("list[Key]", self.known)

    def complete_at(self, positions: Sequence[int]) -> list[Key]:
        """The keys of the documents at ``positions`` (in that order), those pending read
        and hashed here; the others stay pending for the pool's workers (a command that
        needs the keys of a few documents first: the company's, the freelancers' of
        ``cfo calendar``'s views)."""
        if self.pending:
            self._read([position for position in positions if self.known[position] is None])
        return [cast("Key", self.known[position]) for position in positions]

    def _read(self, positions: list[int]) -> None:
        if not positions:
            return
        specs = [self._files[position] for position in positions]
        found = (self._index.read_keys(specs) if self._index is not None
                 else [self._read_key(spec) for spec in specs])
        for position, spec, key in zip(positions, specs, found, strict=True):
            self.known[position] = unreadable(spec, key) if isinstance(key, FileProblem) \
                else key
        self.pending -= len(positions)
        self.save_index()

    def learn(self, position: int, document: CheckedDocument) -> None:
        """The key a worker made of the pending document at ``position`` from the bytes it
        read (``document.key``; None when it could not read them)."""
        if self.known[position] is not None:
            return
        if document.key is None:
            self.known[position] = document
        else:
            self.known[position] = document.key
            if self._index is not None and document.content is not None:
                self._index.learn(document.spec.file, document.content, document.key)
        self.pending -= 1

    def save_index(self) -> None:
        """Write the stat index back (once), when every key is known."""
        if self._index is not None and not self._saved and not self.pending:
            self._saved = True
            self._index.save()
