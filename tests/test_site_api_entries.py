"""API files made entry by entry (``site/api_entries.py``): the bytes of ``json_bytes``, whether
each entry's JSON is written or taken from the last build's file."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.site import api_entries
from cfo_tools.site.api import json_bytes
from cfo_tools.site.api_entries import EntryDigests, EntryIndex

BUILD = ("--today", "2026-11-27", "site")
CONTEXT = b"context"

_SCALARS = (st.none() | st.booleans() | st.integers() | st.text(max_size=6)
            | st.floats(allow_nan=False))
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=12)
_DOCUMENTS = st.dictionaries(st.text(max_size=6), _VALUES | st.lists(_VALUES, max_size=8),
                             max_size=5)


def _made(document, earlier=None, index=None):
    split = EntryDigests.of(document)
    assert split is not None
    return split.json_bytes(earlier, index, CONTEXT)


@given(_DOCUMENTS)
@settings(max_examples=200, deadline=None)
def test_a_document_made_entry_by_entry_is_json_bytes(document) -> None:
    assert _made(document)[0] == json_bytes(document)


@given(_DOCUMENTS, _DOCUMENTS)
@settings(max_examples=200, deadline=None)
def test_a_document_made_from_another_s_file_is_its_own_json_bytes(before, after) -> None:
    earlier, index = _made(before)
    assert _made(after, earlier, index)[0] == json_bytes(after)


def _missions(count: int, changed: int | None = None) -> dict:
    return {"version": 1, "today": "2026-11-27", "missions": [
        {"id": f"m{number}", "end": "2027-01-0" + ("2" if number == changed else "1"),
         "team": [f"f{number}", "f0"], "budget": None, "tentative": number % 2 == 0}
        for number in range(count)]}


def test_only_the_entries_that_changed_are_written_again(monkeypatch) -> None:
    earlier, index = _made(_missions(50))
    written = []
    entry_text = api_entries.entry_text
    monkeypatch.setattr(api_entries, "entry_text",
                        lambda entry, keys: written.append(entry) or entry_text(entry, keys))
    document = _missions(51, changed=7)
    document["missions"].insert(0, document["missions"].pop())  # a new entry, first
    content, _ = _made(document, earlier, index)
    assert content == json_bytes(document)
    assert [entry["id"] for entry in written] == ["m50", "m7"]


def test_an_index_that_does_not_hold_together_is_not_used(monkeypatch) -> None:
    earlier, index = _made(_missions(5))
    digests, starts, ends = index.lists["missions"]
    broken = {"missions": (digests, starts, ends[:-8] + (10**9).to_bytes(8, "little"))}
    for kept in (EntryIndex(CONTEXT, broken),
                 EntryIndex(CONTEXT, {"missions": (digests[:-1], starts, ends)})):
        assert kept.spans(len(earlier)) is None
        assert _made(_missions(5, changed=1), earlier, kept)[0] == json_bytes(
            _missions(5, changed=1))
    # Made by another version of the code (the cache's context): not trusted.
    assert EntryIndex.trusted(index.kept(), b"other") is None
    assert EntryIndex.trusted(index.kept(), CONTEXT) == index
    for value in (None, "x", (CONTEXT,), (CONTEXT, {"missions": ("a", b"", b"")}),
                  (CONTEXT, {1: (b"", b"", b"")})):
        assert EntryIndex.trusted(value, CONTEXT) is None


def test_what_is_not_a_dict_of_text_keys_has_no_entries() -> None:
    assert EntryDigests.of([1, 2]) is None
    assert EntryDigests.of({1: [2]}) is None
    assert EntryDigests.of({"a": [lambda: 1]}) is None


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def test_the_api_after_an_edit_is_a_fresh_build_s(run_cfo, example, tmp_path, monkeypatch
                                                  ) -> None:
    """A mission's end moved: the API files are made from
    the last build's, the folder is byte for byte a build from scratch's."""
    monkeypatch.setenv("CFO_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "site"
    assert run_cfo("-C", str(example), *BUILD, "-o", str(out)).exit_code == 0
    mission = next(path for path in sorted((example / "missions").glob("*.yaml"))
                   if re.search(r"^end: ", path.read_text(encoding="utf-8"), re.M))
    text = mission.read_text(encoding="utf-8")
    mission.write_text(re.sub(r"^end: .*$", "end: 2027-12-17", text, count=1, flags=re.M),
                       encoding="utf-8")
    written = []
    entry_text = api_entries.entry_text
    monkeypatch.setattr(api_entries, "entry_text",
                        lambda entry, keys: written.append(entry) or entry_text(entry, keys))
    assert run_cfo("-C", str(example), *BUILD, "-o", str(out)).exit_code == 0
    fresh = tmp_path / "fresh"
    result = run_cfo("-C", str(example), "--no-cache", *BUILD, "-o", str(fresh))
    assert result.exit_code == 0, result.output
    assert _files(out) == _files(fresh)
    # The edited mission's entry is written again; most of the others are not.
    assert any(entry.get("id") == mission.stem for entry in written)
    assert len(written) < 20
