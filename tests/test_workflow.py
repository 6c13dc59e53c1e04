"""The pull-request loop: workflows, pre-commit hook, cfo init, cfo new."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import cfo_tools
from cfo_tools.cli.main import cli
from conftest import REPO, json_report

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def check_jsonschema(*paths: Path, schema: str = "vendor.github-workflows"
                     ) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, check=False)


def cfo_commands(workflow: Path) -> list[list[str]]:
    """Every cfo command line a workflow runs, with GitHub expressions made concrete."""
    found = []
    for job in yaml.safe_load(workflow.read_text())["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                line = re.sub(r"\$\{\{[^}]*\}\}", "main", line).split(">>")[0]
                for part in line.split("&&"):
                    words = shlex.split(part)
                    if words and words[0] == "cfo":
                        found.append(words[1:])
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_valid(workflow):
    result = check_jsonschema(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_is_valid():
    result = check_jsonschema(REPO / "action.yml", schema="vendor.github-actions")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_run_commands_that_exist():
    commands = [c for w in WORKFLOWS for c in cfo_commands(w)]
    assert {c[0] for c in commands} >= {"check", "build", "diff"}
    for words in commands:
        command = cli.commands[words[0]]  # KeyError: no such command
        command.make_context(words[0], words[1:])  # UsageError: no such option


def test_check_workflow_annotates_builds_and_diffs():
    steps = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())["jobs"]["check"]
    runs = " ".join(s.get("run", "") for s in steps["steps"])
    assert "cfo check --format github" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps["steps"])
    setup = next(s for s in steps["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    # The summary of what a pull request changes matters most when the check fails.
    diff_step = next(s for s in steps["steps"] if "cfo diff" in s.get("run", ""))
    assert diff_step["if"].startswith("always()")


def test_release_workflow_builds_checks_and_publishes_without_a_token():
    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key "on" as True
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    for command in ("python -m build", "twine check", "cfo init newco", "cfo -C newco check",
                    'python -m venv "$RUNNER_TEMP/clean"'):
        assert command in runs
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    [upload] = [s for s in publish["steps"] if "gh-action-pypi-publish" in s.get("uses", "")]
    assert "with" not in upload  # trusted publishing: no password, no token
    release = workflow["jobs"]["github-release"]
    assert release["needs"] == "publish" and release["permissions"] == {"contents": "write"}
    assert "dist/* schemas/*.schema.json" in release["steps"][-1]["run"]


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("awk") is None,
                    reason="the release job runs this on Linux")
def test_release_notes_are_the_version_s_changelog_section(tmp_path):
    steps = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())["jobs"]
    [awk] = [line for line in steps["github-release"]["steps"][-1]["run"].splitlines()
             if line.strip().startswith("awk")]
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-04\n\n### Added\n\n- sync\n"
        "\n## [0.1.0] - 2026-12-01\n\n- first\n")
    env = {**os.environ, "version": "0.2.0", "RUNNER_TEMP": str(tmp_path)}
    subprocess.run(["bash", "-c", 'version="$version"; ' + awk.strip()], cwd=tmp_path, env=env,
                   check=True)
    assert (tmp_path / "notes.md").read_text().strip() == "### Added\n\n- sync"


def test_the_version_script_reads_this_package_version():
    """The release workflow compares the tag with it; action.yml installs it by default."""
    release = (REPO / ".github/workflows/release.yml").read_text()
    action = (REPO / "action.yml").read_text()
    assert "version=$(python .github/package_version.py)" in release
    assert 'version=$(python "$GITHUB_ACTION_PATH/.github/package_version.py")' in action
    found = subprocess.run([sys.executable, str(REPO / ".github/package_version.py")],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert found == cfo_tools.__version__


def test_tests_workflow_covers_systems_and_the_ends_of_supported_pythons():
    job = yaml.safe_load((REPO / ".github/workflows/tests.yml").read_text())["jobs"]["tests"]
    matrix = job["strategy"]["matrix"]
    assert matrix["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    oldest = re.search(r'requires-python = ">=([0-9.]+)"',
                       (REPO / "pyproject.toml").read_text()).group(1)
    assert matrix["python-version"] == [oldest, "3.13"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["defaults"]["run"]["shell"] == "bash"  # the same commands on Windows


# -- the GitHub Action (action.yml) ---------------------------------------------------------

ACTION = yaml.safe_load((REPO / "action.yml").read_text())


def test_action_inputs_and_defaults():
    inputs = ACTION["inputs"]
    assert {name: spec["default"] for name, spec in inputs.items()} == {
        "command": "check", "strict": "false", "documents": "none",
        "pull-request-summary": "true", "version": "", "python-version": "3.12",
        "working-directory": ".", "site": "none", "pages": "false"}
    assert all(spec["description"] for spec in inputs.values())
    assert ACTION["runs"]["using"] == "composite"


def test_action_installs_its_version_caches_and_annotates():
    steps = ACTION["runs"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python", "actions/cache", "actions/cache",
                    "actions/upload-artifact", "actions/upload-artifact",
                    "actions/upload-pages-artifact"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert 'python -m pip install "cfo-tools==$VERSION"' in runs
    assert 'cfo "$COMMAND" --format github --strict' in runs
    assert 'cfo "$COMMAND" --format github\n' in runs
    # cfo's own cache (docs/cache.md): restored and saved, and every cfo step uses it.
    cache = next(s for s in steps if "cfo-documents-" in s.get("with", {}).get("key", ""))
    assert "steps.version.outputs.version" in cache["with"]["key"]
    assert "schemas/" in cache["with"]["key"]
    for step in steps:
        if "cfo " in step.get("run", ""):
            assert step["env"]["CFO_CACHE_DIR"] == cache["with"]["path"], step["name"]
    # Inputs reach scripts through env, never as ${{ }} inside a script (script injection).
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")


@pytest.mark.parametrize("command", ["check", "validate", "conflicts"])
def test_action_commands_take_format_github(command):
    words = [command, "--format", "github"] + (["--strict"] if command != "conflicts" else [])
    cli.commands[command].make_context(command, words[1:])


def test_init_workflow_uses_the_action_at_the_version_that_wrote_it(tmp_path, run_cfo):
    from cfo_tools.documents.scaffolding import ACTION_REPOSITORY

    root = tmp_path / "newco"
    assert run_cfo("init", str(root)).exit_code == 0
    steps = yaml.safe_load((root / ".github/workflows/check.yml").read_text())["jobs"]["check"]
    [action] = [s for s in steps["steps"] if not s["uses"].startswith("actions/")]
    assert action["uses"] == f"{ACTION_REPOSITORY}@v{cfo_tools.__version__}"
    assert set(action["with"]) <= set(ACTION["inputs"])
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())
    assert config == {"repos": [{"repo": f"https://github.com/{ACTION_REPOSITORY}",
                                 "rev": f"v{cfo_tools.__version__}",
                                 "hooks": [{"id": "cfo-check"}]}]}
    exe = Path(sys.executable).with_name("pre-commit")
    result = subprocess.run([str(exe), "validate-config", ".pre-commit-config.yaml"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _site_steps(steps: list[dict]) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in steps
            if "site" in step.get("name", "") and "uses" in step}


def _pages_job(workflow: dict) -> None:
    """The job deploying the site: default branch only, even when the check failed, with the
    permissions the official Pages action needs and nothing more."""
    pages = workflow["jobs"]["pages"]
    assert pages["needs"] == "check"
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    condition = " ".join(pages["if"].split())
    assert condition.startswith("always() && needs.check.result != 'cancelled'")
    assert "github.ref_name == github.event.repository.default_branch" in condition
    assert [s["uses"].split("@")[0] for s in pages["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}


def test_check_workflow_builds_the_site_deploys_it_and_links_a_pull_request_s():
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    build = next(s for s in steps if s.get("run", "").startswith("cfo site"))
    assert build["if"] == "always()"
    uploads = _site_steps(steps)
    assert "github.event_name == 'pull_request'" in uploads["actions/upload-artifact"]["if"]
    assert "default_branch" in uploads["actions/upload-pages-artifact"]["if"]
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")
                   and "site" in s.get("name", ""))
    assert "artifact-url" in summary["env"]["URL"] and "${{" not in summary["run"]
    _pages_job(workflow)


def test_the_action_builds_the_site_when_asked():
    steps = {s.get("name"): s for s in ACTION["runs"]["steps"]}
    build = steps["Build the site"]
    assert "inputs.site != 'none'" in build["if"]
    assert "cfo site -o out/site --no-money" in build["run"]
    assert "cfo site -o out/site --no-money --no-reviews" in build["run"]
    cli.commands["site"].make_context("site", ["-o", "out/site", "--no-money"])
    cli.commands["site"].make_context("site", ["-o", "out/site", "--no-money", "--no-reviews"])
    uploads = _site_steps(ACTION["runs"]["steps"])
    assert set(uploads) == {"actions/upload-artifact", "actions/upload-pages-artifact"}


def test_the_action_sends_a_site_to_pages_only_when_asked():
    """Every site is an artifact (as private as the repository) unless ``pages: true``: then
    the default branch's goes to GitHub Pages, public on most plans."""
    uploads = _site_steps(ACTION["runs"]["steps"])
    artifact = " ".join(uploads["actions/upload-artifact"]["if"].split())
    pages = " ".join(uploads["actions/upload-pages-artifact"]["if"].split())
    assert "inputs.pages == 'true'" in pages and "default_branch" in pages
    assert "!(inputs.pages == 'true' && github.event_name == 'push'" in artifact
    assert "pull_request" not in artifact
    checks = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "version")
    assert checks["env"]["PAGES"] == "${{ inputs.pages }}"
    assert 'case "$PAGES" in true|false)' in checks["run"]
    assert "give site: public (or no-money, full) with it" in checks["run"]
    assert 'case "$SITE" in full|no-money|public|none)' in checks["run"]
    assert "::warning::site: full with pages: true" in checks["run"]


