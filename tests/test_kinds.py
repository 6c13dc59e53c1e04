"""The registry of record kinds: every kind described once, nested folder patterns included."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.scaffolding import new_document_file
from cfo_tools.history.workspace_diff import diff_workspaces
from cfo_tools.loading.kinds import (
    ID_PATTERN,
    RECORD_KINDS,
    DocumentFile,
    Keyed,
    RecordKind,
    documents_of_kind,
    id_suggestion,
    schema_names,
)
from cfo_tools.loading.workspace_files import scan_workspace
from cfo_tools.reporters.outcome import Outcome
from conftest import FREELANCER, mkfifo, places, write_workspace

REPORT_SCHEMA = """{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["days"],
  "properties": {"days": {"type": "integer", "minimum": 0}},
  "additionalProperties": false
}
"""


@dataclass
class ReportShelf:
    """Where the fake kind's records go, per workspace: the model has no field for them."""

    records: dict[Path, dict[str, Any]] = field(default_factory=dict)
    files: dict[Path, dict[str, str]] = field(default_factory=dict)

    def put(self, workspace: Any, document: DocumentFile, record: object | None) -> None:
        self.files.setdefault(workspace.root, {})[document.id] = document.file
        if record is not None:
            self.records.setdefault(workspace.root, {})[document.id] = record

    def files_of(self, workspace: Any) -> dict[str, str]:
        return self.files.get(workspace.root, {})

    def records_of(self, workspace: Any) -> dict[str, Any]:
        return self.records.get(workspace.root, {})


@pytest.fixture
def report_kind(monkeypatch: pytest.MonkeyPatch) -> ReportShelf:
    """A nested kind registered for one test: reports/<yyyy-mm>/<freelancer>.yaml (like
    activity/, in a folder of its own)."""
    shelf = ReportShelf()

    def build(document: DocumentFile, data: dict[str, Any]) -> object:
        return {"id": document.id, "params": dict(document.params), **data}

    monkeypatch.setitem(RECORD_KINDS, "report", RecordKind(
        "report", "reports/<yyyy-mm>/<freelancer>.yaml", "report", build, shelf,
        counted_as="reports"))
    return shelf


def test_todays_kinds_are_registered():
    assert {k: v.pattern for k, v in RECORD_KINDS.items()} == {
        "company": "company.yaml", "freelancer": "roster/<id>.yaml",
        "mission": "missions/<id>.yaml", "candidate": "candidates/<id>.yaml",
        "activity": "activity/<yyyy-mm>/<freelancer>.yaml",
        "invoice": "invoices/<freelancer>/<id>.yaml"}
    assert schema_names() == ["company", "freelancer", "mission", "candidate", "activity",
                              "invoice"]


def test_cfo_new_takes_its_folder_from_the_registry():
    assert new_document_file("freelancer", "ada") == "roster/ada.yaml"
    assert new_document_file("mission", "site") == "missions/site.yaml"


