"""The positions the last runs looked up, kept as columns and read by key (issue 16).

The table of positions (``validation.SourceMaps``) maps (document key, JSON pointer) to the
(line, column) found there: 287,000 rows on the large workspace. Kept as a dict, every run
after an edit unpickled it whole (0.16-0.2 s, a million objects) to look up the positions of
the hundred findings it renders again. Kept as columns, loading is a copy of a few strings:

- the rows' document keys side by side in one byte string, sorted (rows of one document
  together, in no order among them): a document's rows are found by bisection on the key;
- the rows' pointers concatenated in one string, with the offset where each starts (any
  character may appear in a pointer: no separator is needed);
- the rows' lines and columns in one array of integers (:data:`_NONE` for None).

Sorting by key alone (bytes compared in C) makes the columns of a cold run's table for less
than pickling it as a dict cost. :class:`PositionTable` is the table as a run reads it: the
columns with the positions learned since (the kept delta, then the run's) laid over them.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Mapping
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any

from cfo_tools.checks.row_columns import GONE, LaidOver

Place = tuple[bytes, str]
Position = tuple[int | None, int | None]
#: The width of a document key (``document_cache.document_key``).
KEY_WIDTH = 32
#: A line or column that is None.
_NONE = -1
_INTEGERS = "q"
_LAYOUT = "position-columns 1"
#: A document's rows compared one by one up to this many; past it, indexed by pointer.
_SCANNED_UP_TO = 16


def _picked(values: list[Any], order: list[int]) -> list[Any]:
    """``values`` in ``order`` (their positions)."""
    return list(map(values.__getitem__, order))


class _Keys:
    """The columns' keys as a sequence bisection reads (a slice per row looked at)."""

    def __init__(self, keys: bytes) -> None:
        self._keys = keys

    def __len__(self) -> int:
        return len(self._keys) // KEY_WIDTH

    def __getitem__(self, row: int) -> bytes:
        return self._keys[row * KEY_WIDTH:(row + 1) * KEY_WIDTH]


