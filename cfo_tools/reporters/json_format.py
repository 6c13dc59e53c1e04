"""The stable JSON report other commands and CI build on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring

from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome

#: Stands for a list of findings in the report given to json.dumps, replaced by its text after.
_HOLE = "\x00findings:{}\x00"


def render_json(outcome: Outcome) -> str:
    """The report as ``json.dumps(report, indent=2, ensure_ascii=False)`` writes it, byte for
    byte. json.dumps' indented encoder is pure Python (2 s for 25,000 findings): the findings,
    whose shape is fixed, are written here with json's own string encoder instead."""
    lists = {"errors": outcome.errors, "warnings": outcome.warnings}
    report: dict[str, object] = {"ok": outcome.ok, **{key: _HOLE.format(key) for key in lists}}
    report["stats"] = outcome.stats
    if outcome.infos:  # only then, so reports without any keep the shape CI reads
        lists["info"] = outcome.infos
        report["info"] = _HOLE.format("info")
    # Cut at each hole of the text json.dumps wrote, before any finding's text is put in.
    rest = json.dumps(report, indent=2, ensure_ascii=False)
    pieces = []
    for key, findings in lists.items():
        before, _, rest = rest.partition(encode_basestring(_HOLE.format(key)))
        pieces += [before, _findings_text(findings)]
    pieces.append(rest)
    return "".join(pieces) + "\n"


def _findings_text(findings: Sequence[Finding]) -> str:
    """A list of findings as the value of a top-level key (its items indented by 4)."""
    if not findings:
        return "[]"
    return "[\n" + ",\n".join(_finding_text(f) for f in findings) + "\n  ]"


def _finding_text(finding: Finding) -> str:
    text = ('    {\n'
            f'      "file": {encode_basestring(finding.file)},\n'
            f'      "line": {_number(finding.line)},\n'
            f'      "column": {_number(finding.column)},\n'
            f'      "path": {encode_basestring(finding.path)},\n'
            f'      "rule": {encode_basestring(finding.rule)},\n'
            f'      "severity": {encode_basestring(finding.severity)},\n'
            f'      "message": {encode_basestring(finding.message)}')
    if finding.related:
        text += (',\n      "related": [\n'
                 + ",\n".join(_location_text(place) for place in finding.related)
                 + "\n      ]")
    return text + "\n    }"


def _location_text(place: Location) -> str:
    return ('        {\n'
            f'          "file": {encode_basestring(place.file)},\n'
            f'          "line": {_number(place.line)},\n'
            f'          "column": {_number(place.column)},\n'
            f'          "path": {encode_basestring(place.path)}\n'
            '        }')


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)
