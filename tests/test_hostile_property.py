"""Hostile input, property-based (issue 15, "Done when"): random bytes, control and line-break
characters in every string field, hostile numbers in numeric fields, hostile file kinds in every
folder; every command runs under a hard time limit and must

- exit with 0, 1 or 2, with no traceback and no hang;
- write nothing outside the workspace and its ``-o`` folder;
- in ``--format github`` mode, write no line starting a workflow command other than its own,
  escaped, annotations;
- show control characters escaped on the terminal (data and echoed arguments alike);
- keep each value on its line in Markdown (status, briefs, the job summary) and .ics output;
- print strict JSON (no NaN) with ``--format json``.

Files: hostile/workspace.py (the valid workspace as data, the spoils, file kinds, snapshots),
hostile/running.py (run under a time limit, one checker per invariant), hostile/known.py (the
known root causes), hostile/explore.py (a run without shrinking that lists distinct causes).

Each test tolerates only the root causes listed in ``hostile/known.py`` (being fixed) and then
marks itself xfail, naming them; anything else fails. ``CFO_FUZZ_EXAMPLES=500`` runs longer,
``CFO_FUZZ_STRICT=1`` tolerates nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hostile.known import classify
from hostile.running import (
    Problem,
    Run,
    crash_problems,
    github_problems,
    json_problems,
    line_break_problems,
    run_cfo,
    terminal_problems,
    write_problems,
)
from hostile.workspace import (
    ACCEPTED,
    CANDIDATE_ID,
    CHANGES_REQUESTED,
    FILE_KINDS,
    FREELANCER,
    FREELANCER_ID,
    MISSION,
    MISSION_ID,
    NEED_ID,
    NUMERIC_FIELDS,
    TODAY,
    Workspace,
    git,
    make_outside,
    mapping_paths,
    snapshot,
    string_fields,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_fuzz import json_values

pytestmark = pytest.mark.hostile

EXAMPLES = int(os.environ.get("CFO_FUZZ_EXAMPLES", "15"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Each diff example makes a Git repository with two commits: fewer of them.
DIFF_SETTINGS = settings(SETTINGS, max_examples=max(3, EXAMPLES // 2))

# --- Hostile values --------------------------------------------------------------------------

LINE_BREAKS = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
ESCAPES = ["\x1b[2J", "\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\", "\x1b]0;titre\x07",
           "\x1b[31m", "\x9b2J", "\x7f", "\x00", "\x07", "\x08"]
INJECTIONS = ["::error::forgé", "\n::add-mask::secret", "\n::stop-commands::jeton",
              "\r::warning file=x::y", "%0A::error::x", "\n## All checks passed", "| a | b |",
              "\n\n✅ All checks passed", "\u2028::notice::x", "\x85::error::nel", ",", ":", "%",
              "`", "{{ 7 * 7 }}", "{% raw %}", "<script>alert(1)</script>", "../../etc",
              "-o", "--force", "END:VEVENT", "\nBEGIN:VEVENT"]
SPECIALS = LINE_BREAKS + ESCAPES + INJECTIONS

hostile_char = st.one_of(
    st.sampled_from(SPECIALS),
    st.characters(min_codepoint=0, max_codepoint=0x9F),
    st.characters(blacklist_categories=("Cs",)),
)
hostile_text = st.lists(hostile_char, min_size=1, max_size=8).map("".join)

NUMBER_SPELLINGS = [".nan", ".NaN", ".inf", "-.inf", "+.inf", "1.7e+308", "-1.7e+308", "1e309",
                    "1e-400", "-0.0", "-1", "-500", "0", "1:30", "190:20:30", "-1:30", "0500",
                    "0o17", "0x1F", "0b101", "1_000", "!!float nan", "!!float '.inf'",
                    "!!int '1:30'", "!!bool maybe", "!!bool \"maybe\"", "1.0e+3", "12e3",
                    "~", "''", "[]", "{}", "true", "1000000000", "1000000001", "99999999999"]
hostile_number = st.one_of(
    st.sampled_from(NUMBER_SPELLINGS),
    st.integers().map(str),
    st.integers(min_value=20, max_value=5000).map(lambda n: "9" * n),
    st.floats().map(repr),
    st.tuples(st.integers(-99, 999), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
)


def file_name(text: str) -> str:
    """``text`` as a file name Linux accepts (no slash, no NUL, at most 200 bytes)."""
    name = text.replace("/", "_").replace("\x00", "_")
    while len(os.fsencode(name + ".yaml")) > 200:
        name = name[:-1]
    return name if name not in {"", ".", ".."} else "x"


# --- Hostile workspaces ----------------------------------------------------------------------

STRING_FIELDS = string_fields()
MAPPINGS = mapping_paths()
DOCUMENT_NAMES = ["company.yaml", f"roster/{FREELANCER_ID}.yaml", f"missions/{MISSION_ID}.yaml",
                  f"candidates/{CANDIDATE_ID}.yaml"]


def _spoil_value(ws: Workspace, where: tuple[str, tuple[Any, ...]], text: str) -> None:
    ws.set(where[0], where[1], text)


def _spoil_raw(ws: Workspace, where: tuple[str, tuple[Any, ...]], text: str) -> None:
    ws.set_raw(where[0], where[1], text)


def _spoil_key(ws: Workspace, where: tuple[str, tuple[Any, ...]], text: str) -> None:
    ws.add_key(where[0], where[1], text, "valeur")


def _spoil_file_name(ws: Workspace, folder: str, text: str) -> None:
    import yaml

    ws.extra_files[f"{folder}/{file_name(text)}.yaml"] = yaml.safe_dump(
        FREELANCER if folder == "roster" else MISSION,
        allow_unicode=True).encode()


def _spoil_file_name_bytes(ws: Workspace, folder: str, raw: bytes) -> None:
    """A file name that is not UTF-8 (Linux allows any byte but slash and NUL)."""
    import yaml

    name = raw.replace(b"/", b"_").replace(b"\x00", b"_")[:100] or b"\xff"
    ws.extra_files[folder.encode() + b"/" + name + b".yaml"] = yaml.safe_dump(
        FREELANCER, allow_unicode=True).encode()


def _spoil_bytes(ws: Workspace, name: str, raw: bytes, append: bool) -> None:
    if append:
        ws.text_edits.append((name, "\n", "\n" + raw.decode("utf-8", "surrogateescape")))
    else:
        ws.documents.pop(name)
        ws.extra_files[name] = raw


#: The strings every command prints: drawn more often than the others.
PRINTED = [("company.yaml", ("name",)), ("company.yaml", ("team", 0, "name")),
           ("roster/ada.yaml", ("name",)), ("missions/site.yaml", ("title",)),
           ("missions/site.yaml", ("client",)), ("roster/ada.yaml", ("unavailable", 0, "reason")),
           ("missions/site.yaml", ("assignments", 0, "freelancer")),
           ("missions/site.yaml", ("deliverables", 1, "feedback")),
           ("missions/site.yaml", ("owner",)), ("roster/ada.yaml", ("email",))]
some_field = st.one_of(st.sampled_from(PRINTED), st.sampled_from(STRING_FIELDS))

string_spoils = st.one_of(
    st.tuples(st.just(_spoil_value), some_field, hostile_text),
    st.tuples(st.just(_spoil_raw), some_field, hostile_text),
    st.tuples(st.just(_spoil_key), st.sampled_from(MAPPINGS), hostile_text),
    st.tuples(st.just(_spoil_file_name), st.sampled_from(["roster", "missions"]), hostile_text),
    st.tuples(st.just(_spoil_file_name_bytes), st.sampled_from(["roster", "missions"]),
              st.binary(min_size=1, max_size=12)),
)
byte_spoils = st.tuples(st.just(_spoil_bytes), st.sampled_from(DOCUMENT_NAMES),
                        st.binary(max_size=200), st.booleans())
number_spoils = st.tuples(
    st.just(_spoil_raw),
    st.one_of(st.sampled_from(NUMERIC_FIELDS[:1] + NUMERIC_FIELDS[4:5]),
              st.sampled_from(NUMERIC_FIELDS)),
    hostile_number)


@st.composite
def spoiled_workspaces(draw: st.DrawFn, spoils: st.SearchStrategy[tuple]) -> Workspace:
    ws = Workspace()
    for spoil, *arguments in draw(st.lists(spoils, min_size=1, max_size=3)):
        document = arguments[0] if spoil is _spoil_bytes else arguments[0][0]
        if spoil not in (_spoil_file_name, _spoil_file_name_bytes) \
                and document not in ws.documents:
            continue
        spoil(ws, *arguments)
    return ws


@st.composite
def json_documents(draw: st.DrawFn) -> Workspace:
    """test_fuzz's random documents in place of a valid one."""
    import yaml

    ws = Workspace()
    name = draw(st.sampled_from(DOCUMENT_NAMES))
    ws.documents.pop(name)
    ws.extra_files[name] = yaml.safe_dump(draw(json_values), allow_unicode=True).encode()
    return ws


