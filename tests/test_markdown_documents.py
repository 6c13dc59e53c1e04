"""Markdown documents: data can never start a block of its own (a heading, a quote, a forged
line) whatever line break it carries, and text written as paragraphs keeps its breaks."""

from __future__ import annotations

import json

import pytest

from conftest import freelancer_yaml, mission_yaml

BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]


@pytest.mark.parametrize("brk", BREAKS, ids=lambda b: f"U+{ord(b[-1]):04X}")
def test_a_line_break_in_a_title_adds_no_heading_to_a_brief(workspace, run_cfo, brk):
    title = json.dumps(f"Refonte{brk}# All checks passed")
    text = mission_yaml("2026-12-01", "2026-12-18", ("ada", 100)).replace(
        "title: Mission", f"title: {title}")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "m", "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "# Refonte # All checks passed" in lines
    assert not any(line.startswith("# All checks passed") for line in lines)


@pytest.mark.parametrize("brk", BREAKS[1:], ids=lambda b: f"U+{ord(b[-1]):04X}")
def test_paragraph_text_breaks_where_its_author_saw_it_break(workspace, run_cfo, brk):
    summary = json.dumps(f"Premier paragraphe.{brk}Second\x1b[2J.")
    text = mission_yaml("2026-12-01", "2026-12-18", ("ada", 100)) + (
        f"brief:\n  summary: {summary}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "m", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Premier paragraphe.\nSecond\\x1b[2J." in result.stdout
    assert not any(c in result.stdout for c in "\r\u2028\u2029\x85\x0b\x0c\x1b")


def test_an_html_document_shows_control_characters_instead_of_carrying_them(workspace, run_cfo):
    title = json.dumps("Refonte\x07\x1b[2J<b>")
    text = mission_yaml("2026-12-01", "2026-12-18", ("ada", 100)).replace(
        "title: Mission", f"title: {title}")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "m", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "Refonte\\x07\\x1b[2J&lt;b&gt;" in result.stdout
    assert "\x07" not in result.stdout and "\x1b" not in result.stdout
