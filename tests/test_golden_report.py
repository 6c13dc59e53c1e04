"""A deliberately broken workspace and the exact JSON report it must give.

Set CFO_UPDATE_GOLDEN=1 to rewrite the expected file after an intended change; review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).parent
BROKEN = HERE / "broken-workspace"
EXPECTED = HERE / "broken-workspace.expected.json"


def test_broken_workspace_report_matches_golden(run_cfo):
    result = run_cfo("-C", str(BROKEN), "validate", "--format", "json")
    assert result.exit_code == 1
    if os.environ.get("CFO_UPDATE_GOLDEN"):
        EXPECTED.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_golden_report_covers_every_rule():
    report = json.loads(EXPECTED.read_text(encoding="utf-8"))
    rules = {f["rule"] for f in report["errors"] + report["warnings"]}
    assert rules >= {
        "schema", "ambiguous-scalar", "duplicate-key", "multiple-documents", "yaml-syntax",
        "empty-file", "encoding", "yml-extension", "unexpected-file", "file-name",
        "invalid-date", "unknown-owner", "unknown-freelancer", "date-order",
        "assignment-outside-mission", "inactive-assigned", "invalid-siret", "duplicate-id",
    }
