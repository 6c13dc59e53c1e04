"""The role and skills of ``cfo find`` checked against the workspace's words, fed anything."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.model.vocabulary import Vocabulary
from cfo_tools.planning.request_terms import Words, unknown_role, unknown_skills

IDS = st.lists(st.text(min_size=1, max_size=20), max_size=8)


@given(role=st.text(max_size=30), held=IDS, labelled=IDS,
       label=st.text(max_size=20))
def test_a_role_is_refused_exactly_when_nobody_holds_it_and_the_vocabulary_lacks_it(
        role: str, held: list[str], labelled: list[str], label: str) -> None:
    vocabulary = Vocabulary.from_data({"roles": {i: {"fr": label} for i in labelled}})
    words = Words.of("roles", held, vocabulary)
    problem = unknown_role(role, words)
    assert (problem is None) == (role in held or role in labelled)
    if problem is not None:
        assert f"'{role}'" in problem
    notes = unknown_skills([role], Words.of("skills", held, None))
    assert len(notes) == (0 if role in held else 1)


def test_a_label_leads_to_its_id_whatever_the_case() -> None:
    vocabulary = Vocabulary.from_data({"roles": {"ux-designer": {"fr": "Designer UX"}}})
    words = Words.of("roles", ["ux-designer", "ui-designer"], vocabulary)
    assert words.meant("designer ux") == ["ux-designer"]
    assert words.meant("designer") == ["ui-designer", "ux-designer"]
    assert words.meant("ux-desinger") == ["ux-designer"]
    assert words.meant("qqqqqq") == []
