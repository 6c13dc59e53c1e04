"""A report state's table kept as columns read by key (``checks/row_columns.py``): whatever
the rows and the changes laid over them, it answers as the dict it stands for."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks.row_columns import ColumnTable, RowColumns

# Names that sort around each other, an empty field, prefixes and suffixes of one another.
FIELDS = st.sampled_from(["", "a", "ab", "b", "mission", "missions/a.yaml", "é", "a\n"])
FILES = st.sampled_from(["a.yaml", "ba.yaml", "a.yaml.yaml", "company.yaml", "x/a.yaml", "é"])
NAMES = st.tuples(FIELDS, FIELDS, FIELDS)
KEYS = st.one_of(st.none(), st.sampled_from([b"\1" * 48, b"\2" * 48, b"\0" * 47 + b"\1"]))
KEYED_VALUES = st.tuples(KEYS, st.lists(FILES, max_size=4).map(tuple))
SOURCES = st.dictionaries(NAMES, KEYED_VALUES, max_size=30)


def apart(name: tuple[str, ...]) -> bool:
    return name[1] == "b"


def table_of(rows: dict, keyed: bool = True, width: int = 3) -> ColumnTable:
    """``rows`` as a base would keep them (through pickle, as the cache does), read back."""
    built = ColumnTable(keyed, None, apart)
    built.update(rows)
    stored = built.stored(width)
    assert stored is not None
    found = ColumnTable.from_stored(pickle.loads(pickle.dumps(stored)), keyed, apart)
    assert found is not None
    return found


@given(SOURCES, st.lists(NAMES, max_size=10))
def test_each_row_is_found_by_its_name_and_no_other(rows, asked):
    table = table_of(rows)
    assert dict(table.items()) == rows and len(table) == len(rows)
    for name in [*rows, *asked]:
        assert (name in table) == (name in rows)
        assert table.get(name) == rows.get(name)


@given(SOURCES, st.sets(FILES, max_size=3))
def test_the_rows_reading_a_file_are_those_whose_files_name_it_whole(rows, files):
    """A file is found only as a whole name: ``a.yaml`` is not in ``ba.yaml`` nor in
    ``a.yaml.yaml``."""
    assert table_of(rows).reading(files) == {name for name, (_, read) in rows.items()
                                              if not files.isdisjoint(read)}


@given(SOURCES, st.lists(st.tuples(NAMES, st.one_of(st.none(), KEYED_VALUES)), max_size=12),
       st.sets(FILES, max_size=2))
def test_changes_laid_over_the_columns_read_as_the_dict_changed(rows, changes, files):
    """Rows set and removed (None) over the columns, as a delta and a run change them: the
    table reads, counts, lists and finds the readers as the dict would, and a new base made
    from it holds the same rows."""
    table, expected = table_of(rows), dict(rows)
    len(table)  # counted first: kept right through the changes
    for name, value in changes:
        if value is None:
            assert table.pop(name, None) == expected.pop(name, None)
        else:
            table[name] = expected[name] = value
    assert dict(table.items()) == expected and len(table) == len(expected)
    assert set(table) == expected.keys()
    assert list(table.values()) == [expected[name] for name in table]
    assert dict(table.row_keys()) == {name: value[0] for name, value in expected.items()}
    assert all(table.get(name) == expected.get(name) for name, _ in changes)
    # A row removed reads as one never there, with any default (``LaidOver.get``).
    assert all(table.get(name, "absent") == expected.get(name, "absent")
               for name, _ in [*changes, *rows.items()])
    assert table.reading(files) == {name for name, (_, read) in expected.items()
                                    if not files.isdisjoint(read)}
    assert set(table.laid_over()) >= {name for name in expected if apart(name)}
    assert dict(table_of(dict(table.items())).items()) == expected


@given(st.dictionaries(st.tuples(FIELDS, FIELDS), st.lists(FILES, max_size=4).map(tuple),
                       max_size=20))
def test_a_table_without_keys(rows):
    table = table_of(rows, keyed=False, width=2)
    assert dict(table.items()) == rows
    assert table.reading({"a.yaml"}) == {name for name, read in rows.items()
                                         if "a.yaml" in read}


def test_rows_that_cannot_be_columns_are_refused():
    assert RowColumns.of({("a\0b", "c", "d"): (None, ())}, 3, True) is None
    assert RowColumns.of({("a", "c", "d"): (None, ("x\0y",))}, 3, True) is None
    assert RowColumns.of({("a", "c", "d"): (b"1", ()), ("b", "c", "d"): (b"22", ())}, 3,
                         True) is None
    assert RowColumns.of({("a", "c"): (None, ())}, 3, True) is None


def test_what_is_not_the_stored_columns_is_refused():
    columns = RowColumns.of({("a", "b", "c"): (b"k" * 4, ("x.yaml",)),
                             ("d", "e", "f"): (None, ())}, 3, True)
    assert columns is not None
    stored = columns.stored()
    assert RowColumns.from_stored(stored) is not None
    assert ColumnTable.from_stored(({}, stored), False) is None  # keyed, read as not
    assert ColumnTable.from_stored({("a", "b", "c"): (None, ())}, True) is None  # a dict
    for at, value in [(0, "row-columns 0"), (1, 0), (3, stored[3][:-1]), (4, stored[4][:-1]),
                      (4, stored[4][:-8]), (5, stored[5][:-1]), (6, stored[6] + "\0"),
                      (7, stored[7][8:] + stored[7][:8]), (3, stored[3].encode())]:
        damaged = (*stored[:at], value, *stored[at + 1:])
        assert RowColumns.from_stored(damaged) is None, at
    assert RowColumns.from_stored(stored[:-1]) is None


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
                    lambda inner: st.lists(inner).map(tuple) | st.dictionaries(st.text(), inner),
                    max_leaves=12))
def test_junk_is_refused_without_an_exception(junk):
    assert ColumnTable.from_stored(junk, True) is None
    assert RowColumns.from_stored(junk) is None


@given(SOURCES, st.lists(NAMES, max_size=10))
def test_rows_found_through_the_index_are_those_bisection_finds(rows, asked):
    """Past the lookups bisected, the rows are found through an index of every name: the
    same answers, for names there and not."""
    columns = RowColumns.of(rows, 3, True)
    assert columns is not None
    names = sorted(rows)
    for _ in range(3):  # more lookups than are ever bisected in a table of 30 rows
        for name in [*rows, *asked, ("a",), ("a", "b", "c", "d")]:
            row = columns.row_of(name)
            assert row == (names.index(name) if name in rows else None)


def counted_columns(size: int, monkeypatch) -> tuple[RowColumns, dict[str, int]]:
    """A table of ``size`` subjects' rows whose reads of names (one at a time by bisection,
    all at once for the index) are counted."""
    rows = {("conflicts", "freelancer", f"f{i:06d}"): (b"\1" * 32, (f"roster/f{i:06d}.yaml",))
            for i in range(size)}
    columns = RowColumns.of(rows, 3, True)
    assert columns is not None
    counts = {"one": 0, "all": 0}
    one, every = RowColumns._name_text, RowColumns.names

    def name_text(self: RowColumns, row: int) -> str:
        counts["one"] += 1
        return one(self, row)

    def names(self: RowColumns) -> list:
        counts["all"] += 1
        return every(self)

    monkeypatch.setattr(RowColumns, "_name_text", name_text)
    monkeypatch.setattr(RowColumns, "names", names)
    return columns, counts


def test_many_lookups_read_each_name_about_once(monkeypatch):
    """Every subject of a 50,000-assignment mission looked up after its edit (36,000
    lookups) read 509,000 names by bisection: now the names are split once for an index
    when the lookups are many. 10,000 lookups of 10,000 rows: fewer names read one by one
    than lookups (bisected, 14 each: 140,000)."""
    columns, counts = counted_columns(10_000, monkeypatch)
    for i in reversed(range(10_000)):
        assert columns.row_of(("conflicts", "freelancer", f"f{i:06d}")) == i
    assert counts["one"] < 10_000 and counts["all"] == 1


def test_a_few_lookups_of_a_large_table_are_bisected(monkeypatch):
    """One edit on the large workspace looks up a few dozen of 216,000 rows: splitting
    every name for them would cost more than the bisections."""
    columns, counts = counted_columns(100_000, monkeypatch)
    for i in range(0, 100_000, 1_000):
        assert columns.row_of(("conflicts", "freelancer", f"f{i:06d}")) == i
    assert counts["all"] == 0 and counts["one"] <= 100 * 18
