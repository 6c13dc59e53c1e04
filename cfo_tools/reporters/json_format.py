"""The stable JSON report other commands and CI build on."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring

from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome

#: Stands for a list of findings in the report given to json.dumps, replaced by its text after.
_HOLE = "\x00findings:{}\x00"


def render_json(outcome: Outcome) -> str:
    """The report as ``json.dumps(report, indent=2, ensure_ascii=False)`` writes it, byte for
    byte. json.dumps' indented encoder is pure Python (2 s for 25,000 findings): the findings,
    whose shape is fixed, are written here with json's own string encoder instead."""
    lists = {"errors": outcome.errors, "warnings": outcome.warnings, "info": outcome.infos}
    return json_report(outcome.ok, outcome.stats,
                       {key: _findings_text(findings) for key, findings in lists.items()})


def json_report(ok: bool, stats: dict[str, int], lists: Mapping[str, str | list[str]]
                ) -> str:
    """The report around the text of its lists of findings (``errors``, ``warnings`` and
    ``info``, each as :func:`findings_list` writes it, or the parts of that text as
    :func:`findings_list_parts` gives them; ``info`` left out when empty)."""
    # One join: a report of 20 MB is not copied again for each list and the last newline.
    return "".join(part if isinstance(part, str) else part.decode()
                   for part in json_report_parts(ok, stats, lists))


def json_report_parts(ok: bool, stats: dict[str, int],
                      lists: Mapping[str, str | Iterable[str | bytes]]) -> Iterator[str | bytes]:
    """The parts of :func:`json_report`'s text, in order (for a caller that writes them as
    they come instead of joining a report of a hundred megabytes first). A list given in
    parts is read as the parts are written: those of a large report are not all made
    before the first is written."""
    report: dict[str, object] = {"ok": ok, "errors": _HOLE.format("errors"),
                                 "warnings": _HOLE.format("warnings")}
    report["stats"] = stats
    keys = ["errors", "warnings"]
    texts = dict(lists)
    info = texts.get("info", "[]")
    if not isinstance(info, str):
        # Its first part says whether it is empty (findings_list_parts: "[]" alone).
        rest_of_info = iter(info)
        first = next(rest_of_info, "[]")
        texts["info"] = info = itertools.chain([first], rest_of_info) if first != "[]" \
            else "[]"
    if info != "[]":  # only then, so reports without any keep CI's shape
        report["info"] = _HOLE.format("info")
        keys.append("info")
    # Cut at each hole of the text json.dumps wrote, before any finding's text is put in.
    rest = json.dumps(report, indent=2, ensure_ascii=False)
    for key in keys:
        before, _, rest = rest.partition(encode_basestring(_HOLE.format(key)))
        yield before
        text = texts[key]
        if isinstance(text, str):
            yield text
        else:
            yield from text
    yield rest
    yield "\n"


def findings_items(findings: Sequence[Finding]) -> str:
    """The items of a list of findings, without its brackets ("" for none): the lists of a
    report are these texts of consecutive findings joined by ``",\n"``."""
    return ",\n".join([_finding_text(f) for f in findings])


def findings_list(items: Sequence[str]) -> str:
    """The list made of :func:`findings_items` texts, as the value of a top-level key."""
    chosen = [text for text in items if text]
    return "[\n" + ",\n".join(chosen) + "\n  ]" if chosen else "[]"


#: What follows each item of a list in :func:`findings_list_parts`'s input.
ITEM_END = ",\n"


def findings_list_parts(items: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The parts of :func:`findings_list`'s text, in order (joined or written by the
    caller), from texts each of :func:`findings_items` followed by :data:`ITEM_END`, or
    empty (those of consecutive files may come as one string, maybe encoded in UTF-8): the
    last one's end closes the list. Each text is given on as the next one is read."""
    last: str | bytes | None = None
    for text in items:
        if not text:
            continue
        yield "[\n" if last is None else last
        last = text
    if last is None:
        yield "[]"
    elif isinstance(last, bytes):
        yield last[:-len(ITEM_END)] + b"\n  ]"
    else:
        yield last[:-len(ITEM_END)] + "\n  ]"


def _findings_text(findings: Sequence[Finding]) -> str:
    """A list of findings as the value of a top-level key (its items indented by 4)."""
    return findings_list([findings_items(findings)])


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
