"""The text and GitHub reporters escape each file name and message once (issue 16): the same
output as escaping every piece and then every line again, whatever the names hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.formats.github import escape_data, escape_property, log_lines
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.github import render_github
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import render_text

# Former implementation, kept as the reference.


def _place(location: Location | Finding, prefix: str) -> str:
    place = terminal_text(prefix + location.file)
    if location.line is not None:
        place += f":{location.line}"
        if location.column is not None:
            place += f":{location.column}"
    return place


def _line(finding: Finding, prefix: str = "") -> str:
    where = f"{terminal_text(finding.path)}: " if finding.path else ""
    own = Location(finding.file, finding.line, finding.column, finding.path)
    others = [_place(p, prefix) for p in finding.places if p != own]
    also = f" (also {', '.join(others)})" if others else ""
    return (f"{_place(finding, prefix)}: {finding.severity} [{finding.rule}] "
            f"{where}{terminal_text(finding.message)}{also}")


def _annotations(finding: Finding, prefix: str) -> list[str]:
    where = f"{finding.path}: " if finding.path else ""
    message = "\n".join(terminal_text(line) for line in (where + finding.message).split("\n"))
    places = finding.places
    texts = [_place(p, prefix) for p in places]
    keys = [(p.file, p.line, p.column, p.path) for p in places]
    lines = []
    for place, key in zip(places, keys, strict=True):
        others = [text for other, text in zip(keys, texts, strict=True) if other != key]
        also = f" (also {', '.join(others)})" if others else ""
        properties = [f"file={escape_property(terminal_text(prefix + place.file))}"]
        if place.line is not None:
            properties.append(f"line={place.line}")
            if place.column is not None:
                properties.append(f"col={place.column}")
        properties.append(f"title={escape_property(f'cfo [{finding.rule}]')}")
        command = "notice" if finding.severity == "info" else finding.severity
        lines.append(f"::{command} {','.join(properties)}::{escape_data(message + also)}")
    return lines


def reference_github(outcome: Outcome) -> str:
    prefix = outcome.file_prefix
    lines = [line for f in outcome.findings for line in _annotations(f, prefix)]
    plain = [_line(f, prefix) for f in outcome.findings]
    plain.append(outcome.summary())
    return "\n".join([*lines, log_lines("\n".join(plain))]) + "\n"


def reference_text(outcome: Outcome) -> str:
    return "\n".join([*(_line(f) for f in outcome.findings), outcome.summary()]) + "\n"


HOSTILE = st.text(alphabet=st.sampled_from(list("ab/:# [\n\r\t\x1b\x85\u202e ")), max_size=8)
LINE = st.one_of(st.none(), st.integers(1, 99))
LOCATION = st.builds(Location, HOSTILE, LINE, LINE, HOSTILE)
FINDING = st.builds(Finding, HOSTILE, LINE, LINE, HOSTILE, st.sampled_from(["schema", "x-y"]),
                    st.sampled_from(["error", "warning", "info"]), HOSTILE,
                    st.lists(LOCATION, max_size=3).map(tuple))


@settings(max_examples=300, deadline=None)
@given(st.lists(FINDING, max_size=6), st.sampled_from(["", "ws/", "::", "##["]))
def test_the_same_lines_as_escaping_every_line_again(findings, prefix):
    outcome = Outcome(findings, {"freelancers": 1})
    assert render_text(outcome) == reference_text(outcome)
    outcome.file_prefix = prefix
    assert render_github(outcome) == reference_github(outcome)
