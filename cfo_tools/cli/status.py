"""``cfo status`` and ``cfo talent``: following missions and people."""

from __future__ import annotations

import json
from typing import Any

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning


def _deliverables(items: Any) -> list[dict[str, str]]:
    return [{"id": d.id, "title": d.title, "due": d.due.isoformat(), "status": d.status}
            for d in items]


@click.command()
@click.option("--owner", metavar="ID", help="Only the missions of this team member.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@pass_state
def status(state: CliState, owner: str | None, output_format: str) -> None:
    """Every mission in flight (staffed, in progress, in review): who, how far along, what is
    due in the next 7 days, late, waiting for validation or for corrections; then the missions
    that ended without reviews. The markdown form suits a weekly e-mail or a job summary."""
    from cfo_tools.steering.status_board import status_board

    loaded = load_for_planning(state)
    workspace = loaded.report.workspace
    if owner is not None and (workspace.company is None or workspace.company.member(owner) is None):
        raise UsageProblem(f"no team member '{owner}' in company.yaml")
    board = status_board(workspace, loaded.calendar, today=state.today, owner=owner)
    if output_format == "json":
        click.echo(json.dumps({
            "today": board.today.isoformat(),
            "missions": [{
                "mission": m.mission.id, "title": m.mission.title, "status": m.mission.status,
                "owner": m.mission.owner, "freelancers": list(m.freelancers),
                "start": m.mission.start.isoformat(), "end": m.mission.end.isoformat(),
                "elapsed_working_days": m.elapsed_days, "left_working_days": m.left_days,
                "due_soon": _deliverables(m.due_soon), "overdue": _deliverables(m.overdue),
                "waiting_validation": _deliverables(m.waiting_validation),
                "corrections": _deliverables(m.corrections),
            } for m in board.in_flight],
            "ended_without_reviews": [{"mission": u.mission.id, "end": u.mission.end.isoformat(),
                                       "freelancers": list(u.freelancers)}
                                      for u in board.unreviewed],
        }, indent=2, ensure_ascii=False))
        return
    click.echo(_board_markdown(board) if output_format == "markdown" else _board_text(board),
               nl=False)


def _items(label: str, items: Any) -> list[str]:
    if not items:
        return []
    return [f"{label}: " + ", ".join(f"{d.title} ({d.due})" for d in items)]


def _board_text(board: Any) -> str:
    lines = [f"Missions in flight on {board.today:%a %Y-%m-%d}", ""]
    if not board.in_flight:
        lines.append("No mission in flight.")
    for m in board.in_flight:
        lines.append(f"{m.mission.id} [{m.mission.status}] — {m.mission.title} "
                     f"({m.mission.client})")
        lines.append(f"  owner {m.owner}; freelancers {', '.join(m.freelancers) or 'none'}; "
                     f"{m.elapsed_days} working days done, {m.left_days} left "
                     f"(ends {m.mission.end})")
        for line in (_items("due in 7 days", m.due_soon) + _items("OVERDUE", m.overdue)
                     + _items("waiting for validation", m.waiting_validation)
                     + _items("corrections outstanding", m.corrections)):
            lines.append(f"  {line}")
        lines.append("")
    if board.unreviewed:
        lines.append("Ended without reviews:")
        for u in board.unreviewed:
            lines.append(f"  {u.mission.id} (ended {u.mission.end}): {', '.join(u.freelancers)}")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _board_markdown(board: Any) -> str:
    lines = [f"## Missions in flight — {board.today.isoformat()}", ""]
    if not board.in_flight:
        lines.append("No mission in flight.")
    else:
        lines += ["| Mission | Status | Owner | Freelancers | Done / left (working days) | "
                  "Due in 7 days | Overdue | To validate | Corrections |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for m in board.in_flight:
            def names(items: Any) -> str:
                return "<br>".join(_cell(f"{d.title} ({d.due})") for d in items) or "—"

            lines.append(
                f"| {_cell(m.mission.title)} | {m.mission.status} | {_cell(m.owner)} | "
                f"{', '.join(m.freelancers) or '—'} | {m.elapsed_days} / {m.left_days} | "
                f"{names(m.due_soon)} | {names(m.overdue)} | {names(m.waiting_validation)} | "
                f"{names(m.corrections)} |")
    if board.unreviewed:
        lines += ["", "### Ended without reviews", ""]
        lines += [f"- **{_cell(u.mission.title)}** (ended {u.mission.end}): "
                  f"{', '.join(u.freelancers)}" for u in board.unreviewed]
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--skill", metavar="SKILL", help="Only freelancers with this skill.")
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_state
def talent(state: CliState, skill: str | None, role: str | None, output_format: str) -> None:
    """The roster through past work: missions done, days booked, average scores, share of
    "would rehire", last mission, next free day; then retention alerts."""
    from cfo_tools.steering.talent import IDLE_DAYS, talent_report

    loaded = load_for_planning(state)
    report = talent_report(loaded.report.workspace, loaded.calendar, today=state.today,
                           skill=skill, role=role)
    if output_format == "json":
        click.echo(json.dumps({
            "freelancers": [{
                "freelancer": r.freelancer.id, "name": r.freelancer.name,
                "status": r.freelancer.status, "missions_done": r.missions_done,
                "booked_days": r.booked_days, "reviews": r.reviews, "quality": r.quality,
                "deadlines": r.deadlines, "communication": r.communication,
                "average": r.average, "rehire_share": r.rehire_share,
                "last_mission_end": r.last_mission_end.isoformat() if r.last_mission_end
                else None,
                "next_free": r.next_free.isoformat() if r.next_free else None,
                "top_performer": r.top_performer,
            } for r in report.rows],
            "alerts": {
                "idle_top_performers": [r.freelancer.id for r in report.idle_top_performers],
                "missing_reviews": [{"freelancer": f, "mission": m}
                                    for f, m in report.unreviewed],
            },
        }, indent=2, ensure_ascii=False))
        return
    width = max([len(r.freelancer.id) for r in report.rows] + [10])
    lines = [f"{'freelancer':<{width}} {'status':<11} {'done':>4} {'days':>6} {'qual':>5} "
             f"{'dead':>5} {'comm':>5} {'rehire':>6}  {'last end':<10}  next free"]

    def score(value: float | None) -> str:
        return f"{value:.1f}" if value is not None else "-"

    for r in report.rows:
        rehire = f"{r.rehire_share:.0%}" if r.rehire_share is not None else "-"
        lines.append(
            f"{r.freelancer.id:<{width}} {r.freelancer.status:<11} {r.missions_done:>4} "
            f"{r.booked_days:>6.1f} {score(r.quality):>5} {score(r.deadlines):>5} "
            f"{score(r.communication):>5} {rehire:>6}  "
            f"{r.last_mission_end or '-'!s:<10}  {r.next_free or '-'}")
    lines.append("")
    if report.idle_top_performers:
        lines.append(f"Call them before the competition does (top performers with no booking "
                     f"for over {IDLE_DAYS} days and none upcoming):")
        lines += [f"  {r.freelancer.id} — average {r.average:.1f}, last mission ended "
                  f"{r.last_mission_end or 'never'}" for r in report.idle_top_performers]
    if report.unreviewed:
        lines.append("Finished missions with no review recorded:")
        lines += [f"  {f} on {m}" for f, m in report.unreviewed]
    if not report.idle_top_performers and not report.unreviewed:
        lines.append("No retention alert.")
    click.echo("\n".join(lines) + "\n", nl=False)
