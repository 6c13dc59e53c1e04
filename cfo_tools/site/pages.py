"""The pages of the site, listed once: each names its file, its title, its template and what
it shows. A page for a new kind of record (invoices) is one more entry here and a template."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, TypeVar, cast

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.documents.typography import day_text
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.planning.bookings import BookingIndex
from cfo_tools.planning.load import Planning, build_planning
from cfo_tools.site.compliance_board import BoardItem, ContractItems, compliance_board
from cfo_tools.site.findings_view import ShownFinding, grouped, shown_findings
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.record_pages import pages_of_files
from cfo_tools.site.record_views import RecordViews, record_views, week_end
from cfo_tools.site.view_memo import ViewMemo
from cfo_tools.steering.agenda import Agenda, build_agenda
from cfo_tools.steering.pipeline import PipelineReport, follow_up_due, pipeline
from cfo_tools.steering.requests import RequestsReport, requests
from cfo_tools.steering.status_board import StatusBoard, status_board
from cfo_tools.steering.talent import TalentReport, TalentRow, talent_report

#: Weeks the planning page and availability.json cover, from the week of today.
PLANNING_WEEKS = 26
#: Entries each list of the home page shows; the others are counted and are on the pages (and
#: in the API) that list them all. A home page of 20,000 missions must still read.
HOME_LIST_LIMIT = 100


def without_scores(row: TalentRow) -> TalentRow:
    """``row`` without what reviews say (for ``--no-reviews``)."""
    return replace(row, quality=None, deadlines=None, communication=None, average=None,
                   rehire_share=None)


T = TypeVar("T")


def _in_bulk(make: Callable[[SiteData], T]) -> Callable[[SiteData], T]:
    """``make`` run with the collector paused, and what it made then out of its reach when
    the command freezes what it loads (``loading/bulk_loading.py``): what the site computes
    lives until its pages are made, and the collector's full passes over it (14 in a build
    after one edit on 20,000 missions, 1.4 s of CPU) freed nothing."""

    @functools.wraps(make)
    def made(data: SiteData) -> T:
        with bulk_loading():
            return make(data)

    return made


class SiteData:
    """Everything the pages and the API show, each computed once, when first asked for."""

    def __init__(self, inputs: SiteInputs) -> None:
        self.inputs = inputs

    @cached_property
    def findings(self) -> list[ShownFinding]:
        return self._findings_at(self.inputs.source_base)

    def linked_at(self, source_base: str) -> SiteData:
        """The same data but the findings, linked to the forge at ``source_base``; the rest
        is this data's, computed once for both."""
        return cast(SiteData, _FindingsOf(self, self._findings_at(source_base)))

    def _findings_at(self, source_base: str | None) -> list[ShownFinding]:
        with bulk_loading():
            return shown_findings(self.inputs.findings,
                                  pages=pages_of_files(self.inputs.workspace),
                                  source_base=source_base, money=self.inputs.money)

    @cached_property
    @_in_bulk
    def bookings(self) -> BookingIndex:
        """Every freelancer's bookings, walked once (by the follow-up context) for the board,
        planning, talent, agenda, record views and API."""
        return self.follow_up.bookings

    @cached_property
    @_in_bulk
    def planning(self) -> Planning:
        return build_planning(self.inputs.workspace, self.inputs.calendar,
                              start=self.inputs.today, weeks=PLANNING_WEEKS,
                              bookings=self.bookings)

    @cached_property
    def follow_up(self) -> FollowUpContext:
        """Bookings and each contract's paperwork as of today: the walk of the bookings every
        view shares (:attr:`bookings`), and the items of the board and the agenda's paperwork
        (those of the contracts no edit touched come from :attr:`view_memo`)."""
        return FollowUpContext(self.inputs.workspace, self.inputs.calendar, self.inputs.today)

    @cached_property
    def view_memo(self) -> ViewMemo:
        """The parts of the views kept by the cache (``view_memo.py``), saved once the
        record views are made."""
        check = self.inputs.check
        return ViewMemo.open(check.cache, check.remembered_as, check.document_keys,
                             self.inputs.company, self.inputs.today)

    @cached_property
    def contract_items(self) -> ContractItems:
        """Each contract's paperwork not in order, made once for the board and the agenda
        (the home page's worker makes both)."""
        return ContractItems(self.follow_up, self.view_memo)

    @cached_property
    @_in_bulk
    def board(self) -> list[BoardItem]:
        return compliance_board(self.follow_up, items=self.contract_items)

    @cached_property
    @_in_bulk
    def status(self) -> StatusBoard:
        return status_board(self.inputs.workspace, self.inputs.calendar, today=self.inputs.today)

    @cached_property
    @_in_bulk
    def requests(self) -> RequestsReport:
        return requests(self.inputs.workspace, self.inputs.calendar, today=self.inputs.today)

    @cached_property
    @_in_bulk
    def talent(self) -> TalentReport:
        report = talent_report(self.inputs.workspace, self.inputs.calendar,
                               today=self.inputs.today, bookings=self.bookings)
        if not self.inputs.reviews:
            # Left out of the data, not only of the packaged template: a workspace's own
            # talent template cannot show what it is not given.
            report.rows = [without_scores(row) for row in report.rows]
            report.idle_top_performers = [without_scores(r) for r in report.idle_top_performers]
        return report

    @cached_property
    @_in_bulk
    def agenda(self) -> Agenda:
        """``cfo agenda`` as of the site's today: the same list on the home page."""
        return build_agenda(self.inputs.workspace, self.inputs.calendar,
                            today=self.inputs.today, bookings=self.bookings,
                            paperwork=self.contract_items)

    @cached_property
    @_in_bulk
    def pipeline(self) -> PipelineReport:
        return pipeline(self.inputs.workspace, today=self.inputs.today,
                        calendar=self.inputs.calendar)

    @cached_property
    def records(self) -> RecordViews:
        with bulk_loading():
            views = record_views(self.inputs.workspace, self.inputs.calendar, self.board,
                                 today=self.inputs.today, money=self.inputs.money,
                                 reviews=self.inputs.reviews, bookings=self.bookings,
                                 memo=self.view_memo)
        # Saved with the collector running: a large save is written by a child process.
        self.view_memo.save()
        return views


