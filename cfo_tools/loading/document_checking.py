"""Everything about one document that needs no other file: read it, validate it against its
schema, build its model object. Runs on every core for large workspaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfo_tools.loading.kinds import DocumentFile, record_kind
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


def check_document(spec: DocumentFile, validators: dict[str, DocumentValidator]
                   ) -> CheckedDocument:
    """``validators`` are keyed by schema name."""
    kind = record_kind(spec.kind)
    raw = read_regular_file(spec.path)
    if isinstance(raw, FileProblem):
        return CheckedDocument(spec, [Finding(spec.file, None, None, "", raw.rule, "error",
                                              raw.message)], None, None)
    document = parse_document(raw, spec.path, spec.file, keep_text=True)
    findings = list(document.findings)
    text = document.text
    if document.data is None:
        return CheckedDocument(spec, findings, None, text)
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
        findings += [f for f in schema_findings(spec.file, errors, source)
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
    return CheckedDocument(spec, findings, model, text if findings else None)

