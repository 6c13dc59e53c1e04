"""A table of a report's state kept as columns and read by key (issue 16).

The state of ``cfo check`` keeps, for each subject's source, its key and the files it put
findings on, and for each subject the files it depends on (``checks/report_by_file.py``):
216,000 and 107,000 rows on the large workspace. Kept as dicts, every run after an edit
unpickled them whole (0.24 s) to look up a few dozen rows and to find the subjects
depending on the one file edited. Kept as columns, loading is a copy of a few strings:

- the rows' names (tuples of strings), sorted, each field followed by a NUL, in one string,
  with the offset where each row's name starts (an array of integers): a row is found by
  bisection on its name;
- the rows' keys of one width side by side in one byte string (a row without a key: zeros;
  a key of zeros, which no digest gives, would be read as none: computed again, never
  trusted);
- the rows' files, each followed by a NUL, in one string, with the offset where each row's
  files start: the rows naming a file are found by searching the string for it (``str.find``
  runs in C) and bisecting the offsets.

:class:`ColumnTable` is the table as the state reads and changes it: a mapping over the
columns with the rows changed since laid over them (the state's delta, then this run's
changes); it is made into columns again only when a new base is written.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    ValuesView,
)
from typing import Any, TypeVar, cast

Name = tuple[str, ...]
#: A row's value: (its key or None, its files) in a keyed table, else its files.
Value = Any
_SEPARATOR = "\0"  # in no file name nor id
_OFFSETS = "q"
#: The layout's name, first in what is stored: another layout is not read.
_LAYOUT = "row-columns 1"
#: Rows are found by bisection up to this many lookups, or one per this many rows (a
#: bisection costs about what indexing 20 to 30 rows does); past it, through an index.
_BISECTED_UP_TO = 64
_BISECTED_PER_ROWS = 32


class RowColumns:
    """Rows (name -> value) as columns, sorted by name (see the module's doc)."""

    def __init__(self, width: int, key_width: int | None, names: str, name_at: array[int],
                 keys: bytes, files: str, file_at: array[int]) -> None:
        self._width = width
        #: The width of every key, or None in a table without keys.
        self._key_width = key_width
        self._names = names
        self._name_at = name_at
        self._keys = keys
        self._files = files
        self._file_at = file_at
        self.rows = len(name_at) - 1
        self.keyed = key_width is not None
        #: name -> row, made once the lookups are many (:meth:`row_of`), and their count.
        self._index: dict[Name, int] | None = None
        self._lookups = 0

    @classmethod
    def of(cls, rows: Mapping[Name, Value], width: int, keyed: bool) -> RowColumns | None:
        """``rows`` (names of ``width`` strings; values ``(key, files)`` when ``keyed``, else
        files) as columns; None when they cannot be (a NUL in a name or a file, keys of
        several widths)."""
        ordered = sorted(rows.items())
        key_width: int | None = None
        if keyed:
            widths = {len(value[0]) for _, value in ordered if value[0] is not None}
            if len(widths) > 1 or 0 in widths:
                return None
            key_width = widths.pop() if widths else 0
        name_at, file_at = array(_OFFSETS, [0]), array(_OFFSETS, [0])
        names: list[str] = []
        files: list[str] = []
        name_length = file_length = 0
        for name, value in ordered:
            if len(name) != width:
                return None
            names.extend(name)
            name_length += sum(map(len, name)) + width
            name_at.append(name_length)
            read = value[1] if keyed else value
            files.extend(read)
            file_length += sum(map(len, read)) + len(read)
            file_at.append(file_length)
        joined_names = _SEPARATOR.join(names) + _SEPARATOR if names else ""
        joined_files = _SEPARATOR.join(files) + _SEPARATOR if files else ""
        if len(joined_names) != name_length or len(joined_files) != file_length \
                or joined_names.count(_SEPARATOR) != len(names) \
                or joined_files.count(_SEPARATOR) != len(files):
            return None  # a NUL inside a name or a file
        keys = b""
        if key_width is not None:
            blank = bytes(key_width)
            keys = b"".join(blank if value[0] is None else value[0] for _, value in ordered)
        return cls(width, key_width, joined_names, name_at, keys, joined_files, file_at)

    def stored(self) -> tuple[Any, ...]:
        """What the cache keeps: plain strings, bytes and integers (read by :meth:`from_stored`)."""
        return (_LAYOUT, self._width, self._key_width, self._names, self._name_at.tobytes(),
                self._keys, self._files, self._file_at.tobytes())

    @classmethod
    def from_stored(cls, value: Any) -> RowColumns | None:
        """The columns :meth:`stored` gave, or None when ``value`` is not such (another layout,
        columns of other lengths)."""
        if not (isinstance(value, tuple) and len(value) == 8 and value[0] == _LAYOUT):
            return None
        _, width, key_width, names, name_at_bytes, keys, files, file_at_bytes = value
        if not (isinstance(width, int) and width > 0
                and (key_width is None or (isinstance(key_width, int) and key_width >= 0))
                and isinstance(names, str) and isinstance(files, str)
                and isinstance(keys, bytes) and isinstance(name_at_bytes, bytes)
                and isinstance(file_at_bytes, bytes)
                and len(name_at_bytes) == len(file_at_bytes)):
            return None
        name_at, file_at = array(_OFFSETS), array(_OFFSETS)
        try:
            name_at.frombytes(name_at_bytes)
            file_at.frombytes(file_at_bytes)
        except ValueError:
            return None
        rows = len(name_at) - 1
        if rows < 0 or name_at[0] != 0 or file_at[0] != 0 or name_at[-1] != len(names) \
                or file_at[-1] != len(files) \
                or len(keys) != (0 if key_width is None else key_width * rows):
            return None
        return cls(width, key_width, names, name_at, keys, files, file_at)

    def name(self, row: int) -> Name:
        return tuple(self._names[self._name_at[row]:self._name_at[row + 1] - 1]
                     .split(_SEPARATOR))

    def value(self, row: int) -> Value:
        files = self._files[self._file_at[row]:self._file_at[row + 1]]
        read = tuple(files[:-1].split(_SEPARATOR)) if files else ()
        width = self._key_width
        if width is None:
            return read
        key = self._keys[row * width:(row + 1) * width]
        return (None if key == bytes(width) else key), read

    def row_of(self, name: Name) -> int | None:
        """The row named ``name``, or None."""
        index = self._index
        if index is not None:
            return index.get(name)
        self._lookups += 1
        if self._lookups > max(self.rows // _BISECTED_PER_ROWS, _BISECTED_UP_TO):
            # Many lookups (every subject of a mission of 50,000 assignments checked again
            # after its edit: 36,000 of them, 509,000 names read by bisection) cost more
            # than one dict of every row, made from the names split at once; a few dozen
            # (one edit on the large workspace, 216,000 rows) do not, and stay bisected.
            index = self._index = dict(zip(self.names(), range(self.rows), strict=True))
            return index.get(name)
        # Rows are sorted by name, and a name's fields each followed by a NUL (in no field)
        # sort as the tuples do: bisect on the joined text, a slice per row looked at, not a
        # tuple split from it.
        wanted = _SEPARATOR.join(name) + _SEPARATOR
        at = bisect.bisect_left(range(self.rows), wanted, key=self._name_text)
        return at if at < self.rows and self._name_text(at) == wanted else None

    def _name_text(self, row: int) -> str:
        """The name of ``row`` as kept: each field followed by a NUL."""
        return self._names[self._name_at[row]:self._name_at[row + 1]]

    def rows_reading(self, file: str) -> Iterator[int]:
        """The rows whose files include ``file`` (found in the files' string, not row by row)."""
        files, file_at = self._files, self._file_at
        wanted = file + _SEPARATOR
        at = files.find(wanted)
        while at >= 0:
            if at == 0 or files[at - 1] == _SEPARATOR:  # a whole file, not the end of one
                yield bisect.bisect_right(file_at, at) - 1
            at = files.find(wanted, at + len(wanted))

    def names(self) -> list[Name]:
        """Every row's name, in order (split at once: 216,000 names one by one cost 0.2 s)."""
        if not self.rows:
            return []
        flat = self._names[:-1].split(_SEPARATOR)
        return list(zip(*[iter(flat)] * self._width, strict=True))

    def keys(self) -> list[bytes | None]:
        """Every row's key, in order (a keyed table's)."""
        width, keys = self._key_width, self._keys
        assert width is not None
        blank = bytes(width)
        return [None if (key := keys[at:at + width]) == blank else key
                for at in range(0, len(keys), width)] if width else [None] * self.rows

    def values(self) -> list[Value]:
        """Every row's value, in order."""
        files, file_at = self._files, self._file_at
        read = [tuple(part[:-1].split(_SEPARATOR)) if (part := files[start:end]) else ()
                for start, end in itertools.pairwise(file_at)]
        width = self._key_width
        if width is None:
            return read
        keys, blank = self._keys, bytes(width)
        return [(None if (key := keys[row * width:(row + 1) * width]) == blank else key, files)
                for row, files in enumerate(read)]


#: A row removed since the columns were made (laid over them).
GONE = object()
_K = TypeVar("_K")
_V = TypeVar("_V")


class LaidOver(MutableMapping[_K, _V]):
    """Rows kept in columns with the rows changed since laid over them (a state's delta,
    then a run's changes): a mapping that reads the columns by key and never changes
    them."""

    def __init__(self) -> None:
        #: name -> value, or :data:`GONE`: the rows changed since the columns were made.
        self._over: dict[_K, Any] = {}
        self._size: int | None = None

    def _row_of(self, name: _K) -> int | None:
        """The row of ``name`` in the columns (None: not there)."""
        raise NotImplementedError

    def _value_at(self, row: int) -> _V:
        raise NotImplementedError

    def _column_rows(self) -> int:
        raise NotImplementedError

    def _items(self) -> Iterator[tuple[_K, _V]]:
        """Every row: the columns' (but those laid over), then those laid over."""
        raise NotImplementedError

    def __getitem__(self, name: _K) -> _V:
        found = self._over.get(name, self)
        if found is GONE:
            raise KeyError(name)
        if found is not self:
            return cast(_V, found)
        row = self._row_of(name)
        if row is None:
            raise KeyError(name)
        return self._value_at(row)

    def get(self, name: _K, default: Any = None) -> Any:
        # Not ``Mapping.get``, which raises and catches a KeyError for each name not there:
        # a cold check asks for 100,000 positions of an empty table.
        found = self._over.get(name, self)
        if found is not self:
            return default if found is GONE else found
        row = self._row_of(name)
        return default if row is None else self._value_at(row)

    def __contains__(self, name: object) -> bool:
        found = self._over.get(name, self)  # type: ignore[arg-type]
        if found is not self:
            return found is not GONE
        return self._row_of(name) is not None

    def __setitem__(self, name: _K, value: _V) -> None:
        if self._size is not None and name not in self:
            self._size += 1
        self._over[name] = value

    def __delitem__(self, name: _K) -> None:
        if name not in self:
            raise KeyError(name)
        if self._size is not None:
            self._size -= 1
        self._over[name] = GONE

    def __iter__(self) -> Iterator[_K]:
        return (name for name, _ in self._items())

    def items(self) -> ItemsView[_K, _V]:
        # Read in the columns' order, not each row looked up again by its name.
        return _Items(self)

    def __len__(self) -> int:
        if self._size is None:
            size = self._column_rows()
            for name, value in self._over.items():
                size += (value is not GONE) - (self._row_of(name) is not None)
            self._size = size
        return self._size

    def laid_over(self) -> Iterator[_K]:
        """The rows changed since the columns were made (and any kept apart from them)."""
        return (name for name, value in self._over.items() if value is not GONE)


class ColumnTable(LaidOver[Name, Value]):
    """A state's table: its base's columns with the rows changed since laid over them."""

    def __init__(self, keyed: bool, columns: RowColumns | None = None,
                 apart: Callable[[Name], bool] | None = None) -> None:
        super().__init__()
        #: Whether a row's value is (its key, its files), else its files.
        self.keyed = keyed
        self._columns = columns
        #: The rows never put in the columns (a few, read or listed whole by every run):
        #: always laid over them.
        self._apart = apart

    @classmethod
    def from_stored(cls, value: Any, keyed: bool, apart: Callable[[Name], bool] | None = None
                    ) -> ColumnTable | None:
        """The table :meth:`stored` gave, or None when ``value`` is not such."""
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict)):
            return None
        columns = RowColumns.from_stored(value[1])
        if columns is None or columns.keyed != keyed:
            return None
        table = cls(keyed, columns, apart)
        table._over.update(value[0])
        return table

    def stored(self, width: int) -> tuple[dict[Name, Value], tuple[Any, ...]] | None:
        """What a new base keeps of the table: the rows kept apart, and the others as
        columns (names of ``width`` strings); None when they cannot be columns."""
        apart: dict[Name, Value] = {}
        rest: dict[Name, Value] = {}
        for name, value in self._items():
            if self._apart is not None and self._apart(name):
                apart[name] = value
            else:
                rest[name] = value
        columns = RowColumns.of(rest, width, self.keyed)
        return None if columns is None else (apart, columns.stored())

    def _row_of(self, name: Name) -> int | None:
        if self._columns is None or not isinstance(name, tuple) \
                or (self._apart is not None and self._apart(name)):
            return None
        return self._columns.row_of(name)

    def _value_at(self, row: int) -> Value:
        assert self._columns is not None
        return self._columns.value(row)

    def _column_rows(self) -> int:
        return 0 if self._columns is None else self._columns.rows

    def values(self) -> ValuesView[Value]:
        return _Values(self)

    def _items(self) -> Iterator[tuple[Name, Value]]:
        """Every row, the columns' split at once (a lookup of each by name: 15 s per
        million)."""
        over = self._over
        if self._columns is not None:
            for name, value in zip(self._columns.names(), self._columns.values(), strict=True):
                if name not in over:
                    yield name, value
        for name, value in over.items():
            if value is not GONE:
                yield name, value

    def row_keys(self) -> Iterator[tuple[Name, bytes | None]]:
        """Every row's key (a keyed table's), read at once without the rows' files."""
        over = self._over
        if self._columns is not None:
            for name, key in zip(self._columns.names(), self._columns.keys(), strict=True):
                if name not in over:
                    yield name, key
        for name, value in over.items():
            if value is not GONE:
                yield name, value[0]

    def reading(self, files: Iterable[str]) -> set[Name]:
        """The names of the rows whose files include one of ``files``."""
        wanted = set(files)
        found: set[Name] = set()
        columns, over = self._columns, self._over
        if columns is not None:
            for file in wanted:
                for row in columns.rows_reading(file):
                    name = columns.name(row)
                    if name not in over:
                        found.add(name)
        for name, value in over.items():
            if value is not GONE and not wanted.isdisjoint(value[1] if self.keyed else value):
                found.add(name)
        return found


class _Items(ItemsView[_K, _V]):
    _mapping: LaidOver[_K, _V]

    def __iter__(self) -> Iterator[tuple[_K, _V]]:
        return self._mapping._items()


class _Values(ValuesView[Value]):
    _mapping: ColumnTable

    def __iter__(self) -> Iterator[Value]:
        return (value for _, value in self._mapping._items())
