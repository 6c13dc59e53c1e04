"""``cfo promote``: a candidate becomes a roster file, in a real Git repository: the file
moves, nothing is ever overwritten, and ``cfo check`` is clean afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FREELANCER, REPO, json_report

ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fr",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fr",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
TODAY = "2026-11-26"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env=ENV).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example workspace, committed in a fresh Git repository."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "example")
    return root


def promote(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, "promote", *args)


def check_errors(run_cfo, root: Path) -> list:
    report = json_report(run_cfo("-C", str(root), "--today", TODAY, "check", "--format", "json"))
    return report["errors"]


def test_the_candidate_moves_into_the_roster(repo, run_cfo):
    result = promote(run_cfo, repo, "ines-moreau")
    assert result.exit_code == 0, result.stderr
    assert not (repo / "candidates" / "ines-moreau.yaml").exists()
    git(repo, "add", "-A")
    assert git(repo, "diff", "--cached", "--name-status", "--no-renames").splitlines() == [
        "D\tcandidates/ines-moreau.yaml", "A\troster/ines-moreau.yaml"]
    text = (repo / "roster" / "ines-moreau.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/freelancer.schema.json\n")
    data = yaml.safe_load(text)
    assert {k: data[k] for k in ("name", "email", "phone", "location", "remote", "roles",
                                 "skills", "languages", "daily_rate", "status")} == {
        "name": "Inès Moreau", "email": "ines.moreau@example.fr", "phone": "+33 6 45 12 78 90",
        "location": "Lyon", "remote": True, "roles": ["web-developer"],
        "skills": ["react", "typescript", "node", "accessibility"], "languages": ["fr", "en"],
        "daily_rate": 580, "status": "active"}
    # What has no place in the roster is kept in the notes.
    assert "recommandé par Alice Martin" in data["notes"]
    assert "2026-11-12 (phone): Appel de 30 minutes" in data["notes"]
    assert "Disponible à partir du 2027-01-04." in data["notes"]
    assert check_errors(run_cfo, repo) == []


def test_the_paperwork_still_missing_is_printed(repo, run_cfo):
    result = promote(run_cfo, repo, "ines-moreau")
    assert result.stdout == (
        "Before ines-moreau can be staffed, ask for:\n"
        "  - SIRET number (the law)\n"
        "  - urssaf-vigilance (the law, for a contract of 5,000 EUR or more)\n"
        "  - kbis or rne-certificate or sirene-notice (the law, for a contract of 5,000 EUR or "
        "more)\n"
        "  - rc-pro (company policy)\n"
        "  - nda (company policy, signed before the first mission starts)\n"
        "Add each under 'documents:' (the SIRET under 'legal: siret:') as it arrives; "
        "'cfo check' follows them up.\n")
    assert result.stderr == "wrote roster/ines-moreau.yaml\nremoved candidates/ines-moreau.yaml\n"


def test_keep_marks_the_candidate_joined_and_keeps_every_other_byte(repo, run_cfo):
    before = (repo / "candidates" / "lucas-vidal.yaml").read_text(encoding="utf-8")
    result = promote(run_cfo, repo, "lucas-vidal", "--keep")
    assert result.exit_code == 0, result.stderr
    after = (repo / "candidates" / "lucas-vidal.yaml").read_text(encoding="utf-8")
    assert after == before.replace("stage: qualified\n", "stage: joined\n")
    assert (repo / "roster" / "lucas-vidal.yaml").is_file()
    # The notes of the candidate come first.
    notes = yaml.safe_load((repo / "roster" / "lucas-vidal.yaml").read_text())["notes"]
    assert notes.startswith("Un bon renfort pour Farid Haddad")
    assert check_errors(run_cfo, repo) == []


@pytest.mark.parametrize("keep", [(), ("--keep",)])
def test_an_existing_roster_file_is_never_overwritten(repo, run_cfo, keep):
    (repo / "roster" / "ines-moreau.yaml").write_text(FREELANCER)
    candidate = (repo / "candidates" / "ines-moreau.yaml").read_bytes()
    result = promote(run_cfo, repo, "ines-moreau", *keep)
    assert result.exit_code == 2
    assert "roster/ines-moreau.yaml already exists; promote never replaces a roster file" in (
        result.stderr)
    assert (repo / "roster" / "ines-moreau.yaml").read_text() == FREELANCER
    assert (repo / "candidates" / "ines-moreau.yaml").read_bytes() == candidate


def test_a_joined_candidate_is_not_promoted_twice(repo, run_cfo):
    result = promote(run_cfo, repo, "karim-saidi")
    assert result.exit_code == 2 and "they have already joined" in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_a_candidate_without_email_or_rate_stays_a_candidate(repo, run_cfo):
    result = promote(run_cfo, repo, "sophie-bernard")
    assert result.exit_code == 2
    assert ("candidates/sophie-bernard.yaml has no email and no daily_rate, which a roster file "
            "requires; add them first") in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_an_unknown_or_broken_candidate_is_a_usage_error(repo, run_cfo):
    assert "no candidate 'nobody' in candidates/" in promote(run_cfo, repo, "nobody").stderr
    (repo / "candidates" / "nicolas-fabre.yaml").write_text("name: [broken\n")
    result = promote(run_cfo, repo, "nicolas-fabre")
    assert result.exit_code == 2 and "nicolas-fabre.yaml has errors" in result.stderr


def test_a_roster_folder_that_is_a_link_is_refused(repo, run_cfo, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(repo / "roster")
    os.symlink(outside, repo / "roster")
    result = promote(run_cfo, repo, "ines-moreau")
    assert result.exit_code != 0
    assert list(outside.iterdir()) == []
    assert (repo / "candidates" / "ines-moreau.yaml").is_file()


def test_an_exact_rate_and_extra_fields_carry_over(run_cfo, workspace):
    root = workspace({"candidates/ada.yaml": (
        "name: Ada\nemail: ada@example.fr\nroles: [web-developer]\nskills: []\n"
        "daily_rate: 612.55\nsource: {channel: platform, url: https://example.org/ada}\n"
        "stage: qualified\ncontacts: [{date: 2026-11-20, channel: email}]\n"
        "extra: {github: ada}\n")})
    result = run_cfo("-C", str(root), "--today", TODAY, "promote", "ada")
    assert result.exit_code == 0, result.stderr
    text = (root / "roster" / "ada.yaml").read_text()
    assert "daily_rate: 612.55\n" in text
    data = yaml.safe_load(text)
    assert data["extra"] == {"github": "ada"}
    assert "Source : platform, https://example.org/ada." in data["notes"]
    assert json_report(run_cfo("-C", str(root), "--today", TODAY, "check", "--format",
                               "json"))["errors"] == []


def test_remove_file_removes_only_a_regular_file(tmp_path):
    from cfo_tools.documents.output_files import OutputProblem, UnsafeOutput, remove_file

    (tmp_path / "a.yaml").write_text("x")
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "a.yaml", tmp_path / "link.yaml")
    with pytest.raises(UnsafeOutput):
        remove_file(tmp_path / "link.yaml", workspace=tmp_path)
    with pytest.raises(OutputProblem, match="not a regular file"):
        remove_file(tmp_path / "folder", workspace=tmp_path)
    with pytest.raises(OutputProblem, match="does not exist"):
        remove_file(tmp_path / "missing.yaml", workspace=tmp_path)
    remove_file(tmp_path / "a.yaml", workspace=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "link.yaml"]
