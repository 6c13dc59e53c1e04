"""The one-walk construction and the memoised tag resolution read every text exactly as the
loading before them did (tests/reference_loading.py): the same data (types included), the same
findings with the same messages in the same order, the same line map."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_loading import reference_loading

from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.yaml_documents import parse_document


def _outcome(raw: bytes, line_map: bool) -> tuple[object, ...]:
    document = parse_document(raw, Path("x.yaml"), "roster/x.yaml", line_map=line_map)
    positions = None if document.positions is None else document.positions.to_data()
    # repr: True and 1, 1 and 1.0 are equal in Python, not in what a schema sees.
    return repr(document.data), document.findings, document.text, positions


def _both(raw: bytes, line_map: bool = True) -> tuple[tuple[object, ...], tuple[object, ...]]:
    with reference_loading():
        before = _outcome(raw, line_map)
    return before, _outcome(raw, line_map)


def assert_same_reading(raw: bytes) -> None:
    for line_map in (True, False):
        before, now = _both(raw, line_map)
        assert now == before


#: Pieces of YAML, with every trap the loader reports: YAML 1.1 booleans and numbers (octal,
#: sexagesimal, hexadecimal, binary), huge and non-finite numbers, tags, aliases, merge keys,
#: duplicate and non-text keys, day-number keys, several documents, tabs, odd line breaks.
_TRAPS = [
    "a", "b", "name", "days", "1", "3", "03", "31", "100", "0", "00", "-1", "+2", "1_000",
    "yes", "No", "ON", "off", "True", "FALSE", "y", "~", "null", "Null", "", "0500", "0o17",
    "1:30", "-1:30", "0x1F", "0b101", "1.5", "1.10", "1e3", "1e999", ".inf", "-.Inf", ".NaN",
    "9" * 25, "2026-01-05", "2026-02-30", "é", "a b", "x/y", "m~n", "=", "<<", "?", "-",
]
_PUNCTUATION = [
    ": ", "- ", "\n", "\n  ", "\n    ", "\n      ", "[", "]", "{", "}", ", ", "&x ", "*x",
    "&y ", "*y", "<<: ", "!!str ", "!!int ", "!!bool ", "!!float ", "!!null ", "!!map ",
    "!!seq ", "!!timestamp ", "!!binary ", "!!set ", "!custom ", "!<tag:yaml.org,2002:m%65rge> ",
    "? ", "#c", "|\n  t", ">\n  t", "'q'", '"q\\n"', "\t", "---\n", "...\n", "%YAML 1.1\n",
    "\r", "\u2028", "\u0085", "'", '"', "days:\n  ", "3: 1", "\n  12: 0.5",
    "\na: ", "\nb: ", "\n  a: ", "\n  - ", "\n- ",
]
_tokens = st.sampled_from(_TRAPS + _PUNCTUATION)
junk_texts = st.lists(_tokens, max_size=80).map("".join)


def _scalars() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_TRAPS), st.text(max_size=8))


def _gap(value: object) -> str:
    return "" if isinstance(value, (dict, list)) and value else " "


def _render(value: object, indent: int = 0) -> str:
    """Block YAML of ``value`` (texts written as they are, unquoted: the traps stay traps)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "".join(f"\n{pad}{key}:{_gap(child)}{_render(child, indent + 2)}"
                       for key, child in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "".join(f"\n{pad}- {_render(child, indent + 2).lstrip()}" for child in value)
    return str(value)


_keys = st.one_of(st.sampled_from(_TRAPS[:40]), st.from_regex(r"[a-z]{1,6}", fullmatch=True))
documents = st.recursive(
    _scalars(),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(st.tuples(_keys, children), max_size=5).map(
            lambda pairs: {k: v for k, v in pairs}),
    ),
    max_leaves=25,
).map(lambda value: _render({"root": value, "days": {"3": 1, "12": "0.5"}}).lstrip("\n"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk_texts)
def test_junk_is_read_as_before(text: str) -> None:
    assert_same_reading(text.encode("utf-8"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.lists(st.tuples(st.integers(0, 10_000), _tokens), max_size=3))
def test_documents_and_their_mutations_are_read_as_before(
        text: str, edits: list[tuple[int, str]]) -> None:
    assert_same_reading(text.encode("utf-8"))
    for where, token in edits:
        at = where % (len(text) + 1)
        text = text[:at] + token + text[at:]
    assert_same_reading(text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_bytes_are_read_as_before(raw: bytes) -> None:
    assert_same_reading(raw)


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, {c: d}]\nc: &r {k: v}\nd: *r\n",
    "base: &b {rate: 1}\nother:\n  <<: *b\n  rate: 3\n",
    "a: 1\na: 2\nyes: 3\na: 4\n1: x\n1: y\n",
    "list: &l [1, 2]\nagain: *l\n",
    "k: &k a\n*k : 1\n*k : 2\n",
    "n: &n 5\nm: *n\n",
    "merged:\n  <<: {a: 1}\n  a: 2\n",
    "v:\n  =: 1\n",
    "days:\n  3: 1\n  03: 2\n  3: 1\nother:\n  3: 1\n",
    "a: 0500\nb: 1:30\nc: 0x1F\nd: .nan\ne: 1e999\nf: " + "9" * 2000 + "\n",
    "a: !!bool maybe\n",
    "a: !!int ''\n",
    "a: !<tag:yaml.org,2002:m%65rge> {b: 1}\n",
    "x~/y: {a/b: [1, {c~d: 2}]}\n",
    "- a\n- b\n",
    "a: 1\n---\nb: 2\n",
    "a:\n\tb: 1\n",
])
def test_known_shapes_are_read_as_before(text: str) -> None:
    assert_same_reading(text.encode("utf-8"))


