"""The JSON reporter writes findings itself (json.dumps' indented encoder is slow): its text
must stay, byte for byte, what json.dumps writes for the same report."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters import Outcome
from cfo_tools.reporters.json_format import render_json

texts = st.text(st.characters(), max_size=12) | st.sampled_from(
    ["", "\x00findings:errors\x00", "\x00findings:warnings\x00", "é\n\"\\\u2028", "\ud800"])
numbers = st.none() | st.integers(min_value=-5, max_value=10**12)
locations = st.builds(Location, texts, numbers, numbers, texts)
findings = st.builds(Finding, texts, numbers, numbers, texts, texts,
                     st.sampled_from(["error", "warning", "info"]), texts,
                     st.lists(locations, max_size=3).map(tuple))
stats = st.dictionaries(texts, st.integers(min_value=0, max_value=10**6), max_size=3)


def reference(outcome: Outcome) -> str:
    """What the reporter wrote before: one json.dumps of the whole report."""
    report = {"ok": outcome.ok, "errors": [f.to_dict() for f in outcome.errors],
              "warnings": [f.to_dict() for f in outcome.warnings], "stats": outcome.stats}
    if outcome.infos:
        report["info"] = [f.to_dict() for f in outcome.infos]
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=6), stats, st.booleans())
def test_the_report_is_what_json_dumps_writes(found, counts, strict):
    outcome = Outcome(found, counts, strict=strict)
    assert render_json(outcome) == reference(outcome)


def test_an_empty_report():
    outcome = Outcome([], {"freelancers": 0})
    assert render_json(outcome) == reference(outcome)
    assert json.loads(render_json(outcome)) == {"ok": True, "errors": [], "warnings": [],
                                                "stats": {"freelancers": 0}}
