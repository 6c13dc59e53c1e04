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

    @classmethod
    def of(cls, positions: Mapping[Place, Position]) -> PositionColumns | None:
        """``positions`` as columns; None when they cannot be (a key not of
        :data:`KEY_WIDTH` bytes, a position that is not two integers from 0 (or None) that
        fit in 64 bits)."""
        rows = sorted(positions.items(), key=lambda row: row[0][0])
        keys = b"".join([place[0] for place, _ in rows])
        if len(keys) != KEY_WIDTH * len(rows) or any(len(place[0]) != KEY_WIDTH
                                                     for place, _ in rows):
            return None
        pointers = [place[1] for place, _ in rows]
        pointer_at = array(_INTEGERS, [0])
        length = 0
        for pointer in pointers:
            length += len(pointer)
            pointer_at.append(length)
        if any(len(position) != 2 for _, position in rows):
            return None
        values = [value for _, position in rows for value in position]
        if any(value is not None and (type(value) is not int or value < 0)
               for value in values):
            return None
        try:
            places = array(_INTEGERS, [_NONE if value is None else value for value in values])
        except OverflowError:
            return None
        return cls(keys, "".join(pointers), pointer_at, places)

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
        keys = _Keys(self._keys)
        row = bisect.bisect_left(keys, key)
        at, pointers = self._pointer_at, self._pointers
        while row < self.rows and keys[row] == key:
            if pointers[at[row]:at[row + 1]] == pointer:
                return row
            row += 1
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

