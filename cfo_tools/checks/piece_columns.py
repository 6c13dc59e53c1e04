"""The files' rendered pieces of a report's state kept as columns, spliced (issue 16).

The state of ``cfo check`` keeps each file's entry: the key of its findings by source, its
rendered pieces (``reporters/pieces.py``: one string per part of the report) and its counts.
Kept as a dict, every run unpickled the large workspace's 80,000 entries (240,000 strings,
118 MB decoded from UTF-8) and sorted them, only to encode the strings again in order for the
output. Kept as columns, in the order of the files:

- the files' names, each followed by a NUL, in one string;
- their keys side by side in one byte string, their counts in an array;
- for each part of the report, the files' pieces encoded in UTF-8 and concatenated in one
  byte string, with the offset where each file's piece starts.

Each piece ends with what follows it in the report, so the pieces of consecutive files kept
are written as one slice of a column, as bytes (``PieceBlocks``), and the files rendered
again by this run are spliced in between. :class:`EntryTable` is the table as the state
reads and changes it: the columns with the entries changed since laid over them (the state's
delta, then this run's).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Iterator, Sequence
from pickle import PickleBuffer
from typing import Any

from cfo_tools.checks.file_keys_table import KEY_WIDTH
from cfo_tools.checks.row_columns import GONE, LaidOver

#: A file's entry: the key of its findings by source, its pieces, its counts.
Entry = tuple[bytes, tuple[str, ...], tuple[int, int, int]]
_SEPARATOR = "\0"  # in no file name
_OFFSETS = "q"
_LAYOUT = "piece-columns 1"
#: The most bytes of rows written as one block (``SplicedPieces.blocks``): half the chunk
#: the command writes at once (``cli.validate.ECHO_CHUNK``), so that the chunks joined from
#: a few blocks are of about one size, whose memory the allocator gives again (blocks of
#: the chunk's size made it map fresh pages for most chunks: 30,000 faults on 110 MB).
BLOCK_BYTES = 1 << 19


class EntryColumns:
    """Entries (file -> entry) as columns, in the order of the files."""

    def __init__(self, names: str, keys: bytes, counts: array[int],
                 texts: Sequence[bytes | memoryview], text_at: Sequence[array[int]]) -> None:
        self._names = names
        self._keys = keys
        self._counts = counts
        self._texts = texts
        self._text_at = text_at
        self.rows = len(counts) // 3
        self._files: list[str] | None = None

    @classmethod
    def of(cls, entries: dict[str, Entry]) -> EntryColumns | None:
        """``entries`` as columns; None when they cannot be (a NUL in a file's name, a key
        not of :data:`KEY_WIDTH` bytes, files of different numbers of pieces, a piece that
        is not text UTF-8 can encode)."""
        files = sorted(entries)
        rows = [entries[file] for file in files]
        parts = {len(entry[1]) for entry in rows}
        if len(parts) > 1 or any(len(entry[0]) != KEY_WIDTH for entry in rows) \
                or any(_SEPARATOR in file for file in files):
            return None
        texts: list[bytes] = []
        text_at: list[array[int]] = []
        for index in range(parts.pop() if parts else 0):
            try:
                pieces = [entry[1][index].encode() for entry in rows]
            except UnicodeEncodeError:
                return None
            texts.append(b"".join(pieces))
            text_at.append(array(_OFFSETS, [0, *itertools.accumulate(map(len, pieces))]))
        return cls("".join(file + _SEPARATOR for file in files),
                   b"".join(entry[0] for entry in rows),
                   array(_OFFSETS, [count for entry in rows for count in entry[2]]),
                   texts, text_at)

    def stored(self) -> tuple[Any, ...]:
        """What the cache keeps: plain strings and bytes (read by :meth:`from_stored`); the
        pieces out of band (``document_cache``: read back as views of the blob, not copied
        by the unpickler)."""
        return (_LAYOUT, self._names, self._keys, self._counts.tobytes(),
                tuple(PickleBuffer(text) for text in self._texts),
                tuple(at.tobytes() for at in self._text_at))

    @classmethod
    def from_stored(cls, value: Any) -> EntryColumns | None:
        """The columns :meth:`stored` gave, or None when ``value`` is not such."""
        if not (isinstance(value, tuple) and len(value) == 6 and value[0] == _LAYOUT):
            return None
        _, names, keys, counts_bytes, texts, text_at_bytes = value
        if not (isinstance(names, str) and isinstance(keys, bytes)
                and isinstance(counts_bytes, bytes) and isinstance(texts, tuple)
                and isinstance(text_at_bytes, tuple) and len(texts) == len(text_at_bytes)
                and all(isinstance(text, bytes) or (isinstance(text, memoryview)
                                                     and text.format == "B" and text.ndim == 1)
                        for text in texts)
                and all(isinstance(at, bytes) for at in text_at_bytes)):
            return None
        counts = array(_OFFSETS)
        text_at = [array(_OFFSETS) for _ in texts]
        try:
            counts.frombytes(counts_bytes)
            for at, packed in zip(text_at, text_at_bytes, strict=True):
                at.frombytes(packed)
        except ValueError:
            return None
        rows = len(counts) // 3
        if len(counts) % 3 or len(keys) != rows * KEY_WIDTH \
                or names.count(_SEPARATOR) != rows or (names and names[-1] != _SEPARATOR) \
                or any(len(at) != rows + 1 or at[0] != 0 or at[-1] != len(text)
                       for at, text in zip(text_at, texts, strict=True)):
            return None
        return cls(names, keys, counts, texts, text_at)

    def files(self) -> list[str]:
        """The files, in order (split once)."""
        if self._files is None:
            self._files = self._names[:-1].split(_SEPARATOR) if self.rows else []
        return self._files

    def row_of(self, file: str) -> int | None:
        files = self.files()
        at = bisect.bisect_left(files, file)
        return at if at < len(files) and files[at] == file else None

    def entry(self, row: int) -> Entry:
        counts = self._counts
        return (self._keys[row * KEY_WIDTH:(row + 1) * KEY_WIDTH],
                tuple(str(text[at[row]:at[row + 1]], "utf-8")
                      for text, at in zip(self._texts, self._text_at, strict=True)),
                (counts[3 * row], counts[3 * row + 1], counts[3 * row + 2]))

    def counts(self, row: int) -> tuple[int, int, int]:
        counts = self._counts
        return counts[3 * row], counts[3 * row + 1], counts[3 * row + 2]

    def totals(self) -> tuple[int, int, int]:
        counts = self._counts
        return sum(counts[0::3]), sum(counts[1::3]), sum(counts[2::3])

    def block(self, index: int, start: int, end: int) -> bytes:
        """The ``index``-th pieces of the rows from ``start`` to ``end`` (excluded), as one
        string of UTF-8."""
        at = self._text_at[index]
        return bytes(self._texts[index][at[start]:at[end]])

    def blocks(self, index: int, start: int, end: int, most: int) -> Iterator[bytes]:
        """:meth:`block`, in consecutive blocks of whole rows of at most ``most`` bytes (or
        of one longer row). Each is a copy, written out and freed before the next: made
        whole, the runs of a large report were 110 MB of pages touched for the first time
        (18,000 page faults, its peak memory 80 MB higher); a block at a time, the same few
        megabytes are used again."""
        at = self._text_at[index]
        while start < end:
            stop = max(start + 1, bisect.bisect_right(at, at[start] + most, start, end + 1) - 1)
            yield self.block(index, start, stop)
            start = stop


#: A run of the report: consecutive rows of the columns (start, end), or one entry laid
#: over them.
_Run = tuple[int, int] | Entry


class SplicedPieces(Sequence[tuple[str, ...]]):
    """The pieces of a report's files in order: runs of the columns' rows and entries laid
    over them (``reporters.pieces.PieceBlocks``)."""

    def __init__(self, columns: EntryColumns | None, runs: list[_Run], count: int) -> None:
        self._columns = columns
        self._runs = runs
        self._count = count
        self._starts = list(itertools.accumulate(
            (run[1] - run[0] if isinstance(run[0], int) else 1 for run in runs), initial=0))

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, position: Any) -> Any:
        if isinstance(position, slice):
            return [self[at] for at in range(*position.indices(self._count))]
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError(position)
        at = bisect.bisect_right(self._starts, position) - 1
        run = self._runs[at]
        if isinstance(run[0], int):
            assert self._columns is not None
            return self._columns.entry(run[0] + position - self._starts[at])[1]
        return run[1]

    def blocks(self, index: int) -> Iterator[str | bytes]:
        """The ``index``-th pieces, a run of the columns' rows as strings of UTF-8 of whole
        rows (not decoded: written as they are, see :meth:`EntryColumns.blocks`); its last
        row apart (a JSON list's last item is cut: a
        small string then, not the run)."""
        columns = self._columns
        for run in self._runs:
            if isinstance(run[0], int):
                assert columns is not None
                start, end = run
                yield from columns.blocks(index, start, end - 1, BLOCK_BYTES)
                yield columns.block(index, end - 1, end)
            else:
                yield run[1][index]


class EntryTable(LaidOver[str, Entry]):
    """A state's files' entries: its base's columns with the entries changed since laid
    over them."""

    def __init__(self, columns: EntryColumns | None = None) -> None:
        super().__init__()
        self._columns = columns

    @classmethod
    def from_stored(cls, value: Any) -> EntryTable | None:
        """The table :meth:`stored` gave, or None when ``value`` is not such."""
        columns = EntryColumns.from_stored(value)
        return None if columns is None else cls(columns)

    def stored(self) -> tuple[Any, ...] | None:
        """What a new base keeps: every entry as columns; None when they cannot be."""
        columns = EntryColumns.of(dict(self._items()))
        return None if columns is None else columns.stored()

    def _row_of(self, file: str) -> int | None:
        if self._columns is None or not isinstance(file, str):
            return None
        return self._columns.row_of(file)

    def _value_at(self, row: int) -> Entry:
        assert self._columns is not None
        return self._columns.entry(row)

    def _column_rows(self) -> int:
        return 0 if self._columns is None else self._columns.rows

    def _items(self) -> Iterator[tuple[str, Entry]]:
        over, columns = self._over, self._columns
        if columns is not None:
            yield from ((file, columns.entry(row)) for row, file in enumerate(columns.files())
                        if file not in over)
        yield from ((file, entry) for file, entry in over.items() if entry is not GONE)

    def report(self) -> tuple[list[str], SplicedPieces, tuple[int, int, int]]:
        """The files with entries in order, their pieces (runs of the columns' rows spliced
        with the entries laid over them) and the totals of their counts."""
        columns, over = self._columns, self._over
        column_files = [] if columns is None else columns.files()
        totals = [0, 0, 0] if columns is None else list(columns.totals())
        files: list[str] = []
        runs: list[_Run] = []
        start = 0  # the first row of the columns not in a run yet
        for file in sorted(over):
            row = bisect.bisect_left(column_files, file, lo=start)
            if row > start:
                runs.append((start, row))
                files.extend(column_files[start:row])
            start = row
            if row < len(column_files) and column_files[row] == file:
                assert columns is not None  # replaced or gone
                totals = [total - count for total, count in zip(totals, columns.counts(row),
                                                                 strict=True)]
                start = row + 1
            entry = over[file]
            if entry is not GONE:
                runs.append(entry)
                files.append(file)
                totals = [total + count for total, count in zip(totals, entry[2], strict=True)]
        if start < len(column_files):
            runs.append((start, len(column_files)))
            files.extend(column_files[start:])
        return files, SplicedPieces(columns, runs, len(files)), (totals[0], totals[1],
                                                                 totals[2])