#: Where a hostile file kind can go: every document, every folder, every output place.
FILE_PLACES = ["company.yaml", f"roster/{FREELANCER_ID}.yaml", "roster/autre.yaml",
               f"missions/{MISSION_ID}.yaml", "missions/autre.yaml", "roster", "missions",
               "templates", "templates/brief.md.j2", "templates/messages/fr.yaml",
               "schemas/freelancer.schema.json", "schemas/mission.schema.json",
               "schemas/company.schema.json", f"candidates/{CANDIDATE_ID}.yaml",
               "candidates/autre.yaml", "candidates", "schemas/candidate.schema.json", "out",
               "out/build", "out/build/missions",
               f"out/onboarding/{FREELANCER_ID}", f"out/onboarding/{FREELANCER_ID}/index.md"]


#: Where the writing commands write, in the workspace and in the ``-o`` folder (``../o``).
WRITE_PLACES = ["out", "out/build", "out/build/missions", "out/build/missions/site",
                f"out/onboarding/{FREELANCER_ID}", f"out/onboarding/{FREELANCER_ID}/index.md",
                "roster", "missions", "roster/nouvelle.yaml", "missions/nouvelle-mission.yaml",
                "schemas", "schemas/freelancer.schema.json",
                "../o/build", "../o/build/missions", "../o/planning.html", "../o/brief.md",
                "../o/calendrier.ics", "../o/onboarding", "../o/onboarding/index.md",
                "../o/onboarding.zip"]
