"""Hostile text reaches no terminal, CI log, Markdown summary or calendar unescaped."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from cfo_tools.formats.github import escape_data, escape_property, log_lines
from cfo_tools.formats.icalendar_text import ics_text
from cfo_tools.formats.markdown import markdown_block, markdown_cell
from cfo_tools.formats.terminal import show_controls, terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters import REPORTERS, Outcome
from cfo_tools.reporters.github import render_summary
from conftest import COMPANY, FREELANCER, MISSION

#: Characters that break a line somewhere: a terminal, GitHub's runner, Markdown, .ics.
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x1b[2J", "\x1b]8;;http://evil\x07link\x1b]8;;\x07", "\x00", "\x7f", "\x9b31m",
            "\u202e", "\u2066"]
#: A line the runner obeys: "::" after optional spaces, or "##[" anywhere.
WORKFLOW_COMMAND = re.compile(r"^\s*::|##\[")

hostile_text = st.lists(st.sampled_from(
    ["a", " ", ":", "#", "[", "|", "<", "`", "%", ",", *BREAKS, *CONTROLS,
     "::error::x", "::add-mask::s", "##[error]", "All checks passed"]), max_size=30).map("".join)


@pytest.mark.parametrize("char", [*BREAKS, *CONTROLS])
def test_terminal_text_shows_controls_escaped(char):
    shown = terminal_text(f"a{char}b")
    assert shown.isprintable() and "\x1b" not in shown
    assert shown.startswith("a") and shown.endswith("b")


def test_terminal_text_examples():
    assert terminal_text("x\x1b[2Jy") == "x\\x1b[2Jy"
    assert terminal_text("x\u2028y\x85z") == "x\\u2028y\\x85z"
    assert terminal_text("x\ny\rz\tw") == "x\\ny\\rz\\tw"
    assert terminal_text("  ::error::x") == "  \\x3a:error::x"
    assert terminal_text("a ##[error]b") == "a ##\\x5berror]b"
    assert terminal_text("Émile-ünïcode: 50 % | ok") == "Émile-ünïcode: 50 % | ok"


def test_every_character_escaped_is_one_python_counts_unprintable():
    # show_controls lets a printable text through untouched: that is only right while no
    # character it escapes is printable, in any version of Unicode Python ships.
    escaped = [chr(code) for code in range(sys.maxunicode + 1)
               if show_controls(chr(code)) != chr(code)]
    assert len(escaped) == 32 + 33 + 2 + 12
    assert not any(char.isprintable() for char in escaped)


@given(hostile_text)
def test_terminal_text_is_one_inert_line_and_idempotent(value):
    shown = terminal_text(value)
    assert shown.isprintable()
    assert not WORKFLOW_COMMAND.search(shown)
    assert terminal_text(shown) == shown


@given(hostile_text)
def test_log_lines_never_start_a_workflow_command(value):
    for line in log_lines(f"x\n{value}\n{value}").splitlines():
        assert not WORKFLOW_COMMAND.search(line)


def test_github_escaping_follows_the_toolkit():
    assert escape_data("50%\r\n:,") == "50%25%0D%0A:,"
    assert escape_property("50%\r\n:,") == "50%25%0D%0A%3A%2C"


def test_markdown_cell_examples():
    assert markdown_cell("a|b\nc") == "a\\|b c"
    assert markdown_cell("a\r\u2028\u2029\x85b") == "a    b"
    assert markdown_cell("<!-- hide") == "&lt;!-- hide"
    assert markdown_cell("x`y|", code=True) == "``x`y\\|``"
    assert markdown_cell("`x", code=True) == "`` `x ``"


def test_markdown_cell_shows_data_as_written_never_as_markup():
    assert markdown_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown_cell("*bold* _it_ `code` [link](x)") == (
        "\\*bold\\* \\_it\\_ \\`code\\` \\[link](x)")
    assert markdown_cell("a\\*b") == "a\\\\\\*b"  # the data's backslash is escaped too
    assert markdown_cell("##[add-mask]x") == "##\\[add-mask]x"
    assert markdown_block("<script>x</script>\n*kept*") == "&lt;script>x&lt;/script>\n*kept*"


@given(hostile_text)
def test_markdown_cell_leaves_no_markup_character_unescaped(value):
    cell = markdown_cell(value)
    assert "<" not in cell and ">" not in cell
    # Every special character is preceded by an odd run of backslashes (it is escaped).
    for match in re.finditer(r"(\\*)([*_`\[|])", cell):
        assert len(match.group(1)) % 2 == 1, (value, cell)


@given(hostile_text)
def test_markdown_cell_stays_in_its_cell(value):
    for code in (False, True):
        cell = markdown_cell(value, code=code)
        assert len(cell.splitlines()) <= 1
        assert "|" not in cell.replace("\\|", "")
        assert cell.isprintable()


@given(hostile_text)
def test_ics_text_is_one_line(value):
    text = ics_text(value)
    assert len(text.splitlines()) <= 1 and text.isprintable()


HOSTILE_KEY = '"x\\n::add-mask::secret\\r::error::forged\\u2028##[error]y\\e]8;;http://e\\a": 1\n'
HOSTILE_FILE = "roster/bad\n::stop-commands::tok\r::error::f\x1b[2J.yaml"


def hostile_workspace(workspace):
    return workspace({"roster/ada.yaml": FREELANCER + HOSTILE_KEY,
                      HOSTILE_FILE: FREELANCER})


def test_github_format_writes_nothing_the_runner_would_obey(run_cfo, workspace):
    root = hostile_workspace(workspace)
    result = run_cfo("-C", str(root), "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.split("\n")
    ours = [line for line in lines if line.startswith("::")]
    assert ours and all(re.match(r"::(error|warning) file=[^:]*::", line) for line in ours)
    others = [line for line in lines if not line.startswith("::")]
    assert "::add-mask::secret" in result.stdout  # inside our annotations, escaped
    for line in others:
        assert not WORKFLOW_COMMAND.search(line), line
        assert "\r" not in line and "\x1b" not in line
    assert all("##[" not in line for line in lines)


@pytest.mark.parametrize("command", ["check", "validate"])
def test_text_format_shows_hostile_keys_and_file_names_escaped(run_cfo, workspace, command):
    root = hostile_workspace(workspace)
    result = run_cfo("-C", str(root), command, "--format", "text")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "roster/bad\\n::stop-commands::tok\\r::error::f\\x1b[2J.yaml" in result.stdout
    for line in result.stdout.splitlines():
        assert not WORKFLOW_COMMAND.search(line), line


def test_job_summary_cannot_be_forged():
    finding = Finding("roster/a|b`.yaml", 3, None, "/x\n## ✅ cfo check", "schema", "error",
                      "bad\r\n\n## ✅ All checks passed\u2028| fake | row |\x85<!--")
    summary = render_summary(Outcome([finding]))
    lines = summary.splitlines()
    assert not any("All checks passed" in line and not line.startswith("| ") for line in lines)
    row = next(line for line in lines if "All checks passed" in line)
    assert row.count("|") - row.count("\\|") == 6
    assert "<!--" not in summary


def test_step_summary_in_a_missing_folder_is_a_usage_error(run_cfo, workspace, tmp_path):
    root = workspace({})
    for target in (tmp_path / "missing" / "summary.md", tmp_path):
        result = run_cfo("-C", str(root), "check", "--format", "github",
                         env={"GITHUB_STEP_SUMMARY": str(target)})
        assert result.exit_code == 2
        assert "cannot write the job summary" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\u2029", "\x85", "\r\n"])
@pytest.mark.parametrize("where", ["company", "freelancer", "mission"])
def test_line_breaks_in_names_make_valid_calendars(run_cfo, workspace, breaker, where):
    quoted = f'"Evil{breaker}BEGIN:VEVENT; x, y\\\\"'.encode("unicode_escape").decode()
    quoted = quoted.replace("\\\\\\\\", "\\\\")
    company = COMPANY.replace("name: Atelier Test", f"name: {quoted}")
    freelancer = FREELANCER.replace("name: Ada Lovelace", f"name: {quoted}")
    mission = (MISSION.replace("title: Site", f"title: {quoted}").replace("status: open",
               "status: staffed")
               + "assignments:\n  - freelancer: ada\n    role: web-developer\n"
                 "    allocation: 50\n")
    files = {"roster/ada.yaml": freelancer if where == "freelancer" else FREELANCER,
             "missions/site.yaml": mission if where == "mission" else
             mission.replace(f"title: {quoted}", "title: Site")}
    if where == "company":
        files["company.yaml"] = company
    root = workspace(files)
    for option in ("--freelancer", "--mission"):
        value = "ada" if option == "--freelancer" else "site"
        result = run_cfo("-C", str(root), "--today", "2026-01-01", "calendar", option, value)
        assert result.exit_code == 0, result.output
        data = result.stdout_bytes
        assert b"\r\n" in data
        for line in data.split(b"\r\n"):
            assert b"\n" not in line and b"\r" not in line
            assert not any(b in line.decode() for b in BREAKS[1:])
        parsed = Calendar.from_ical(data)
        assert "Evil BEGIN:VEVENT; x, y" in str(parsed["X-WR-CALNAME"]) + "".join(
            str(e["SUMMARY"]) for e in parsed.walk("VEVENT"))
        assert len(parsed.walk("VEVENT")) == 1


def test_reporters_never_write_raw_controls():
    finding = Finding("a\x1b[2J.yaml", 1, 1, "/k\x9b", "r", "error", "m\x1b]8;;x\x07\u202e")
    for name, render in REPORTERS.items():
        text = render(Outcome([finding]))
        if name == "json":
            continue  # JSON escapes control characters itself
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text, name


if sys.platform == "win32":  # pragma: no cover - file names with line breaks
    pytestmark = pytest.mark.skip


@pytest.mark.parametrize("breaker", ["\\n", "\\r", "\\L", "\\N"])
def test_onboarding_pack_calendar_survives_line_breaks_in_names(run_cfo, workspace, tmp_path,
                                                                breaker):
    name = f'"Evil{breaker}X"'
    root = workspace({
        "company.yaml": COMPANY.replace("name: Atelier Test", f"name: {name}"),
        "roster/ada.yaml": FREELANCER.replace("name: Ada Lovelace", f"name: {name}"),
        "missions/site.yaml": MISSION.replace("title: Site", f"title: {name}").replace(
            "status: open", "status: staffed")
        + "assignments:\n  - freelancer: ada\n    role: web-developer\n    allocation: 50\n"})
    out = tmp_path / "pack"
    result = run_cfo("-C", str(root), "--today", "2026-01-01", "onboard", "ada", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = (out / "missions.ics").read_bytes()
    parsed = Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "Evil X — Evil X"
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["Evil X — Evil X (50 %)"]


@given(hostile_text, hostile_text, hostile_text)
def test_github_report_lines_are_ours_or_inert(file, path, message):
    finding = Finding(file, 3, 1, path, "schema", "error", message,
                      related=(Location(file, 3, 1, path), Location(message, None, None, "")))
    for line in REPORTERS["github"](Outcome([finding], file_prefix=path)).split("\n"):
        if line.startswith("::error file="):
            assert "\n" not in line and "\r" not in line
            assert re.match(r"::error file=[^:,]*(,line=\d+(,col=\d+)?)?,title=cfo \[schema\]::",
                            line), line
        else:
            assert not WORKFLOW_COMMAND.search(line), line
            assert line.isprintable() or line == ""
