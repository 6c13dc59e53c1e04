"""Rendering the pages of the site: one sandboxed environment for the whole build, and the
pages of records (20,000 missions) shared among the cores where the system can fork."""

from __future__ import annotations

import functools
import multiprocessing
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from cfo_tools.documents.templating import (
    TemplateProblem,
    load_messages,
    make_environment,
    render,
)
from cfo_tools.loading.checking_pool import available_cores
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.record_pages import freelancer_page, mission_page
from cfo_tools.site.record_views import RecordViews

#: Below this many pages of records, starting worker processes costs more than it saves.
PARALLEL_PAGES = 2000


def stylesheet() -> str:
    """The site's stylesheet, comments and indentation left out: each page carries it in a
    ``<style>`` element, so that nothing is fetched at all (a browser opening the site from
    ``file://`` refuses scripts such as axe-core reading a stylesheet file)."""
    text = files("cfo_tools.site").joinpath("assets/site.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class PageRenderer:
    """Renders a page of the site from its template, with what every page shows (the
    navigation, the words, the company, the day)."""

    def __init__(self, inputs: SiteInputs, navigation: Sequence[tuple[str, str]]) -> None:
        self.inputs = inputs
        self.words = load_messages(inputs.workspace.root, inputs.lang)
        self.navigation = [(path, self.words[title]) for path, title in navigation]
        self.env = make_environment(inputs.workspace.root, lang=inputs.lang, html=True,
                                    currency=inputs.company.currency, limits=inputs.limits)
        # One build: no template changes under it, and a page of 20,000 shows the same days
        # again and again (Babel formats each in tens of microseconds).
        self.env.auto_reload = False
        self.env.filters["date"] = functools.lru_cache(maxsize=8192)(self.env.filters["date"])
        self.stylesheet = stylesheet()

    def page(self, path: str, template: str, title: str, own: dict[str, Any], *,
             section: str | None = None) -> bytes:
        """Page ``path`` (relative to the site's root); ``section`` is the navigation entry
        it belongs to, when it is not one itself."""
        current = section or path
        context = {"t": self.words, "company": self.inputs.company, "today": self.inputs.today,
                   "money": self.inputs.money, "root": "../" * path.count("/"),
                   "title": title, "stylesheet": self.stylesheet,
                   "nav": [(href, label, href == current) for href, label in self.navigation],
                   "mission_page": mission_page, "freelancer_page": freelancer_page, **own}
        return render(self.env, template, context, document=path,
                      data_files=(self.inputs.company.file,)).encode("utf-8")


@dataclass(frozen=True)
class _Job:
    renderer: PageRenderer
    records: RecordViews


#: The build a forked worker inherits from its parent.
_JOB: _Job | None = None
#: A record page: ("mission" or "freelancer", index in the record views).
_Task = tuple[str, int]
#: A page, or the template problem that stopped it (an exception would not cross processes).
_Result = tuple[str, bytes | tuple[str, int | None, str]]


def record_pages(renderer: PageRenderer, records: RecordViews) -> dict[str, bytes]:
    """The page of every mission and every freelancer."""
    global _JOB
    tasks: list[_Task] = [("mission", i) for i in range(len(records.missions))]
    tasks += [("freelancer", i) for i in range(len(records.freelancers))]
    job = _Job(renderer, records)
    jobs = available_cores()
    if (len(tasks) < PARALLEL_PAGES or jobs < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        results = [_render(job, task) for task in tasks]
    else:
        _JOB = job
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_render_in_worker, tasks,
                                   chunksize=max(16, len(tasks) // (jobs * 8)))
        finally:
            _JOB = None
    pages = {}
    for path, result in results:
        if isinstance(result, tuple):
            raise TemplateProblem(*result)
        pages[path] = result
    return pages


def _render_in_worker(task: _Task) -> _Result:
    assert _JOB is not None
    return _render(_JOB, task)


def _render(job: _Job, task: _Task) -> _Result:
    kind, index = task
    try:
        if kind == "mission":
            view = job.records.missions[index]
            path = mission_page(view.mission.id)
            return path, job.renderer.page(path, "site/mission.html.j2", view.mission.title,
                                           {"view": view}, section="missions/index.html")
        person = job.records.freelancers[index]
        path = freelancer_page(person.freelancer.id)
        return path, job.renderer.page(path, "site/freelancer.html.j2", person.freelancer.name,
                                       {"view": person}, section="freelancers/index.html")
    except TemplateProblem as problem:
        return "", (problem.file, problem.line, problem.message)
