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


def test_a_command_given_an_unknown_id_names_the_ids_probably_meant():
    from cfo_tools.model.close_names import no_such, probable_names

    known = ["alice-martin", "bruno-lefevre", "julie-fontaine", "hugo-lambert"]
    assert no_such("freelancer", "alice", "roster/", known) == (
        "no freelancer 'alice' in roster/; did you mean alice-martin?")
    assert no_such("freelancer", "bruno-lefevr", "roster/", known).endswith(
        "did you mean bruno-lefevre?")
    assert no_such("freelancer", "l", "roster/", known).endswith(
        "did you mean one of alice-martin, bruno-lefevre, hugo-lambert, julie-fontaine?")
    assert no_such("freelancer", "zzz", "roster/", known) == "no freelancer 'zzz' in roster/"
    assert probable_names("", known) == []
    many = [f"m{i:02d}" for i in range(30)]
    assert no_such("mission", "m", "missions/", many).endswith("m11 and 18 more?")


def test_the_cli_says_which_freelancer_was_meant(run_cfo):
    from conftest import REPO

    result = run_cfo("-C", str(REPO), "onboard", "alice")
    assert result.exit_code == 2
    assert "no freelancer 'alice' in roster/; did you mean alice-martin?" in result.stderr