WRITE_KINDS = ["link-outside-dir", "link-outside", "link-dangling", "link-inside",
               "plain-file", "directory", "empty"]


@st.composite
def output_trap_workspaces(draw: st.DrawFn) -> Workspace:
    ws = Workspace()
    for place in draw(st.lists(st.sampled_from(WRITE_PLACES), min_size=1, max_size=3,
                               unique=True)):
        kind = draw(st.one_of(st.just("link-outside-dir"), st.sampled_from(WRITE_KINDS)))
        ws.file_kinds.append((kind, place, ""))
    return ws


#: What Git can commit (it skips FIFOs); FIFOs are the file-kinds test's business.
GIT_KINDS = [kind for kind in FILE_KINDS if "fifo" not in kind]


@st.composite
def file_kind_workspaces(draw: st.DrawFn, kinds: list[str] = FILE_KINDS) -> Workspace:
    ws = Workspace()
    for place in draw(st.lists(st.sampled_from(FILE_PLACES), min_size=1, max_size=3,
                               unique=True)):
        ws.file_kinds.append((draw(st.sampled_from(kinds)), place, ""))
    return ws


# --- Running -------------------------------------------------------------------------------

@contextmanager
def scene(ws: Workspace) -> Iterator[tuple[Path, Path, Path]]:
    """The workspace written in a fresh folder, next to an ``-o`` folder and the sentinel
    folder outside that links lead to."""
    top = Path(tempfile.mkdtemp(prefix="cfo-hostile-"))
    try:
        root, out, outside = top / "ws", top / "o", top / "outside"
        make_outside(outside)
        out.mkdir()
        ws.file_kinds = [(kind, place, str(outside)) for kind, place, _ in ws.file_kinds]
        ws.write(root)
        yield root, out, outside
    finally:
        shutil.rmtree(top, ignore_errors=True)


def outside_snapshot(outside: Path) -> dict[str, str]:
    """Everything next to the workspace but the workspace and the ``-o`` folder: the sentinel
    folder the links lead to, and any file a command might drop beside them."""
    return {path: what for path, what in snapshot(outside.parent).items()
            if path.split(os.sep, 1)[0] not in {"ws", "o"}}