class _FindingsOf:
    """``data`` with ``findings`` of its own (:meth:`SiteData.linked_at`)."""

    def __init__(self, data: SiteData, findings: list[ShownFinding]) -> None:
        self._data = data
        self.findings = findings

    def __getattr__(self, name: str) -> Any:
        return getattr(self._data, name)


#: Agenda actions about invoices: left out of a site without money.
INVOICE_KINDS = "invoice-"


def _home(data: SiteData) -> dict[str, Any]:
    today = data.inputs.today
    sunday = week_end(today)
    status = data.status
    deliverables = sorted(
        ((d, item.mission) for item in status.in_flight
         for d in (*item.overdue, *item.due_soon) if d.due <= sunday),
        key=lambda pair: (pair[0].due, pair[1].id, pair[0].id))
    candidates = [due for c in sorted(data.inputs.workspace.candidates.values(),
                                      key=lambda c: c.id)
                  if (due := follow_up_due(c, today)) is not None]
    return {
        "in_flight": status.in_flight,
        "agenda": [item for item in data.agenda.items
                   if data.inputs.money or not item.kind.startswith(INVOICE_KINDS)],
        "agenda_until": data.agenda.until,
        # Dates inside the agenda's sentences said as the site says every date.
        "agenda_day": functools.partial(day_text, style="medium", lang=data.inputs.lang),
        "name_of": status.name_of,
        "in_roster": data.inputs.workspace.freelancers.__contains__,
        "requests": data.requests.open,
        "deliverables_due": deliverables,
        "paperwork_due": [b for b in data.board if b.by <= sunday],
        "candidates_due": candidates,
        "week_end": sunday,
        "findings": grouped(data.findings),
        "forge": data.inputs.source_base is not None,
        "limit": HOME_LIST_LIMIT,
    }


def _missions(data: SiteData) -> dict[str, Any]:
    return {"missions": data.records.missions}


def _freelancers(data: SiteData) -> dict[str, Any]:
    return {"freelancers": data.records.freelancers}


@dataclass(frozen=True)
class SectionEntry:
    """A line of a page that shows several lists paged as one, each page showing the part of
    each list that falls on it: the talent page's (``section``: "idle", the retention alerts;
    "roster", the table; "unreviewed": 10,000 freelancers and their missions without reviews
    made one 7.6 MiB page) and the pipeline's (a follow-up due, "follow-up"; a candidate of a
    stage, "stage", with its ``stage``; an open need with who would fit it, "fit": years of
    candidates kept in the funnel make one page of every name)."""

    section: str
    item: Any
    stage: str = ""


def _talent(data: SiteData) -> dict[str, Any]:
    workspace = data.inputs.workspace
    talent = data.talent
    # People read names and titles; the report names them by id.
    unreviewed = [(workspace.freelancers.get(person), person, workspace.missions[mission])
                  for person, mission in talent.unreviewed]
    entries = [*(SectionEntry("idle", row) for row in talent.idle_top_performers),
               *(SectionEntry("roster", row) for row in talent.rows),
               *(SectionEntry("unreviewed", line) for line in unreviewed)]
    return {"talent": talent, "unreviewed": unreviewed, "entries": entries}


def _compliance(data: SiteData) -> dict[str, Any]:
    return {"board": data.board}


def _pipeline(data: SiteData) -> dict[str, Any]:
    report = data.pipeline
    entries = [*(SectionEntry("follow-up", due) for due in report.follow_ups),
               *(SectionEntry("stage", candidate, stage)
                 for stage, people in report.stages for candidate in people),
               *(SectionEntry("fit", fit) for fit in report.fits)]
    return {"pipeline": report, "entries": entries}


def _invoices(data: SiteData) -> dict[str, Any]:
    workspace = data.inputs.workspace
    invoices = sorted(workspace.invoices.values(), key=lambda i: (i.due, i.id))
    return {"invoices": invoices, "missions": workspace.missions,
            "freelancers": workspace.freelancers}


@dataclass(frozen=True)
class SitePage:
    """A page listed in the site's navigation."""

    path: str
    #: Key of its title in the messages.
    title: str
    template: str
    context: Callable[[SiteData], dict[str, Any]]
    #: Shows money and nothing else (invoices): left out of a site without money.
    money_only: bool = False
    #: Whether the workspace has anything for it (a kind it shows may hold no record).
    wanted: Callable[[SiteData], bool] = lambda data: True
    #: Whether it shows the record views or the compliance board (``SiteData.records``,
    #: ``SiteData.board``), computed once for every page of a record: the pages that do not
    #: are rendered while they are computed.
    shows_record_views: bool = False
    #: The entry of its context that is a list split into pages of :data:`PAGE_SIZE` entries
    #: when it is longer (``documents/list_pages.py``); each of its pages is keyed by the
    #: entries it shows and the rest of the context (``building._list_page``).
    paged: str | None = None
    #: Entries of its context that only a workspace's own templates are given: the packaged
    #: ones show none of them (they are rendered without them, so that a use would fail as
    #: undefined), and left out, they are no part of the pages' keys (the talent report
    #: holds every row: walked into each page's key, any row changed made every page again).
    for_own_templates: tuple[str, ...] = ()


#: The navigation, in order. The planning page is rendered by the planning's own renderer.
PAGES: tuple[SitePage, ...] = (
    # The home page shows the board's items due this week, but makes its own board (the
    # parts of its items kept by the cache: a fraction of a second) in a worker of its own
    # from the start: what else it shows, the agenda and the status board, takes seconds,
    # which would otherwise wait for every view of the records.
    SitePage("index.html", "site_home", "site/home.html.j2", _home),
    SitePage("planning.html", "site_planning", "", lambda data: {}),
    SitePage("missions/index.html", "site_missions", "site/missions.html.j2", _missions,
             shows_record_views=True, paged="missions"),
    SitePage("freelancers/index.html", "site_freelancers", "site/freelancers.html.j2",
             _freelancers, shows_record_views=True, paged="freelancers"),
    SitePage("talent.html", "site_talent", "site/talent.html.j2", _talent, paged="entries",
             for_own_templates=("talent", "unreviewed")),
    SitePage("compliance.html", "site_compliance", "site/compliance.html.j2", _compliance,
             shows_record_views=True, paged="board"),
    SitePage("pipeline.html", "site_pipeline", "site/pipeline.html.j2", _pipeline,
             wanted=lambda data: bool(data.inputs.workspace.candidate_files), paged="entries"),
    SitePage("invoices.html", "site_invoices", "site/invoices.html.j2", _invoices,
             money_only=True, wanted=lambda data: bool(data.inputs.workspace.invoice_files),
             paged="invoices"),
)

PLANNING_PAGE = "planning.html"


def pages_shown(data: SiteData) -> list[SitePage]:
    return [page for page in PAGES
            if (data.inputs.money or not page.money_only) and page.wanted(data)]
