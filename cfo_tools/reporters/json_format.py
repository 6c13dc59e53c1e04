"""The stable JSON report other commands and CI build on."""

from __future__ import annotations

import json

from cfo_tools.reporters.outcome import Outcome


def render_json(outcome: Outcome) -> str:
    report = {
        "ok": outcome.ok,
        "errors": [f.to_dict() for f in outcome.errors],
        "warnings": [f.to_dict() for f in outcome.warnings],
        "stats": outcome.stats,
    }
    if outcome.infos:  # only then, so reports without any keep the shape CI reads
        report["info"] = [f.to_dict() for f in outcome.infos]
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
