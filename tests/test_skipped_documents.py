"""`cfo build`'s notes on the documents it could not write: one per document and reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.documents.skipped_documents import grouped_reasons

WHY = "cannot write the contract of ada on site: fill in company.yaml: legal.name"


def test_the_two_formats_of_one_document_are_one_note():
    reasons = [f"the contract of ada on site (md): {WHY}",
               f"the contract of ada on site (html): {WHY}",
               f"the contract of bob on site (md): {WHY.replace('ada', 'bob')}"]
    assert grouped_reasons(reasons) == [
        f"the contract of ada on site (md, html): {WHY}",
        f"the contract of bob on site (md): {WHY.replace('ada', 'bob')}"]


def test_different_reasons_and_other_shapes_stay_apart():
    reasons = ["the contract of ada on site (md): one thing",
               "something else entirely",
               "the contract of ada on site (html): another thing"]
    assert grouped_reasons(reasons) == reasons


@given(st.lists(st.tuples(st.sampled_from(["the contract of ada on x", "the order of b on y"]),
                          st.sampled_from(["md", "html"]),
                          st.sampled_from(["why: a", "why (md): b", "c"]))))
def test_nothing_is_lost(parts):
    reasons = list(dict.fromkeys(f"{doc} ({fmt}): {why}" for doc, fmt, why in parts))
    notes = grouped_reasons(reasons)
    # Every reason is in exactly one note, with its format.
    for doc, fmt, why in parts:
        assert sum(note.startswith(f"{doc} (") and note.endswith(f"): {why}")
                   and fmt in note[len(doc):-len(why)] for note in notes) == 1
