"""``cfo site``'s core: the whole site as ``{relative path: bytes}``, the same bytes for the
same workspace, day and options."""

from __future__ import annotations

import functools

from cfo_tools.documents.output_files import SITE_MARKER
from cfo_tools.documents.templating import load_messages
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import api
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_rendering import (
    PageJob,
    RenderSettings,
    planning_page,
    record_jobs,
    render_pages,
    template_page,
)
from cfo_tools.site.pages import PLANNING_PAGE, SiteData, SitePage, pages_shown

#: A file every build holds, by which ``cfo site`` knows a folder it may replace.
MARKER = SITE_MARKER


def build_site(inputs: SiteInputs) -> dict[str, bytes]:
    data = SiteData(inputs)
    built: dict[str, bytes] = {MARKER: b"Built by cfo site; replaced whole by the next build.\n"}
    shown = pages_shown(data)
    words = load_messages(inputs.workspace.root, inputs.lang)
    # The lists first: megabytes each for a large workspace, each rendered on its own.
    jobs: list[tuple[str, PageJob]] = [
        (entry.path,
         functools.partial(planning_page, entry.path, data.planning)
         if entry.path == PLANNING_PAGE else
         functools.partial(template_page, entry.path, entry.template, words[entry.title],
                           entry.context(data), None))
        for entry in shown]
    jobs += record_jobs(data.records)
    settings = RenderSettings.of(inputs, [(entry.path, entry.title) for entry in shown])
    built.update(render_pages(settings, jobs, alone=len(shown)))
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