class PositionColumns:
    """Positions ((document key, pointer) -> (line, column)) as columns."""

    def __init__(self, keys: bytes, pointers: str, pointer_at: array[int],
                 places: array[int]) -> None:
        self._keys = keys
        self._pointers = pointers
        self._pointer_at = pointer_at
        self._places = places
        self.rows = len(pointer_at) - 1
        #: key -> {pointer: row} of the documents with more than _SCANNED_UP_TO rows
        #: looked up so far, and of those with none (an edited document's new key).
        self._indexed: dict[bytes, dict[str, int]] = {}

    @classmethod
    def of(cls, positions: Mapping[Place, Position]) -> PositionColumns | None:
        """``positions`` as columns; None when they cannot be (a key not of
        :data:`KEY_WIDTH` bytes, a position that is not two integers from 0 (or None) that
        fit in 64 bits)."""
        # Each pass is one call into C (``map``, ``set``, ``chain``), not a loop of Python
        # over the rows: a cold check's 61,000 positions sorted with a key function and
        # checked value by value cost 0.19 s of the command's end, this about half.
        places = list(positions)
        row_keys = list(map(itemgetter(0), places))
        if not (set(map(type, row_keys)) <= {bytes} and set(map(len, row_keys)) <= {KEY_WIDTH}):
            return None
        order = sorted(range(len(places)), key=row_keys.__getitem__)
        found = _picked(list(positions.values()), order)
        if not (set(map(type, found)) <= {tuple} and set(map(len, found)) <= {2}):
            return None
        values = list(chain.from_iterable(found))
        # Only int and None are kept (a bool, an int to ``array``, is not a line).
        if not set(map(type, values)) <= {int, type(None)}:
            return None
        nones = values.count(None)
        try:
            column = array(_INTEGERS, [_NONE if value is None else value for value in values]
                           if nones else values)
        except OverflowError:
            return None
        # No negative value (-1 would read back as None): the only negative integers in the
        # column are then the Nones'.
        if column.count(_NONE) != nones or (column and min(column) < _NONE):
            return None
        pointers = _picked(list(map(itemgetter(1), places)), order)
        pointer_at = array(_INTEGERS, accumulate(map(len, pointers), initial=0))
        return cls(b"".join(_picked(row_keys, order)), "".join(pointers), pointer_at, column)

    def stored(self) -> tuple[Any, ...]:
        """What the cache keeps: plain strings and bytes (read by :meth:`from_stored`)."""
        return (_LAYOUT, self._keys, self._pointers, self._pointer_at.tobytes(),
                self._places.tobytes())

    @classmethod
    def from_stored(cls, value: Any) -> PositionColumns | None:
        """The columns :meth:`stored` gave, or None when ``value`` is not such (another
        layout, a table kept as a dict, columns of other lengths)."""
        if not (isinstance(value, tuple) and len(value) == 5 and value[0] == _LAYOUT):
            return None
        _, keys, pointers, pointer_at_bytes, places_bytes = value
        if not (isinstance(keys, bytes) and isinstance(pointers, str)
                and isinstance(pointer_at_bytes, bytes) and isinstance(places_bytes, bytes)):
            return None
        pointer_at, places = array(_INTEGERS), array(_INTEGERS)
        try:
            pointer_at.frombytes(pointer_at_bytes)
            places.frombytes(places_bytes)
        except ValueError:
            return None
        rows = len(pointer_at) - 1
        if rows < 0 or pointer_at[0] != 0 or pointer_at[-1] != len(pointers) \
                or len(keys) != KEY_WIDTH * rows or len(places) != 2 * rows:
            return None
        return cls(keys, pointers, pointer_at, places)

    def row_of(self, place: Place) -> int | None:
        """The row of ``place``, None when the columns have none."""
        key, pointer = place
        if not isinstance(key, bytes) or len(key) != KEY_WIDTH:
            return None
        indexed = self._indexed.get(key)
        if indexed is not None:
            return indexed.get(pointer)
        keys = _Keys(self._keys)
        first = bisect.bisect_left(keys, key)
        end = bisect.bisect_right(keys, key, first)
        at, pointers = self._pointer_at, self._pointers
        if first == end:
            # No row: said at once for its next pointers. The positions of the edited
            # document, under its new key, are asked for here first, each in turn: 48,000
            # findings in one edited file cost 2 bisections each, 1.3 million keys read.
            self._indexed[key] = {}
            return None
        if end - first > _SCANNED_UP_TO:
            # A document of many positions (a mission of thousands of assignments) is
            # indexed once: scanning its rows for each of its pointers was quadratic (one
            # edit of a freelancer booked on a 50,000-assignment mission: 45 s of lookups).
            # Read backwards so that the first row of a pointer wins, as the scan has it.
            indexed = {pointers[at[row]:at[row + 1]]: row for row in range(end - 1, first - 1, -1)}
            self._indexed[key] = indexed
            return indexed.get(pointer)
        for row in range(first, end):
            if pointers[at[row]:at[row + 1]] == pointer:
                return row
        return None

    def position(self, row: int) -> Position:
        line, column = self._places[2 * row], self._places[2 * row + 1]
        return (None if line == _NONE else line, None if column == _NONE else column)

    def items(self) -> Iterator[tuple[Place, Position]]:
        """Every row, in the columns' order."""
        keys, pointers, at = _Keys(self._keys), self._pointers, self._pointer_at
        for row in range(self.rows):
            yield (keys[row], pointers[at[row]:at[row + 1]]), self.position(row)


class PositionTable(LaidOver[Place, Position]):
    """The positions kept: a base's columns with those learned since laid over them."""

    def __init__(self, columns: PositionColumns | None = None) -> None:
        super().__init__()
        self._columns = columns

    @classmethod
    def from_stored(cls, value: Any) -> PositionTable:
        """The table :meth:`stored` gave; an empty one when ``value`` is not such (then
        every position is looked up again, and a new base is written)."""
        return cls(PositionColumns.from_stored(value))

    @property
    def base_rows(self) -> int:
        """The rows of the columns (those laid over not counted)."""
        return self._column_rows()

    def empty(self) -> bool:
        """Whether no row was ever kept or laid over (``len`` would count them)."""
        return not self._column_rows() and not self._over

    def _row_of(self, name: Place) -> int | None:
        if self._columns is None or not isinstance(name, tuple) or len(name) != 2:
            return None
        return self._columns.row_of(name)

    def _value_at(self, row: int) -> Position:
        assert self._columns is not None
        return self._columns.position(row)

    def _column_rows(self) -> int:
        return 0 if self._columns is None else self._columns.rows

    def _items(self) -> Iterator[tuple[Place, Position]]:
        """Every row: the columns' read in order (a lookup of each by key: seconds for
        the large workspace's), then those laid over."""
        over = self._over
        if self._columns is not None:
            yield from ((place, position) for place, position in self._columns.items()
                        if place not in over)
        yield from ((place, position) for place, position in over.items()
                    if position is not GONE)