def test_nested_kind_is_scanned_with_its_path_parameters(workspace, report_kind, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = workspace({
        "schemas/report.schema.json": REPORT_SCHEMA,
        "reports/README.md": "# Reports",
        "reports/2026-11/README.md": "# November",
        "reports/2026-11/ada.yaml": "days: 12\n",
        "reports/2026-11/Ada_L.yaml": "days: 1\n",
        "reports/2026-11/bob.yml": "days: 1\n",
        "reports/2026-11/notes.txt": "x",
        "reports/2026-11/old/ada.yaml": "days: 1\n",
        "reports/2026-13/ada.yaml": "days: 1\n",
        "reports/november/ada.yaml": "days: 1\n",
        "reports/ada.yaml": "days: 1\n",
    })
    mkfifo(root / "reports" / "2026-11" / "pipe.yaml")
    os.symlink(outside, root / "reports" / "2026-12")
    found = scan_workspace(root)
    reports = [d for d in found.documents if d.kind == "report"]
    assert [(d.id, d.file, d.params) for d in reports] == [
        ("2026-11/Ada_L", "reports/2026-11/Ada_L.yaml",
         (("yyyy-mm", "2026-11"), ("freelancer", "Ada_L"))),
        ("2026-11/ada", "reports/2026-11/ada.yaml",
         (("yyyy-mm", "2026-11"), ("freelancer", "ada"))),
    ]
    assert sorted(places(found.findings)) == [
        ("reports/2026-11/Ada_L.yaml", None, "file-name"),
        ("reports/2026-11/bob.yml", None, "yml-extension"),
        ("reports/2026-11/notes.txt", None, "unexpected-file"),
        ("reports/2026-11/old", None, "unexpected-file"),
        ("reports/2026-11/pipe.yaml", None, "not-a-file"),
        ("reports/2026-12", None, "symlink-escape"),
        ("reports/2026-13", None, "folder-name"),
        ("reports/ada.yaml", None, "unexpected-file"),
        ("reports/november", None, "folder-name"),
    ]
    messages = {f.file: f.message for f in found.findings}
    assert "a month written yyyy-mm" in messages["reports/2026-13"]
    assert "reports/2026-11/ada-l.yaml" in messages["reports/2026-11/Ada_L.yaml"]


def test_nested_kind_is_validated_built_stored_and_counted(workspace, report_kind):
    root = workspace({"schemas/report.schema.json": REPORT_SCHEMA,
                      "reports/2026-11/ada.yaml": "days: 12\n",
                      "reports/2026-11/bob.yaml": "days: -1\n"})
    report = validate_workspace(root, jobs=1)
    assert places(report.findings) == [("reports/2026-11/bob.yaml", 1, "schema")]
    assert report_kind.records[root] == {"2026-11/ada": {
        "id": "2026-11/ada", "params": {"yyyy-mm": "2026-11", "freelancer": "ada"},
        "days": 12}}
    assert set(report_kind.files[root]) == {"2026-11/ada", "2026-11/bob"}
    assert report.stats == {"freelancers": 0, "missions": 0, "reports": 2}
    summary = Outcome(report.findings, report.stats).summary()
    assert summary == "1 error, 0 warnings in 0 freelancers, 0 missions and 2 reports."


def test_a_kind_without_a_dedicated_diff_is_told_added_removed_changed(report_kind, tmp_path):
    base = write_workspace(tmp_path / "base", {"schemas/report.schema.json": REPORT_SCHEMA,
                                               "reports/2026-09/ada.yaml": "days: 1\n",
                                               "reports/2026-10/ada.yaml": "days: 3\n"})
    head = write_workspace(tmp_path / "head", {"schemas/report.schema.json": REPORT_SCHEMA,
                                               "reports/2026-10/ada.yaml": "days: 4\n",
                                               "reports/2026-11/ada.yaml": "days: 4\n"})
    before = validate_workspace(base, jobs=1).workspace
    after = validate_workspace(head, jobs=1).workspace
    result = diff_workspaces(before, after, [], [])
    assert [(c.subject, c.message, c.values) for c in result.changes] == [
        ("report 2026-11/ada", "diff_record_added", (("file", "reports/2026-11/ada.yaml"),)),
        ("report 2026-09/ada", "diff_record_removed", (("file", "reports/2026-09/ada.yaml"),)),
        ("report 2026-10/ada", "diff_record_changed", (("file", "reports/2026-10/ada.yaml"),)),
    ]


def test_roster_as_a_plain_file_is_one_clear_finding(workspace):
    root = workspace({"missions/site.yaml": "title: x\n"})
    (root / "roster").rmdir()
    (root / "roster").write_text("oops")
    findings = scan_workspace(root).findings
    assert places(findings) == [("roster", None, "not-a-folder")]
    assert "roster is a file, not a folder" in findings[0].message
    assert "roster/<id>.yaml" in findings[0].message


def test_accented_file_name_gets_a_valid_suggestion(findings_of):
    findings = findings_of({"roster/Émile-ünïcode.yaml": FREELANCER})
    assert places(findings) == [("roster/Émile-ünïcode.yaml", None, "file-name")]
    assert "rename the file, e.g. to roster/emile-unicode.yaml" in findings[0].message


@pytest.mark.parametrize("name, suggestion", [
    ("Émile-ünïcode", "emile-unicode"), ("Ada_Lovelace", "ada-lovelace"),
    ("--x--y--", "x-y"), ("ß", "new-id"), ("\ufb01le \uff12", "file-2"), ("İlker", "ilker"),
    ("", "new-id"),
])
def test_id_suggestion_examples(name, suggestion):
    assert id_suggestion(name) == suggestion


@given(st.text())
def test_id_suggestion_is_always_a_valid_id(name):
    assert ID_PATTERN.match(id_suggestion(name))


def test_kind_file_for_fills_placeholders(report_kind):
    assert RECORD_KINDS["report"].file_for(yyyy_mm="2026-11", freelancer="ada") == \
        "reports/2026-11/ada.yaml"
    assert RECORD_KINDS["company"].single_file and not RECORD_KINDS["report"].single_file


@pytest.mark.parametrize("pattern", ["<id>.yaml", "roster/<id>.yml", "roster/x.yaml",
                                     "<month>/<id>.yaml", "roster/<id>"])
def test_a_pattern_the_scan_cannot_follow_is_refused_at_registration(pattern):
    with pytest.raises(ValueError, match="must be a file"):
        RecordKind("bad", pattern, "bad", lambda d, x: x, Keyed("a", "b"))


def test_registry_is_used_for_the_example_workspace_ids():
    root = Path(__file__).resolve().parent.parent
    found = scan_workspace(root)
    kinds = {d.kind for d in found.documents}
    assert kinds == {"company", "freelancer", "mission", "candidate", "activity", "invoice"}


ENTRY_KINDS = st.sampled_from(["file", "folder", "fifo", "link-inside", "link-outside",
                               "broken-link"])
NAMES = st.sampled_from(["ada.yaml", "Ada.yaml", "ada.yml", "notes.txt", "README.md",
                         "2026-11", "2026-13", "x", "émile.yaml", "a b.yaml"])
TREES = st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3), ENTRY_KINDS), max_size=12)


