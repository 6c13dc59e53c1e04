"""The "did you mean" hint gives what plain difflib.get_close_matches gives, only faster."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.close_names import CloseNames

# Ids like the roster's, and the mistakes people make with them.
ids = st.text(st.sampled_from("abcdef0123456789-"), max_size=9)
anything = st.text(max_size=12)


def plain(wrong: str, known: list[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=cutoff)
    return close[0] if close else None


@settings(max_examples=400, deadline=None)
@given(st.lists(ids, max_size=40), st.lists(ids, min_size=1, max_size=10))
def test_the_hint_is_difflibs(known, wrong_names):
    close = CloseNames(known)
    for wrong in wrong_names:
        assert close.closest(wrong) == plain(wrong, known)


@settings(max_examples=200, deadline=None)
@given(st.lists(anything, max_size=20), anything,
       st.sampled_from([0.0, 0.1, 0.5, 0.6, 0.75, 1.0]))
def test_any_text_and_cutoff(known, wrong, cutoff):
    assert CloseNames(known, cutoff=cutoff).closest(wrong) == plain(wrong, known, cutoff)


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_roster_of_ids_with_typos(rng):
    known = [f"f{rng.randrange(100_000):05d}" for _ in range(300)]
    close = CloseNames(known)
    for _ in range(20):
        wrong = rng.choice([f"f{rng.randrange(100_000):05d}", rng.choice(known)[:-1],
                            rng.choice(known) + "x", rng.choice(known).upper()])
        assert close.closest(wrong) == plain(wrong, known)


def test_ties_go_to_the_name_difflib_keeps():
    known = ["ab", "ba", "ac"]
    for wrong in ("a", "b", "abc", "ca"):
        assert CloseNames(known).closest(wrong) == plain(wrong, known)
