"""cfo promote on hostile candidate files: a link or a linked folder is refused before anything
is written, so a candidate never ends up both in candidates/ and in roster/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_promote import git, promote, repo  # noqa: F401  (the fixture)


@pytest.mark.parametrize("keep", [(), ("--keep",)])
def test_a_candidate_file_that_is_a_link_inside_is_refused_before_any_write(
        repo: Path, run_cfo, keep) -> None:  # noqa: F811
    candidate = repo / "candidates" / "ines-moreau.yaml"
    candidate.rename(repo / "ines.yaml")
    os.symlink("../ines.yaml", candidate)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    result = promote(run_cfo, repo, "ines-moreau", *keep)
    assert result.exit_code == 2
    assert "candidates/ines-moreau.yaml is a link or not a regular file" in result.stderr
    assert not (repo / "roster" / "ines-moreau.yaml").exists()
    assert candidate.is_symlink()
    assert git(repo, "status", "--porcelain") == ""


def test_a_candidates_folder_that_is_a_link_inside_is_refused(repo: Path, run_cfo) -> None:  # noqa: F811
    (repo / "candidates").rename(repo / "people")
    os.symlink("people", repo / "candidates")
    result = promote(run_cfo, repo, "ines-moreau")
    assert result.exit_code == 2
    assert not (repo / "roster" / "ines-moreau.yaml").exists()
    assert (repo / "people" / "ines-moreau.yaml").is_file()


def test_a_fifo_candidate_is_not_found_and_nothing_hangs(repo: Path, run_cfo) -> None:  # noqa: F811
    os.mkfifo(repo / "candidates" / "tube.yaml")
    result = promote(run_cfo, repo, "tube")
    assert result.exit_code == 2 and "no candidate 'tube'" in result.stderr
    assert not (repo / "roster" / "tube.yaml").exists()


def test_a_hostile_candidate_argument_is_echoed_escaped(repo: Path, run_cfo) -> None:  # noqa: F811
    for name in ("../company", "a\x1b[2J\r::error::x", "/etc/passwd"):
        result = promote(run_cfo, repo, name)
        assert result.exit_code == 2
        assert "\x1b" not in result.stderr and "\r" not in result.stderr


@pytest.mark.parametrize("name", ["Émile-Ü", "a\x1b[2J\r::error::x", "ines--moreau"])
def test_a_candidate_file_with_an_invalid_id_is_not_promoted(repo: Path, run_cfo,  # noqa: F811
                                                             name: str) -> None:
    source = repo / "candidates" / "ines-moreau.yaml"
    (repo / "candidates" / f"{name}.yaml").write_bytes(source.read_bytes())
    result = promote(run_cfo, repo, name)
    assert result.exit_code == 2
    assert "is not a valid id" in result.stderr and "\x1b" not in result.stderr
    assert sorted(p.name for p in (repo / "roster").iterdir()) == sorted(
        p.name for p in (Path(__file__).parents[2] / "roster").iterdir())
    assert (repo / "candidates" / f"{name}.yaml").is_file()
