"""Every text, Markdown and GitHub output of every command shows hostile values escaped."""

from __future__ import annotations

import re
import subprocess

import pytest
from test_diff import ENV

from conftest import COMPANY, FREELANCER, json_report

#: Double-quoted YAML: ESC sequences (OSC 8 link, clear screen), BEL, CR, LF, U+2028 (\L),
#: NEL (\N), U+2029 (\P), a workflow command, the legacy "##[" syntax, a forged table row
#: and a forged "All checks passed" heading.
HOSTILE = (r'"T\e]8;;http://evil\a\e[2J\r\n::error::forged\L##[add-mask]x\N| fake | row |'
           r'\P## ✅ All checks passed\r\n  ::stop-commands::tok"')
RAW = ["\x1b", "\x07", "\r", "\x85", "\u2028", "\u2029"]
WORKFLOW_COMMAND = re.compile(r"^\s*::|##\[")

ADA = FREELANCER.replace("name: Ada Lovelace", f"name: {HOSTILE}") + (
    f"unavailable:\n  - from: 2026-03-09\n    to: 2026-03-10\n    reason: {HOSTILE}\n")


def mission(title: str, allocation: int) -> str:
    return (f"title: {title}\nclient: {HOSTILE}\nowner: pm\nstatus: in-progress\n"
            "start: 2026-03-02\nend: 2026-03-20\n"
            "assignments:\n  - freelancer: ada\n    role: web-developer\n"
            f"    allocation: {allocation}\n"
            f"deliverables:\n  - id: d\n    title: {HOSTILE}\n    due: 2026-03-12\n"
            "    status: pending\n")


FILES = {"company.yaml": COMPANY, "roster/ada.yaml": ADA,
         "missions/a.yaml": mission(HOSTILE, 60), "missions/b.yaml": mission("B", 60)}


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(char)
    for line in text.split("\n"):
        assert not WORKFLOW_COMMAND.search(line), line


def assert_not_forged(markdown: str) -> None:
    for line in markdown.split("\n"):
        assert not line.lstrip("> -").startswith(("## ✅", "::")), line
        if "fake" in line:
            assert re.search(r"\\\| fake \\\| row \\\|", line), line
    assert "<!--" not in markdown


COMMANDS = [
    ("status",), ("status", "--format", "markdown"), ("talent",),
    ("find", "--start", "2026-03-02", "--days", "5"), ("planning", "--from", "2026-03-02"),
    ("conflicts",), ("conflicts", "--format", "github"), ("check", "--format", "text"),
    ("check", "--format", "github"), ("validate", "--format", "github"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hostile_values_reach_no_terminal_or_log_raw(run_cfo, workspace, args):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "--today", "2026-03-05", *args)
    assert result.exit_code in (0, 1), result.output
    # (Markdown escapes the backslash of the shown escape: "\\\\x1b" renders as "\\x1b".)
    shown = result.stdout.replace("\\\\", "\\") if "markdown" in args else result.stdout
    assert "T\\x1b]8;;http://evil" in shown or args[0] in ("find", "planning", "talent",
                                                           "validate")
    if "github" in args:
        ours = [line for line in result.stdout.split("\n") if line.startswith("::")]
        assert ours or args[0] == "validate"
        for line in ours:
            assert re.match(r"::(error|warning) file=[^:]*::", line), line
            assert "\x1b" not in line and "\r" not in line and "\u2028" not in line
        result_text = "\n".join(line for line in result.stdout.split("\n")
                                if not line.startswith("::"))
    else:
        result_text = result.stdout
    assert_inert(result_text.replace("\x1b[0m", "").replace("\x1b[3", "")
                 if args[0] == "planning" else result_text)
    assert_inert(result.stderr)
    if "markdown" in args:
        assert_not_forged(result.stdout)


def test_status_markdown_cells_stay_in_their_table(run_cfo, workspace):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "--today", "2026-03-05", "status", "--format", "markdown")
    rows = [line for line in result.stdout.split("\n") if line.startswith("| ")]
    cells = [len(re.findall(r"(?<!\\)\|", row)) for row in rows]
    assert len(set(cells)) == 1, rows


def test_json_keeps_hostile_values_as_they_are(run_cfo, workspace):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "--today", "2026-03-05", "status", "--format", "json")
    title = json_report(result)["missions"][0]["title"]
    assert title.startswith("T\x1b]8;;http://evil\x07") and "\u2028" in title


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV)


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_diff_shows_hostile_values_escaped(run_cfo, workspace, output_format):
    root = workspace(FILES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / "missions/c.yaml").write_text(mission(HOSTILE, 70), encoding="utf-8")
    result = run_cfo("-C", str(root), "--today", "2026-03-05", "diff", "HEAD",
                     "--format", output_format)
    assert result.exit_code in (0, 1), result.output
    assert_inert(result.stdout)
    if output_format == "markdown":
        assert_not_forged(result.stdout)
    assert "forged" in result.stdout
