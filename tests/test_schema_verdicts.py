"""A workspace schema's check kept in the cache by its text (``loading/schema_verdicts.py``):
checked once, the same findings after, checked again when its text, the installation or the
cache's entry is not the one it was checked under."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cfo_tools.checks.validation import validation_results
from cfo_tools.loading import schemas
from cfo_tools.loading.schema_verdicts import _problems
from conftest import FREELANCER, write_workspace

GOOD = {"allOf": [{"$ref": "freelancer.schema.json"}],
        "properties": {"nickname": {"type": "string"}}}
# Not a JSON Schema (a type that is no type), and a reference out of it: two kinds of problem.
BROKEN = {"type": "object", "properties": {"name": {"type": "texte"}}}
OUTSIDE = {"type": "object", "properties": {"name": {"$ref": "https://example.org/name"}}}


@pytest.fixture
def checks(monkeypatch):
    """The texts of the workspace schemas checked, in order."""
    checked: list[str] = []
    check = schemas._schema_problems

    def counted(schema, text):
        checked.append(text)
        return check(schema, text)

    monkeypatch.setattr(schemas, "_schema_problems", counted)
    return checked


def _workspace(tmp_path, schema):
    return write_workspace(tmp_path / "ws", {
        "roster/ada.yaml": FREELANCER,
        "schemas/freelancer.schema.json": json.dumps(schema, indent=2)})


def _run(root, cache):
    return [(f.file, f.line, f.column, f.rule, f.message)
            for f in validation_results(root, cache_folder=cache).findings]


@pytest.mark.parametrize("schema", [GOOD, BROKEN, OUTSIDE], ids=["good", "broken", "outside"])
def test_a_schema_is_checked_once_and_reported_the_same_after(tmp_path, checks, schema):
    root = _workspace(tmp_path, schema)
    uncached = _run(root, None)
    assert len(checks) == 1
    cold = _run(root, tmp_path / "cache")
    assert len(checks) == 2
    # A document edited: the run is not answered whole, the schemas are loaded again.
    (root / "roster" / "ada.yaml").write_text(FREELANCER + "# edited\n", encoding="utf-8")
    warm = _run(root, tmp_path / "cache")
    assert len(checks) == 2
    assert cold == warm == uncached
    if schema is not GOOD:
        assert [rule for _, _, _, rule, _ in warm] == ["schema-file"]
        assert warm[0][1] is not None


def test_a_schema_edited_is_checked_again(tmp_path, checks):
    root = _workspace(tmp_path, GOOD)
    assert _run(root, tmp_path / "cache") == []
    (root / "schemas" / "freelancer.schema.json").write_text(json.dumps(BROKEN),
                                                             encoding="utf-8")
    found = _run(root, tmp_path / "cache")
    assert len(checks) == 2 and [f[3] for f in found] == ["schema-file"]
    assert found == _run(root, None)


def test_entries_that_cannot_be_trusted_are_checked_again(tmp_path, checks):
    root = _workspace(tmp_path, BROKEN)
    expected = _run(root, tmp_path / "cache")
    database = next((tmp_path / "cache").glob("documents-*.sqlite3"))
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE blobs SET entry = CAST('x' AS BLOB)")
    connection.close()
    (root / "roster" / "ada.yaml").write_text(FREELANCER + "# edited\n", encoding="utf-8")
    assert _run(root, tmp_path / "cache") == expected
    assert len(checks) == 2


@pytest.mark.parametrize("value, kept", [
    ([], True),
    ([(1, 2, "/type", "bad")], True),
    ([(None, None, "", "bad")], True),
    (None, False), ({}, False), ([[1, 2, "/type", "bad"]], False),
    ([(1, 2, "/type")], False), ([(True, 2, "/type", "bad")], False),
    ([(1, 2, b"/type", "bad")], False), ("problems", False),
])
def test_only_a_list_of_problems_is_taken_from_the_cache(value, kept):
    assert (_problems(value) is not None) == kept
