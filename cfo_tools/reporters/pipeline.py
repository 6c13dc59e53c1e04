"""``cfo pipeline``: the recruiting funnel, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports reporters when it starts: stay light
    from cfo_tools.model.candidates import Candidate
    from cfo_tools.steering.pipeline import FollowUpDue, PipelineReport


def _candidate_json(candidate: Candidate) -> dict[str, Any]:
    last = candidate.last_contact
    step = candidate.next_step
    return {
        "candidate": candidate.id, "name": candidate.name, "file": candidate.file,
        "roles": list(candidate.roles), "source": candidate.source.channel,
        "last_contact": last.date.isoformat() if last else None,
        "next_step": {"date": step.date.isoformat(), "action": step.action} if step else None,
    }


def render_pipeline_json(report: PipelineReport) -> str:
    return json.dumps({
        "today": report.today.isoformat(),
        "role": report.role,
        "total": report.total,
        "funnel": [{"stage": stage, "count": len(people),
                    "candidates": [_candidate_json(c) for c in people]}
                   for stage, people in report.stages],
        "follow_ups": [{"candidate": f.candidate.id, "stage": f.candidate.stage,
                        "reason": f.reason, "since": f.since.isoformat() if f.since else None,
                        "file": f.candidate.file} for f in report.follow_ups],
        "fits": [{"mission": state.mission.id, "need": state.need.id, "role": state.need.role,
                  "start": state.start.isoformat(),
                  "candidates": [{"candidate": f.candidate.id, "stage": f.candidate.stage,
                                  "free_days": f.free_days,
                                  "fully_available": f.fully_available} for f in fits]}
                 for state, fits in report.fits],
    }, indent=2, ensure_ascii=False) + "\n"


def _why(due: FollowUpDue) -> str:
    candidate = due.candidate
    if due.reason == "next-step" and candidate.next_step is not None:
        return f"next step due {due.since}: {shown(candidate.next_step.action)}"
    if due.reason == "no-contact":
        return "no contact logged"
    return f"last contact {due.since}"


def render_pipeline_text(report: PipelineReport) -> str:
    scope = f" for the role {shown(report.role)}" if report.role else ""
    lines = [f"Candidate pipeline{scope} on {report.today:%a %Y-%m-%d}", ""]
    width = max(len(stage) for stage, _ in report.stages)
    for stage, people in report.stages:
        names = ", ".join(shown(c.id) for c in people)
        lines.append(f"  {stage:<{width}} {len(people):>3}  {names}".rstrip())
    lines.append(f"  {'total':<{width}} {report.total:>3}")
    lines.append("")
    if report.follow_ups:
        lines.append("Follow up or close:")
        lines += [f"  {shown(f.candidate.id)} ({f.candidate.stage}) — {_why(f)}"
                  for f in report.follow_ups]
    else:
        lines.append("No follow-up due.")
    if report.fits:
        lines += ["", "Would fit an open need:"]
        for state, fits in report.fits:
            names = ", ".join(f"{shown(f.candidate.id)} ({f.candidate.stage})" for f in fits)
            lines.append(f"  {shown(state.mission.id)}/{shown(state.need.id)} "
                         f"({shown(state.need.role)}, from {state.start}): {names}")
    return "\n".join(lines) + "\n"


#: ``cfo pipeline --format``.
PIPELINE_FORMATS: dict[str, Callable[[PipelineReport], str]] = {
    "text": render_pipeline_text,
    "json": render_pipeline_json,
}
