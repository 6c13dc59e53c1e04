"""The JSON Schemas documents are checked against, compiled once per run.

A workspace's own ``schemas/<kind>.schema.json`` replaces the packaged one for that kind.
Validation has two engines: jsonschema-rs (compiled, fast) says whether a document is valid,
and only for the documents it rejects does ``jsonschema`` list every error in detail. The
``jsonschema`` answer is the reference; tests check the two agree.

Neither engine fetches anything (see :mod:`schema_references`), and both match regular
expressions in linear time (see :mod:`schema_patterns`).

Both engines are imported, and each schema compiled, when a document first needs them: a run
that finds every document in the cache (or only valid ones) never loads the Python engine,
whose import is a third of the start-up of ``cfo find``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfo_tools.loading.json_positions import json_position
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.schema_verdicts import Problem, SchemaVerdicts
from cfo_tools.loading.time_limit import TimeLimitExceeded, time_limit
from cfo_tools.loading.workspace_files import outside_workspace
from cfo_tools.loading.workspace_schemas import packaged_schema, schema_file
from cfo_tools.model.findings import Finding, json_pointer

if TYPE_CHECKING:
    from jsonschema import ValidationError

#: Deepest nesting of objects and lists a workspace schema may have. The packaged ones have
#: 7; validating against a schema hundreds of levels deep would exhaust Python's stack.
MAX_SCHEMA_DEPTH = 64

#: How long listing the errors of one document may take, in seconds of the processor's time
#: (a busy machine must not turn an explanation into this finding, which the cache would then
#: keep). The packaged schemas need milliseconds; only a hostile workspace schema (a pattern
#: that backtracks in Python's ``re``, reached through ``unevaluatedProperties``) could take
#: longer.
EXPLANATION_SECONDS = 5.0

#: The schema names of the registered record kinds (see loading/kinds.py).
KINDS = tuple(schema_names())


class DocumentValidator:
    """Validates documents of one kind against one schema."""

    def __init__(self, schema: dict[str, Any], *, fast: bool = True,
                 covers_model: bool = False) -> None:
        self.schema = schema
        #: True when a document valid against this schema gives the model everything it needs
        #: (the packaged schema, or a copy of it): the builders' own checks can be skipped.
        self.covers_model = covers_model
        self._use_fast = fast

    @cached_property
    def _detailed(self) -> Any:
        from cfo_tools.loading.schema_references import python_registry

        return _detailed_class(self.schema)(self.schema, registry=python_registry())

    @cached_property
    def _fast(self) -> Any:
        return rust_validator(self.schema) if self._use_fast else None

    def errors(self, data: Any) -> list[ValidationError]:
        if self._fast is not None:
            try:
                if self._fast.is_valid(data):
                    return []
            except (ValueError, TypeError, OverflowError):
                pass
        from jsonschema import ValidationError

        detailed = self._detailed  # imported and compiled outside the explanation's limit
        try:
            with time_limit(EXPLANATION_SECONDS, processor_time=True):
                return sorted(detailed.iter_errors(data), key=_error_order)
        except TimeLimitExceeded:
            return [ValidationError(
                f"the document does not match the schema, and explaining why took more than "
                f"{EXPLANATION_SECONDS:g} s, so the details are not shown: a pattern of the "
                "schema probably backtracks (like ^(a+)+$); simplify the schema's patterns")]
        except RecursionError:
            # A schema whose references lead back to themselves ({"$ref": "#"}).
            return [ValidationError("the schema refers to itself endlessly for this document; "
                                    "check the $ref values of the schema")]


def rust_validator(schema: dict[str, Any]) -> Any:
    """The compiled validator; it resolves the packaged schemas by file name and refuses to
    fetch anything else. Raises ``jsonschema_rs.ValidationError`` when it cannot compile."""
    import jsonschema_rs

    from cfo_tools.loading.schema_references import refusing_retriever, rust_registry

    return jsonschema_rs.validator_for(
        schema, registry=rust_registry(), retriever=refusing_retriever, validate_formats=False)


@cache
def _linear(cls: Any) -> Any:
    from cfo_tools.loading.schema_patterns import linear_validator_class

    return linear_validator_class(cls)


def _detailed_class(schema: dict[str, Any]) -> Any:
    from jsonschema import Draft202012Validator
    from jsonschema import validators as jsonschema_validators

    return _linear(jsonschema_validators.validator_for(
        schema, default=Draft202012Validator))


def _error_order(error: ValidationError) -> tuple[str, str]:
    return ("/".join(str(p) for p in error.absolute_path), error.message)


@dataclass
class SchemaSet:
    validators: dict[str, DocumentValidator]
    sources: dict[str, str]
    findings: list[Finding]


def load_schemas(workspace: Path, *, fast: bool = True,
                 verdicts: SchemaVerdicts | None = None) -> SchemaSet:
    """One validator per schema of the registered kinds, keyed by schema name; a broken
    workspace schema (or one reached through a link out of the workspace, or not a regular
    file) becomes a finding on its file and the packaged schema is used for that kind instead,
    so documents are still checked. With ``verdicts``, a workspace schema whose text was
    checked before is not checked again."""
    validators: dict[str, DocumentValidator] = {}
    sources: dict[str, str] = {}
    findings: list[Finding] = []
    real_root = workspace.resolve()
    for kind in schema_names():
        name = schema_file(kind)
        own = workspace / "schemas" / name
        rel = f"schemas/{name}"
        escape = (outside_workspace(own, real_root, rel)
                  if own.exists() or own.is_symlink() else None)
        if escape is not None:
            findings.append(Finding(rel, None, None, "", "symlink-escape", "error", escape))
        elif own.exists():
            schema, problems = _read_schema(own, check=True, verdicts=verdicts)
            if schema is not None:
                validators[kind] = _compiled(own, schema, fast,
                                             covers_model=schema == _packaged(kind))
                sources[kind] = rel
                continue
            findings += [Finding(rel, line, column, pointer, "schema-file", "error", message)
                         for line, column, pointer, message in problems]
        packaged = packaged_dir("schemas") / name
        # The packaged schemas are checked by the tests, not on every run.
        schema, problems = _read_schema(packaged, check=False)
        if schema is None:  # pragma: no cover - the packaged schemas are tested
            raise RuntimeError(f"packaged schema {name} is broken: {problems}")
        validators[kind] = _compiled(packaged, schema, fast, covers_model=True)
        sources[kind] = f"(packaged) {name}"
    if verdicts is not None:
        verdicts.save()
    return SchemaSet(validators, sources, findings)


_COMPILED: dict[tuple[str, str, bool, bool], DocumentValidator] = {}


def _compiled(path: Path, schema: dict[str, Any], fast: bool, *,
              covers_model: bool) -> DocumentValidator:
    """One compiled validator per schema text and engine choice, for the whole process."""
    key = (str(path), json.dumps(schema, sort_keys=True), fast, covers_model)
    if key not in _COMPILED:
        _COMPILED[key] = DocumentValidator(schema, fast=fast, covers_model=covers_model)
    return _COMPILED[key]


def _packaged(kind: str) -> dict[str, Any] | None:
    try:
        return packaged_schema(kind)
    except OSError:  # a kind the package has no schema for
        return None




def _read_schema(path: Path, *, check: bool, verdicts: SchemaVerdicts | None = None
                 ) -> tuple[dict[str, Any] | None, list[Problem]]:
    raw = read_regular_file(path)
    if isinstance(raw, FileProblem):
        return None, [(None, None, "", raw.message)]
    try:
        text = raw.decode("utf-8")
        schema = json.loads(text)
    except UnicodeDecodeError:
        return None, [(None, None, "", "the schema is not valid UTF-8")]
    except json.JSONDecodeError as exc:
        return None, [(exc.lineno, exc.colno, "", f"the schema is not valid JSON: {exc.msg}")]
    except RecursionError:
        return None, [(None, None, "", _too_deep())]
    if not isinstance(schema, dict):
        return None, [(1, 1, "", "the schema must be a JSON object")]
    if not check:
        return schema, []
    problems = (_schema_problems(schema, text) if verdicts is None
                else verdicts.problems(text, lambda: _schema_problems(schema, text)))
    return (None, problems) if problems else (schema, [])


def _schema_problems(schema: dict[str, Any], text: str) -> list[Problem]:
    """Why a workspace schema cannot be used, checked before anything is compiled."""
    import jsonschema_rs
    from jsonschema import Draft202012Validator, SchemaError
    from jsonschema import validators as jsonschema_validators

    from cfo_tools.loading.schema_references import known_dialect, reference_problems

    if _depth(schema) > MAX_SCHEMA_DEPTH:
        return [(None, None, "", _too_deep())]
    if not known_dialect(schema):
        return _located(text, [(("$schema",), f"unknown $schema {schema['$schema']!r}: use "
                                              "https://json-schema.org/draft/2020-12/schema")])
    cls = jsonschema_validators.validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        return _located(text, [(tuple(exc.absolute_path),
                                f"the schema is not a valid JSON Schema at /{where}: "
                                f"{exc.message}")])
    refused = reference_problems(schema)
    if refused:
        return _located(text, refused)
    try:
        rust_validator(schema)
    except (jsonschema_rs.ValidationError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [(None, None, "", f"the schema cannot be compiled: {first}")]
    return []


def _located(text: str, problems: list[tuple[tuple[str | int, ...], str]]) -> list[Problem]:
    located: list[Problem] = []
    for path, message in problems:
        position = json_position(text, path)
        line, column = position if position else (None, None)
        located.append((line, column, json_pointer(path), message))
    return located


def _depth(schema: Any) -> int:
    deepest = 0
    stack = [(schema, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_SCHEMA_DEPTH:
                break
            values = node.values() if isinstance(node, dict) else node
            stack.extend((value, depth + 1) for value in values)
    return deepest


def _too_deep() -> str:
    return (f"the schema is nested more than {MAX_SCHEMA_DEPTH} levels deep; "
            "use $defs and $ref to flatten it")
