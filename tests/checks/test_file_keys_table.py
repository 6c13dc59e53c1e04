"""Each file's key kept as two columns (``checks/file_keys_table.py``): what changed between
two runs is what comparing the mappings says, whatever the files and keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks.file_keys_table import KEY_WIDTH, FileKeys

NAMES = st.sampled_from([f"missions/m-{n}.yaml" for n in range(150)] + ["company.yaml"])
KEYS = st.sampled_from([bytes([n]) * KEY_WIDTH for n in range(3)])


def columns(keys: dict[str, bytes]) -> FileKeys:
    found = FileKeys.of(keys)
    assert found is not None
    return found


def naive(now: dict[str, bytes], last: dict[str, bytes]) -> set[str]:
    return ({file for file in now if last.get(file) != now[file]}
            | (last.keys() - now.keys()))


@given(st.dictionaries(NAMES, KEYS), st.dictionaries(NAMES, KEYS))
def test_the_files_changed_are_those_the_mappings_differ_on(now, last):
    assert columns(now).changed_since(columns(last)) == naive(now, last)


@given(st.dictionaries(NAMES, KEYS, min_size=1), st.data())
def test_keys_changed_in_place_are_found_block_by_block(before, data):
    """The same files in the same order (the common case after an edit): the keys compared
    by blocks find exactly the keys changed, at any place."""
    changed = data.draw(st.sets(st.sampled_from(sorted(before))))
    after = {file: (b"\xff" * KEY_WIDTH if file in changed else key)
             for file, key in before.items()}
    assert columns(after).changed_since(columns(before)) == naive(after, before)


def test_the_columns_round_trip_and_refuse_what_is_not_theirs():
    keys = {"company.yaml": b"a" * KEY_WIDTH, "roster/x.yaml": b"b" * KEY_WIDTH}
    kept = FileKeys.from_stored(columns(keys).stored())
    assert kept is not None and kept.as_mapping() == keys
    assert FileKeys.from_stored(columns({}).stored()) == columns({})
    assert FileKeys.of({"company.yaml": b"short"}) is None
    names, packed = columns(keys).stored()
    assert FileKeys.from_stored((names, packed[:-1])) is None
    assert FileKeys.from_stored({"company.yaml": packed}) is None
    assert FileKeys.from_stored((names.encode(), packed)) is None


@given(st.dictionaries(NAMES | st.sampled_from(["m-1.yaml", "missions/m-1.yaml.bak"]), KEYS),
       st.sets(NAMES | st.just("m-1.yaml")))
def test_the_keys_of_a_few_files_are_those_of_the_mapping(keys, files):
    """Each file asked for that is among the columns, with its key (a name inside another
    is not it)."""
    assert columns(keys).keys_of(files) == {file: keys[file] for file in files if file in keys}
