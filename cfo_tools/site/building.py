"""``cfo site``'s core: the whole site as ``{relative path: bytes}``, the same bytes for the
same workspace, day and options."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from cfo_tools.documents.output_files import SITE_MARKER
from cfo_tools.documents.planning_page import render_planning_html
from cfo_tools.documents.templating import load_messages, make_environment, render
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import api
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.pages import PLANNING_PAGE, SiteData, SitePage, pages_shown
from cfo_tools.site.record_pages import freelancer_page, mission_page

#: A file every build holds, by which ``cfo site`` knows a folder it may replace.
MARKER = SITE_MARKER
STYLESHEET = "assets/site.css"


def build_site(inputs: SiteInputs) -> dict[str, bytes]:
    data = SiteData(inputs)
    built: dict[str, bytes] = {MARKER: b"Built by cfo site; replaced whole by the next build.\n"}
    built[STYLESHEET] = files("cfo_tools.site").joinpath("assets/site.css").read_bytes()
    env = make_environment(inputs.workspace.root, lang=inputs.lang, html=True,
                           currency=inputs.company.currency, limits=inputs.limits)
    words = load_messages(inputs.workspace.root, inputs.lang)
    shown = pages_shown(data)

    def page(path: str, template: str, title: str, own: dict[str, Any],
             current: str | None = None) -> None:
        root = "../" * path.count("/")
        context = {"t": words, "company": inputs.company, "today": inputs.today,
                   "money": inputs.money, "root": root, "title": title,
                   "nav": [(p.path, words[p.title], p.path == (current or path)) for p in shown],
                   "mission_page": mission_page, "freelancer_page": freelancer_page, **own}
        built[path] = render(env, template, context, document=path,
                             data_files=(inputs.company.file,)).encode("utf-8")

    for entry in shown:
        if entry.path == PLANNING_PAGE:
            built[PLANNING_PAGE] = render_planning_html(
                data.planning, inputs.company, workspace=inputs.workspace.root,
                lang=inputs.lang, today=inputs.today, limits=inputs.limits).encode("utf-8")
        else:
            page(entry.path, entry.template, words[entry.title], entry.context(data))
    for view in data.records.missions:
        page(mission_page(view.mission.id), "site/mission.html.j2", view.mission.title,
             {"view": view}, current="missions/index.html")
    for person in data.records.freelancers:
        page(freelancer_page(person.freelancer.id), "site/freelancer.html.j2",
             person.freelancer.name, {"view": person}, current="freelancers/index.html")
    built.update(_api(data))
    return built


def _api(data: SiteData) -> dict[str, bytes]:
    inputs = data.inputs
    today, money = inputs.today, inputs.money
    documents: dict[str, object] = {
        "freelancers": api.freelancers_document(inputs.workspace, today=today, money=money),
        "missions": api.missions_document(inputs.workspace, today=today, money=money),
        "bookings": api.bookings_document(inputs.workspace, inputs.calendar, today=today,
                                          money=money),
        "availability": api.availability_document(data.planning, today=today),
        "findings": api.findings_document(data.findings, today=today),
        "requests": api.requests_document(data.requests, money=money),
    }
    built = {f"{api.API_FOLDER}/{name}.json": api.json_bytes(document)
             for name, document in documents.items()}
    for name, content in api.schema_files().items():
        built[f"{api.API_FOLDER}/schemas/{name}"] = content
    records = packaged_dir("schemas")
    for name in schema_names():
        path = f"{name}.schema.json"
        built[f"{api.API_FOLDER}/schemas/{path}"] = (records / path).read_bytes()
    return built


__all__ = ["MARKER", "SitePage", "build_site"]
