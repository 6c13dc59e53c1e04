"""The API's JSON writer: the standard library's text, character for character."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.site.json_text import json_text


def library(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)


_SCALARS = (st.none() | st.booleans() | st.integers() | st.text()
            | st.floats(allow_nan=True, allow_infinity=True))
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (st.lists(inner, max_size=5) | st.tuples(inner, inner)
                   | st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=40)


@given(_DOCUMENTS)
@settings(max_examples=300, deadline=None)
def test_any_json_document_is_written_as_the_library_writes_it(document: object) -> None:
    assert json_text(document) == library(document)


def test_what_it_does_not_write_itself_is_the_library_s() -> None:
    # Keys that are not text, subclasses, floats: handed back whole to the library.
    class Text(str):
        pass

    for document in ({1: "a", 2: [True]}, {"a": Text("b")}, [1.5, {"x": 2}], {"a": {"b": 0.1}}):
        assert json_text(document) == library(document)


def test_a_value_json_cannot_write_fails_as_with_the_library() -> None:
    for writer in (json_text, library):
        try:
            writer({"amount": Decimal("1.00")})
        except TypeError as error:
            assert "Decimal" in str(error)
        else:  # pragma: no cover
            raise AssertionError("a Decimal was written")


def test_control_characters_quotes_and_accents() -> None:
    document = {"é": ["\x00\x1f\"\\/\u2028", "ü€😀"], "": {}, "z": [], "a": [[], {}]}
    assert json_text(document) == library(document)
