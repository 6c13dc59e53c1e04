"""What a build of the site starts from: the checked workspace, the day, and what to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cfo_tools.checks.runner import CheckReport
from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Company, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass(frozen=True)
class SiteInputs:
    check: CheckReport
    calendar: WorkingCalendar
    today: date
    lang: str
    #: False for a site shared beyond the CFO's team: no rate, amount, budget or invoice.
    money: bool = True
    #: False for a site published beyond the team: no review's scores, comment or rehire
    #: answer, and no average or rehire share on the talent page.
    reviews: bool = True
    #: The forge's web address of the workspace's files at this commit, ending with "/"
    #: (``https://github.com/o/r/blob/<commit>/``), or None when there is no such remote.
    source_base: str | None = None
    limits: RenderLimits | None = None

    @property
    def workspace(self) -> Workspace:
        return self.check.validation.workspace

    @property
    def company(self) -> Company:
        company = self.workspace.company
        assert company is not None  # the command refuses a workspace without one
        return company

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings
