"""Documents for people: mission briefs, onboarding packs, and everything at once for CI.

Each function returns text or a mapping of relative file names to bytes; writing them is the
caller's business. Output names come only from validated ids.
"""

from __future__ import annotations

import functools
import gc
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from cfo_tools.documents.build_index import IndexEntry, index_pages
from cfo_tools.documents.context import (
    admin_context,
    company_context,
    freelancer_missions,
    mission_context,
    orders_context,
)
from cfo_tools.documents.paper import (
    PaperRefused,
    contract_context,
    order_context,
    orders_of,
)
from cfo_tools.documents.render_keys import render_key, settings_digest
from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.rendered_store import RenderedStore
from cfo_tools.documents.skipped_documents import Skipped
from cfo_tools.documents.templating import (
    LANGUAGES,
    load_messages,
    make_environment,
    render,
)
from cfo_tools.model import statuses
from cfo_tools.model.close_names import no_such
from cfo_tools.model.records import Company, Freelancer, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar

FORMATS = {"md": "md", "html": "html"}


class UnknownName(ValueError):
    """A mission or freelancer id that the workspace does not have."""


def language_for(company: Company, freelancer: Freelancer | None,
                 asked: str | None = None) -> tuple[str, str | None]:
    """The language of a document addressed to ``freelancer`` (or to nobody), and a warning
    when the freelancer does not list it among their ``languages``.

    The language ``asked`` for wins; else the freelancer's first language the templates
    speak; else the company's locale."""
    spoken = list(freelancer.languages) if freelancer is not None else []
    lang = asked or next((s for s in spoken if s in LANGUAGES), company.locale)
    warning = None
    if freelancer is not None and spoken and lang not in spoken:
        warning = (f"{freelancer.name} does not list '{lang}' among their languages "
                   f"({', '.join(spoken)}); the document is in '{lang}' all the same")
    return lang, warning


