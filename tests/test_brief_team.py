"""A brief lists the first 50 team entries and counts the rest: `cfo build` writes a brief per
freelancer, so an unbounded team list grows with the square of the team."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfo_tools.documents.context import TEAM_LIMIT
from conftest import COMPANY, freelancer_yaml


def big_team(root: Path, people: int) -> Path:
    files = {"company.yaml": COMPANY}
    lines = ["title: Site", "client: Client", "owner: pm", "status: staffed",
             "start: 2027-03-01", "end: 2027-03-09", "assignments:"]
    for i in range(people):
        files[f"roster/p{i:03d}.yaml"] = freelancer_yaml().replace("name: Test",
                                                                   f"name: Person {i:03d}")
        lines.append(f"  - {{freelancer: p{i:03d}, role: web-developer}}")
    files["missions/site.yaml"] = "\n".join(lines) + "\n"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("lang", "fmt", "more"), [
    ("en", "md", "- and 10 more"), ("fr", "html", "<li>et 10 autres</li>")])
def test_the_team_list_stops_at_fifty(run_cfo, tmp_path, lang, fmt, more):
    root = big_team(tmp_path, TEAM_LIMIT + 10)
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "site", "--lang", lang,
                     "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Person 049" in result.stdout and "Person 050" not in result.stdout
    assert more in result.stdout
    # Addressed to one of them, the list names nobody else: the same count, by role.
    addressed = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "site",
                        "--freelancer", "p059", "--lang", lang, "--format", fmt)
    assert addressed.exit_code == 0, addressed.output
    assert "Person 049" not in addressed.stdout and more in addressed.stdout


def test_a_team_within_the_limit_is_listed_whole(run_cfo, tmp_path):
    root = big_team(tmp_path, TEAM_LIMIT)
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "site", "--lang",
                   "en").stdout
    assert "Person 049" in text and "more" not in text
