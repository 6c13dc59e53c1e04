"""Validate a workspace: files -> documents -> schemas -> model -> cross-file rules -> findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cfo_tools.checks.rules import run_rules
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.checking_pool import check_documents
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.kinds import RECORD_KINDS, record_kind
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.position_scan import scan_positions
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.workspace_files import scan_workspace
from cfo_tools.model.findings import Finding, Location, sort_findings
from cfo_tools.model.records import Workspace


class SourceMaps:
    """Source maps built on first use, one per file; the cached line maps first, when the
    documents went through the document cache."""

    def __init__(self, documents: dict[str, tuple[Path, str | None]],
                 cache: DocumentCache | None = None,
                 keys: dict[str, bytes] | None = None) -> None:
        self._documents = documents
        self._maps: dict[str, SourceMap] = {}
        self._cache = cache
        self._keys = keys or {}
        self._line_maps: dict[str, LineMap | None] = {}

    def _cached_maps(self, files: Iterable[str]) -> None:
        """Fetch the line maps of ``files`` not asked for yet, in one query."""
        wanted = {file: self._keys[file] for file in files
                  if file not in self._line_maps and file in self._keys}
        if not wanted or self._cache is None:
            return
        found = self._cache.line_maps(wanted.values())
        for file, key in wanted.items():
            self._line_maps[file] = found.get(key)

    def _from_line_map(self, file: str, pointer: str) -> tuple[int, int] | None:
        line_map = self._line_maps.get(file)
        return None if line_map is None else line_map.position(pointer)

    def get(self, file: str) -> SourceMap:
        if file not in self._maps:
            self._maps[file] = SourceMap(self._text(file))
        return self._maps[file]

    def _text(self, file: str) -> str:
        path, text = self._documents[file]
        if text is None:
            raw = read_regular_file(path)
            text = "" if isinstance(raw, FileProblem) else raw.decode("utf-8-sig",
                                                                      errors="replace")
        return text

    def locate_all(self, places: Iterable[tuple[str, str]]
                   ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
        """The positions of many ``(file, pointer)`` at once. A file not mapped yet is first
        scanned for them (an eighth of the cost of mapping it, see ``position_scan``; on the
        synthetic workspace this halves ``cfo check``); it is mapped only for what the scan
        cannot answer."""
        by_file: dict[str, set[str]] = {}
        for file, pointer in places:
            by_file.setdefault(file, set()).add(pointer)
        self._cached_maps(by_file)
        found: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        for file, pointers in by_file.items():
            if self._line_maps.get(file) is not None:
                pointers = set(pointers)
                for pointer in list(pointers):
                    mapped = self._from_line_map(file, pointer)
                    if mapped is not None:
                        found[file, pointer] = mapped
                        pointers.discard(pointer)
                if not pointers:
                    continue
            quick: dict[str, tuple[int, int]] | None = None
            if file in self._documents and file not in self._maps:
                quick = scan_positions(self._text(file), pointers)
            for pointer in pointers:
                if quick is not None and pointer in quick:
                    found[file, pointer] = quick[pointer]
                else:
                    found[file, pointer] = self.locate(file, pointer)
        return found

    def locate(self, file: str, pointer: str) -> tuple[int | None, int | None]:
        if file not in self._documents:
            return None, None
        self._cached_maps([file])
        mapped = self._from_line_map(file, pointer)
        if mapped is not None:
            return mapped
        return self.get(file).position(pointer)


@dataclass
class ValidationReport:
    workspace: Workspace
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    sources: SourceMaps | None = None

    def locate(self, file: str, pointer: str) -> tuple[int | None, int | None]:
        return self.sources.locate(file, pointer) if self.sources else (None, None)

    def locate_all(self, places: Iterable[tuple[str, str]]
                   ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
        if self.sources is None:
            return {place: (None, None) for place in places}
        return self.sources.locate_all(places)

    @property
    def files_left_out(self) -> list[str]:
        """Files with errors, whose content is partly or wholly missing from the model."""
        return sorted({f.file for f in self.findings if f.severity == "error"})


def validate_workspace(
    root: Path, *, jobs: int | None = None, fast: bool = True, cache_folder: Path | None = None
) -> ValidationReport:
    """Every finding about the workspace at ``root``; never raises on its content. With
    ``cache_folder``, documents already checked in the same state come from the document
    cache there (see ``loading/document_cache.py``)."""
    with bulk_loading():
        return _validate(root, jobs=jobs, fast=fast, cache_folder=cache_folder)


def _validate(root: Path, *, jobs: int | None, fast: bool, cache_folder: Path | None
              ) -> ValidationReport:
    files = scan_workspace(root)
    findings = list(files.findings)
    schemas = load_schemas(root, fast=fast)
    findings += schemas.findings

    cache = None if cache_folder is None else DocumentCache.open(cache_folder,
                                                                 schemas.validators)
    checked = check_documents(files.documents, schemas.validators, jobs=jobs, cache=cache)
    maps = SourceMaps({c.spec.file: (c.spec.path, c.text) for c in checked}, cache,
                      {c.spec.file: c.key for c in checked if c.key is not None})
    workspace = Workspace(root=root, company=None)
    counts = {kind.counted_as: 0 for kind in RECORD_KINDS.values() if kind.counted_as}
    for document in checked:
        findings += document.findings
        kind = record_kind(document.spec.kind)
        kind.store.put(workspace, document.spec, document.model)
        if kind.counted_as:
            counts[kind.counted_as] += 1

    for rule, problem in run_rules(workspace):
        line, column = maps.locate(problem.file, problem.pointer)
        related = tuple(Location(file, *maps.locate(file, pointer), pointer)
                        for file, pointer in problem.related)
        findings.append(Finding(problem.file, line, column, problem.pointer, rule,
                                problem.severity, problem.message, related))
    return ValidationReport(workspace, sort_findings(findings), counts, maps)
