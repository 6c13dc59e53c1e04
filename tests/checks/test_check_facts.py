"""The documents' facts kept by ``cfo check`` (``checks/check_facts.py``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
