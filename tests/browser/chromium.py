"""What the browser tests need besides pytest: Debian's Chromium driven by Playwright, and the
pages of the example workspace to open in it.

Playwright's own browsers are never downloaded: the tests launch the system's ``chromium``
(``CFO_CHROMIUM`` names another executable). Where no browser is found the tests are skipped
with the reason, except in CI (``CI`` set, or ``CFO_BROWSER_TESTS=required``): there they fail,
so that a CI without a browser cannot pass silently (``CFO_BROWSER_TESTS=optional`` lets
a CI job without Chromium skip them, saying so).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfo_tools.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
#: Screenshots of every page, for a person to look at (git-ignored; CI keeps them).
ARTIFACTS = Path(os.environ.get("CFO_TEST_ARTIFACTS", REPO / "test-artifacts" / "browser"))
TODAY = "2026-11-26"
#: The planning the tests look at: from the week of today, 20 weeks (several printed pages).
PLANNING_WEEKS = 20
#: No sandbox (CI runs as root in a container), and nothing that talks to the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
#: What the example workspace is made of (copied, so that the tests never write in the repo).
EXAMPLE_PARTS = ("company.yaml", "roster", "missions", "candidates", "activity", "invoices",
                 "templates", "schemas")


def browser_required() -> bool:
    """In CI unless told ``CFO_BROWSER_TESTS=optional`` (a runner with no Chromium)."""
    wanted = os.environ.get("CFO_BROWSER_TESTS", "")
    in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
    return wanted == "required" or (in_ci and wanted != "optional")


def no_browser(reason: str) -> None:
    """Skip the tests for ``reason`` on a laptop; fail them in CI."""
    if browser_required():
        pytest.fail(f"{reason} (browser tests are required here: CI or "
                    f"CFO_BROWSER_TESTS=required)", pytrace=False)
    pytest.skip(reason)


def chromium_executable() -> str | None:
    named = os.environ.get("CFO_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    # Debian's package, then the names other systems (GitHub's Ubuntu runners) give it.
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@dataclass(frozen=True)
class Page:
    """A generated HTML file and the folder it may load things from (its build's root)."""

    kind: str
    path: Path
    root: Path

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.path.relative_to(self.root).as_posix()}"

    @property
    def url(self) -> str:
        return self.path.as_uri()


def run_cfo(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in EXAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def build_pages(workspace: Path, out: Path) -> list[Page]:
    """Every HTML page cfo makes of the example: the planning, the documents of ``cfo
    build``, an onboarding pack, the letters, and the site once ``cfo site`` exists."""
    common = ("-C", str(workspace), "--today", TODAY)
    planning = out / "planning"
    planning.mkdir(parents=True)
    run_cfo(*common, "planning", "--format", "html", "--weeks", str(PLANNING_WEEKS),
            "-o", str(planning / "planning.html"))
    run_cfo(*common, "build", "-o", str(out / "build"))
    run_cfo(*common, "onboard", "chloe-dubois", "-o", str(out / "onboarding"))
    letters = out / "letters"
    letters.mkdir()
    run_cfo(*common, "acceptance", "application-mobile-velo-partage", "maquettes-ui",
            "--format", "html", "-o", str(letters / "acceptance.html"))
    run_cfo(*common, "request-changes", "plateforme-reservation-gites", "formation",
            "--format", "html", "-o", str(letters / "request-changes.html"))
    if "site" in cli.commands:  # issue 13's site, once it has landed
        run_cfo(*common, "site", "-o", str(out / "site"))
    pages = []
    for kind in ("planning", "build", "onboarding", "letters", "site"):
        root = out / kind
        pages += [Page(kind, path, root) for path in sorted(_html_files(root))]
    return pages


def _html_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from root.rglob("*.html")