def _init_workflow(tmp_path: Path, run_cfo, *options: str) -> tuple[dict, dict]:
    root = tmp_path / "newco"
    assert run_cfo("init", str(root), *options).exit_code == 0
    path = root / ".github/workflows/check.yml"
    result = check_jsonschema(path)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(path.read_text())
    [action] = [s for s in workflow["jobs"]["check"]["steps"]
                if not s["uses"].startswith("actions/")]
    assert set(action["with"]) <= set(ACTION["inputs"])
    return workflow, action["with"]


def test_init_workflow_keeps_the_site_as_private_as_the_repository(tmp_path, run_cfo):
    workflow, inputs = _init_workflow(tmp_path, run_cfo)
    assert inputs["site"] == "full" and "pages" not in inputs
    assert set(workflow["jobs"]) == {"check"}
    assert "pages" not in json.dumps(workflow)


def test_init_pages_publishes_the_site_without_money_or_reviews(tmp_path, run_cfo):
    workflow, inputs = _init_workflow(tmp_path, run_cfo, "--pages")
    assert inputs["site"] == "public" and inputs["pages"] == "true"
    _pages_job(workflow)
    text = (tmp_path / "newco/.github/workflows/check.yml").read_text()
    assert "public (even for a private repository)" in text


# -- pre-commit ------------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fr",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fr"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env=env).stdout


