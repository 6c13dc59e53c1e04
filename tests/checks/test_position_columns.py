"""The table of positions kept as columns read by key (``checks/position_columns.py``):
whatever the positions and those learned since, it answers as the dict it stands for, and
``cfo check`` with it gives what ``--no-cache`` gives."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks import position_columns, validation
from cfo_tools.checks.position_columns import PositionColumns, PositionTable
from cfo_tools.checks.runner import check_results
from conftest import freelancer_yaml, mission_yaml, write_workspace

# Keys that share prefixes, pointers that are prefixes of one another, empty, non-ASCII.
KEYS = st.sampled_from([b"\0" * 32, b"\0" * 31 + b"\1", b"\1" + b"\0" * 31, b"\xff" * 32])
POINTERS = st.sampled_from(["", "/a", "/a/0", "/a/01", "/é", "/a\0b", "/~1x"])
POSITIONS = st.tuples(st.one_of(st.none(), st.integers(0, 2 ** 40)),
                      st.one_of(st.none(), st.integers(0, 300)))
TABLES = st.dictionaries(st.tuples(KEYS, POINTERS), POSITIONS, max_size=30)


def kept(positions: dict) -> PositionTable:
    """``positions`` as a base keeps them (through pickle, as the cache does), read back."""
    columns = PositionColumns.of(positions)
    assert columns is not None
    return PositionTable.from_stored(pickle.loads(pickle.dumps(columns.stored())))


@given(TABLES, st.lists(st.tuples(KEYS, POINTERS), max_size=10))
def test_each_position_is_found_by_its_place_and_no_other(positions, asked):
    table = kept(positions)
    assert dict(table.items()) == positions and len(table) == len(positions)
    assert table.base_rows == len(positions)
    for place in [*positions, *asked, (b"\0" * 31, "/a"), ("/a", b"\0" * 32)]:
        assert (place in table) == (place in positions)
        assert table.get(place) == positions.get(place)


# One document of many positions (past the rows compared one by one) between two others.
MANY = st.dictionaries(st.tuples(KEYS, st.builds("/assignments/{}".format, st.integers(0, 60))),
                       POSITIONS, min_size=17, max_size=120)


@given(MANY, st.lists(st.integers(0, 70), max_size=20))
def test_a_document_of_many_positions_finds_each_by_its_pointer(positions, asked):
    table = kept(positions)
    for place in [*positions, *((key, f"/assignments/{i}") for key, _ in positions
                                for i in asked)]:
        assert table.get(place) == positions.get(place)
        assert (place in table) == (place in positions)


def test_the_rows_of_a_large_document_are_indexed_once():
    key = b"\7" * 32
    positions = {(key, f"/assignments/{i}"): (i + 1, 3) for i in range(1000)}
    positions[(b"\0" * 32, "/name")] = (1, 1)
    columns = PositionColumns.of(positions)
    assert columns is not None
    for (place, position) in positions.items():
        row = columns.row_of(place)
        assert row is not None and columns.position(row) == position
    assert columns.row_of((key, "/assignments/1000")) is None
    # Looked up by pointer, not by scanning the document's thousand rows for each one.
    assert set(columns._indexed) == {key}


def test_a_document_with_no_row_is_bisected_for_once(monkeypatch):
    """The pointers of a document the columns do not have (an edited one, under its new
    key): the first lookup bisects the keys, the others read nothing."""
    positions = {(bytes([i]) * 32, f"/assignments/{j}"): (j + 1, 3)
                 for i in range(0, 200, 2) for j in range(3)}
    columns = PositionColumns.of(positions)
    assert columns is not None
    read: list[int] = []
    getitem = position_columns._Keys.__getitem__

    def counting(self, row):  # type: ignore[no-untyped-def]
        read.append(row)
        return getitem(self, row)

    monkeypatch.setattr(position_columns._Keys, "__getitem__", counting)
    absent = b"\1" * 32
    assert all(columns.row_of((absent, f"/assignments/{j}")) is None for j in range(1000))
    assert len(read) <= 20  # two bisections of 300 rows, once
    assert columns.row_of((b"\2" * 32, "/assignments/2")) is not None


@given(TABLES, TABLES)
def test_positions_laid_over_read_as_the_dict_updated(positions, learned):
    table = kept(positions)
    table.update(learned)
    expected = {**positions, **learned}
    assert dict(table.items()) == expected and len(table) == len(expected)
    assert all(table.get(place) == position for place, position in expected.items())
    # A table said empty (a cold run's, whose places are then not asked of it) is one.
    assert table.empty() == (not expected)
    assert PositionTable().empty()


@pytest.mark.parametrize("positions", [
    {(b"\0" * 31, "/a"): (1, 2)},  # a key of another width
    {(b"\0" * 32, "/a"): (-1, 2)},  # a negative line
    {(b"\0" * 32, "/a"): (1, 2, 3)},  # not a line and a column
    {(b"\0" * 32, "/a"): (2 ** 64, 2)},  # beyond 64 bits
    {(b"\0" * 32, "/a"): ("1", 2)},
])
def test_what_cannot_be_columns_is_refused(positions):
    assert PositionColumns.of(positions) is None


@pytest.mark.parametrize("stored", [
    None, {}, {(b"\0" * 32, "/a"): (1, 2)},  # nothing, or a table kept as a dict
    ("position-columns 0", b"", "", b"\0" * 8, b""),  # another layout
    ("position-columns 1", b"\0" * 32, "/a", b"\0" * 8, b"\0" * 16),  # offsets cut short
    ("position-columns 1", b"\0" * 31, "/a", b"\0" * 8 + b"\2" + b"\0" * 7, b"\0" * 16),
    ("position-columns 1", b"\0" * 32, "/a", b"\0" * 8 + b"\2" + b"\0" * 7, b"\0" * 8),
    ("position-columns 1", b"\0" * 32, "/a", b"\0" * 9, b"\0" * 16),  # not whole integers
])
def test_what_is_not_such_columns_reads_as_an_empty_table(stored):
    table = PositionTable.from_stored(stored)
    assert table.base_rows == 0 and dict(table.items()) == {}


TODAY = date(2026, 12, 3)


def workspace(tmp_path):
    return write_workspace(tmp_path / "ws", {
        "roster/ana.yaml": freelancer_yaml(),
        "missions/m1.yaml": mission_yaml("2026-12-01", "2026-12-11", ("nobody", 50),
                                         ("ana", 80)),
        "missions/m2.yaml": mission_yaml("2026-12-01", "2026-12-11", ("ana", 80)),
    })


@pytest.mark.parametrize("damage", ["none", "dict", "corrupt", "delta-only"])
def test_check_with_the_kept_positions_gives_what_no_cache_gives(tmp_path, monkeypatch,
                                                                  damage):
    """After edits, with the table kept as columns, as a dict (an older layout), as
    columns that are not (cut short), or a new base each run: the same results as without
    the cache."""
    root = workspace(tmp_path)
    cache = tmp_path / "cache"
    check_results(root, today=TODAY, cache_folder=cache)
    original = PositionTable.from_stored

    def damaged(value):  # type: ignore[no-untyped-def]
        if damage == "dict":
            return original(dict(original(value).items()))
        if damage == "corrupt" and isinstance(value, tuple):
            return original((*value[:3], value[3][:-8], value[4]))
        return original(value)

    monkeypatch.setattr(PositionTable, "from_stored", staticmethod(damaged))
    if damage == "delta-only":
        monkeypatch.setattr(validation, "_DELTA_MOST", 0)
    for rate in (600, 700):
        (root / "roster" / "ana.yaml").write_text(freelancer_yaml(rate=rate),
                                                  encoding="utf-8")
        (root / "missions" / "m2.yaml").write_text(
            mission_yaml("2026-12-02", "2026-12-11", ("ana", 90), ("zed", 10)),
            encoding="utf-8")
        expected = check_results(root, today=TODAY, cache_folder=None)
        assert any(f.line for f in expected.findings)
        assert check_results(root, today=TODAY, cache_folder=cache) == expected


def test_positions_of_documents_gone_are_not_kept(tmp_path, monkeypatch):
    """A new base keeps the positions of the workspace's documents only."""
    monkeypatch.setattr(validation, "_DELTA_MOST", 0)
    root = workspace(tmp_path)
    cache = tmp_path / "cache"
    check_results(root, today=TODAY, cache_folder=cache)
    maps = validation.SourceMaps({}, None)
    assert maps._known().base_rows == 0  # without a cache, nothing is read
    (root / "missions" / "m1.yaml").unlink()
    prepared = validation.prepare_run(root, cache_folder=cache)
    keys = prepared.keys_by_file()
    maps = validation.SourceMaps({}, prepared.cache, keys, root)
    before = dict(maps._known().items())
    assert {key for key, _ in before} - set(keys.values())  # m1.yaml's
    maps.remember({(file, "/x"): (1, 1) for file in keys})
    after = validation.SourceMaps({}, prepared.cache, keys, root)._known()
    assert {key for (key, _), _ in after.items()} == set(keys.values())
    assert all(after.get((keys[file], "/x")) == (1, 1) for file in keys)
