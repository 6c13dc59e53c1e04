"""Each way a YAML file can be broken, with the smallest file that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfo_tools.loading.yaml_documents import MAX_EXPANDED_NODES, parse_document


def read(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return parse_document(raw, Path("x.yaml"), "roster/x.yaml")


@pytest.mark.parametrize(
    ("text", "rule", "line", "column"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1),
        ("a:\n  b: 1\n  b: 2\n", "duplicate-key", 3, 3),
        ("", "empty-file", 1, 1),
        ("# only a comment\n\n# and another\n", "empty-file", 1, 1),
        ("- a\n- b\n", "not-a-mapping", 1, 1),
        ("just text\n", "not-a-mapping", 1, 1),
        ("a: 1\n---\nb: 2\n", "multiple-documents", 2, 1),
        ("a: b: c\n", "yaml-syntax", 1, 5),
        ("a:\n\t- b\n", "yaml-syntax", 2, 1),
        ("a: [1, 2\n", "yaml-syntax", 2, 1),
        ("a: *nowhere\n", "yaml-syntax", 1, 4),
        ("a: !!binary aGk=\n", "yaml-value", 1, 4),
        ("a: !!python/object:os.system {}\n", "yaml-value", 1, 4),
        ("a: !!set {x}\n", "yaml-value", 1, 4),
        ("a: !!int ''\n", "yaml-value", 1, 4),
        ("a: !!float ''\n", "yaml-value", 1, 4),
        ("? [a]\n: b\n", "yaml-value", 1, 3),
        ("? ? !!int ''\n", "yaml-value", 1, 3),
        ("a: !!timestamp 2026-01-01\n", "yaml-value", 1, 4),
        ("1: x\n", "non-text-key", 1, 1),
        ("yes: x\n", "non-text-key", 1, 1),
        ("a: &l [*l]\n", "document-too-large", 1, 1),
        ("a: \x07\n", "yaml-syntax", 1, 4),
    ],
)
def test_broken_yaml_is_a_finding_at_its_place(text: str, rule: str, line: int, column: int):
    document = read(text)
    assert [(f.rule, f.line, f.column) for f in document.findings] == [(rule, line, column)]
    assert all(f.file == "roster/x.yaml" and f.severity == "error" for f in document.findings)


def test_duplicate_key_names_the_first_line():
    [finding] = read("name: a\nemail: b\nname: c\n").findings
    assert "duplicate key 'name' (first on line 1)" in finding.message


def test_tab_indentation_gets_a_hint():
    [finding] = read("a:\n\t- b\n").findings
    assert "spaces, not tabs" in finding.message


@pytest.mark.parametrize(("text", "hint"), [
    ("name: a\nemail:a@b.fr\nroles: [x]\n", "line 2: put a space after the colon of 'email:' "
                                             "(email: a@b.fr)"),
    ("name: a\nroles:[x]\n# a comment\n\nemail: b\n", "line 2: put a space after the colon "
                                                       "of 'roles:' (roles: [x])"),
    ("name: a\nsite:https://x.fr\n", "(site: https://x.fr)"),
])
def test_a_key_without_a_space_after_its_colon_gets_a_hint(text: str, hint: str):
    [finding] = read(text).findings
    assert finding.rule == "yaml-syntax" and finding.message.endswith(hint)


@pytest.mark.parametrize("text", [
    "a: b: c\n", "a: [1, 2\n", "url: http://x\n  bad: [\n", "a:\n  - http://x\n  b: 1\n",
])
def test_no_space_hint_where_every_colon_has_its_space(text: str):
    [finding] = read(text).findings
    assert "put a space" not in finding.message


def test_merge_keys_are_not_duplicates():
    document = read("base: &b {rate: 1, x: 2}\nother:\n  <<: *b\n  rate: 3\n")
    assert document.findings == []
    assert document.data == {"base": {"rate": 1, "x": 2}, "other": {"rate": 3, "x": 2}}


def test_merge_from_a_list_of_mappings():
    document = read("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n")
    assert document.findings == []
    assert document.data["c"] == {"x": 1, "y": 2, "z": 3}


def test_dates_stay_text():
    assert read("start: 2026-01-05\n").data == {"start": "2026-01-05"}


def test_impossible_date_is_read_as_text_for_the_model_to_report():
    assert read("start: 2026-02-30\n").data == {"start": "2026-02-30"}


def test_non_utf8_bytes_point_at_the_byte():
    [finding] = read(b"name: ok\nnote: caf\xe9\n").findings
    assert (finding.rule, finding.line, finding.column) == ("encoding", 2, 10)
    assert "0xE9" in finding.message and "UTF-8" in finding.message


def test_utf8_bom_is_accepted():
    assert read("\ufeffname: x\n".encode()).data == {"name": "x"}


def test_billion_laughs_is_refused_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    document = read("\n".join(lines) + "\n")
    assert [f.rule for f in document.findings] == ["document-too-large"]
    assert f"{MAX_EXPANDED_NODES:,}" in document.findings[0].message


def test_a_few_aliases_are_fine():
    document = read("a: &a [1, 2]\nb: *a\nc: *a\n")
    assert document.findings == [] and document.data["c"] == [1, 2]


@pytest.mark.parametrize("literal", ["0x_", "0b_", "-0b_"])
def test_number_literal_pyyaml_cannot_convert_is_a_finding(literal: str):
    # PyYAML's resolver accepts these as integers and then int() fails on them.
    document = read(f"a: {literal}\n")
    assert [(f.rule, f.line, f.column) for f in document.findings] == [("yaml-value", 1, 4)]
    assert "quote it" in document.findings[0].message


# -- the fast constructor builds what PyYAML's own construction builds ---------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cfo_tools.loading.yaml_documents import DocumentLoader  # noqa: E402

_tokens = st.sampled_from([
    "a", "b", "name", "1", "yes", "no", "2026-01-05", "1.10", "~", "''", '"x"', ": ", "- ",
    "\n", "\n  ", "\n    ", "[", "]", "{", "}", ", ", "&x ", "*x", "<<: ", "!!str ", "!!int ",
    "? ", "= ", "#c", "|\n  t", ">\n  t",
])
yamlish = st.lists(_tokens, max_size=60).map("".join)


def _construct(text: str, fast: bool):
    loader = DocumentLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ("empty",)
        data = loader.construct_plain(node) if fast else loader.construct_document(node)
        problems = sorted((m.line, m.column, rule, message)
                          for m, rule, message in loader.problems)
        return ("ok", data, problems)
    except Exception as exc:  # both paths must fail alike
        return ("error", type(exc).__name__)
    finally:
        loader.dispose()


@settings(max_examples=500, deadline=None)
@given(yamlish)
def test_fast_construction_matches_pyyaml(text: str):
    assert _construct(text, fast=True) == _construct(text, fast=False)


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, {c: d}]\nc: &r {k: v}\nd: *r\n",
    "base: &b {rate: 1}\nother:\n  <<: *b\n  rate: 3\n",
    "a: 1\na: 2\nyes: 3\n",
    "list: &l [1, 2]\nagain: *l\n",
])
def test_fast_construction_on_known_shapes(text: str):
    assert _construct(text, fast=True) == _construct(text, fast=False)
