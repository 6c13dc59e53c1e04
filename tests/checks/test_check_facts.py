"""The documents' facts kept by ``cfo check`` (``checks/check_facts.py``)."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_subject_memo import copy_example

from cfo_tools.checks import check_facts
from cfo_tools.checks.check_facts import _interned
from cfo_tools.checks.validation import prepare_run

_NESTED = st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                       lambda inner: st.lists(inner, max_size=4).map(tuple), max_leaves=20)


@given(_NESTED)
def test_interned_is_equal_to_what_it_was_given(value):
    assert _interned(value) == value


def test_equal_strings_of_two_details_become_one():
    """The same pointer built in two documents is one string after interning: the pickle of
    a workspace's facts then holds it once."""
    first = _interned(((("roles", "".join(["dev", "ops"]), "/roles/0"),), True))
    second = _interned(((("roles", "".join(["dev", "ops"]), "/roles/0"),), False))
    assert first[0][0][1] is second[0][0][1]
    assert first == ((("roles", "devops", "/roles/0"),), True)


def test_equal_tuples_of_two_details_become_one():
    """The same used id at the same place in two documents is one tuple: the pickle of a
    workspace's facts then holds it once (a third less to unpickle after each edit)."""
    first = _interned(((("roles", "".join(["dev", "ops"]), "/roles/0"),), True))
    second = _interned(((("roles", "".join(["dev", "ops"]), "/roles/0"),), False))
    assert first[0] is second[0]
    assert first is not second
    kept = pickle.loads(pickle.dumps([first, second]))
    assert kept == [first, second] and kept[0][0] is kept[1][0]


def test_a_tuple_no_dict_can_hold_is_kept_as_it_is():
    """An invoice's missions may be a list: its detail is kept equal, not shared."""
    detail = (["site-refresh", "audit"], False)
    assert _interned(detail) == detail


def test_the_shared_tuples_start_again_past_their_bound(monkeypatch):
    """A long-lived process (a server, the tests) does not keep every tuple it met."""
    monkeypatch.setattr(check_facts, "_MOST_SHARED", 3)
    monkeypatch.setattr(check_facts, "_SHARED", {})
    for number in range(10):
        assert _interned((("orders", str(number)),)) == (("orders", str(number)),)
        assert len(check_facts._SHARED) <= 3


# The rule details, kept apart from the facts and read lazily (``RuleDetails``).

def _details(tmp_path: Path) -> tuple[check_facts.RuleDetails, list[bytes], Path]:
    """An empty ``RuleDetails`` of the example workspace in a cache of its own, and the
    names of the entries read from it (each call of the cache's ``blob``)."""
    root = copy_example(tmp_path / "ws")
    prepared = prepare_run(root, cache_folder=tmp_path / "cache")
    assert prepared.cache is not None and prepared.remembered_as is not None
    read: list[bytes] = []
    blob = prepared.cache.blob

    def recording(part: bytes, name: bytes) -> object:
        if part == check_facts._RULES_PART:
            read.append(name)
        return blob(part, name)

    prepared.cache.blob = recording  # type: ignore[method-assign]
    return check_facts.RuleDetails(prepared.cache, prepared.remembered_as), read, root


def test_a_detail_in_the_delta_is_read_without_the_base(tmp_path):
    """After an edit, the details asked for are those of the changed documents, which the
    delta holds from the second edit on: the base (every document's) is not read."""
    details, read, root = _details(tmp_path)
    details.save({b"a" * 32: ((("ana", "/team/0"),), (), ())}, new_base=True)
    details.add({b"b" * 32: ((), (("BC-1", "/team/0/order/number"),), ())}, count=2)
    again = check_facts.RuleDetails(details._cache, root)
    again._name = details._name  # the same workspace, as the cache knows it
    read.clear()
    assert again.get(b"b" * 32) == ((), (("BC-1", "/team/0/order/number"),), ())
    assert read == [details._name + b"delta"]
    assert again.get(b"a" * 32) == ((("ana", "/team/0"),), (), ())
    assert read == [details._name + b"delta", details._name]
    assert again.get(b"c" * 32) is None
    assert again.lacks([b"a" * 32, b"b" * 32, None]) is False
    assert again.lacks([b"a" * 32, b"c" * 32]) is True


def test_a_delta_past_its_bound_becomes_a_new_base(tmp_path):
    details, _, _ = _details(tmp_path)
    details.save({bytes([n + 1]) * 32: ((), (), ()) for n in range(10)}, new_base=True)
    many = {n.to_bytes(32, "big"): ((), (), ()) for n in range(300)}
    details.add(many, count=10)
    again = check_facts.RuleDetails(details._cache, Path("/"))
    again._name = details._name
    assert again._kept_delta() == {}
    assert len(again._kept_base()) == 310


def test_details_of_another_purpose_are_none(tmp_path):
    """A detail kept by another layout or context is not taken."""
    details, _, _ = _details(tmp_path)
    details.save({b"a" * 32: ((), (), ())}, new_base=True)
    other = check_facts.RuleDetails(details._cache, Path("/"))
    other._name, other._purpose = details._name, b"another purpose"
    assert other.get(b"a" * 32) is None
