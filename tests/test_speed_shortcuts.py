"""Shortcuts taken for speed give what the plain way gives."""

from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.model.findings import Finding, Location

TEXT = st.text(max_size=10)
NUMBER = st.none() | st.integers(min_value=1, max_value=10_000)
LOCATIONS = st.builds(Location, TEXT, NUMBER, NUMBER, TEXT)
FINDINGS = st.builds(Finding, TEXT, NUMBER, NUMBER, TEXT, TEXT,
                     st.sampled_from(["error", "warning"]), TEXT,
                     st.lists(LOCATIONS, max_size=3).map(tuple))


@given(FINDINGS)
def test_a_finding_as_json_is_what_asdict_gives(finding):
    expected = asdict(finding)
    if not finding.related:
        del expected["related"]
    assert finding.to_dict() == expected
    assert list(finding.to_dict()) == list(expected)