def _nested(opening: str, closing: str, depth: int) -> bytes:
    return ("a: " + opening * depth + "x" + closing * depth + "\n").encode()


def _too_deep_from(opening: str, closing: str, line_map: bool, which: int) -> int:
    """The first depth read as "nested too deeply" (the stack runs out in the walk), before
    (``which`` 0) or now (1), from the same depth of the stack as the comparisons."""
    low, high = 10, 2000
    while low < high:
        middle = (low + high) // 2
        if _both(_nested(opening, closing, middle), line_map)[which][0] == "None":
            high = middle
        else:
            low = middle + 1
    return low


@pytest.mark.parametrize("line_map", [True, False])
@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}"), ("{a/b: ", "}")])
def test_deep_nesting_is_read_as_before(opening: str, closing: str, line_map: bool) -> None:
    """Up to, at and past the depth where the walk runs out of stack. Nested lists hit it at
    the same depth as before; nested mappings a level or two deeper (the walk no longer runs a
    generator per mapping), so a document within those levels now reads instead of being
    refused, and one read before is never refused."""
    before = _too_deep_from(opening, closing, line_map, 0)
    now = _too_deep_from(opening, closing, line_map, 1)
    assert before <= now <= before + 2
    if opening == "[":
        assert now == before
    for depth in (10, before - 2, before - 1, now, now + 1, now + 50):
        _assert_same_at(opening, closing, depth, line_map)


def _assert_same_at(opening: str, closing: str, depth: int, line_map: bool) -> None:
    # As deep in the stack as the reading in _too_deep_from.
    was, is_now = _both(_nested(opening, closing, depth), line_map)
    assert is_now == was


@settings(max_examples=100, deadline=None)
@given(documents)
def test_source_maps_agree_with_the_line_map(text: str) -> None:
    """The line map made in the walk says what the node tree says, wherever it is made."""
    document = parse_document(text.encode(), Path("x.yaml"), "x.yaml", line_map=True)
    if document.positions is None:
        return
    source = SourceMap(text)
    for pointer in document.positions.marks:
        assert document.positions.position(pointer) == source.position(pointer)


def test_the_resolution_is_pyyamls() -> None:
    loader = yaml.CSafeLoader("")
    try:
        for text in [*_TRAPS, "2026-01-05", "<<", "="]:
            from cfo_tools.loading.yaml_documents import DocumentLoader

            for implicit in ((True, False), (False, True), (False, False)):
                expected = yaml.resolver.BaseResolver.resolve(
                    DocumentLoader, yaml.ScalarNode, text, implicit)  # type: ignore[arg-type]
                assert DocumentLoader.resolve(yaml.ScalarNode, text, implicit) == expected
    finally:
        loader.dispose()
