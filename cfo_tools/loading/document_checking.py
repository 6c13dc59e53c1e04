"""Everything about one document that needs no other file: read it, validate it against its
schema, build its model object. Runs on every core for large workspaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfo_tools.loading.schema_findings import schema_findings
from cfo_tools.loading.schema_repair import valid_part
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.workspace_files import DocumentFile
from cfo_tools.loading.yaml_documents import read_document
from cfo_tools.model.building import (
    InvalidDates,
    build_company,
    build_freelancer,
    build_mission,
    impossible_dates,
    invalid_date_findings,
)
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Company, Freelancer, Mission

Model = Company | Freelancer | Mission


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
    document = read_document(spec.path, spec.file, keep_text=True)
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

    validator = validators[spec.kind]
    data: dict[str, Any] | None = document.data
    errors = validator.errors(data)
    if errors:
        source = SourceMap(text or "")
        # The reader already said where YAML read 0500 or 1:30 as a number.
        said = {(f.line, f.column, f.rule) for f in document.findings}
        findings += [f for f in schema_findings(spec.file, errors, source)
                     if (f.line, f.column, f.rule) not in said]
        data = valid_part(data, errors, validator.errors)
    model: Model | None = None
    if data is None or document.findings:
        # Left out of the model (with duplicate or non-text keys the data is not what the
        # author wrote), but its impossible dates are still worth reporting.
        findings += invalid_date_findings(
            spec.file, InvalidDates(impossible_dates(document.data)), locate)
    else:
        try:
            model = _build(spec, data)
        except InvalidDates as exc:
            findings += invalid_date_findings(spec.file, exc, locate)
    return CheckedDocument(spec, findings, model, text if findings else None)


def _build(spec: DocumentFile, data: dict[str, Any]) -> Model:
    if spec.kind == "company":
        return build_company(spec.file, data)
    if spec.kind == "freelancer":
        return build_freelancer(spec.id, spec.file, data)
    return build_mission(spec.id, spec.file, data)
