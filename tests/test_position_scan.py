"""The event scan finds exactly the positions the source map finds, or declines."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.checks.runner import run_checks
from cfo_tools.loading.position_scan import scan_positions
from cfo_tools.loading.source_map import SourceMap
from conftest import COMPANY, freelancer_yaml, pointers_of, write_workspace


def assert_agrees(text: str, pointers: list[str]) -> dict[str, tuple[int, int]]:
    """The scan finds every pointer the source map finds exactly, at the same place."""
    found = scan_positions(text, pointers)
    assert found is not None
    source = SourceMap(text)
    for pointer in pointers:
        _, exact = source.node_at(pointer)
        assert (pointer in found) == exact, pointer
        if exact:
            assert found[pointer] == source.position(pointer), pointer
    return found


PLAIN = """\
title: "Refonte\u2028du site"
assignments:
  - freelancer: ada
    role: dev
  - {freelancer: bob, role: ux}
a/b~c: [1, [2, 3], {x: y}]
notes: |
  - not an item
  - neither
empty:
"""


def test_a_plain_document_is_found_whole():
    assert_agrees(PLAIN, pointers_of(yaml.safe_load(PLAIN)))


@pytest.mark.parametrize("text", [
    "base: &b {x: 1}\nother: *b\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "a: 1\na: 2\n",
    "[1, 2]: x\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "!!str a: 1\n",
])
def test_anything_but_a_plain_document_is_left_to_the_source_map(text):
    assert scan_positions(text, ["/a", "/other/x", ""]) is None


def test_a_pointer_that_is_not_there_is_not_found():
    assert scan_positions("a: {b: 1}\n", ["/a/c", "/a/b/0", "/z"]) == {}


SCALARS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.integers() \
    | st.booleans() | st.none()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=25)


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


@settings(max_examples=200, deadline=None)
@given(DATA, st.booleans())
def test_scan_and_source_map_agree_on_random_documents(data, flow):
    text = yaml.dump({"root": data}, Dumper=NoAliases, default_flow_style=flow,
                     allow_unicode=True)
    # The pointers of the data as read back (a key holding a line break does not round-trip)
    # and of the data as generated.
    assert_agrees(text, sorted({*pointers_of(yaml.safe_load(text)),
                                *pointers_of({"root": data})}))


def test_check_lines_in_a_huge_mission_are_those_of_the_source_map(tmp_path):
    lines = ["title: Grande", "client: C", "owner: pm", "status: staffed",
             "start: 2027-03-01", "end: 2027-03-31", "assignments:"]
    for i in range(2500):
        lines += [f"  - freelancer: ada  # assignment {i}", "    role: web-developer",
                  "    allocation: 1"]
    text = "\n".join(lines) + "\n"
    # Many positions in one file: the scan answers them all.
    root = write_workspace(tmp_path / "ws", {
        "company.yaml": COMPANY, "missions/grande.yaml": text,
        "roster/ada.yaml": freelancer_yaml(unavailable=(("2027-03-08", "2027-03-12"),))})
    findings = [f for f in run_checks(root, today=date(2027, 1, 4)).findings
                if f.file == "missions/grande.yaml"]
    assert len(findings) >= 2500
    source = SourceMap(text)
    assert all((f.line, f.column) == source.position(f.path) for f in findings)
