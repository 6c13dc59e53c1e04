"""``cfo pipeline``: the recruiting funnel, as text (in the words of one language) or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.words import Words

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


def render_pipeline_json(report: PipelineReport, words: Words) -> str:
    """The same in every language: ids, stages and reasons as the files write them."""
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


def _why(due: FollowUpDue, words: Words) -> str:
    candidate = due.candidate
    since = due.since.isoformat() if due.since else ""
    if due.reason == "next-step" and candidate.next_step is not None:
        return words.say("pipeline_next_step", day=since, action=candidate.next_step.action)
    if due.reason == "no-contact":
        return words.say("pipeline_no_contact")
    return words.say("pipeline_last_contact", day=since)


def _stage(stage: str, words: Words) -> str:
    return words.label("agenda_stage_", stage)


def render_pipeline_text(report: PipelineReport, words: Words) -> str:
    from cfo_tools.reporters.requests import need_from

    day = words.day(report.today)
    lines = [words.say("pipeline_title_role", role=words.role(report.role), day=day) if report.role
             else words.say("pipeline_title", day=day), ""]
    counts = [(words.label("site_stage_", stage), people) for stage, people in report.stages]
    total = words.say("pipeline_total")
    width = max(len(label) for label in [total, *(label for label, _ in counts)])
    number = max(len(words.number(report.total)), 3)
    for label, people in counts:
        names = ", ".join(c.id for c in people)
        lines.append(f"  {label:<{width}} {words.number(len(people)):>{number}}  {names}"
                     .rstrip())
    lines.append(f"  {total:<{width}} {words.number(report.total):>{number}}")
    lines.append("")
    if report.follow_ups:
        lines.append(words.say("pipeline_follow_ups"))
        lines += [f"  {f.candidate.id} ({_stage(f.candidate.stage, words)}) — {_why(f, words)}"
                  for f in report.follow_ups]
    else:
        lines.append(words.say("pipeline_no_follow_up"))
    if report.fits:
        lines += ["", words.say("pipeline_fits")]
        for state, fits in report.fits:
            names = ", ".join(f"{f.candidate.id} ({_stage(f.candidate.stage, words)})"
                              for f in fits)
            lines.append(f"  {need_from(state, names, words)}")
    return "\n".join(shown(line) for line in lines) + "\n"


#: ``cfo pipeline --format``.
PIPELINE_FORMATS: dict[str, Callable[[PipelineReport, Words], str]] = {
    "text": render_pipeline_text,
    "json": render_pipeline_json,
}
