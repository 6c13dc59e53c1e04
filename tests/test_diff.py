"""cfo diff, with real git in temporary repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, json_report

ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fr",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fr",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env=ENV).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit is the example workspace, on branch main."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copy(REPO / "company.yaml", root)
    shutil.copytree(REPO / "roster", root / "roster")
    shutil.copytree(REPO / "missions", root / "missions")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def diff(run_cfo, root: Path, *args: str, lang: str = "en"):
    return run_cfo("-C", str(root), "--today", "2026-11-26", "diff", "--lang", lang, *args)


def changes(result) -> list[tuple[str, str, bool]]:
    return [(c["subject"], c["change"], c["warning"]) for c in json_report(result)["changes"]]


def test_no_change(repo, run_cfo):
    result = diff(run_cfo, repo, "HEAD", "--format", "json")
    assert result.exit_code == 0
    assert json_report(result) == {"base": "HEAD", "head": "working tree", "lang": "en",
                                   "changes": [], "introduced": [], "resolved": []}


def test_changes_in_people_terms(repo, run_cfo):
    edit(repo / "roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 200")
    edit(repo / "roster/emma-petit.yaml", "capacity: 60", "capacity: 80")
    edit(repo / "roster/karim-saidi.yaml", "skills: [seo, analytics,",
         "skills: [seo, analytics, python,")
    mission = repo / "missions/plateforme-reservation-gites.yaml"
    edit(mission, "status: in-review", "status: validated")
    edit(mission, "    status: submitted", "    status: accepted")
    edit(mission, "    status: changes-requested\n    feedback: >-\n      Les captures d'écran "
                  "montrent l'ancienne version du back-office ; ajouter une page\n      « que "
                  "faire si un client annule ».", "    status: accepted")
    mission.write_text(mission.read_text() + (
        "reviews:\n"
        "  - {freelancer: bruno-lefevre, date: 2026-11-25, quality: 4, deadlines: 4, "
        "communication: 5, rehire: true}\n"
        "  - {freelancer: hugo-lambert, date: 2026-11-25, quality: 3, deadlines: 2, "
        "communication: 3, rehire: false}\n"))
    velo = repo / "missions/application-mobile-velo-partage.yaml"
    edit(velo, "  - freelancer: farid-haddad\n    role: devops-engineer\n    allocation: 20",
         "  - freelancer: farid-haddad\n    role: devops-engineer\n    allocation: 40")
    edit(velo, "end: 2026-12-18", "end: 2027-01-15")
    edit(velo, "    due: 2026-12-15", "    due: 2027-01-15")
    result = diff(run_cfo, repo, "HEAD", "--format", "json")
    found = changes(result)
    assert ("freelancer hugo-lambert", "daily rate 450 → 200 (cut by more than half: a typo?)",
            True) in found
    assert ("freelancer emma-petit", "capacity 60% → 80%", False) in found
    assert ("freelancer karim-saidi", "skills +python", False) in found
    subject = "mission plateforme-reservation-gites"
    assert (subject, "status in review → validated", False) in found
    assert (subject, "deliverable back-office accepted (submitted, under review → accepted)",
            False) in found
    assert (subject, "deliverable formation accepted (changes requested → accepted)",
            False) in found
    assert (subject, "review of bruno-lefevre added: 4.3/5, would rehire", False) in found
    assert (subject, "review of hugo-lambert added: 2.7/5, would not rehire", False) in found
    velo_subject = "mission application-mobile-velo-partage"
    assert (velo_subject, "dates 2026-09-07..2026-12-18 → 2026-09-07..2027-01-15",
            False) in found
    assert (velo_subject, "farid-haddad re-allocated 20% → 40%", False) in found
    assert (velo_subject, "deliverable publication-stores due 2026-12-15 → 2027-01-15",
            False) in found
    report = json_report(result)
    # The mission now runs through the year-end closure: three bookings during it.
    introduced = {(f["rule"], f["file"]) for f in report["introduced"]}
    assert ("unavailable", "missions/application-mobile-velo-partage.yaml") in introduced
    resolved = {f["rule"] for f in report["resolved"]}
    assert "overdue-deliverable" in resolved
    assert result.exit_code == 1  # it introduces errors


def test_suspicious_status_and_double_booking_in_markdown(repo, run_cfo):
    edit(repo / "missions/refonte-site-fromagerie-vercors.yaml", "status: closed",
         "status: draft")
    board = repo / "missions/tableau-de-bord-ventes-cooperative.yaml"
    edit(board, "  - freelancer: bruno-lefevre", "  - freelancer: alice-martin")
    result = diff(run_cfo, repo, "HEAD", "--format", "markdown")
    text = result.stdout
    assert result.exit_code == 1
    assert "> ❌ **This pull request creates 1 double booking**:" in text
    assert "> - alice-martin is booked at 140% for a capacity of 100%" in text
    assert "status closed → draft (backwards: is that intended?)" in text
    # Roles by the vocabulary's labels.
    assert "alice-martin assigned as Back-end developer at 40%" in text
    assert "bruno-lefevre unassigned (Back-end developer)" in text


def test_committed_revisions_rename_and_deletion(repo, run_cfo):
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "mv", "roster/emma-petit.yaml", "roster/emma-durand.yaml")
    office = repo / "missions/strategie-contenu-office-tourisme.yaml"
    edit(office, "freelancer: emma-petit", "freelancer: emma-durand")
    git(repo, "rm", "-q", "roster/karim-saidi.yaml")
    git(repo, "rm", "-q", "missions/site-vitrine-cabinet-architectes.yaml")
    git(repo, "commit", "-qam", "rename and delete")
    (repo / "roster/emma-durand.yaml").write_text("broken: [\n")  # not committed: ignored
    result = diff(run_cfo, repo, base, "HEAD", "--format", "json")
    found = changes(result)
    assert ("freelancer emma-durand", "renamed from emma-petit", False) in found
    assert ("freelancer karim-saidi", "removed: Karim Saïdi (still assigned on "
            "strategie-contenu-office-tourisme)", True) in found
    assert ("mission site-vitrine-cabinet-architectes",
            "removed: Site vitrine du cabinet (draft) — it was not finished (validated, "
            "closed or cancelled)",
            True) in found
    introduced = [(f["rule"], f["file"]) for f in json_report(result)["introduced"]]
    assert ("unknown-freelancer", "missions/strategie-contenu-office-tourisme.yaml") in introduced


def test_base_that_does_not_exist(repo, run_cfo):
    result = diff(run_cfo, repo, "no-such-branch")
    assert result.exit_code == 2
    assert "revision 'no-such-branch' is not in this repository" in result.stderr


def test_not_a_repository(tmp_path, run_cfo):
    root = tmp_path / "plain"
    shutil.copytree(REPO / "roster", root / "roster")
    shutil.copy(REPO / "company.yaml", root)
    result = diff(run_cfo, root, "HEAD")
    assert result.exit_code == 2 and "not inside a Git repository" in result.stderr


def test_workspace_in_a_sub_folder_and_a_base_without_it(tmp_path, run_cfo):
    root = tmp_path / "mono"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("other things\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before the workspace")
    ws = root / "people"
    ws.mkdir()
    shutil.copy(REPO / "company.yaml", ws)
    shutil.copytree(REPO / "roster", ws / "roster")
    result = diff(run_cfo, ws, "HEAD", "--format", "json")
    assert result.exit_code == 0
    added = [c for c in changes(result) if c[1].startswith("added:")]
    assert len(added) == 12  # every freelancer is new


def test_shallow_ci_clone_with_the_base_fetched(repo, tmp_path, run_cfo):
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo / "roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 480")
    git(repo, "commit", "-qam", "raise")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", "--branch", "feature",
                    f"file://{repo}", str(clone)], check=True, env=ENV)
    missing = diff(run_cfo, clone, "origin/main")
    assert missing.exit_code == 2 and "git fetch --depth=1 origin main" in missing.stderr
    git(clone, "fetch", "-q", "--no-tags", "--depth=1", "origin", "main:refs/remotes/origin/main")
    result = diff(run_cfo, clone, "origin/main", "--format", "json")
    assert changes(result) == [("freelancer hugo-lambert", "daily rate 450 → 480", False)]


def test_the_change_is_told_in_the_company_s_language(repo, run_cfo):
    edit(repo / "roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 200")
    edit(repo / "missions/refonte-site-fromagerie-vercors.yaml", "status: closed",
         "status: draft")
    mission = repo / "missions/plateforme-reservation-gites.yaml"
    edit(mission, "    status: submitted", "    status: accepted")
    text = run_cfo("-C", str(repo), "--today", "2026-11-26", "diff", "HEAD").stdout
    # The example company's locale is French; labels for statuses, French typography.
    assert text.splitlines()[0] == "Changements de HEAD à la copie de travail\u202f:"
    assert ("! prestataire hugo-lambert\u202f: tarif journalier 450 → 200 (baisse de plus de "
            "moitié\u202f: une faute de frappe\u202f?)") in text
    assert ("! mission refonte-site-fromagerie-vercors\u202f: statut clôturée → brouillon "
            "(retour en arrière\u202f: est-ce voulu\u202f?)") in text
    assert ("  mission plateforme-reservation-gites\u202f: livrable back-office accepté "
            "(livré, en relecture → accepté)") in text
    markdown = run_cfo("-C", str(repo), "--today", "2026-11-26", "diff", "HEAD", "--format",
                       "markdown").stdout
    assert markdown.startswith("## Ce que fait ce changement (HEAD → la copie de travail)")
    # One quote block: the warnings follow their heading without a blank line between.
    assert ("> ⚠️ **À regarder de plus près**\u202f:\n>\n> - prestataire hugo-lambert"
            in markdown)
    assert "| | Fichier | Ligne | Règle | Message |" in markdown
    report = json_report(run_cfo("-C", str(repo), "--today", "2026-11-26", "diff", "HEAD",
                                 "--format", "json"))
    # JSON: the subject stays "kind id" in every language; the sentence is the catalogue's.
    assert report["lang"] == "fr"
    assert {"subject": "freelancer hugo-lambert", "message": "diff_rate_cut", "warning": True,
            "change": "tarif journalier 450 → 200 (baisse de plus de moitié : une faute de "
                      "frappe ?)"} in report["changes"]


def test_a_workspace_rewords_a_change(repo, run_cfo):
    (repo / "templates" / "messages").mkdir(parents=True)
    (repo / "templates" / "messages" / "en.yaml").write_text(
        'diff_rate: "TJM {old} => {new}"\n', encoding="utf-8")
    edit(repo / "roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 480")
    assert changes(diff(run_cfo, repo, "HEAD", "--format", "json")) == [
        ("freelancer hugo-lambert", "TJM 450 => 480", False)]
