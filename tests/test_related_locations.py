"""A conflict names every place involved: JSON lists them, GitHub annotates each, and
``cfo diff`` shows it on the file the change touched."""

from __future__ import annotations

import subprocess

from test_diff import ENV

from conftest import freelancer_yaml, json_report, mission_yaml

A = mission_yaml("2026-03-02", "2026-03-13", ("ada", 60))
B_FREE = mission_yaml("2026-03-02", "2026-03-13", ("bob", 60))
B_OVER = mission_yaml("2026-03-02", "2026-03-13", ("bob", 60), ("ada", 60))
FILES = {"roster/ada.yaml": freelancer_yaml(), "roster/bob.yaml": freelancer_yaml(),
         "missions/a.yaml": A, "missions/b.yaml": B_OVER}


def test_json_names_every_assignment_involved(run_cfo, workspace):
    root = workspace(FILES)
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    [overbooked] = [f for f in report["errors"] if f["rule"] == "overbooked"]
    assert overbooked["file"] == "missions/a.yaml"
    assert overbooked["related"] == [
        {"file": "missions/a.yaml", "line": 8, "column": 5, "path": "/assignments/0"},
        {"file": "missions/b.yaml", "line": 11, "column": 5, "path": "/assignments/1"}]
    assert all("related" not in f for f in report["errors"] + report["warnings"]
               if f["rule"] != "overbooked")
    conflicts = json_report(run_cfo("-C", str(root), "conflicts", "--format", "json"))
    assert [p["file"] for p in conflicts["conflicts"][0]["related"]] == [
        "missions/a.yaml", "missions/b.yaml"]


def test_github_annotates_each_assignment(run_cfo, workspace):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "conflicts", "--format", "github")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(annotations) == 2
    assert annotations[0].startswith("::error file=missions/a.yaml,line=8,col=5,")
    assert annotations[0].endswith("(also missions/b.yaml:11:5)")
    assert annotations[1].startswith("::error file=missions/b.yaml,line=11,col=5,")
    assert annotations[1].endswith("(also missions/a.yaml:8:5)")
    assert annotations[0].split("::")[2].split(" (also")[0] == \
        annotations[1].split("::")[2].split(" (also")[0]


def test_unavailability_names_the_absence(run_cfo, workspace):
    ada = freelancer_yaml(unavailable=(("2026-03-05", "2026-03-06"),))
    root = workspace({"roster/ada.yaml": ada, "missions/a.yaml": A})
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    [unavailable] = [f for f in report["errors"] if f["rule"] == "unavailable"]
    assert [(p["file"], p["path"]) for p in unavailable["related"]] == [
        ("missions/a.yaml", "/assignments/0"), ("roster/ada.yaml", "/unavailable/0")]


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV)


def committed(workspace, files):
    root = workspace(files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_diff_reports_a_conflict_on_the_file_the_change_touched(run_cfo, workspace):
    root = committed(workspace, {**FILES, "missions/b.yaml": B_FREE})
    (root / "missions/b.yaml").write_text(B_OVER, encoding="utf-8")
    result = run_cfo("-C", str(root), "diff", "HEAD", "--format", "json")
    assert result.exit_code == 1
    [introduced] = json_report(result)["introduced"]
    assert (introduced["rule"], introduced["file"], introduced["line"], introduced["path"]) == (
        "overbooked", "missions/b.yaml", 11, "/assignments/1")
    text = run_cfo("-C", str(root), "diff", "HEAD", "--lang", "en").stdout
    assert ("  missions/b.yaml:11:5: error [overbooked] /assignments/1: ada is booked at 120%"
            in text)
    assert text.rstrip().endswith("(also missions/a.yaml:8:5)\nIt resolves 0 errors, "
                                  "0 warnings:\n  none")


def test_diff_reports_a_new_absence_on_the_roster_file(run_cfo, workspace):
    root = committed(workspace, {"roster/ada.yaml": freelancer_yaml(), "missions/a.yaml": A})
    (root / "roster/ada.yaml").write_text(
        freelancer_yaml(unavailable=(("2026-03-05", "2026-03-06"),)), encoding="utf-8")
    result = run_cfo("-C", str(root), "diff", "HEAD", "--format", "markdown")
    assert "| ❌ | `roster/ada.yaml` | 10 | unavailable |" in result.stdout
