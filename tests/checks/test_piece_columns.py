"""The files' pieces of a report's state kept as columns (``checks/piece_columns.py``):
whatever the entries and the changes laid over them, the report spliced from them is the
one the dict of entries gives, file by file and as blocks."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks.file_keys_table import KEY_WIDTH
from cfo_tools.checks.piece_columns import EntryColumns, EntryTable
from cfo_tools.loading import document_cache

FILES = st.sampled_from(["a.yaml", "b.yaml", "c/a.yaml", "é.yaml", "z", "a\n.yaml", "m-1"])
PIECES = st.tuples(st.sampled_from(["", "x,\n", "é\n", "line\nline\n"]),
                   st.sampled_from(["", "y", "zz\n"]))
ENTRY = st.tuples(st.sampled_from([b"\1" * KEY_WIDTH, b"\2" * KEY_WIDTH]), PIECES,
                  st.tuples(*[st.integers(0, 9)] * 3))
ENTRIES = st.dictionaries(FILES, ENTRY, max_size=7)


def table_of(entries: dict, *, views: bool = False) -> EntryTable:
    """``entries`` as a base keeps them (through pickle, as the cache does), read back;
    with ``views``, as the cache's blobs read them: the pieces as views of the blob."""
    built = EntryTable()
    built.update(entries)
    stored = built.stored()
    assert stored is not None
    found = EntryTable.from_stored(document_cache._loads(document_cache._pickled(stored))
                                   if views else pickle.loads(pickle.dumps(stored, protocol=5)))
    assert found is not None
    return found


def assert_reports(table: EntryTable, entries: dict) -> None:
    files, pieces, totals = table.report()
    assert files == sorted(entries)
    assert list(pieces) == [entries[file][1] for file in files]
    assert len(pieces) == len(files)
    for index in range(len(next(iter(entries.values()))[1]) if entries else 2):
        # The columns' runs in UTF-8, as written; the entries laid over them as text.
        blocks = [block if isinstance(block, str) else block.decode()
                  for block in pieces.blocks(index)]
        assert "".join(blocks) == "".join(entries[f][1][index] for f in files)
        # A run's last file apart: the last block is the last file's own piece.
        assert not files or blocks[-1] == entries[files[-1]][1][index]
    assert totals == tuple(sum(entries[f][2][n] for f in files) for n in range(3))


@given(ENTRIES)
def test_the_columns_give_the_entries_back(entries):
    table = table_of(entries)
    assert dict(table.items()) == entries and len(table) == len(entries)
    assert all((file in table) == (file in entries) for file in ["a.yaml", "nope", "z"])
    assert_reports(table, entries)


@given(ENTRIES, st.lists(st.tuples(FILES, st.one_of(st.none(), ENTRY)), max_size=8))
def test_entries_laid_over_the_columns_are_spliced_in(entries, changes):
    """Entries replaced, added and removed (None) over the columns, as a delta and a run
    change them: the report is that of the dict changed the same way, and a new base made
    from the table holds the same entries."""
    table, expected = table_of(entries), dict(entries)
    for file, entry in changes:
        if entry is None:
            assert table.pop(file, None) == expected.pop(file, None)
        else:
            table[file] = expected[file] = entry
    assert dict(table.items()) == expected and len(table) == len(expected)
    assert_reports(table, expected)
    assert_reports(table_of(dict(table.items())), expected)


def test_a_table_without_columns_reports_what_was_put():
    table = EntryTable()
    table["b"] = (b"\1" * KEY_WIDTH, ("2",), (1, 0, 0))
    table["a"] = (b"\1" * KEY_WIDTH, ("1",), (0, 1, 0))
    assert_reports(table, {"b": table["b"], "a": table["a"]})


def test_entries_that_cannot_be_columns_are_refused():
    key = b"\1" * KEY_WIDTH
    assert EntryColumns.of({"a": (key, ("\udc80",), (0, 0, 0))}) is None
    assert EntryColumns.of({"a\0b": (key, ("x",), (0, 0, 0))}) is None
    assert EntryColumns.of({"a": (b"short", ("x",), (0, 0, 0))}) is None
    assert EntryColumns.of({"a": (key, ("x",), (0, 0, 0)),
                            "b": (key, ("x", "y"), (0, 0, 0))}) is None


def test_what_is_not_the_stored_columns_is_refused():
    columns = EntryColumns.of({"a": (b"\1" * KEY_WIDTH, ("x", "y"), (1, 2, 3)),
                               "b": (b"\2" * KEY_WIDTH, ("", "z"), (0, 0, 1))})
    assert columns is not None
    stored = pickle.loads(pickle.dumps(columns.stored(), protocol=5))  # as the cache reads it
    assert EntryColumns.from_stored(stored) is not None
    for at, value in [(0, "piece-columns 0"), (1, stored[1][:-1]), (1, stored[1] + "c\0"),
                      (2, stored[2][:-1]), (3, stored[3][:-8]), (3, stored[3][:-1]),
                      (4, stored[4][:1]), (4, (stored[4][0] + b"!", stored[4][1])),
                      (4, (stored[4][0].decode(), stored[4][1])),
                      (5, (stored[5][0][8:] + stored[5][0][:8], stored[5][1])),
                      (4, [*stored[4]]), (1, stored[1].encode())]:
        damaged = (*stored[:at], value, *stored[at + 1:])
        assert EntryColumns.from_stored(damaged) is None, at
    assert EntryTable.from_stored({"a": (b"\1" * KEY_WIDTH, ("x",), (0, 0, 0))}) is None


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
                    lambda inner: st.lists(inner).map(tuple) | st.dictionaries(st.text(), inner),
                    max_leaves=12))
def test_junk_is_refused_without_an_exception(junk):
    assert EntryTable.from_stored(junk) is None


@given(ENTRIES, st.dictionaries(FILES, st.one_of(st.none(), ENTRY), max_size=4))
def test_pieces_read_as_views_of_the_blob_give_the_report_of_the_entries(entries, changes):
    table, expected = table_of(entries, views=True), dict(entries)
    for file, entry in changes.items():
        if entry is None:
            table.pop(file, None)
            expected.pop(file, None)
        else:
            table[file] = expected[file] = entry
    assert dict(table.items()) == expected
    assert_reports(table, expected)


@given(ENTRIES, st.integers(0, 12))
def test_a_run_written_in_blocks_of_whole_rows_is_the_run(entries, most):
    """However small the blocks, each holds whole rows (decodable on its own) of at most
    ``most`` bytes, or one longer row, and together they are the run."""
    table = table_of(entries, views=True)
    columns = table._columns
    assert columns is not None
    for index in range(len(next(iter(entries.values()))[1]) if entries else 0):
        blocks = list(columns.blocks(index, 0, columns.rows, most))
        assert b"".join(blocks) == columns.block(index, 0, columns.rows)
        rows = [columns.block(index, row, row + 1) for row in range(columns.rows)]
        assert all(block.decode() is not None for block in blocks)
        assert all(len(block) <= most or block in rows for block in blocks)