def reading_commands(root: Path) -> dict[str, list[str]]:
    c = ["-C", str(root), "--today", TODAY]
    return {
        "check": [*c, "check"], "check-json": [*c, "check", "--format", "json"],
        "validate": [*c, "validate"],
        "conflicts": [*c, "conflicts"], "conflicts-json": [*c, "conflicts", "--format", "json"],
        "find": [*c, "find", "--start", "2026-01-05", "--days", "5", "--skill", "python"],
        "find-json": [*c, "find", "--start", "2026-01-05", "--days", "5", "--format", "json"],
        "planning": [*c, "planning", "--from", "2026-01-05", "--weeks", "4"],
        "calendar": [*c, "calendar"], "brief": [*c, "brief", MISSION_ID],
        "brief-html": [*c, "brief", MISSION_ID, "--freelancer", FREELANCER_ID,
                       "--format", "html"],
        "status": [*c, "status"], "status-markdown": [*c, "status", "--format", "markdown"],
        "status-json": [*c, "status", "--format", "json"],
        "talent": [*c, "talent"], "talent-json": [*c, "talent", "--format", "json"],
        "request-changes": [*c, "request-changes", MISSION_ID, CHANGES_REQUESTED],
        "acceptance": [*c, "acceptance", MISSION_ID, ACCEPTED, "--format", "html"],
        "pipeline": [*c, "pipeline"], "pipeline-json": [*c, "pipeline", "--format", "json"],
        "requests": [*c, "requests"], "requests-json": [*c, "requests", "--format", "json"],
        "requests-markdown": [*c, "requests", "--format", "markdown"],
        "outreach": [*c, "outreach", CANDIDATE_ID],
        "outreach-need-md": [*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID,
                             "--need", NEED_ID, "--format", "md"],
        "outreach-html": [*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID,
                          "--format", "html"],
        "find-mission": [*c, "find", "--mission", MISSION_ID, "--need", NEED_ID,
                         "--candidates"],
        "find-mission-json": [*c, "find", "--mission", MISSION_ID, "--candidates",
                              "--format", "json"],
        "contract": [*c, "contract", MISSION_ID, FREELANCER_ID],
        "contract-html": [*c, "contract", MISSION_ID, FREELANCER_ID, "--format", "html",
                          "--lang", "en"],
        "order": [*c, "order", MISSION_ID, FREELANCER_ID, "--format", "html"],
        "budget": [*c, "budget"], "budget-json": [*c, "budget", "--format", "json"],
        "budget-markdown": [*c, "budget", MISSION_ID, "--format", "markdown"],
    }


def github_commands(root: Path) -> dict[str, list[str]]:
    c = ["-C", str(root), "--today", TODAY]
    return {"check": [*c, "check", "--format", "github"],
            "validate": [*c, "validate", "--format", "github"],
            "conflicts": [*c, "conflicts", "--format", "github"]}


def writing_commands(root: Path, out: Path, text: str = "Nouvelle") -> dict[str, list[str]]:
    c = ["-C", str(root), "--today", TODAY]
    return {
        "planning-html": [*c, "planning", "--format", "html", "-o", str(out / "planning.html"),
                          "--force"],
        "calendar-o": [*c, "calendar", "-o", str(out / "calendrier.ics"), "--force"],
        "brief-o": [*c, "brief", MISSION_ID, "-o", str(out / "brief.md"), "--force"],
        "onboard-o": [*c, "onboard", FREELANCER_ID, "--format", "md", "-o",
                      str(out / "onboarding"), "--force"],
        "onboard-zip": [*c, "onboard", FREELANCER_ID, "--zip", "-o",
                        str(out / "onboarding.zip"), "--force"],
        "onboard": [*c, "onboard", FREELANCER_ID, "--format", "md", "--force"],
        "build-o": [*c, "build", "-o", str(out / "build"), "--force"],
        "build": [*c, "build", "--force"],
        "build-o-inside": [*c, "build", "-o", str(root / "out" / "build"), "--force"],
        "new-freelancer": [*c, "new", "freelancer", "nouvelle", "--name", text,
                           "--email", "n@example.fr", "--role", "web-developer",
                           "--skill", "python", "--rate", "450"],
        "schemas-sync": [*c, "schemas", "sync", "--force"],
        "outreach-o": [*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID, "--need",
                       NEED_ID, "--format", "html", "-o", str(out / "message.html"), "--force"],
        "promote": [*c, "promote", CANDIDATE_ID],
        "promote-keep": [*c, "promote", CANDIDATE_ID, "--keep"],
        "new-mission": [*c, "new", "mission", "nouvelle-mission", "--title", text,
                        "--client", text, "--owner", "pm", "--start", "2026-02-02",
                        "--end", "2026-03-02"],
    }