@dataclass
class DocumentMaker:
    """Renders the workspace's documents in one language."""

    workspace: Workspace
    calendar: WorkingCalendar
    lang: str
    today: date
    #: Time and size limits of each document (defaults: 10 s, 10 MiB).
    limits: RenderLimits = field(default_factory=RenderLimits)
    #: The language asked for (--lang), which every document of :meth:`build` then uses;
    #: without it, a brief addressed to a freelancer is in their own language.
    asked_lang: str | None = None
    #: What :meth:`build` could not write, and why.
    skipped: list[Skipped] = field(default_factory=list, init=False)
    #: The same, to tell a reason already given at once (tens of thousands on a large build:
    #: a search of the list each time was quadratic, most of a build's time).
    _skipped_seen: set[Skipped] = field(default_factory=set, init=False)
    #: With them, :meth:`build` keys each document and does not render again those whose
    #: key is the one of the last build (their file is right).
    keys: BuildKeys | None = None
    #: The company's calendar with its holidays named in a language (the cache's kept
    #: holidays, through ``cli.workspace_loading.LoadedWorkspace.calendar_in``); without it,
    #: from the ``holidays`` package.
    calendars: Callable[[str], WorkingCalendar] | None = None
    #: The key of every document :meth:`build` keyed, by file (rendered or kept).
    document_keys: dict[str, bytes] = field(default_factory=dict, init=False)
    #: The documents :meth:`build` did not render: the last build's file is right.
    kept: list[str] = field(default_factory=list, init=False)
    #: How many documents :meth:`build` took from the cache's store instead of rendering.
    fetched: int = field(default=0, init=False)
    #: The document being rendered by :meth:`_made`, and its key once known.
    _keyed: _KeyedDocument | None = field(default=None, init=False)
    _environments: dict[str, Any] = field(default_factory=dict, init=False)
    _in_languages: dict[str, DocumentMaker] = field(default_factory=dict, init=False)

    # Both are the same for every document of a run: built once.
    @cached_property
    def company(self) -> dict[str, Any]:
        assert self.workspace.company is not None
        return company_context(self.workspace.company, self.lang)

    @cached_property
    def messages(self) -> dict[str, str]:
        return load_messages(self.workspace.root, self.lang)

    @cached_property
    def _settings(self) -> bytes:
        """What every document of this maker is rendered with, besides its own context
        (:func:`render_keys.settings_digest`: the tool, the libraries, the templates)."""
        assert self.keys is not None and self.workspace.company is not None
        return settings_digest(self.keys.templates, self.lang, self.today, self.company,
                               self.messages, self.workspace.company.currency, self.limits,
                               self.workspace.company.file)

    def _made(self, done: RenderedTask, maker: DocumentMaker, path: str,
              make: Callable[[], str]) -> None:
        """The file ``path`` of a build, rendered by ``make`` (with ``maker``), into
        ``done``: with :attr:`keys`, its key noted, and not rendered at all when the key is
        the one of the last build (its file is right: kept)."""
        if self.keys is None:
            done.add(path, make())
            return
        maker._keyed = keyed = _KeyedDocument(path)
        try:
            text: str | None = make()
        except _Unchanged:
            text = None
        finally:
            maker._keyed = None
        done.add(path, text, keyed.key)
        store = self.keys.store
        if keyed.fetched:
            done.fetched += 1
        elif text is not None and keyed.key is not None and store is not None:
            done.packed[keyed.key] = store.pack(text.encode("utf-8"))

    def render(self, template: str, fmt: str, *, document_name: str,
               data_files: tuple[str, ...] = (), **context: Any) -> str:
        """Render ``template`` in ``fmt``; ``document_name`` and ``data_files`` (the records
        the document shows, company.yaml last) name what failed in a template error."""
        assert self.workspace.company is not None
        if fmt not in self._environments:
            # One environment per format, so each template is compiled once.
            self._environments[fmt] = make_environment(
                self.workspace.root, lang=self.lang, html=fmt == "html",
                currency=self.workspace.company.currency, limits=self.limits)
        env = self._environments[fmt]
        keyed = self._keyed
        if keyed is not None and self.keys is not None:
            # What every document shares is in the settings; the rest is the document's own.
            keyed.key = render_key(self._settings, (template, fmt, document_name, data_files,
                                                    context))
            if keyed.key is not None and self.keys.earlier.get(keyed.path) == keyed.key:
                raise _Unchanged
            kept = None if keyed.key is None or self.keys.store is None \
                else self.keys.store.page(keyed.key)
            if kept is not None:
                try:
                    text = kept.decode("utf-8")
                except UnicodeDecodeError:
                    pass  # not what a render made: rendered again
                else:
                    keyed.fetched = True
                    return text
        base = {"t": self.messages, "company": self.company, "today": self.today,
                "lang": self.lang, "ext": fmt}
        return render(env, f"{template}.{fmt}.j2", {**base, **context},
                      document=f"{document_name} ({fmt})",
                      data_files=(*data_files, self.workspace.company.file))

    # -- briefs ----------------------------------------------------------------------------
    def brief(self, mission_id: str, *, freelancer_id: str | None = None,
              fmt: str = "md") -> str:
        mission = self.workspace.missions.get(mission_id)
        if mission is None:
            raise UnknownName(
                no_such("mission", mission_id, "missions/", self.workspace.mission_files))
        freelancer = None
        if freelancer_id is not None:
            freelancer = self.workspace.freelancers.get(freelancer_id)
            if freelancer is None:
                raise UnknownName(no_such("freelancer", freelancer_id, "roster/",
                                          self.workspace.freelancer_files))
            if not mission.assignments_of(freelancer_id):
                raise UnknownName(f"{freelancer_id} has no assignment on {mission_id}")
        context = mission_context(mission, self.workspace, self.calendar, freelancer,
                                  lang=self.lang)
        name = f"the brief of {mission_id}" + (f" for {freelancer_id}" if freelancer_id else "")
        files = (freelancer.file, mission.file) if freelancer else (mission.file,)
        return self.render("brief", fmt, document_name=name, data_files=files,
                           mission=context)

    # -- contracts and purchase orders ------------------------------------------------------
    def contract(self, mission_id: str, freelancer_id: str, *, fmt: str = "md",
                 with_rights: bool = True) -> str:
        """The draft contract of services; :class:`PaperRefused` when the data lacks what it
        needs (legal identities, rights, lawful payment terms)."""
        context = contract_context(self.workspace, self.calendar, mission_id, freelancer_id,
                                   lang=self.lang, with_rights=with_rights)
        files = (self.workspace.freelancers[freelancer_id].file,
                 self.workspace.missions[mission_id].file)
        return self.render("contract", fmt, document_name=f"the contract of {freelancer_id} "
                           f"on {mission_id}", data_files=files, **context)

    def purchase_order(self, mission_id: str, freelancer_id: str, *, fmt: str = "md",
                       number: str | None = None) -> str:
        """The purchase order of the freelancer's assignment (the one numbered ``number``)."""
        context = order_context(self.workspace, self.calendar, mission_id, freelancer_id,
                                lang=self.lang, number=number)
        files = (self.workspace.freelancers[freelancer_id].file,
                 self.workspace.missions[mission_id].file)
        return self.render("order", fmt, document_name=f"the purchase order of "
                           f"{freelancer_id} on {mission_id}", data_files=files, **context)

    def _paper(self, mission_id: str, person: str, fmt: str, done: RenderedTask) -> None:
        """The contract and purchase orders of ``person`` on the mission that can be written,
        for :meth:`build`, into ``done``; the others are named in :attr:`skipped`."""
        try:
            self._made(done, self, f"missions/{mission_id}/contract-{person}.{fmt}",
                       lambda: self.contract(mission_id, person, fmt=fmt))
        except PaperRefused as exc:
            self._skip(Skipped("contract", f"the contract of {person} on {mission_id}", fmt,
                               str(exc), exc.missing))
        mission = self.workspace.missions[mission_id]
        for index, assignment in enumerate(orders_of(mission, person), start=1):
            order = assignment.order
            assert order is not None
            suffix = "" if index == 1 else f"-{index}"
            try:
                self._made(done, self, f"missions/{mission_id}/order-{person}{suffix}.{fmt}",
                           functools.partial(self.purchase_order, mission_id, person,
                                             fmt=fmt, number=order.number))
            except PaperRefused as exc:
                self._skip(Skipped("purchase order",
                                   f"the purchase order of {person} on {mission_id}", fmt,
                                   str(exc), exc.missing))

    def _skip(self, reason: Skipped) -> None:
        if reason not in self._skipped_seen:
            self._skipped_seen.add(reason)
            self.skipped.append(reason)

    # -- corrections and acceptance --------------------------------------------------------
    def deliverable_letter(self, kind: str, mission_id: str, deliverable_id: str, *,
                           fmt: str = "md", new_due: date | None = None,
                           freelancer_id: str | None = None,
                           allow_earlier: bool = False) -> str:
        """``kind`` is "request-changes" (quotes the feedback, gives ``new_due``) or
        "acceptance". The deliverable's status in the mission file must already say so.
        A ``new_due`` before the original due date or before today is refused unless
        ``allow_earlier``: corrections give more time, and a date past is a typing slip."""
        mission = self.workspace.missions.get(mission_id)
        if mission is None:
            raise UnknownName(
                no_such("mission", mission_id, "missions/", self.workspace.mission_files))
        deliverable = next((d for d in mission.deliverables if d.id == deliverable_id), None)
        if deliverable is None:
            known = ", ".join(d.id for d in mission.deliverables) or "none"
            raise UnknownName(f"no deliverable '{deliverable_id}' in {mission_id} "
                              f"(deliverables: {known})")
        wanted = (statuses.CHANGES_REQUESTED if kind == "request-changes"
                  else statuses.ACCEPTED)
        if deliverable.status != wanted:
            raise UnknownName(
                f"deliverable '{deliverable_id}' is {deliverable.status}; set its status to "
                f"{wanted} in {mission.file} first, so that the letter and the data agree")
        if kind == "request-changes" and not deliverable.feedback:
            raise UnknownName(f"deliverable '{deliverable_id}' has no feedback to quote; "
                              f"write it under 'feedback:' in {mission.file}")
        if kind == "request-changes" and new_due is not None and not allow_earlier:
            refusal = earlier_due_refusal(new_due, deliverable.due, self.today)
            if refusal is not None:
                raise UnknownName(refusal)
        people = list(dict.fromkeys(a.freelancer for a in mission.assignments))
        if freelancer_id is not None:
            if freelancer_id not in people:
                raise UnknownName(f"{freelancer_id} has no assignment on {mission_id}")
            people = [freelancer_id]
        recipients = [self.workspace.freelancers[p].name for p in people
                      if p in self.workspace.freelancers]
        # Addressed to one freelancer (asked for, or the only one assigned), the letter opens
        # with their part of the mission and names their purchase orders.
        addressee = (self.workspace.freelancers.get(people[0])
                     if len(people) == 1 else None)
        context = mission_context(mission, self.workspace, self.calendar, addressee,
                                  lang=self.lang)
        files = (addressee.file, mission.file) if addressee else (mission.file,)
        return self.render(kind, fmt, mission=context, recipients=recipients,
                           document_name=f"the {kind} letter for {deliverable_id} of "
                                         f"{mission_id}",
                           data_files=files,
                           deliverable={"id": deliverable.id, "title": deliverable.title,
                                        "due": deliverable.due,
                                        "feedback": deliverable.feedback or ""},
                           new_due=new_due,
                           orders=(orders_context(mission, addressee, self.calendar)
                                   if addressee is not None else []))

    # -- onboarding ------------------------------------------------------------------------
    def onboarding_pack(self, freelancer_id: str, *, missions: tuple[str, ...] = (),
                        fmt: str = "html") -> dict[str, bytes]:
        freelancer = self.workspace.freelancers.get(freelancer_id)
        if freelancer is None:
            raise UnknownName(
                no_such("freelancer", freelancer_id, "roster/", self.workspace.freelancer_files))
        for mission_id in missions:
            if mission_id not in self.workspace.missions:
                raise UnknownName(
                    no_such("mission", mission_id, "missions/", self.workspace.mission_files))
        chosen = freelancer_missions(self.workspace, freelancer, self.today, missions)
        t = self.messages
        documents = [
            {"file": f"welcome.{fmt}", "title": t["welcome_title"]},
            {"file": f"company-guide.{fmt}", "title": t["guide_title"]},
        ]
        briefs = []
        for mission in chosen:
            assigned = bool(mission.assignments_of(freelancer_id))
            text = self.brief(mission.id, freelancer_id=freelancer_id if assigned else None,
                              fmt=fmt)
            name = f"brief-{mission.id}.{fmt}"
            briefs.append((name, text))
            documents.append({"file": name, "title": f"{t['brief_title']} — {mission.title}"})
        documents += [
            {"file": f"tools.{fmt}", "title": t["tools_title"]},
            {"file": f"admin.{fmt}", "title": t["admin_title"]},
            {"file": "missions.ics", "title": t["calendar_file"]},
        ]
        person = {"name": freelancer.name}
        mission_list = [mission_context(m, self.workspace, self.calendar,
                                        freelancer if m.assignments_of(freelancer_id) else None,
                                        lang=self.lang)
                        for m in chosen]
        company = self.workspace.company
        assert company is not None
        pack = f"the onboarding pack of {freelancer_id}"
        own = (freelancer.file,)
        files = {
            f"index.{fmt}": self.render(
                "index", fmt, document_name=f"{pack}: index", data_files=own,
                title=f"{t['onboarding_title']} — {freelancer.name}",
                intro=t["index_intro"], documents=documents),
            f"welcome.{fmt}": self.render("welcome", fmt, document_name=f"{pack}: welcome",
                                          data_files=own, freelancer=person,
                                          missions=mission_list, documents=documents),
            f"company-guide.{fmt}": self.render("company-guide", fmt,
                                                document_name=f"{pack}: company guide"),
            f"tools.{fmt}": self.render("tools", fmt, document_name=f"{pack}: tools"),
            f"admin.{fmt}": self.render(
                "admin", fmt, document_name=f"{pack}: administrative checklist",
                data_files=own, freelancer=person,
                admin=admin_context(freelancer, chosen, company, self.calendar, self.today)),
            **dict(briefs),
        }
        # Imported here: icalendar costs 0.1-0.2 s to import, and only the packs need it.
        from cfo_tools.planning.calendar_export import onboarding_calendar

        encoded = {name: text.encode("utf-8") for name, text in files.items()}
        encoded["missions.ics"] = onboarding_calendar(
            self.workspace, today=self.today, freelancer=freelancer_id,
            missions=[m.id for m in chosen], words=t, lang=self.lang)
        return dict(sorted(encoded.items()))

    # -- everything ------------------------------------------------------------------------
    def build(self, *, jobs: int | None = None, start_method: str | None = None,
              on_files: Callable[[dict[str, bytes]], None] | None = None
              ) -> dict[str, bytes]:
        """A brief per active mission (general, then one per assigned freelancer), every
        activity report, in both formats, and an index.

        The documents are rendered on every core when there are enough of them (in chunks:
        the bytes are those of rendering them here, one after the other). With ``on_files``,
        they are handed to it a chunk at a time as the chunks are done (in no set order), the
        index last, and the result is empty: 300,000 documents of a large workspace are
        written as they come instead of being held whole."""
        from cfo_tools.loading.work_pool import available_cores, chunks_as_done, split

        t = self.messages
        missions = self._build_missions()
        tasks: list[RenderTask] = []
        for mission_id, people in missions:
            for fmt in FORMATS:
                tasks.append(("brief", mission_id, "", fmt))
                for person in people:
                    tasks += [("brief", mission_id, person, fmt),
                              ("paper", mission_id, person, fmt)]
        reports = self._build_reports()
        tasks += [("activity", report_id, "", fmt) for report_id in reports for fmt in FORMATS]
        cores = available_cores() if jobs is None else jobs
        chunks = split(tasks, max(cores * 4, len(tasks) // CHUNK_DOCUMENTS))
        made: dict[str, bytes] = {}
        give = made.update if on_files is None else on_files
        # What each task made (its files' names) or the problem that stopped it, by chunk:
        # the index and the problem reported follow the order of the tasks.
        outlines: list[list[RenderResult]] = [[] for _ in chunks]
        # A template problem stops the build as soon as every chunk before the first one that
        # met a problem is done (a few chunks later, not after 300,000 documents): the problem
        # reported is still the first in the tasks' order, whatever the cores' timing.
        stopped = _FirstProblem(len(chunks))
        for position, results in chunks_as_done(
                render_tasks, self, chunks, jobs=cores, start_method=start_method,
                parallel=len(tasks) >= PARALLEL_DOCUMENTS):
            files: dict[str, bytes] = {}
            for result in results:
                if isinstance(result, RenderedTask):
                    files.update((name, text.encode("utf-8"))
                                 for name, text in result.texts.items())
                    self.document_keys.update(result.keys)
                    self.kept += [name for name in result.files if name not in result.texts]
                    self.fetched += result.fetched
                    # Only the names are needed from now on (the index).
                    result = RenderedTask(result.files, skipped=result.skipped)
                outlines[position].append(result)
            if files:
                give(files)
            stopped.done(position, results)
        rendered = iter([result for outline in outlines for result in outline])

        # The index groups the documents by mission, with its dates, status and people: one
        # entry a mission, with the lines of its documents (``documents``, the flat list).
        entries: dict[str, list[IndexEntry]] = {"md": [], "html": []}
        for mission_id, people in missions:
            mission = self.workspace.missions[mission_id]
            for fmt in FORMATS:
                (name,) = _done(next(rendered), self)
                listing = [{"file": name, "title": f"{mission.title} — {t['general_brief']}"}]
                group: dict[str, Any] = {"title": mission.title, "client": mission.client,
                         "start": mission.start, "end": mission.end,
                         "status": mission.status,
                         "documents": [{"file": name, "title": t["build_mission_general"]}]}
                for person in people:
                    (name,) = _done(next(rendered), self)
                    who = self.workspace.freelancers[person].name
                    brief = f"{who} — {t['build_brief']}"
                    listing.append({"file": name, "title": f"{mission.title} — {brief}"})
                    group["documents"].append({"file": name, "title": brief})
                    for name in _done(next(rendered), self):
                        kind = t["contract_title"] if "/contract-" in name else t["order_title"]
                        listing.append({"file": name,
                                        "title": f"{mission.title} — {who} — {kind}"})
                        group["documents"].append({"file": name, "title": f"{who} — {kind}"})
                entries[fmt].append(IndexEntry(group, listing))
        reports_listing: dict[str, list[dict[str, Any]]] = {"md": [], "html": []}
        for report_id in reports:
            report = self.workspace.activity[report_id]
            freelancer = self.workspace.freelancers[report.freelancer]
            for fmt in FORMATS:
                (name,) = _done(next(rendered), self)
                reports_listing[fmt].append(
                    {"file": name, "title": f"{self.messages['activity_title']}"
                                            f" {report.month} — {freelancer.name}",
                     "month": report.month.first, "freelancer": freelancer.name})
        index = RenderedTask()
        for fmt in FORMATS:
            for page in index_pages(f"index.{fmt}", entries[fmt], reports_listing[fmt]):
                self._made(index, self, page.path, functools.partial(
                    self.render, "index", fmt, document_name=page.document_name,
                    title=t["build_title"], intro=t["build_intro"], **page.context))
        self.document_keys.update(index.keys)
        self.kept += [name for name in index.files if name not in index.texts]
        self.fetched += index.fetched
        if index.packed and self.keys is not None and self.keys.store is not None:
            self.keys.store.put(index.packed)
        if index.texts:
            give({name: text.encode("utf-8") for name, text in index.texts.items()})
        return dict(sorted(made.items()))

    def _build_missions(self) -> list[tuple[str, list[str]]]:
        """The missions :meth:`build` writes, each with its known assigned freelancers."""
        chosen = []
        for mission_id in sorted(self.workspace.missions):
            mission = self.workspace.missions[mission_id]
            if mission.status not in statuses.ACTIVE:
                continue
            chosen.append((mission_id, list(dict.fromkeys(
                a.freelancer for a in mission.assignments
                if a.freelancer in self.workspace.freelancers))))
        return chosen

    def _build_reports(self) -> list[str]:
        """Every activity report of a known freelancer, as a document to sign."""
        return [report_id for report_id in sorted(self.workspace.activity)
                if self.workspace.activity[report_id].freelancer in self.workspace.freelancers]

    def render_task(self, task: RenderTask) -> RenderedTask:
        """The files of one document of :meth:`build`, and what could not be written."""
        kind, subject, person, fmt = task
        done = RenderedTask()
        if kind == "brief":
            maker = self.addressed_to(person) if person else self
            self._made(done, maker, f"missions/{subject}/{person or 'brief'}.{fmt}",
                       lambda: maker.brief(subject, freelancer_id=person or None, fmt=fmt))
        elif kind == "paper":
            before = len(self.skipped)
            self._paper(subject, person, fmt, done)
            done.skipped = self.skipped[before:]
        else:
            from cfo_tools.documents.activity_sheet import render_activity_report

            report = self.workspace.activity[subject]
            self._made(done, self, f"activity/{subject}.{fmt}",
                       lambda: render_activity_report(self, report.freelancer, report.month,
                                                      fmt))
        return done

    def addressed_to(self, freelancer_id: str) -> DocumentMaker:
        """The maker of documents addressed to ``freelancer_id``: in the language asked for,
        else in their own (as ``cfo brief --freelancer`` picks it)."""
        company = self.workspace.company
        assert company is not None
        lang, _ = language_for(company, self.workspace.freelancers.get(freelancer_id),
                               self.asked_lang)
        if lang == self.lang:
            return self
        if lang not in self._in_languages:
            # Holidays are named in the document's language too.
            calendar = (WorkingCalendar.for_company(company, locale=lang)
                        if self.calendars is None else self.calendars(lang))
            self._in_languages[lang] = DocumentMaker(
                self.workspace, calendar, lang, self.today, self.limits, asked_lang=lang,
                keys=self.keys, calendars=self.calendars)
        return self._in_languages[lang]

    def __getstate__(self) -> dict[str, Any]:
        # Sent to spawned workers: the compiled templates are not picklable (each worker
        # compiles its own), and what a run skipped is the run's.
        state = {key: value for key, value in self.__dict__.items()
                 if key not in ("_environments", "_in_languages", "company", "messages",
                                "_settings", "calendars")}
        # The kept holidays' source holds the whole loaded workspace: a worker asks the
        # package instead.
        state["calendars"] = None
        state["_environments"] = {}
        state["_in_languages"] = {}
        state["skipped"] = []
        state["_skipped_seen"] = set()
        state["document_keys"] = {}
        state["kept"] = []
        state["fetched"] = 0
        return state


#: (kind, mission or report id, freelancer id or "", format): one document of a build.
RenderTask = tuple[str, str, str, str]


@dataclass(frozen=True)
class BuildKeys:
    """What lets :meth:`DocumentMaker.build` skip the documents whose inputs did not change:
    the template sources (:func:`render_keys.template_sources`, read once for the run) and
    the key of each file of the last build that is still as it wrote it."""

    templates: object
    earlier: Mapping[str, bytes]
    #: The documents the cache keeps by key (``rendered_store.py``): one whose key it holds
    #: is taken from there instead of rendered (a build into a new folder: CI's), and each
    #: one rendered is kept there by the worker that rendered it.
    store: RenderedStore | None = None


@dataclass
class RenderedTask:
    """The files of a task of a build, in order: each rendered (its text) or kept (the last
    build's file is right), with its key when it has one; and what could not be written."""

    files: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    keys: dict[str, bytes] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    #: How many of :attr:`texts` were taken from the store rather than rendered.
    fetched: int = 0
    #: The documents rendered, as the store keeps them (key -> packed bytes), until the
    #: worker stores them.
    packed: dict[bytes, bytes] = field(default_factory=dict)

    def add(self, path: str, text: str | None, key: bytes | None = None) -> None:
        self.files.append(path)
        if text is not None:
            self.texts[path] = text
        if key is not None:
            self.keys[path] = key


@dataclass
class _KeyedDocument:
    """The file being rendered with keys, and its key once the context is known."""

    path: str
    key: bytes | None = None
    #: Whether the text was taken from the store (:attr:`BuildKeys.store`).
    fetched: bool = False


class _Unchanged(Exception):
    """The document's key is the one of the last build: not rendered."""


#: A rendered task, or the template problem that stopped it (file, line, message).
RenderResult = RenderedTask | tuple[str, int | None, str]

#: Below this many documents, rendering them here costs less than starting worker processes.
PARALLEL_DOCUMENTS = 400
#: Documents rendered per chunk, about (at least four chunks per core): a chunk's documents
#: come back from a worker together, and are held until written.
CHUNK_DOCUMENTS = 256


def render_tasks(maker: DocumentMaker, tasks: Sequence[RenderTask]) -> list[RenderResult]:
    """Render ``tasks`` in order (in a worker process, or here); a template problem ends the
    chunk, returned as data since the exception does not survive pickling."""
    from cfo_tools.documents.templating import TemplateProblem

    results: list[RenderResult] = []
    # The renders make no lasting cycles: the collector would mostly scan the workspace.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for task in tasks:
            try:
                results.append(maker.render_task(task))
            except TemplateProblem as exc:
                results.append((exc.file, exc.line, exc.message))
                break
    finally:
        if collecting:
            gc.enable()
    # What this worker rendered goes to the store from here, in one transaction, not back
    # to the command to be stored there.
    made: dict[bytes, bytes] = {}
    for result in results:
        if isinstance(result, RenderedTask):
            made.update(result.packed)
            result.packed = {}
    if made and maker.keys is not None and maker.keys.store is not None:
        maker.keys.store.put(made)
    return results


class _FirstProblem:
    """Which chunks of a build are done, and the first (in the tasks' order) that met a
    template problem: raised once every chunk before it is done."""

    def __init__(self, chunks: int) -> None:
        self._waiting = set(range(chunks))
        self._problem: tuple[int, tuple[str, int | None, str]] | None = None

    def done(self, position: int, results: list[RenderResult]) -> None:
        from cfo_tools.documents.templating import TemplateProblem

        self._waiting.discard(position)
        last = results[-1] if results else None
        if isinstance(last, tuple) and (self._problem is None or position < self._problem[0]):
            self._problem = position, last
        if self._problem is None:
            return
        first, (file, line, message) = self._problem
        if min(self._waiting, default=first + 1) > first:
            raise TemplateProblem(file, line, message)


def _done(result: RenderResult, maker: DocumentMaker) -> list[str]:
    """The names of a rendered task's files, its skipped documents noted; a problem raised
    again."""
    from cfo_tools.documents.templating import TemplateProblem

    if isinstance(result, tuple):
        file, line, message = result
        raise TemplateProblem(file, line, message)
    for reason in result.skipped:
        maker._skip(reason)
    return result.files


def earlier_due_refusal(new_due: date, original: date, today: date) -> str | None:
    """Why a correction's ``new_due`` is refused, or None when it is after both the original
    due date and today (or on them)."""
    if new_due < original:
        return (f"the new due date {new_due.isoformat()} is before the original one "
                f"({original.isoformat()}): a correction gives more time, not less; give a "
                "later --due, or add --allow-earlier if it is really meant")
    if new_due < today:
        return (f"the new due date {new_due.isoformat()} is already past (today is "
                f"{today.isoformat()}); give a later --due, or add --allow-earlier if it is "
                "really meant")
    return None


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    """A zip of ``files`` under ``folder/``, byte-identical for identical input."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
