"""Everything about one document that needs no other file: read it, validate it against its
schema, build its model object. Runs on every core for large workspaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfo_tools.loading.kinds import DocumentFile, record_kind
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.schema_findings import schema_findings
from cfo_tools.loading.schema_repair import valid_part
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.yaml_documents import parse_document
from cfo_tools.model.building import (
    InvalidDates,
    impossible_dates,
    invalid_date_findings,
    require_needed,
)
from cfo_tools.model.findings import Finding

#: A record built by its kind's builder (Company, Freelancer, Mission...).
Model = object


@dataclass
class CheckedDocument:
    spec: DocumentFile
    findings: list[Finding]
    #: None when the document could not be read or lacks what the model needs.
    model: Model | None
    #: The text, kept only for documents with findings (their lines are looked up later).
    text: str | None
    #: The line map, when asked for (to be cached) and the document is plain enough.
    positions: LineMap | None = None
    #: Its key in the document cache, when it was looked up or stored there.
    key: bytes | None = None
    #: The hash of the bytes read, when the key was made from them (for the stat index).
    content: bytes | None = None
    #: ``(view,)``: what the command makes of it, when the pool's worker that built the
    #: record made that too (``document_viewer``); None when it did not.
    view: tuple[Any] | None = None


def check_document(spec: DocumentFile, validators: dict[str, DocumentValidator],
                   *, line_map: bool = False) -> CheckedDocument:
    """``validators`` are keyed by schema name; with ``line_map``, the document's line map is
    made in the same parse."""
    raw = read_regular_file(spec.path)
    if isinstance(raw, FileProblem):
        return unreadable(spec, raw)
    return check_content(spec, raw, validators, line_map=line_map)


def unreadable(spec: DocumentFile, problem: FileProblem) -> CheckedDocument:
    return CheckedDocument(spec, [Finding(spec.file, None, None, "", problem.rule, "error",
                                          problem.message)], None, None)


def check_content(spec: DocumentFile, raw: bytes, validators: dict[str, DocumentValidator],
                  *, line_map: bool = False) -> CheckedDocument:
    """The document whose bytes are ``raw``; with ``line_map``, its line map too."""
    kind = record_kind(spec.kind)
    document = parse_document(raw, spec.path, spec.file, keep_text=True, line_map=line_map)
    findings = list(document.findings)
    text = document.text
    if document.data is None:
        return CheckedDocument(spec, findings, None, text)
    positions = document.positions
    source: SourceMap | None = None

    def locate(pointer: str) -> tuple[int | None, int | None]:
        nonlocal source
        if source is None:
            source = SourceMap(text or "")
        return source.position(pointer)

    validator = validators[kind.schema]
    read: dict[str, Any] = document.data
    data: dict[str, Any] | None = read
    errors = validator.errors(read)
    if errors:
        source = SourceMap(text or "")
        # The reader already said where YAML read 0500 or 1:30 as a number.
        said = {(f.line, f.column, f.rule) for f in document.findings}
        findings += [f for f in schema_findings(spec.file, errors, source, validator.schema)
                     if (f.line, f.column, f.rule) not in said]
        data = valid_part(read, errors, validator.errors)
    model: Model | None = None
    if data is None or document.findings:
        # Left out of the model (with duplicate or non-text keys the data is not what the
        # author wrote), but its impossible dates are still worth reporting.
        findings += invalid_date_findings(
            spec.file, InvalidDates(impossible_dates(document.data)), locate)
    else:
        try:
            if not validator.covers_model:
                require_needed(kind.name, data)
            model = kind.build(spec, data)
        except InvalidDates as exc:
            findings += invalid_date_findings(spec.file, exc, locate)
    return CheckedDocument(spec, findings, model, text if findings else None, positions)