def copy_example(root: Path) -> Path:
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    shutil.copytree(REPO / "roster", root / "roster")
    shutil.copytree(REPO / "missions", root / "missions")
    return root


def test_hook_manifest_is_valid():
    exe = Path(sys.executable).with_name("pre-commit")
    for args in (["validate-manifest", ".pre-commit-hooks.yaml"],
                 ["validate-config", ".pre-commit-config.yaml"]):
        result = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    own = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [used] = own["repos"][0]["hooks"]
    for key in ("id", "entry", "pass_filenames", "files"):
        assert used[key] == hook[key]  # this repository uses the hook it exports


def test_hook_runs_through_real_pre_commit(tmp_path):
    """The exported hook's entry, files and pass_filenames, run by pre-commit itself."""
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    root = copy_example(tmp_path / "data")
    git(root, "init", "-q")
    # language: system runs the cfo of this environment instead of building a new one.
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(root, "add", "-A")
    exe = Path(sys.executable).with_name("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "run", "--all-files"], cwd=root, capture_output=True,
                              text=True, env=env)

    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "cfo check" in passed.stdout and "Passed" in passed.stdout
    broken = root / "roster" / "alice-martin.yaml"
    broken.write_text(broken.read_text().replace("daily_rate: 550", "daly_rate: 550"))
    git(root, "add", "-A")
    failed = run()
    assert failed.returncode == 1
    assert "roster/alice-martin.yaml:" in failed.stdout and "daly_rate" in failed.stdout


