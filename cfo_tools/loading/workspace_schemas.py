"""A workspace's copies of the packaged schemas: written by ``cfo init``, refreshed by
``cfo schemas sync``, and compared with this cfo's by ``cfo check``.

A workspace schema that cfo manages carries the marker ``"x-cfo-extends": "<name>"`` and the
packaged schema embedded whole under ``$defs/cfo-packaged`` (with its version in
``x-cfo-version``), applied through ``"allOf": [{"$ref": "#/$defs/cfo-packaged"}]``. A company
extends it by adding keywords beside that ``allOf``; a sync replaces ``$defs/cfo-packaged`` and
nothing else. Embedding rather than referring to another file keeps every reference inside the
file, so the schema resolves the same in cfo, in any editor and in CI, with nothing fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from cfo_tools import __version__
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.workspace_files import outside_workspace

EXTENDS_KEY = "x-cfo-extends"
VERSION_KEY = "x-cfo-version"
PACKAGED_DEF = "cfo-packaged"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def packaged_schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (packaged_dir("schemas") / schema_file(kind)).read_text(encoding="utf-8"))
    return loaded


def embedded_packaged(kind: str) -> dict[str, Any]:
    """The packaged schema as it sits under ``$defs/cfo-packaged``: without ``$schema`` (a
    subschema may not name its dialect), its own references moved under the new place, and
    stamped with this cfo's version."""
    schema = {key: value for key, value in packaged_schema(kind).items() if key != "$schema"}
    moved = cast(dict[str, Any], _moved_references(schema, f"#/$defs/{PACKAGED_DEF}"))
    return {VERSION_KEY: __version__, **moved}


def _moved_references(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {key: (prefix + value[1:] if key == "$ref" and isinstance(value, str)
                      and value.startswith("#") else _moved_references(value, prefix))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_moved_references(value, prefix) for value in node]
    return node


def new_workspace_schema(kind: str) -> dict[str, Any]:
    """What ``cfo init`` writes: the packaged schema, ready to be extended."""
    packaged = packaged_schema(kind)
    return {
        "$schema": DIALECT,
        "title": packaged.get("title", kind),
        "description": f"{packaged.get('description', '')} Extend it by adding keywords here, "
                       "beside allOf; cfo schemas sync refreshes $defs/cfo-packaged only.",
        EXTENDS_KEY: schema_file(kind),
        "allOf": [{"$ref": f"#/$defs/{PACKAGED_DEF}"}],
        "$defs": {PACKAGED_DEF: embedded_packaged(kind)},
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


Action = Literal["written", "updated", "up-to-date", "not-managed", "unreadable"]


@dataclass(frozen=True)
class SchemaSync:
    """What a sync does to one workspace schema; ``text`` is what to write, if anything."""

    file: str
    action: Action
    text: str | None
    detail: str = ""


def sync_schema(workspace: Path, kind: str, *, force: bool = False) -> SchemaSync:
    """The refreshed text of ``schemas/<kind>.schema.json``: the packaged part replaced, the
    company's own keywords kept. A schema without the marker is the company's own and is left
    alone unless ``force``; so is one that cannot be read."""
    rel = f"schemas/{schema_file(kind)}"
    path = workspace / rel
    if not path.exists() and not path.is_symlink():
        return SchemaSync(rel, "written", schema_text(new_workspace_schema(kind)))
    current = _read_json(path, workspace, rel)
    if isinstance(current, str):
        if force:
            return SchemaSync(rel, "written", schema_text(new_workspace_schema(kind)), current)
        return SchemaSync(rel, "unreadable", None, current)
    if current.get(EXTENDS_KEY) != schema_file(kind):
        if force:
            return SchemaSync(rel, "written", schema_text(new_workspace_schema(kind)))
        marker = current.get(EXTENDS_KEY)
        # A marker naming another file is not this schema's: say what it says.
        said = "" if marker is None else f"{EXTENDS_KEY} is {json.dumps(marker)[:80]}"
        return SchemaSync(rel, "not-managed", None, said)
    defs = current.get("$defs")
    old = defs.get(PACKAGED_DEF) if isinstance(defs, dict) else None
    fresh = embedded_packaged(kind)
    if old == fresh:
        return SchemaSync(rel, "up-to-date", None)
    updated = dict(current)
    updated["$defs"] = {**(defs if isinstance(defs, dict) else {}), PACKAGED_DEF: fresh}
    return SchemaSync(rel, "updated", schema_text(updated), _version_of(old))


def sync_schemas(workspace: Path, *, force: bool = False) -> list[SchemaSync]:
    return [sync_schema(workspace, kind, force=force) for kind in schema_names()]


def older_schemas(workspace: Path) -> list[str]:
    """The workspace schemas cfo manages whose packaged part is not this cfo's."""
    return [sync.file for sync in sync_schemas(workspace) if sync.action == "updated"]


def older_schemas_note(workspace: Path) -> str | None:
    """One sentence for ``cfo check`` when the workspace's copies lag behind this cfo."""
    older = older_schemas(workspace)
    if not older:
        return None
    return (f"note: {', '.join(older)} {'holds' if len(older) == 1 else 'hold'} the packaged "
            f"schema of another cfo-tools than this one ({__version__}): run 'cfo schemas "
            "sync' to refresh it, keeping your own additions")


def _version_of(embedded: object) -> str:
    if isinstance(embedded, dict) and isinstance(embedded.get(VERSION_KEY), str):
        return str(embedded[VERSION_KEY])
    return ""


def _read_json(path: Path, workspace: Path, rel: str) -> dict[str, Any] | str:
    """The JSON object in ``path``, or why it cannot be used."""
    escape = outside_workspace(path, workspace.resolve(), rel)
    if escape is not None:
        return escape
    raw = read_regular_file(path)
    if isinstance(raw, FileProblem):
        return raw.message
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "not valid UTF-8"
    except json.JSONDecodeError as exc:
        return f"not valid JSON (line {exc.lineno}: {exc.msg})"
    except RecursionError:
        return "nested too deeply"
    return loaded if isinstance(loaded, dict) else "not a JSON object"
