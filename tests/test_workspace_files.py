"""Files the tool will not read are reported, never skipped in silence."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.templating import TemplateProblem, WorkspaceTemplateLoader, load_messages
from cfo_tools.loading import regular_files
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.workspace_files import NoWorkspace, find_workspace
from conftest import FREELANCER, MISSION, freelancer_yaml, mkfifo, places, write_workspace


def test_yml_file_is_an_error(findings_of):
    findings = findings_of({"roster/ada.yml": FREELANCER})
    assert places(findings) == [("roster/ada.yml", None, "yml-extension")]
    assert "rename it to roster/ada.yaml" in findings[0].message


def test_other_files_are_warnings_but_readme_is_fine(findings_of):
    findings = findings_of({"missions/notes.txt": "x", "missions/README.md": "# Missions",
                            "roster/.DS_Store": "x"})
    assert places(findings) == [
        ("missions/notes.txt", None, "unexpected-file"),
        ("roster/.DS_Store", None, "unexpected-file"),
    ]
    assert {f.severity for f in findings} == {"warning"}


def test_sub_folder_is_reported(findings_of):
    findings = findings_of({"roster/old/ada.yaml": FREELANCER})
    assert places(findings) == [("roster/old", None, "unexpected-file")]


@pytest.mark.parametrize(("folder", "meant"), [
    ("mission", "missions"), ("Roster", "roster"), ("MISSIONS", "missions"),
    ("invoice", "invoices"), ("candidate", "candidates"), ("activities", "activity")])
def test_a_folder_named_almost_like_a_data_folder_is_reported(findings_of, folder, meant):
    """A mission written in mission/ (a slip in the web editor) was left out in silence."""
    findings = findings_of({f"{folder}/site.yaml": MISSION})
    assert places(findings) == [(folder, None, "unexpected-file")]
    assert f"did you mean {meant}/?" in findings[0].message


@pytest.mark.parametrize("files", [
    {"schemas/mission.schema.json": "{}"}, {"templates/site/home.html.j2": "x"},
    {"tests/fixture.yaml": MISSION}, {"mission/notes.md": "x"}, {"docs/missions.yaml": "x"}])
def test_the_workspace_s_other_folders_are_not_taken_for_slips(findings_of, files):
    assert places(findings_of(files)) == []


def test_file_name_must_be_an_id(findings_of):
    findings = findings_of({"roster/Ada_Lovelace.yaml": FREELANCER})
    assert places(findings) == [("roster/Ada_Lovelace.yaml", None, "file-name")]
    assert "roster/ada-lovelace.yaml" in findings[0].message


def test_symlink_out_of_the_workspace_is_refused(workspace, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(FREELANCER)
    root = workspace()
    os.symlink(outside, root / "roster" / "ada.yaml")
    result = validate_workspace(root, jobs=1)
    assert places(result.findings) == [("roster/ada.yaml", None, "symlink-escape")]
    assert result.findings[0].severity == "error"
    assert result.stats["freelancers"] == 0


def test_symlinked_folder_out_of_the_workspace_is_refused(workspace, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "ada.yaml").write_text(FREELANCER)
    root = workspace()
    (root / "roster").rmdir()
    os.symlink(tmp_path / "elsewhere", root / "roster")
    findings = validate_workspace(root, jobs=1).findings
    assert places(findings) == [("roster", None, "symlink-escape")]


def test_symlink_inside_the_workspace_is_followed(workspace):
    root = workspace({"shared/ada.yaml": FREELANCER})
    os.symlink(root / "shared" / "ada.yaml", root / "roster" / "ada.yaml")
    result = validate_workspace(root, jobs=1)
    assert result.findings == [] and "ada" in result.workspace.freelancers


def test_broken_symlink_is_reported(workspace):
    root = workspace()
    os.symlink(root / "nowhere.yaml", root / "roster" / "ada.yaml")
    assert places(validate_workspace(root, jobs=1).findings) == [
        ("roster/ada.yaml", None, "symlink-escape")
    ]


def test_workspace_is_found_from_a_sub_folder(workspace):
    root = workspace()
    assert find_workspace(root / "roster") == root.resolve()


def test_no_workspace(tmp_path):
    with pytest.raises(NoWorkspace):
        find_workspace(tmp_path, explicit=True)


# Only regular files are read (issue 15): a FIFO or a device named *.yaml used to block every
# command forever; an alarm turns such a hang into a failure instead of a stuck suite.

@pytest.fixture
def no_hang(hang_guard):
    hang_guard(10)


@pytest.mark.parametrize("rel", ["roster/ada.yaml", "missions/site.yaml", "company.yaml"])
def test_fifo_named_like_a_document_is_a_finding(workspace, no_hang, rel):
    root = workspace()
    (root / rel).unlink(missing_ok=True)
    mkfifo(root / rel)
    result = validate_workspace(root, jobs=1)
    assert ("not-a-file" in {f.rule for f in result.findings if f.file == rel})
    finding = next(f for f in result.findings if f.file == rel)
    assert finding.severity == "error" and "named pipe" in finding.message


def test_fifo_reached_through_a_link_inside_the_workspace(workspace, no_hang):
    root = workspace()
    mkfifo(root / "pipe")
    os.symlink(root / "pipe", root / "roster" / "ada.yaml")
    assert places(validate_workspace(root, jobs=1).findings) == [
        ("roster/ada.yaml", None, "not-a-file")]


def test_character_device_is_a_finding(workspace, no_hang):
    root = workspace()
    try:
        os.mknod(root / "roster" / "ada.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating a device needs privileges")
    findings = validate_workspace(root, jobs=1).findings
    assert places(findings) == [("roster/ada.yaml", None, "not-a-file")]
    assert "character device" in findings[0].message


def test_company_yaml_as_a_folder_is_a_finding(workspace):
    root = workspace()
    (root / "company.yaml").unlink()
    (root / "company.yaml").mkdir()
    findings = validate_workspace(root, jobs=1).findings
    assert ("company.yaml", None, "not-a-file") in places(findings)


def test_fifo_swapped_in_after_the_scan_does_not_block(tmp_path, no_hang):
    mkfifo(tmp_path / "pipe.yaml")
    problem = read_regular_file(tmp_path / "pipe.yaml")
    assert isinstance(problem, FileProblem) and problem.rule == "not-a-file"


def test_device_read_is_refused_on_the_open_descriptor(no_hang):
    problem = read_regular_file(Path("/dev/zero"))
    assert isinstance(problem, FileProblem) and problem.rule == "not-a-file"


def test_file_larger_than_the_limit_is_a_finding(workspace, monkeypatch):
    monkeypatch.setattr(regular_files, "MAX_FILE_BYTES", 200_000)
    huge = FREELANCER + "# padding\n" * 30_000
    findings = validate_workspace(workspace({"roster/ada.yaml": huge}), jobs=1).findings
    assert places(findings) == [("roster/ada.yaml", None, "file-too-large")]
    assert "larger than 200000 bytes" in findings[0].message
    assert read_regular_file(Path(__file__), limit=10 * 1024 * 1024) != b""


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 3 * 1024 * 1024])
def test_a_file_is_read_whole_up_to_the_limit_and_refused_beyond(tmp_path, size):
    path = tmp_path / "a.yaml"
    data = bytes(index % 251 for index in range(size))
    path.write_bytes(data)
    assert read_regular_file(path, limit=max(size, 10)) == data
    if size:
        problem = read_regular_file(path, limit=size - 1)
        assert isinstance(problem, FileProblem) and problem.rule == "file-too-large"


@pytest.mark.parametrize("stat_size", [0, 5, 2000, 20_000])
def test_a_file_whose_stat_is_out_of_date_is_read_to_its_end(tmp_path, monkeypatch, stat_size):
    # The stat taken on the open file says another size than its bytes (a file growing or
    # shrinking while read, /proc-like files that say 0): the bytes read are the file's own.
    path = tmp_path / "a.yaml"
    data = b"name: Ada\n" * 1000
    path.write_bytes(data)
    real_fstat = os.fstat

    def lying(descriptor):
        status = real_fstat(descriptor)
        fields = list(status)
        fields[6] = stat_size  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(regular_files.os, "fstat", lying)
    assert read_regular_file(path) == data
    problem = read_regular_file(path, limit=len(data) - 1)
    assert isinstance(problem, FileProblem) and problem.rule == "file-too-large"


@pytest.mark.parametrize("folder", ["roster", "missions"])
def test_data_folder_as_a_plain_file_is_one_finding(workspace, folder):
    root = workspace({"missions/site.yaml": MISSION} if folder == "roster" else {})
    (root / folder).rmdir() if folder == "missions" else None
    if folder == "roster":
        (root / "roster").rmdir()
    (root / folder).write_text("not a folder")
    findings = [f for f in validate_workspace(root, jobs=1).findings if f.file == folder]
    assert places(findings) == [(folder, None, "not-a-folder")]


def test_stray_files_in_every_registered_folder(findings_of):
    findings = findings_of({"missions/site.yml": MISSION, "missions/old/site.yaml": MISSION,
                            "roster/notes.txt": "x"})
    assert places(findings) == [
        ("missions/old", None, "unexpected-file"),
        ("missions/site.yml", None, "yml-extension"),
        ("roster/notes.txt", None, "unexpected-file"),
    ]


def test_workspace_schema_linked_out_of_the_workspace_is_refused(workspace, tmp_path):
    outside = tmp_path / "evil.schema.json"
    outside.write_text('{"type": "object"}')
    root = workspace({"roster/ada.yaml": FREELANCER.replace("daily_rate: 500", "daily_rate: x")})
    (root / "schemas").mkdir()
    os.symlink(outside, root / "schemas" / "freelancer.schema.json")
    result = validate_workspace(root, jobs=1)
    assert ("schemas/freelancer.schema.json", None, "symlink-escape") in places(result.findings)
    # The packaged schema checks the documents instead.
    assert ("roster/ada.yaml", 5, "schema") in places(result.findings)


def test_workspace_schema_folder_linked_out_is_refused(workspace, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "freelancer.schema.json").write_text('{"type": "object"}')
    root = workspace()
    os.symlink(tmp_path / "elsewhere", root / "schemas")
    assert places(validate_workspace(root, jobs=1).findings) == [
        ("schemas/freelancer.schema.json", None, "symlink-escape")]


def test_workspace_schema_fifo_is_a_finding(workspace, no_hang):
    root = workspace()
    (root / "schemas").mkdir()
    mkfifo(root / "schemas" / "mission.schema.json")
    findings = validate_workspace(root, jobs=1).findings
    assert places(findings) == [("schemas/mission.schema.json", None, "schema-file")]
    assert "named pipe" in findings[0].message


def test_messages_linked_out_of_the_workspace_are_refused(workspace, tmp_path):
    outside = tmp_path / "fr.yaml"
    outside.write_text("title: Piégé\n")
    root = workspace()
    (root / "templates" / "messages").mkdir(parents=True)
    os.symlink(outside, root / "templates" / "messages" / "fr.yaml")
    with pytest.raises(TemplateProblem) as raised:
        load_messages(root, "fr")
    assert raised.value.file == "templates/messages/fr.yaml"
    assert "link out of the workspace" in raised.value.message


def test_messages_folder_linked_out_of_the_workspace_is_refused(workspace, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "fr.yaml").write_text("title: Piégé\n")
    root = workspace()
    (root / "templates").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "templates" / "messages")
    with pytest.raises(TemplateProblem, match="link out of the workspace"):
        load_messages(root, "fr")


def test_messages_fifo_is_refused(workspace, no_hang):
    root = workspace()
    (root / "templates" / "messages").mkdir(parents=True)
    mkfifo(root / "templates" / "messages" / "fr.yaml")
    with pytest.raises(TemplateProblem, match="named pipe"):
        load_messages(root, "fr")


def test_template_fifo_is_refused(workspace, no_hang):
    root = workspace()
    (root / "templates").mkdir()
    mkfifo(root / "templates" / "brief.md.j2")
    loader = WorkspaceTemplateLoader(root)
    with pytest.raises(TemplateProblem, match="named pipe"):
        loader.get_source(None, "brief.md.j2")  # type: ignore[arg-type]


def test_a_file_name_that_is_not_utf8_is_reported_printably(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    with open(os.fsencode(root / "roster") + b"/caf\xe9.yaml", "wb") as handle:
        handle.write(b"name: x\n")
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "validate")
    assert result.exit_code == 1
    assert ("roster/caf\\xe9.yaml: error [file-name] this file is not read: its name is not "
            "UTF-8 text") in result.stdout
    assert "rename it, e.g. to roster/cafe.yaml" in result.stdout


@pytest.mark.parametrize(("layout", "blamed"), [
    ({"templates": "not a folder"}, "templates is a file, not a folder"),
    ({"templates/messages": "not a folder"}, "templates/messages is a file, not a folder"),
    ({"templates/welcome.md.j2/x": "a folder"},
     "templates/welcome.md.j2 is a folder, not a template"),
    ({"templates/messages/fr.yaml/x": "a folder"},
     "templates/messages/fr.yaml is a folder, not a messages file"),
])
def test_an_override_that_cannot_be_read_is_refused_not_ignored(workspace, run_cfo, layout,
                                                                  blamed):
    root = workspace({"roster/ada.yaml": freelancer_yaml(), **layout})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "onboard", "ada", "--format",
                     "md", "-o", str(root / "out"))
    assert result.exit_code != 0
    assert blamed in result.output


# The scan takes ordinary ``<id>.yaml`` files from the listing without the per-entry tests
# (loading/workspace_files.py ``_scan_documents``): whatever the names, it must give what
# those tests give one entry at a time.
_NAME_PARTS = ["ada", "m1", "-", "--", "A", "_", ".", ".yaml", ".yml", ".YAML", ".pdf", "\n",
               " ", "é", "README.md", "x.yaml"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(st.lists(st.sampled_from(_NAME_PARTS), min_size=1,
                                           max_size=4).map("".join).filter(
                                               lambda name: name not in (".", "..")),
                                  st.sampled_from(["file", "folder", "link"])),
                        max_size=12, unique_by=lambda entry: entry[0]))
def test_scan_classifies_every_name_as_one_entry_at_a_time(tmp_path_factory, entries):
    from cfo_tools.loading import workspace_files
    from cfo_tools.loading.kinds import RECORD_KINDS

    root = tmp_path_factory.mktemp("ws")
    (root / "company.yaml").write_text("name: X\n")
    for kind_folder in ("roster", "invoices/ada"):
        folder = root / kind_folder
        folder.mkdir(parents=True)
        for name, what in entries:
            path = folder / name
            if what == "folder":
                path.mkdir()
            elif what == "link":
                path.symlink_to(root / "company.yaml")
            else:
                path.write_text("x: 1\n")
    scanned = workspace_files.scan_workspace(root)
    expected = workspace_files.WorkspaceFiles(root)
    real_root = root.resolve()
    for kind_name, folder, params in (("freelancer", "roster", {}),
                                      ("invoice", "invoices/ada", {"freelancer": "ada"})):
        kind = RECORD_KINDS[kind_name]
        with os.scandir(root / folder) as listing:
            for entry in sorted(listing, key=lambda e: e.name):
                rel = f"{folder}/{entry.name}"
                if entry.is_symlink() and not workspace_files._inside(
                        Path(entry.path), real_root, expected, rel):
                    continue
                document = workspace_files._classify(kind, entry, rel, folder, params, expected)
                if document is not None:
                    expected.documents.append(document)
    assert [d for d in scanned.documents if d.kind != "company"] == expected.documents
    assert scanned.findings == expected.findings


def test_the_scan_gives_each_document_its_own_path(tmp_path):
    from cfo_tools.loading import workspace_files

    root = write_workspace(tmp_path / "ws", {
        "company.yaml": "name: X\n", "roster/ada.yaml": "name: Ada\n",
        "missions/m-1.yaml": "title: M\n", "roster/Bad Name.yaml": "name: B\n"})
    found = workspace_files.scan_workspace(root)
    assert {d.file for d in found.documents} == {
        "company.yaml", "roster/ada.yaml", "missions/m-1.yaml", "roster/Bad Name.yaml"}
    for document in found.documents:
        assert document.path == root / document.file
        assert str(document.path) == str(root / document.file)
        assert document.path.read_text(encoding="utf-8")
        assert document.path.parent == (root / document.file).parent
        # The path is made when asked, and pickled with the document once made.
        assert pickle.loads(pickle.dumps(document)) == document
        assert pickle.loads(pickle.dumps(document)).path == document.path


@pytest.mark.parametrize("name", ["company.yml", "Company.yaml"])
def test_a_company_file_named_almost_right_is_named_in_the_refusal(tmp_path, name):
    (tmp_path / name).write_text("name: X\n", encoding="utf-8")
    if (tmp_path / "company.yaml").exists():
        pytest.skip("a file system that ignores case finds company.yaml as it is")
    for explicit in (True, False):
        with pytest.raises(NoWorkspace, match=f"{name} is there: rename it company.yaml"):
            find_workspace(tmp_path, explicit=explicit, ceilings=[tmp_path.parent])
