"""The command line: formats, exit codes and global options, as a user sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FREELANCER, MISSION, json_report

BROKEN = FREELANCER.replace("daily_rate: 500", "daily_rate: -3")


def test_clean_workspace_exits_0(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": MISSION})
    result = run_cfo("-C", str(root), "validate", "--format", "text")
    assert result.exit_code == 0
    assert result.stdout == "No problems found in 1 freelancer and 1 mission.\n"


def test_text_format_is_compiler_style(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": BROKEN})
    result = run_cfo("-C", str(root), "validate", "--format", "text")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "roster/ada.yaml:5:13: error [schema] /daily_rate: -3 is less than the minimum of 1",
        "1 error, 0 warnings in 1 freelancer and 0 missions.",
    ]


def test_json_format(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": BROKEN, "roster/notes.txt": "x"})
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    assert report["ok"] is False
    assert report["stats"] == {"freelancers": 1, "missions": 0}
    assert report["errors"] == [{
        "file": "roster/ada.yaml", "line": 5, "column": 13, "path": "/daily_rate",
        "rule": "schema", "severity": "error", "message": "-3 is less than the minimum of 1",
    }]
    assert [w["rule"] for w in report["warnings"]] == ["unexpected-file"]


def test_warnings_pass_unless_strict(workspace, run_cfo):
    root = workspace({"roster/notes.txt": "x"})
    assert run_cfo("-C", str(root), "validate").exit_code == 0
    strict = run_cfo("-C", str(root), "validate", "--strict", "--format", "json")
    assert strict.exit_code == 1 and json_report(strict)["ok"] is False


def test_github_format_annotates_and_lists(workspace, run_cfo, tmp_path):
    root = workspace({"roster/ada.yaml": BROKEN.replace("name: Ada Lovelace", "name: 'a,b'")
                      + "daly_rate: 1\n"})
    summary = tmp_path / "summary.md"
    result = run_cfo("-C", str(root), "check", env={
        "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(root.parent)})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=ws/roster/ada.yaml,line=5,col=13,title=cfo [schema]::"
        "/daily_rate: -3 is less than the minimum of 1"
    )
    assert lines[1].startswith("::error file=ws/roster/ada.yaml,line=7,col=1,")
    assert "ws/roster/ada.yaml:5:13: error [schema]" in result.stdout
    table = summary.read_text()
    assert "| ❌ | `ws/roster/ada.yaml` | 5 | schema |" in table


def test_github_escaping():
    from cfo_tools.model.findings import Finding
    from cfo_tools.reporters.github import annotation

    finding = Finding("a,b:c.yaml", 1, 2, "", "r", "warning", "50% done\nnext")
    assert annotation(finding) == (
        "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=cfo [r]::50%25 done%0Anext"
    )


def test_github_summary_is_capped(monkeypatch):
    from cfo_tools.model.findings import Finding
    from cfo_tools.reporters import Outcome, github

    monkeypatch.setattr(github, "SUMMARY_LIMIT", 2000)
    findings = [Finding(f"roster/f{i:03}.yaml", 1, 1, "", "schema", "error", "x" * 50)
                for i in range(100)]
    text = github.render_summary(Outcome(findings))
    assert len(text.encode()) <= 2000 + 100
    assert "more (see the job log)" in text


def test_auto_format_is_text_outside_github(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": BROKEN})
    assert run_cfo("-C", str(root), "validate").stdout.startswith("roster/ada.yaml:5:13:")


def test_no_workspace_exits_2(tmp_path, run_cfo, monkeypatch):
    # The ceiling keeps a company.yaml left in a folder above pytest's from answering.
    monkeypatch.setenv("CFO_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    result = run_cfo("validate")
    assert result.exit_code == 2
    assert "no company.yaml found" in result.stderr


def test_the_search_for_a_workspace_stops_below_a_ceiling(tmp_path, run_cfo, monkeypatch):
    (tmp_path / "company.yaml").write_text("name: Above\n", encoding="utf-8")
    inner = tmp_path / "projects" / "site"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    monkeypatch.setenv("CFO_CEILING_DIRECTORIES",
                       os.pathsep.join(["relative/ignored", str(tmp_path / "projects")]))
    assert run_cfo("validate").exit_code == 2
    monkeypatch.setenv("CFO_CEILING_DIRECTORIES", str(tmp_path / "elsewhere"))
    assert run_cfo("validate").exit_code != 2


def test_a_ceiling_does_not_hide_the_folder_the_search_starts_in(tmp_path, run_cfo,
                                                                 monkeypatch):
    (tmp_path / "company.yaml").write_text("name: Here\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CFO_CEILING_DIRECTORIES", str(tmp_path))
    assert run_cfo("validate").exit_code != 2


def test_explicit_folder_without_company_exits_2(tmp_path, run_cfo):
    result = run_cfo("-C", str(tmp_path), "check")
    assert result.exit_code == 2 and "not a cfo workspace" in result.stderr


def test_workspace_found_from_a_sub_folder(workspace, run_cfo, monkeypatch):
    root = workspace({"roster/ada.yaml": BROKEN})
    monkeypatch.chdir(root / "missions")
    assert run_cfo("validate").exit_code == 1


def test_bad_option_exits_2(workspace, run_cfo):
    root = workspace()
    assert run_cfo("-C", str(root), "validate", "--format", "xml").exit_code == 2


def test_bad_today_exits_2(workspace, run_cfo):
    root = workspace()
    assert run_cfo("--today", "2026-02-30", "-C", str(root), "check").exit_code == 2
    result = run_cfo("-C", str(root), "check", env={"CFO_TODAY": "tomorrow"})
    assert result.exit_code == 2 and "CFO_TODAY" in result.stderr


def test_today_option_and_environment(monkeypatch):
    from datetime import date

    from cfo_tools.cli.main import cli

    monkeypatch.setenv("CFO_TODAY", "2027-01-04")
    assert cli.make_context("cfo", ["check"]).params["today"] == date(2027, 1, 4)
    given = cli.make_context("cfo", ["--today", "2026-12-07", "check"])
    assert given.params["today"] == date(2026, 12, 7)
    monkeypatch.delenv("CFO_TODAY")
    assert cli.make_context("cfo", ["check"]).params["today"] == date.today()


def test_broken_workspace_schema_is_a_finding(workspace, run_cfo):
    root = workspace({"schemas/freelancer.schema.json": "{ not json", "roster/ada.yaml": BROKEN})
    report = json_report(run_cfo("-C", str(root), "validate", "--format", "json"))
    rules = [(e["file"], e["rule"]) for e in report["errors"]]
    # The packaged schema still checks the documents.
    assert rules == [
        ("roster/ada.yaml", "schema"), ("schemas/freelancer.schema.json", "schema-file")
    ]


def test_workspace_schema_replaces_the_packaged_one(workspace, run_cfo):
    from cfo_tools.loading.resources import packaged_dir

    schema = json.loads((packaged_dir("schemas") / "freelancer.schema.json").read_text())
    schema["properties"]["daily_rate"]["minimum"] = 800
    root = workspace({"schemas/freelancer.schema.json": json.dumps(schema),
                      "roster/ada.yaml": FREELANCER})
    report = json_report(run_cfo("-C", str(root), "validate", "--format", "json"))
    assert [e["message"] for e in report["errors"]] == ["500 is less than the minimum of 800"]


def test_help_starts_without_heavy_imports():
    code = ("import sys; import cfo_tools.cli.main; "
            "print(sorted(m for m in ('yaml', 'jsonschema', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_has_its_page_and_a_line_in_the_readme():
    from cfo_tools.cli.main import cli
    from conftest import REPO

    readme = (REPO / "README.md").read_text()
    for name in cli.commands:
        page = REPO / "docs" / f"{name}.md"
        assert page.is_file(), f"docs/{name}.md is missing"
        assert f"`cfo {name}" in page.read_text()
        assert f"docs/{name}.md" in readme


def test_today_also_after_the_command(workspace, run_cfo):
    from conftest import MISSION

    root = workspace({"missions/site.yaml": MISSION})
    before = json_report(run_cfo("-C", str(root), "check", "--today", "2026-01-04",
                                 "--format", "json"))
    after = json_report(run_cfo("-C", str(root), "check", "--today", "2026-01-06",
                                "--format", "json"))
    assert before["warnings"] == []
    assert [w["rule"] for w in after["warnings"]] == ["late-start"]
    bad = run_cfo("-C", str(root), "check", "--today", "2026-02-30")
    assert bad.exit_code == 2
