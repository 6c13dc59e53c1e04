"""More days reported on a mission in a month than the planning foresees."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import days_text
from cfo_tools.planning.activity_days import planned_days

NAME = "activity-over-planned"
DESCRIPTION = ("more days reported on a mission in a month than planned (the month's working "
               "days in the assignment x allocation)")


def check(context: FollowUpContext) -> Iterator[Problem]:
    workspace = context.workspace
    for report in workspace.activity.values():
        for mission_id in report.missions:
            if (mission_id not in workspace.missions
                    or report.freelancer not in workspace.freelancer_files):
                continue  # activity-unknown-mission, activity-unknown-freelancer
            reported = report.days_for(mission_id)
            planned = planned_days(workspace, context.calendar, report.freelancer, mission_id,
                                   report.month)
            if reported <= planned:
                continue
            first = report.entries_for(mission_id)[0]
            yield Problem(report.file, f"{first.pointer}/mission",
                          f"{days_text(reported)} reported, {days_text(planned)} planned on "
                          f"{mission_id} in {report.month}; agree on the extra days and extend the "
                          f"assignment, or correct the report", severity="warning")
