"""The documents' facts kept by ``cfo check`` (``checks/check_facts.py``)."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks import check_facts
from cfo_tools.checks.check_facts import _interned

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
