"""Documents for people: mission briefs, onboarding packs, and everything at once for CI.

Each function returns text or a mapping of relative file names to bytes; writing them is the
caller's business. Output names come only from validated ids.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from cfo_tools.documents.context import (
    admin_context,
    company_context,
    freelancer_missions,
    mission_context,
)
from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import load_messages, make_environment, render
from cfo_tools.model import statuses
from cfo_tools.model.records import Workspace
from cfo_tools.planning.calendar_export import build_calendar
from cfo_tools.planning.working_calendar import WorkingCalendar

FORMATS = {"md": "md", "html": "html"}


class UnknownName(ValueError):
    """A mission or freelancer id that the workspace does not have."""


@dataclass
class DocumentMaker:
    """Renders the workspace's documents in one language."""

    workspace: Workspace
    calendar: WorkingCalendar
    lang: str
    today: date
    #: Time and size limits of each document (defaults: 10 s, 10 MiB).
    limits: RenderLimits = field(default_factory=RenderLimits)
    _environments: dict[str, Any] = field(default_factory=dict, init=False)

    # Both are the same for every document of a run: built once.
    @cached_property
    def company(self) -> dict[str, Any]:
        assert self.workspace.company is not None
        return company_context(self.workspace.company, self.lang)

    @cached_property
    def messages(self) -> dict[str, str]:
        return load_messages(self.workspace.root, self.lang)

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
            raise UnknownName(f"no mission '{mission_id}' in missions/")
        freelancer = None
        if freelancer_id is not None:
            freelancer = self.workspace.freelancers.get(freelancer_id)
            if freelancer is None:
                raise UnknownName(f"no freelancer '{freelancer_id}' in roster/")
            if not mission.assignments_of(freelancer_id):
                raise UnknownName(f"{freelancer_id} has no assignment on {mission_id}")
        context = mission_context(mission, self.workspace, self.calendar, freelancer)
        name = f"the brief of {mission_id}" + (f" for {freelancer_id}" if freelancer_id else "")
        files = (freelancer.file, mission.file) if freelancer else (mission.file,)
        return self.render("brief", fmt, document_name=name, data_files=files,
                           mission=context)

    # -- corrections and acceptance --------------------------------------------------------
    def deliverable_letter(self, kind: str, mission_id: str, deliverable_id: str, *,
                           fmt: str = "md", new_due: date | None = None,
                           freelancer_id: str | None = None) -> str:
        """``kind`` is "request-changes" (quotes the feedback, gives ``new_due``) or
        "acceptance". The deliverable's status in the mission file must already say so."""
        mission = self.workspace.missions.get(mission_id)
        if mission is None:
            raise UnknownName(f"no mission '{mission_id}' in missions/")
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
        people = list(dict.fromkeys(a.freelancer for a in mission.assignments))
        if freelancer_id is not None:
            if freelancer_id not in people:
                raise UnknownName(f"{freelancer_id} has no assignment on {mission_id}")
            people = [freelancer_id]
        recipients = [self.workspace.freelancers[p].name for p in people
                      if p in self.workspace.freelancers]
        context = mission_context(mission, self.workspace, self.calendar)
        return self.render(kind, fmt, mission=context, recipients=recipients,
                           document_name=f"the {kind} letter for {deliverable_id} of "
                                         f"{mission_id}",
                           data_files=(mission.file,),
                           deliverable={"id": deliverable.id, "title": deliverable.title,
                                        "due": deliverable.due,
                                        "feedback": deliverable.feedback or ""},
                           new_due=new_due)

    # -- onboarding ------------------------------------------------------------------------
    def onboarding_pack(self, freelancer_id: str, *, missions: tuple[str, ...] = (),
                        fmt: str = "html") -> dict[str, bytes]:
        freelancer = self.workspace.freelancers.get(freelancer_id)
        if freelancer is None:
            raise UnknownName(f"no freelancer '{freelancer_id}' in roster/")
        for mission_id in missions:
            if mission_id not in self.workspace.missions:
                raise UnknownName(f"no mission '{mission_id}' in missions/")
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
        mission_list = [mission_context(m, self.workspace, self.calendar) for m in chosen]
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
        encoded = {name: text.encode("utf-8") for name, text in files.items()}
        encoded["missions.ics"] = _calendar_of(self.workspace, freelancer_id, chosen,
                                               self.today)
        return dict(sorted(encoded.items()))

    # -- everything ------------------------------------------------------------------------
    def build(self) -> dict[str, bytes]:
        """A brief per active mission (general, then one per assigned freelancer), every
        activity report, in both formats, and an index."""
        t = self.messages
        files: dict[str, str] = {}
        listing: dict[str, list[dict[str, str]]] = {"md": [], "html": []}
        for mission_id in sorted(self.workspace.missions):
            mission = self.workspace.missions[mission_id]
            if mission.status not in statuses.ACTIVE:
                continue
            people = list(dict.fromkeys(a.freelancer for a in mission.assignments
                                        if a.freelancer in self.workspace.freelancers))
            for fmt in FORMATS:
                name = f"missions/{mission_id}/brief.{fmt}"
                files[name] = self.brief(mission_id, fmt=fmt)
                listing[fmt].append({"file": name,
                                     "title": f"{mission.title} — {t['general_brief']}"})
                for person in people:
                    name = f"missions/{mission_id}/{person}.{fmt}"
                    files[name] = self.brief(mission_id, freelancer_id=person, fmt=fmt)
                    who = self.workspace.freelancers[person].name
                    listing[fmt].append({"file": name, "title": f"{mission.title} — {who}"})
        self._build_activity(files, listing)
        for fmt in FORMATS:
            files[f"index.{fmt}"] = self.render("index", fmt, document_name="the build index",
                                                title=t["build_title"],
                                                intro=t["build_intro"], documents=listing[fmt])
        return {name: text.encode("utf-8") for name, text in sorted(files.items())}


    def _build_activity(self, files: dict[str, str],
                        listing: dict[str, list[dict[str, str]]]) -> None:
        """Every activity report of a known freelancer, as a document to sign."""
        from cfo_tools.documents.activity_sheet import render_activity_report

        for report_id in sorted(self.workspace.activity):
            report = self.workspace.activity[report_id]
            freelancer = self.workspace.freelancers.get(report.freelancer)
            if freelancer is None:
                continue
            for fmt in FORMATS:
                name = f"activity/{report_id}.{fmt}"
                files[name] = render_activity_report(self, report.freelancer, report.month, fmt)
                listing[fmt].append({"file": name, "title": f"{self.messages['activity_title']}"
                                                            f" {report.month} — {freelancer.name}"})


def _calendar_of(workspace: Workspace, freelancer_id: str, missions: list[Any],
                 today: date) -> bytes:
    if not missions:
        return build_calendar(workspace, today=today, freelancer=freelancer_id)
    chosen = {m.id for m in missions}
    subset = Workspace(root=workspace.root, company=workspace.company,
                       freelancers=workspace.freelancers,
                       missions={k: v for k, v in workspace.missions.items() if k in chosen})
    return build_calendar(workspace=subset, today=today, freelancer=freelancer_id)


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
