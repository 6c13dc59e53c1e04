from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cfo_tools.checks.rule_catalogue import ALL_RULES
from cfo_tools.checks.runner import CheckReport, run_checks
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.cli.main import cli
from cfo_tools.model.findings import Finding

REPO = Path(__file__).resolve().parent.parent

COMPANY = """\
name: Atelier Test
pitch: Une agence de test.
team:
  - id: pm
    name: Paule Martin
    email: pm@example.fr
"""

#: The company's legal identity, for contracts, orders and invoices (added to COMPANY).
LEGAL = """\
legal:
  name: Atelier Test SAS
  form: SAS au capital de 10 000 EUR
  siren: "732829320"
  vat_number: FR44732829320
  address: 1 rue de la Paix, 75002 Paris
  representative:
    name: Paule Martin
    title: Présidente
"""

FREELANCER = """\
name: Ada Lovelace
email: ada@example.fr
roles: [web-developer]
skills: [python]
daily_rate: 500
status: active
"""

MISSION = """\
title: Site
client: Client
owner: pm
status: open
start: 2026-01-05
end: 2026-01-30
"""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``-n auto`` (pyproject's addopts): one per core, up to four, for the suite
    or a folder of it; none when only test files (or tests in them) are named, which start
    sooner in this process than on workers that each import everything first."""
    named = [str(arg).split("::")[0] for arg in config.args]
    if named and all(name.endswith(".py") for name in named):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 4)

@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cfo-cache")


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch, session_cache: Path) -> None:
    """The command line's document cache goes to a folder of the test session, never to the
    user's own; every test sharing it also shows that a warm cache changes no result."""
    monkeypatch.setenv("CFO_CACHE_DIR", str(session_cache))
    monkeypatch.delenv("CFO_NO_CACHE", raising=False)


@pytest.fixture(autouse=True)
def rules_are_catalogued(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test in which the code reports a rule name missing from the catalogue
    (cfo_tools/checks/rule_catalogue.py), whose descriptions the docs' tables show.
    Findings that tests build themselves are not looked at."""
    unknown: set[str] = set()
    build = Finding.__init__

    def recording(self: Finding, *args: object, **kwargs: object) -> None:
        build(self, *args, **kwargs)
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.startswith("cfo_tools.") and self.rule not in ALL_RULES:
            unknown.add(f"{self.rule} (from {caller})")

    monkeypatch.setattr(Finding, "__init__", recording)
    yield
    assert not unknown, (f"rules missing from cfo_tools/checks/rule_catalogue.py: "
                         f"{sorted(unknown)}")


def loaded_documents(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The files of the documents a run through the cache loads one by one
    (``PreparedRun.documents_at``), noted from now on; the whole workspace's load refused."""
    from cfo_tools.checks import validation

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workspace was loaded")

    loaded: set[str] = set()
    documents_at = validation.PreparedRun.documents_at

    def noted(self: validation.PreparedRun, indexes: Iterable[int]) -> dict:
        found = documents_at(self, indexes)
        loaded.update(self.files.documents[i].file for i in found)
        return found

    monkeypatch.setattr(validation, "validate_prepared", refuse)
    monkeypatch.setattr(validation.PreparedRun, "documents_at", noted)
    return loaded


def fetched_line_maps(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The keys of the documents whose line maps are fetched from the cache, noted from now
    on."""
    from cfo_tools.loading import document_cache

    fetched: list[bytes] = []
    line_maps = document_cache.DocumentCache.line_maps

    def counting(self: document_cache.DocumentCache, keys: Iterable[bytes]) -> dict:
        keys = list(keys)
        fetched.extend(keys)
        return line_maps(self, keys)

    monkeypatch.setattr(document_cache.DocumentCache, "line_maps", counting)
    return fetched


def write_workspace(root: Path, files: dict[str, str | bytes]) -> Path:
    """A workspace with a valid company.yaml unless ``files`` gives another one."""
    files = {"company.yaml": COMPANY, **files}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "roster").mkdir(exist_ok=True)
    (root / "missions").mkdir(exist_ok=True)
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes] | None = None) -> Path:
        return write_workspace(tmp_path / "ws", files or {})

    return make


@pytest.fixture
def findings_of(workspace: Callable[..., Path]) -> Callable[..., list[Finding]]:
    def run(files: dict[str, str | bytes]) -> list[Finding]:
        return validate_workspace(workspace(files), jobs=1).findings

    return run


#: The day the tests that depend on today are run as, unless they say otherwise.
TODAY = "2026-11-26"


@pytest.fixture
def workspace_from(tmp_path: Path) -> Callable[..., CheckReport]:
    """Everything ``cfo check`` finds (validation, conflicts, follow-up) in a workspace written
    from ``files`` (a valid company.yaml unless given), as of ``today``; no CLI involved.
    Each call writes a fresh workspace."""
    numbers = itertools.count()

    def run(files: dict[str, str | bytes], *, today: str = TODAY) -> CheckReport:
        root = write_workspace(tmp_path / f"ws-{next(numbers)}", files)
        return run_checks(root, today=date.fromisoformat(today))

    return run


def places(findings: Iterable[Finding], *rules: str) -> list[tuple[str, int | None, str]]:
    """(file, line, rule) of each finding, in reading order; only ``rules`` when given."""
    return [(f.file, f.line, f.rule) for f in findings if not rules or f.rule in rules]


@pytest.fixture
def run_cfo(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the real command line; a traceback fails the test instead of being swallowed."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("CFO_TODAY", raising=False)

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)

    return run


def json_report(result: Result) -> dict:
    return json.loads(result.stdout)


def freelancer_yaml(*, capacity: int = 100, status: str = "active", roles: str = "web-developer",
                    skills: str = "python", rate: int = 500, languages: str = "fr",
                    unavailable: tuple[tuple[str, str], ...] = ()) -> str:
    text = (f"name: Test\nemail: t@example.fr\nroles: [{roles}]\nskills: [{skills}]\n"
            f"daily_rate: {rate}\ncapacity: {capacity}\nstatus: {status}\n"
            f"languages: [{languages}]\n")
    if unavailable:
        text += "unavailable:\n" + "".join(
            f"  - {{from: {a}, to: {b}, reason: Congés}}\n" for a, b in unavailable)
    return text


def mission_yaml(start: str, end: str, *assignments: tuple, status: str = "staffed") -> str:
    """``assignments``: (freelancer, allocation) or (freelancer, allocation, start, end)."""
    text = (f"title: Mission\nclient: Client\nowner: pm\nstatus: {status}\n"
            f"start: {start}\nend: {end}\n")
    if assignments:
        text += "assignments:\n"
        for item in assignments:
            text += f"  - freelancer: {item[0]}\n    role: web-developer\n"
            text += f"    allocation: {item[1]}\n"
            if len(item) > 2:
                text += f"    start: {item[2]}\n    end: {item[3]}\n"
    return text


def company_yaml(extra: str = "") -> str:
    return COMPANY + extra


def mkfifo(path: Path | str) -> None:
    """A named pipe at ``path``; the test is skipped where the platform has none (Windows)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    os.mkfifo(path)


#: For tests of the interval timer itself (Windows has none).
needs_alarm = pytest.mark.skipif(not hasattr(signal, "SIGALRM"),
                                 reason="no SIGALRM on this platform")


@pytest.fixture
def hang_guard() -> Iterator[Callable[[int], None]]:
    """``hang_guard(seconds)`` fails the test instead of letting it hang (where the platform
    has SIGALRM; elsewhere the tests that could hang, those on named pipes, are skipped)."""
    if not hasattr(signal, "SIGALRM"):
        yield lambda seconds: None
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("took too long: the test would have hung")

    previous = signal.signal(signal.SIGALRM, expire)
    yield lambda seconds: signal.alarm(seconds)
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace that a test may change."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder out of the workspace, with one file that must stay as it is."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    return folder


def pointers_of(data: object, pointer: str = "") -> list[str]:
    """Every JSON pointer of ``data``, the document root included (line-map tests)."""
    found = [pointer]
    if isinstance(data, dict):
        for key, value in data.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            found += pointers_of(value, f"{pointer}/{escaped}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += pointers_of(value, f"{pointer}/{index}")
    return found


@pytest.fixture
def mixed(workspace: Callable[..., Path]) -> Path:
    """A freelancer file broken on its own, and a mission naming nobody in the roster."""
    return workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": "name: Bob\nemail: [not, an, address]\n",
        "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("ghost", 100),
                                        status="in-progress"),
    })