@pytest.mark.skipif(not os.environ.get("CFO_NETWORK_TESTS"),
                    reason="installs cfo-tools and its dependencies from PyPI (about 30 s); "
                           "set CFO_NETWORK_TESTS=1 (the tests workflow does on one job)")
def test_hook_from_this_repository_on_a_new_workspace(tmp_path, run_cfo):
    """What a company's pre-commit does with the configuration cfo init writes: install the
    hook from this repository (here by its local path) and run it."""
    root = tmp_path / "newco"
    assert run_cfo("init", str(root)).exit_code == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    exe = Path(sys.executable).with_name("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "try-repo", str(REPO), "cfo-check", "--all-files"],
                              cwd=root, capture_output=True, text=True, env=env)

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "cfo check" in passed.stdout and "Passed" in passed.stdout
    (root / "roster" / "bob.yaml").write_text("name: Bob\ndaly_rate: 500\n")
    git(root, "add", "-A")
    failed = try_repo()
    assert failed.returncode == 1
    assert "roster/bob.yaml:" in failed.stdout and "daly_rate" in failed.stdout


# -- init and new ------------------------------------------------------------------------------

def test_init_then_new_then_check(tmp_path, run_cfo):
    root = tmp_path / "studio"
    result = run_cfo("init", str(root), "--name", "Studio Nord", "--owner-name", "Inès Roy",
                     "--owner-email", "ines@studio-nord.fr")
    assert result.exit_code == 0, result.output
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert names == {"company.yaml", "roster/README.md", "missions/README.md", "README.md",
                     ".github/workflows/check.yml", ".pre-commit-config.yaml", ".gitignore",
                     "schemas/candidate.schema.json", "schemas/company.schema.json",
                     "schemas/freelancer.schema.json",
                     "schemas/mission.schema.json", "schemas/activity.schema.json",
                     "schemas/invoice.schema.json"}
    assert check_jsonschema(root / ".github/workflows/check.yml").returncode == 0
    assert json_report(run_cfo("-C", str(root), "check", "--format", "json"))["ok"] is True
    assert run_cfo("-C", str(root), "new", "freelancer", "ada-lovelace", "--name",
                   "Ada Lovelace", "--email", "ada@example.fr", "--role", "web-developer",
                   "--skill", "python", "--rate", "600").exit_code == 0
    assert run_cfo("-C", str(root), "--today", "2026-11-26", "new", "mission", "site",
                   "--title", "Site: vitrine", "--client", "Dupont", "--owner", "ines-roy",
                   "--start", "+2w", "--end", "2027-01-29").exit_code == 0
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    assert report["ok"] is True and report["stats"] == {"freelancers": 1, "missions": 1}
    mission = (root / "missions" / "site.yaml").read_text()
    assert "title: 'Site: vitrine'" in mission and "start: 2026-12-10" in mission
    first = mission.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and "mission.schema.json" in first