# The fixture only registers the kind; nothing in it changes between examples.
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TREES)
def test_every_entry_of_a_random_tree_is_read_or_reported(report_kind, tree):
    """Random names and file types under every registered folder: the scan never raises, never
    opens a pipe, and each entry that is not a folder is a document, a README, or reported
    (itself or a folder above it)."""
    import tempfile

    with tempfile.TemporaryDirectory() as temporary:
        root = write_workspace(Path(temporary) / "ws", {})
        outside = Path(temporary) / "outside"
        outside.mkdir()
        made = []
        for parts, entry_kind in tree:
            for top in ("roster", "activity"):
                path = root.joinpath(top, *parts)
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    if path.exists() or path.is_symlink():
                        continue
                    if entry_kind == "file":
                        path.write_text("days: 1\n")
                    elif entry_kind == "folder":
                        path.mkdir()
                    elif entry_kind == "fifo":
                        mkfifo(path)
                    elif entry_kind == "link-inside":
                        os.symlink(root / "company.yaml", path)
                    elif entry_kind == "link-outside":
                        os.symlink(outside, path)
                    else:
                        os.symlink(root / "nowhere", path)
                except (FileExistsError, NotADirectoryError):
                    continue
                if entry_kind != "folder":  # an empty folder in the right place is fine
                    made.append(path.relative_to(root).as_posix())
        found = scan_workspace(root)
        read = {d.file for d in found.documents}
        reported = {f.file for f in found.findings}
        for rel in made:
            parts = rel.split("/")
            above = {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}
            is_readme = parts[-1] == "README.md"
            assert rel in read or is_readme or above & reported or _inside_a_document(
                rel, read), rel
        for document in found.documents:
            assert (root / document.file).is_file()


def _inside_a_document(rel: str, read: set[str]) -> bool:
    # An entry made below a path that turned out to be a file cannot exist; below a folder
    # that is read as nothing (e.g. a README.md folder) it is reported by that folder.
    return any(rel.startswith(f + "/") for f in read)


def test_documents_of_kind_are_those_the_dataclass_makes(tmp_path):
    """The documents made from a folder kept, without the dataclass's ``__init__``: equal,
    hashed, pickled and shown as those made by it, frozen, with their path made when
    asked."""
    import dataclasses
    import pickle
    import sys

    rows = [("m1", "missions/m1.yaml", ()),
            ("2026-11/ana", "activity/2026-11/ana.yaml", (("yyyy-mm", "2026-11"),))]
    made = documents_of_kind("mission", tmp_path, rows)
    expected = [DocumentFile("mission", ident, file, tmp_path, params)
                for ident, file, params in rows]
    assert made == expected
    assert [hash(d) for d in made] == [hash(d) for d in expected]
    assert [repr(d) for d in made] == [repr(d) for d in expected]
    assert [pickle.dumps(d) for d in made] == [pickle.dumps(d) for d in expected]
    assert [vars(d) for d in made] == [vars(d) for d in expected]
    assert list(vars(made[1])) == list(vars(expected[1]))  # the fields' order too
    # As small as the dataclass's: a dict sharing its keys with the other instances'.
    assert [sys.getsizeof(vars(d)) for d in made] == [sys.getsizeof(vars(d)) for d in expected]
    assert made[1].path == tmp_path / "activity/2026-11/ana.yaml"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].id = "m2"  # type: ignore[misc]
    with pytest.raises((TypeError, ValueError)):
        documents_of_kind("mission", tmp_path, [("m1", "missions/m1.yaml")])  # type: ignore
