"""cfo outreach on hostile candidate fields: the txt and html messages show control characters
escaped (a terminal or a chat window would obey them), as the md one does with ``cell``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, TODAY

#: ESC sequences (a hyperlink, clear screen), BEL, CR, NEL and the line separator.
HOSTILE = r'"X\e]8;;https://evil.example\e\\lien\e[2J\a\r\x85\u2028 | y |"'
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates"):
        shutil.copytree(REPO / folder, root / folder)
    path = root / "candidates" / "ines-moreau.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Inès Moreau", f"name: {HOSTILE}")
    text = text.replace("referred_by: Alice Martin", f"referred_by: {HOSTILE}")
    path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_control_characters_in_candidate_fields_are_shown_escaped(hostile: Path, run_cfo,
                                                                  fmt: str) -> None:
    result = run_cfo("-C", str(hostile), "--today", TODAY, "outreach", "ines-moreau",
                     "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert RAW_CONTROL.search(result.stdout) is None, result.stdout[:400]
    assert "\\x1b]8;;https://evil.example" in result.stdout
