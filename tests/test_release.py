"""What a release ships: one version, a changelog, and a wheel holding its data files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
import zipfile

import pytest

import cfo_tools
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel built from this checkout (hatchling in this environment, no download)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(REPO)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = out.glob("*.whl")
    return zipfile.ZipFile(built)


def test_the_version_is_written_once(wheel):
    """pyproject.toml names no version: hatch reads cfo_tools.__version__ into the wheel."""
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert not re.search(r"^version\s*=", pyproject, flags=re.MULTILINE)
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+((a|b|rc)[0-9]+)?", cfo_tools.__version__)
    metadata = wheel.read(f"cfo_tools-{cfo_tools.__version__}.dist-info/METADATA").decode()
    assert f"\nVersion: {cfo_tools.__version__}\n" in metadata


def test_the_wheel_holds_schemas_templates_and_skeletons(wheel):
    names = set(wheel.namelist())
    assert f"cfo_tools-{cfo_tools.__version__}.dist-info/METADATA" in names
    for folder, source in (("cfo_tools/_data/schemas", REPO / "schemas"),
                           ("cfo_tools/_data/templates", REPO / "templates"),
                           ("cfo_tools/documents/skeletons",
                            REPO / "cfo_tools/documents/skeletons")):
        expected = {f"{folder}/{p.relative_to(source).as_posix()}"
                    for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
        assert expected and expected <= names, sorted(expected - names)
    assert "cfo_tools/cli/main.py" in names
    # Nothing of the example workspace or of the development tree.
    assert not [n for n in names if n.startswith(("roster/", "missions/", "tests/", ".venv/"))]


def test_the_wheel_entry_point_is_cfo(wheel):
    entry_points = wheel.read(
        f"cfo_tools-{cfo_tools.__version__}.dist-info/entry_points.txt").decode()
    assert "cfo = cfo_tools.cli.main:main" in entry_points


@pytest.mark.skipif(not os.environ.get("CFO_NETWORK_TESTS"),
                    reason="installs the wheel's dependencies from PyPI; set CFO_NETWORK_TESTS=1")
def test_the_wheel_works_in_a_clean_environment(wheel, tmp_path):
    """What the release workflow does before publishing: the wheel alone, in a new virtual
    environment, makes a workspace that passes its own check."""
    env_dir = tmp_path / "clean"
    venv.create(env_dir, with_pip=True)
    scripts = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = scripts / ("python.exe" if sys.platform == "win32" else "python")
    subprocess.run([str(python), "-m", "pip", "install", "-q", wheel.filename], check=True)
    cfo = str(scripts / "cfo")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([cfo, *args], cwd=tmp_path, capture_output=True, text=True)

    assert run("init", "newco").returncode == 0
    assert run("-C", "newco", "new", "freelancer", "jean-dupont", "--name", "Jean Dupont",
               "--email", "jean@example.fr", "--role", "web-developer",
               "--rate", "500").returncode == 0
    checked = run("-C", "newco", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    modeline = (tmp_path / "newco/roster/jean-dupont.yaml").read_text().splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../schemas/freelancer.schema.json"


def test_the_changelog_keeps_a_changelog():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/" in text
    headings = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
    assert headings[0] == "Unreleased"
    for version in headings[1:]:
        assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version), version
    sections = set(re.findall(r"^### (.+)$", text, flags=re.MULTILINE))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    for version in headings:  # every heading has its link at the bottom
        assert re.search(rf"^\[{re.escape(version)}\]: https://", text, flags=re.MULTILINE)


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_readme_quickstart_stays_two_commands():
    quickstart = _section((REPO / "README.md").read_text(encoding="utf-8"), "Quickstart")
    blocks = re.findall(r"```sh\n(.*?)```", quickstart, flags=re.DOTALL)
    assert [b.strip() for b in blocks] == ["pip install -e . && cfo check",
                                           "pip install -e '.[test]' && pytest"]


def test_the_readme_shows_the_three_steps_for_a_company():
    steps = _section((REPO / "README.md").read_text(encoding="utf-8"), "Use it for your company")
    numbered = re.findall(r"^([0-9])\. \*\*", steps, flags=re.MULTILINE)
    assert numbered == ["1", "2", "3"]
    for words in ("`pip install cfo-tools`", "`cfo init", "git push", "GitHub Action"):
        assert words in steps
