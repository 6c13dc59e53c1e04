"""The JSON Schemas documents are checked against, compiled once per run.

A workspace's own ``schemas/<kind>.schema.json`` replaces the packaged one for that kind.
Validation has two engines: jsonschema-rs (compiled, fast) says whether a document is valid,
and only for the documents it rejects does ``jsonschema`` list every error in detail. The
``jsonschema`` answer is the reference; tests check the two agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import SchemaError, ValidationError

from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.workspace_files import outside_workspace
from cfo_tools.model.findings import Finding

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the fast path is optional at run time
    jsonschema_rs = None  # type: ignore[assignment]

#: The schema names of the registered record kinds (see loading/kinds.py).
KINDS = tuple(schema_names())


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


class DocumentValidator:
    """Validates documents of one kind against one schema."""

    def __init__(self, schema: dict[str, Any], *, fast: bool = True) -> None:
        self.schema = schema
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        self._detailed = cls(schema)
        self._fast = None
        if fast and jsonschema_rs is not None:
            try:
                self._fast = jsonschema_rs.validator_for(schema)
            except Exception:
                self._fast = None

    def errors(self, data: Any) -> list[ValidationError]:
        if self._fast is not None:
            try:
                if self._fast.is_valid(data):
                    return []
            except (ValueError, TypeError):
                pass
        return sorted(self._detailed.iter_errors(data), key=_error_order)


def _error_order(error: ValidationError) -> tuple[str, str]:
    return ("/".join(str(p) for p in error.absolute_path), error.message)


@dataclass
class SchemaSet:
    validators: dict[str, DocumentValidator]
    sources: dict[str, str]
    findings: list[Finding]


def load_schemas(workspace: Path, *, fast: bool = True) -> SchemaSet:
    """One validator per schema of the registered kinds, keyed by schema name; a broken
    workspace schema (or one reached through a link out of the workspace, or not a regular
    file) becomes a finding on its file and the packaged schema is used for that kind instead,
    so documents are still checked."""
    validators: dict[str, DocumentValidator] = {}
    sources: dict[str, str] = {}
    findings: list[Finding] = []
    real_root = workspace.resolve()
    for kind in schema_names():
        name = schema_file_name(kind)
        own = workspace / "schemas" / name
        rel = f"schemas/{name}"
        escape = (outside_workspace(own, real_root, rel)
                  if own.exists() or own.is_symlink() else None)
        if escape is not None:
            findings.append(Finding(rel, None, None, "", "symlink-escape", "error", escape))
        elif own.exists():
            schema, problem = _read_schema(own, check=True)
            if schema is not None:
                validators[kind] = _compiled(own, schema, fast)
                sources[kind] = rel
                continue
            findings.append(Finding(rel, problem[0], problem[1], "", "schema-file", "error",
                                    problem[2]))
        packaged = packaged_dir("schemas") / name
        # The packaged schemas are checked by the tests, not on every run.
        schema, problem = _read_schema(packaged, check=False)
        if schema is None:  # pragma: no cover - the packaged schemas are tested
            raise RuntimeError(f"packaged schema {name} is broken: {problem[2]}")
        validators[kind] = _compiled(packaged, schema, fast)
        sources[kind] = f"(packaged) {name}"
    return SchemaSet(validators, sources, findings)


_COMPILED: dict[tuple[str, str, bool], DocumentValidator] = {}


def _compiled(path: Path, schema: dict[str, Any], fast: bool) -> DocumentValidator:
    """One compiled validator per schema text and engine choice, for the whole process."""
    key = (str(path), json.dumps(schema, sort_keys=True), fast)
    if key not in _COMPILED:
        _COMPILED[key] = DocumentValidator(schema, fast=fast)
    return _COMPILED[key]


def _read_schema(
    path: Path, *, check: bool
) -> tuple[dict[str, Any] | None, tuple[int | None, int | None, str]]:
    raw = read_regular_file(path)
    if isinstance(raw, FileProblem):
        return None, (None, None, raw.message)
    try:
        schema = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, (None, None, "the schema is not valid UTF-8")
    except json.JSONDecodeError as exc:
        return None, (exc.lineno, exc.colno, f"the schema is not valid JSON: {exc.msg}")
    if not isinstance(schema, dict):
        return None, (1, 1, "the schema must be a JSON object")
    if not check:
        return schema, (None, None, "")
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        return None, (None, None, f"the schema is not a valid JSON Schema at /{where}: "
                                  f"{exc.message}")
    return schema, (None, None, "")
