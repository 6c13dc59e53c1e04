"""Validate a workspace: files -> documents -> schemas -> model -> cross-file rules -> findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfo_tools.document_reading import read_documents
from cfo_tools.findings import Finding, sort_findings
from cfo_tools.model import Workspace
from cfo_tools.model_building import (
    InvalidDates,
    build_company,
    build_freelancer,
    build_mission,
    impossible_dates,
    invalid_date_findings,
)
from cfo_tools.rules import run_rules
from cfo_tools.schema_findings import schema_findings
from cfo_tools.schema_repair import valid_part
from cfo_tools.schemas import load_schemas
from cfo_tools.source_map import SourceMap
from cfo_tools.workspace_files import scan_workspace
from cfo_tools.yaml_loading import LoadedDocument


class SourceMaps:
    """Source maps built on first use, one per file."""

    def __init__(self, documents: dict[str, LoadedDocument]) -> None:
        self._documents = documents
        self._maps: dict[str, SourceMap] = {}

    def get(self, file: str) -> SourceMap:
        if file not in self._maps:
            document = self._documents[file]
            text = document.text
            if text is None:
                text = document.path.read_bytes().decode("utf-8-sig", errors="replace")
            self._maps[file] = SourceMap(text)
        return self._maps[file]

    def locate(
        self, file: str, pointer: str, *, key: bool = False
    ) -> tuple[int | None, int | None]:
        if file not in self._documents:
            return None, None
        return self.get(file).position(pointer, key=key)


@dataclass
class ValidationReport:
    workspace: Workspace
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    sources: SourceMaps | None = None

    def locate(self, file: str, pointer: str) -> tuple[int | None, int | None]:
        return self.sources.locate(file, pointer) if self.sources else (None, None)

    @property
    def files_left_out(self) -> list[str]:
        """Files with errors, whose content is partly or wholly missing from the model."""
        return sorted({f.file for f in self.findings if f.severity == "error"})


def validate_workspace(
    root: Path, *, jobs: int | None = None, fast: bool = True
) -> ValidationReport:
    """Every finding about the workspace at ``root``; never raises on its content."""
    files = scan_workspace(root)
    findings = list(files.findings)
    schemas = load_schemas(root, fast=fast)
    findings += schemas.findings

    loaded = read_documents(files.documents, jobs=jobs)
    by_file = {d.file: d for d in loaded}
    maps = SourceMaps(by_file)
    workspace = Workspace(root=root, company=None)
    counts = {"freelancers": 0, "missions": 0}

    for spec, document in zip(files.documents, loaded, strict=True):
        findings += document.findings
        if spec.kind == "freelancer":
            workspace.freelancer_files[spec.id] = spec.file
            counts["freelancers"] += 1
        elif spec.kind == "mission":
            workspace.mission_files[spec.id] = spec.file
            counts["missions"] += 1
        if document.data is None:
            continue
        validator = schemas.validators[spec.kind]
        data: dict[str, Any] | None = document.data
        errors = validator.errors(data)
        if errors:
            findings += schema_findings(spec.file, errors, maps.get(spec.file))
            data = valid_part(data, errors, validator.errors)
        if data is None or document.findings:
            # Left out of the model (with duplicate or non-text keys the data is not what the
            # author wrote), but its impossible dates are still worth reporting.
            bad_dates = InvalidDates(impossible_dates(document.data))
            findings += invalid_date_findings(
                spec.file, bad_dates, lambda pointer, f=spec.file: maps.locate(f, pointer)
            )
            continue
        try:
            if spec.kind == "company":
                workspace.company = build_company(spec.file, data)
            elif spec.kind == "freelancer":
                workspace.freelancers[spec.id] = build_freelancer(spec.id, spec.file, data)
            else:
                workspace.missions[spec.id] = build_mission(spec.id, spec.file, data)
        except InvalidDates as exc:
            findings += invalid_date_findings(
                spec.file, exc, lambda pointer, f=spec.file: maps.locate(f, pointer)
            )

    for rule, problem in run_rules(workspace):
        line, column = maps.locate(problem.file, problem.pointer, key=problem.at_key)
        findings.append(Finding(problem.file, line, column, problem.pointer, rule,
                                problem.severity, problem.message))
    return ValidationReport(workspace, sort_findings(findings), counts, maps)
