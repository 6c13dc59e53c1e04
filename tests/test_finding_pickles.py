"""Findings pickled as their fields (``model/findings.py``): what the cache and the workers'
pipes carry comes back equal, through the cache's own restricted unpickler too; and made
again from the rows the subjects' workers send."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.checks.rule_catalogue import ALL_RULES
from cfo_tools.loading.document_cache import load_entry
from cfo_tools.model.findings import Finding, Location, findings_of_rows

_LINES = st.none() | st.integers(min_value=1, max_value=10**6)
_LOCATIONS = st.builds(Location, st.text(), _LINES, _LINES, st.text())
# Catalogued rules: a finding loaded from the cache is made by the cache's code, which the
# suite holds to the catalogue (conftest.rules_are_catalogued).
_FINDINGS = st.builds(Finding, st.text(), _LINES, _LINES, st.text(),
                      st.sampled_from(sorted(ALL_RULES)),
                      st.sampled_from(["error", "warning", "info"]), st.text(),
                      st.lists(_LOCATIONS, max_size=3).map(tuple))


@given(st.lists(_FINDINGS, max_size=5))
def test_findings_come_back_equal(findings):
    packed = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
    for loaded in (pickle.loads(packed), load_entry(packed)):
        assert loaded == findings
        assert [hash(f) for f in loaded] == [hash(f) for f in findings]
        assert all(type(f) is Finding for f in loaded)
        assert all(type(p) is Location for f in loaded for p in f.related)


def test_a_finding_is_pickled_without_its_field_names():
    finding = Finding("roster/a.yaml", 3, 5, "/rate", "schema", "error", "not a number")
    assert b"severity" not in pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL)


@given(st.lists(_FINDINGS, max_size=5))
def test_findings_made_again_from_their_rows_are_equal(findings):
    rows = [(f.file, f.line, f.column, f.path, f.rule, f.severity, f.message,
             tuple((p.file, p.line, p.column, p.path) for p in f.related)) for f in findings]
    made = findings_of_rows(pickle.loads(pickle.dumps(rows)))
    assert made == findings
    assert all(type(p) is Location for f in made for p in f.related)