#: How many commands one example runs: all of them on every example is too slow for the suite;
#: Hypothesis spreads them over the examples.
COMMANDS_PER_EXAMPLE = int(os.environ.get("CFO_FUZZ_COMMANDS", "5"))
READING = list(reading_commands(Path("x")))
WRITING = list(writing_commands(Path("x"), Path("y")))
some_commands = st.lists(st.sampled_from(READING + WRITING), min_size=1,
                         max_size=COMMANDS_PER_EXAMPLE, unique=True)
some_writing_commands = st.lists(st.sampled_from(WRITING), min_size=1,
                                 max_size=COMMANDS_PER_EXAMPLE, unique=True)


def chosen(names: list[str], root: Path, out: Path, text: str = "Nouvelle") -> list[list[str]]:
    every = {**reading_commands(root), **writing_commands(root, out, text)}
    return [every[name] for name in names]


def run_all(commands: list[list[str]], check: Callable[[Run], list[Problem]]) -> list[Problem]:
    problems: list[Problem] = []
    for args in commands:
        run = run_cfo(args)
        problems += check(run)
        if run.failure == "timeout":  # found; the next commands would only hang the same way
            break
    return problems


class Tolerance:
    """Splits problems into known root causes (remembered) and new ones (which fail)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def judge(self, problems: list[Problem], ws: Workspace | None = None,
              context: str = "") -> None:
        """``ws``: the hostile workspace, whose file kinds tell a known cause from a new one;
        ``context``: what else the test knows of the input."""
        context += repr(ws.file_kinds) if ws is not None else ""
        new = []
        for problem in problems:
            cause = classify(problem, context)
            if cause is None:
                new.append(problem)
            else:
                self.seen.setdefault(cause, str(problem)[:300])
        assert not new, "\n\n".join(str(p) for p in new)

    def finish(self) -> None:
        if self.seen:
            pytest.xfail("known root causes (hostile/known.py): " + ", ".join(sorted(self.seen)))


@pytest.fixture
def tolerance() -> Tolerance:
    return Tolerance()


# --- The issue's own cases, run first by every property (Hypothesis's @example) -----------------

def spoiled(*edits: tuple[str, str, tuple[Any, ...], str],
            kinds: tuple[tuple[str, str], ...] = ()) -> Workspace:
    """A workspace with ``edits``: ("value" | "raw" | "key", document, path, text)."""
    ws = Workspace()
    for how, name, path, text in edits:
        if how == "value":
            ws.set(name, path, text)
        elif how == "raw":
            ws.set_raw(name, path, text)
        else:
            ws.add_key(name, path, text, "valeur")
    ws.file_kinds = [(kind, place, "") for kind, place in kinds]
    return ws


def newline_in_company_name() -> Workspace:
    return spoiled(("value", "company.yaml", ("name",), "Atelier\r\nTest"))


def huge_rate() -> Workspace:
    return spoiled(("raw", f"roster/{FREELANCER_ID}.yaml", ("daily_rate",), "9" * 4000))


def biggest_float_rate() -> Workspace:
    return spoiled(("raw", f"roster/{FREELANCER_ID}.yaml", ("daily_rate",), "1.7e+308"))


def nan_rate() -> Workspace:
    return spoiled(("raw", f"roster/{FREELANCER_ID}.yaml", ("daily_rate",), ".nan"))


def workflow_command_in_a_key() -> Workspace:
    return spoiled(("key", f"roster/{FREELANCER_ID}.yaml", (), "x\n::add-mask::secret"))


def escape_in_a_reason() -> Workspace:
    return spoiled(("value", f"roster/{FREELANCER_ID}.yaml", ("unavailable", 0, "reason"),
                    "\x1b]0;titre\x07\x1b[2J"))


def fifo_in_roster() -> Workspace:
    return spoiled(kinds=(("fifo", "roster/autre.yaml"),))


def out_leads_outside() -> Workspace:
    return spoiled(kinds=(("link-outside-dir", "out"),))


def roster_leads_outside() -> Workspace:
    return spoiled(kinds=(("link-outside-dir", "roster"),))


def link_out_in_the_branch() -> Workspace:
    return spoiled(kinds=(("link-outside", "roster/autre.yaml"),))


# --- The properties ------------------------------------------------------------------------

def test_hostile_strings_never_crash_nor_hang(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(newline_in_company_name(), ["calendar", "onboard-o"])
    @given(spoiled_workspaces(st.one_of(string_spoils, byte_spoils)), some_commands)
    def prop(ws: Workspace, names: list[str]) -> None:
        with scene(ws) as (root, out, _):
            tolerance.judge(run_all(chosen(names, root, out), crash_problems), ws)

    prop()
    tolerance.finish()


def test_hostile_numbers_never_crash_nor_hang(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(huge_rate(), ["find", "check", "brief-html"])
    @example(biggest_float_rate(), ["find"])
    @given(spoiled_workspaces(number_spoils), some_commands)
    def prop(ws: Workspace, names: list[str]) -> None:
        with scene(ws) as (root, out, _):
            tolerance.judge(run_all(chosen(names, root, out), crash_problems), ws)

    prop()
    tolerance.finish()


def test_json_output_is_strict_json(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(nan_rate())
    @given(spoiled_workspaces(st.one_of(number_spoils, string_spoils)))
    def prop(ws: Workspace) -> None:
        with scene(ws) as (root, _, _):
            c = ["-C", str(root), "--today", TODAY]
            commands = [[*c, *command, "--format", "json"] for command in (
                ["check"], ["conflicts"], ["status"], ["talent"],
                ["find", "--start", "2026-01-05", "--days", "5"], ["requests"], ["pipeline"],
                ["find", "--mission", MISSION_ID, "--candidates"])]
            tolerance.judge(run_all(commands, json_problems))

    prop()
    tolerance.finish()


def test_random_documents_never_crash_any_command(tolerance: Tolerance) -> None:
    @SETTINGS
    @given(json_documents(), some_commands)
    def prop(ws: Workspace, names: list[str]) -> None:
        with scene(ws) as (root, out, _):
            tolerance.judge(run_all(chosen(names, root, out), crash_problems), ws)

    prop()
    tolerance.finish()


def test_hostile_file_kinds_never_crash_nor_hang(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(fifo_in_roster(), ["validate", "check"])
    @given(file_kind_workspaces(), some_commands)
    def prop(ws: Workspace, names: list[str]) -> None:
        with scene(ws) as (root, out, _):
            tolerance.judge(run_all(chosen(names, root, out), crash_problems), ws)

    prop()
    tolerance.finish()


def test_nothing_is_written_outside_the_workspace_or_output_folder(
        tolerance: Tolerance) -> None:
    @SETTINGS
    @example(out_leads_outside(), "Nouvelle", ["build", "onboard"])
    @example(roster_leads_outside(), "Nouvelle", ["new-freelancer"])
    @given(output_trap_workspaces(), hostile_text, some_writing_commands)
    def prop(ws: Workspace, text: str, names: list[str]) -> None:
        with scene(ws) as (root, out, outside):
            problems = []
            for args in chosen(names, root, out, text):
                before = outside_snapshot(outside)
                run = run_cfo(args)
                problems += write_problems(run.command, before, outside_snapshot(outside))
                if run.failure == "timeout":
                    break
            tolerance.judge(problems, ws)

    prop()
    tolerance.finish()


def test_github_output_forges_no_workflow_command(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(workflow_command_in_a_key())
    @given(spoiled_workspaces(st.one_of(string_spoils, byte_spoils)))
    def prop(ws: Workspace) -> None:
        with scene(ws) as (root, _, _):
            tolerance.judge(run_all(list(github_commands(root).values()), github_problems))

    prop()
    tolerance.finish()


def test_terminal_output_shows_control_characters_escaped(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(escape_in_a_reason())
    @given(spoiled_workspaces(string_spoils))
    def prop(ws: Workspace) -> None:
        with scene(ws) as (root, _, _):
            c = ["-C", str(root), "--today", TODAY]
            commands = [[*c, "check"], [*c, "validate"], [*c, "conflicts"], [*c, "status"],
                        [*c, "talent"], [*c, "planning", "--from", "2026-01-05"],
                        [*c, "find", "--start", "2026-01-05", "--days", "5"],
                        [*c, "requests"], [*c, "pipeline"], [*c, "outreach", CANDIDATE_ID],
                        [*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID, "--need",
                         NEED_ID, "--format", "html"],
                        [*c, "find", "--mission", MISSION_ID, "--candidates"]]
            tolerance.judge(run_all(commands, terminal_problems))

    prop()
    tolerance.finish()


def test_hostile_arguments_are_echoed_escaped(tolerance: Tolerance) -> None:
    """A command-line value may come from a committed file name (a CI loop over missions/)."""
    @SETTINGS
    @example("\x1b]0;titre\x07\r::error::forgé")
    @given(hostile_text)
    def prop(text: str) -> None:
        with scene(Workspace()) as (root, _, _):
            c = ["-C", str(root), "--today", TODAY]
            commands = [[*c, "brief", text], [*c, "onboard", text],
                        [*c, "request-changes", MISSION_ID, text], [*c, "status", "--owner", text],
                        [*c, "calendar", "--freelancer", text], [*c, "new", "freelancer", text],
                        [*c, "find", "--start", "2026-01-05", "--days", "3", "--skill", text],
                        [*c, "promote", text], [*c, "outreach", text],
                        [*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID, "--need", text],
                        [*c, "find", "--mission", MISSION_ID, "--need", text, "--candidates"]]
            tolerance.judge(run_all(commands, lambda run: crash_problems(run)
                                    + terminal_problems(run)), context="hostile argument")

    prop()
    tolerance.finish()


def test_markdown_and_ics_keep_each_value_on_its_line(tolerance: Tolerance) -> None:
    @SETTINGS
    @example(newline_in_company_name())
    @given(spoiled_workspaces(string_spoils))
    def prop(ws: Workspace) -> None:
        with scene(ws) as (root, out, _):
            c = ["-C", str(root), "--today", TODAY]
            problems = []
            for args, kind in [([*c, "status", "--format", "markdown"], "markdown"),
                               ([*c, "brief", MISSION_ID], "markdown"),
                               ([*c, "requests", "--format", "markdown"], "markdown"),
                               ([*c, "outreach", CANDIDATE_ID, "--mission", MISSION_ID,
                                 "--need", NEED_ID, "--format", "md"], "markdown"),
                               ([*c, "calendar"], "ics")]:
                run = run_cfo(args)
                problems += line_break_problems(run, kind) if not run.failure else []
            # The job summary CI shows on the pull request's page.
            summary = out / "summary.md"
            run = run_cfo([*c, "check", "--format", "github"],
                          env={"GITHUB_STEP_SUMMARY": str(summary)})
            if summary.is_file():
                run.stdout = summary.read_bytes().decode("utf-8", "replace")
                run.args = [*run.args, "(GITHUB_STEP_SUMMARY)"]
                problems += line_break_problems(run, "markdown")
            tolerance.judge(problems)

    prop()
    tolerance.finish()


def test_diff_of_a_hostile_branch_never_crashes_nor_hangs(tolerance: Tolerance) -> None:
    @DIFF_SETTINGS
    @example(link_out_in_the_branch())
    @example(huge_rate())
    @given(st.one_of(spoiled_workspaces(st.one_of(string_spoils, number_spoils, byte_spoils)),
                     file_kind_workspaces(GIT_KINDS)))
    def prop(ws: Workspace) -> None:
        with scene(Workspace()) as (root, _, outside):
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "base")
            git(root, "checkout", "-q", "-b", "hostile")
            for child in root.iterdir():
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() \
                        else child.unlink()
            ws.file_kinds = [(kind, place, str(outside)) for kind, place, _ in ws.file_kinds]
            ws.write(root)
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty", "-m", "hostile")
            c = ["-C", str(root), "--today", TODAY, "diff", "main"]
            # The hostile commit as the head, as the working tree, and as the base.
            backwards = ["-C", str(root), "--today", TODAY, "diff", "HEAD", "main"]
            problems = run_all([[*c, "HEAD"], [*c, "HEAD", "--format", "json"], c, backwards],
                               crash_problems)
            markdown = run_cfo([*c, "HEAD", "--format", "markdown"])
            problems += crash_problems(markdown) + line_break_problems(markdown, "markdown")
            tolerance.judge(problems, ws)

    prop()
    tolerance.finish()
