"""`cfo build`'s notes on the documents it could not write: a file to fill in once, with the
documents waiting for it; any other reason once per document."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.documents.skipped_documents import Skipped, grouped_notes

COMPANY = ("company.yaml", ("legal.name", "legal.siren"))


def _contract(person: str, fmt: str, *missing: tuple[str, tuple[str, ...]],
              why: str = "cannot write") -> Skipped:
    return Skipped("contract", f"the contract of {person} on site", fmt, why, missing)


def test_each_file_to_fill_in_is_one_note_counting_what_waits_for_it():
    ada = ("roster/ada.yaml", ("legal.siret",))
    skipped = [_contract("ada", "md", COMPANY, ada), _contract("ada", "html", COMPANY, ada),
               _contract("bob", "md", COMPANY),
               Skipped("purchase order", "the purchase order of bob on site", "md", "x",
                       (COMPANY,))]
    assert grouped_notes(skipped) == [
        "2 contracts and 1 purchase order (md, html): fill in legal.name, legal.siren in "
        "company.yaml",
        "1 contract (md, html): fill in legal.siret in roster/ada.yaml"]


def test_other_reasons_are_one_note_per_document_and_reason():
    skipped = [_contract("ada", "md", why="no rights"), _contract("ada", "html", why="no rights"),
               _contract("bob", "html", why="too long"), _contract("bob", "md", why="no rights")]
    assert grouped_notes(skipped) == [
        "the contract of ada on site (md, html): no rights",
        "the contract of bob on site (html): too long",
        "the contract of bob on site (md): no rights"]


places = st.sampled_from([COMPANY, ("roster/ada.yaml", ("legal.siret",)),
                          ("roster/bob.yaml", ("legal.siret", "legal.address"))])


@given(st.lists(st.builds(_contract, st.sampled_from(["ada", "bob", "cyd"]),
                          st.sampled_from(["md", "html"]),
                          why=st.sampled_from(["no rights", "too long"]))
                .map(lambda s: s._replace(missing=())) | st.builds(
                    lambda person, fmt, missing: _contract(person, fmt, *missing),
                    st.sampled_from(["ada", "bob"]), st.sampled_from(["md", "html"]),
                    st.lists(places, min_size=1, max_size=3, unique=True).map(tuple))))
def test_nothing_is_lost(skipped):
    notes = grouped_notes(skipped)
    for item in skipped:
        if item.missing:
            # Every file to fill in has its note, naming its fields and the format.
            for file, fields in item.missing:
                [note] = [n for n in notes if n.endswith(f"fill in {', '.join(fields)} in {file}")]
                assert item.fmt in note[:note.index(":")]
        else:
            [note] = [n for n in notes if n.startswith(f"{item.document} (")
                      and n.endswith(f"): {item.why}")]
            assert item.fmt in note[len(item.document):-len(item.why)]
    # And the count of documents waiting for each file is right.
    for file, fields in {place for item in skipped for place in item.missing}:
        waiting = {item.document for item in skipped if (file, fields) in item.missing}
        [note] = [n for n in notes if n.endswith(f" in {file}")]
        assert int(note.split()[0]) == len(waiting)