def test_new_points_at_the_workspace_schema_when_it_has_one(run_cfo, tmp_path):
    root = copy_example(tmp_path / "ws")
    shutil.copytree(REPO / "schemas", root / "schemas")
    assert run_cfo("-C", str(root), "new", "freelancer", "zoe", "--name", "Zoé",
                   "--email", "z@example.fr", "--role", "writer", "--rate", "400").exit_code == 0
    first = (root / "roster" / "zoe.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/freelancer.schema.json"


def test_new_leaves_placeholders_that_fail_until_filled(tmp_path, run_cfo):
    root = tmp_path / "studio"
    run_cfo("init", str(root))
    run_cfo("-C", str(root), "new", "freelancer", "bob")
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    missing = {e["path"] for e in report["errors"]}
    assert missing == {"/name", "/email", "/roles", "/daily_rate"}


def test_new_never_overwrites(tmp_path, run_cfo):
    root = tmp_path / "studio"
    run_cfo("init", str(root))
    (root / "roster" / "bob.yaml").write_text("keep: me\n")
    result = run_cfo("-C", str(root), "new", "freelancer", "bob", "--name", "Bob")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert (root / "roster" / "bob.yaml").read_text() == "keep: me\n"
    assert run_cfo("-C", str(root), "new", "mission", "Bad Id").exit_code == 2


def test_init_refuses_a_non_empty_folder(tmp_path, run_cfo):
    root = tmp_path / "full"
    root.mkdir()
    (root / "notes.txt").write_text("mine")
    assert run_cfo("init", str(root)).exit_code == 2
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]
    assert run_cfo("init", str(root), "--force").exit_code == 0
    assert (root / "notes.txt").read_text() == "mine"


def test_new_prompts_for_missing_values_at_a_terminal(tmp_path, run_cfo, monkeypatch):
    from cfo_tools.cli import scaffold

    root = tmp_path / "studio"
    run_cfo("init", str(root), "--owner-name", "Inès Roy")
    monkeypatch.setattr(scaffold, "interactive", lambda: True)
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli, ["-C", str(root), "new", "freelancer", "ada", "--skill", "python"],
        input="Ada Lovelace\nada@example.fr\nweb-developer\n600\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (root / "roster" / "ada.yaml").read_text()
    assert "name: Ada Lovelace" in text and "roles: [web-developer]" in text
    assert "daily_rate: 600" in text
    assert json_report(run_cfo("-C", str(root), "check", "--format", "json"))["ok"] is True


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                    reason="the release job runs this step with bash on Linux")
@pytest.mark.parametrize(("tag", "changelog", "passes"), [
    ("v{v}", "## [Unreleased]\n\n## [{v}] - 2027-01-04\n", True),
    ("v9.9.9", "## [{v}] - 2027-01-04\n", False),
    ("v{v}", "## [Unreleased]\n", False),
])
def test_release_refuses_a_tag_or_changelog_that_disagree(tmp_path, tag, changelog, passes):
    steps = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())["jobs"]
    [step] = [s for s in steps["build"]["steps"] if "version" in s.get("name", "")]
    version = cfo_tools.__version__
    (tmp_path / "cfo_tools").mkdir()
    (tmp_path / ".github").mkdir()
    shutil.copy(REPO / "cfo_tools/__init__.py", tmp_path / "cfo_tools")
    shutil.copy(REPO / ".github/package_version.py", tmp_path / ".github")
    (tmp_path / "CHANGELOG.md").write_text(changelog.format(v=version))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {**os.environ, "GITHUB_REF_NAME": tag.format(v=version),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert (result.returncode == 0) == passes, result.stdout + result.stderr
    if not passes:
        assert result.stdout.startswith("::error::")


def test_every_mention_of_this_repository_names_the_same_one():
    """The repository's name is written in the package metadata, the CHANGELOG links, the
    Action's usage and the docs: when it moves, ACTION_REPOSITORY and these move together."""
    from cfo_tools.documents.scaffolding import ACTION_REPOSITORY

    files = [REPO / "pyproject.toml", REPO / "CHANGELOG.md", REPO / "action.yml",
             *sorted((REPO / "docs").glob("*.md"))]
    mentions = {}
    for file in files:
        text = file.read_text(encoding="utf-8")
        for match in re.finditer(r"github\.com/([\w.-]+/[\w.-]+)|uses: ([\w.-]+/[\w.-]+)@v",
                                 text):
            name = match.group(1) or match.group(2)
            if name.split("/")[0] in {"actions", "pypa", "astral-sh"}:
                continue  # the official actions a workflow uses, not this repository
            mentions.setdefault(name, []).append(file.relative_to(REPO).as_posix())
    assert "pyproject.toml" in mentions.get(ACTION_REPOSITORY, [])
    assert set(mentions) == {ACTION_REPOSITORY}, mentions
