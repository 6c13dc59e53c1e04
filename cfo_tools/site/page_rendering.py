"""Rendering the pages of the site: one sandboxed environment per process, and every page (the
large lists as well as the 20,000 pages of missions) shared among the cores.

The pool works with every start method: ``fork`` (Linux's default) lets the workers inherit the
pages to render; ``spawn`` (the only one on Windows, the default on macOS) starts fresh
interpreters, which receive them pickled once each, and build their own environment from
:class:`RenderSettings` (a Jinja environment does not cross processes).
"""

from __future__ import annotations

import functools
import multiprocessing
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from cfo_tools.documents.planning_page import render_planning_html
from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import (
    TemplateProblem,
    load_messages,
    make_environment,
    render,
)
from cfo_tools.loading.checking_pool import available_cores
from cfo_tools.model.records import Company
from cfo_tools.planning.load import Planning
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.record_pages import freelancer_page, mission_page
from cfo_tools.site.record_views import RecordViews

#: Below this many pages, starting worker processes costs more than it saves.
PARALLEL_PAGES = 2000


def stylesheet() -> str:
    """The site's stylesheet, comments and indentation left out: each page carries it in a
    ``<style>`` element, so that nothing is fetched at all (a browser opening the site from
    ``file://`` refuses scripts such as axe-core reading a stylesheet file)."""
    text = files("cfo_tools.site").joinpath("assets/site.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class RenderSettings:
    """What every page shows and how it is rendered: small, so that it crosses processes."""

    root: Path
    lang: str
    company: Company
    today: date
    money: bool
    limits: RenderLimits | None
    #: (path, key of its title in the messages) of each entry of the navigation.
    navigation: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, inputs: SiteInputs, navigation: Sequence[tuple[str, str]]) -> RenderSettings:
        return cls(inputs.workspace.root, inputs.lang, inputs.company, inputs.today,
                   inputs.money, inputs.limits, tuple(navigation))


class PageRenderer:
    """Renders a page of the site from its template, with what every page shows (the
    navigation, the words, the company, the day)."""

    def __init__(self, settings: RenderSettings) -> None:
        self.settings = settings
        self.words = load_messages(settings.root, settings.lang)
        self.navigation = [(path, self.words[title]) for path, title in settings.navigation]
        self.env = make_environment(settings.root, lang=settings.lang, html=True,
                                    currency=settings.company.currency, limits=settings.limits)
        # One build: no template changes under it, and a page of 20,000 shows the same days
        # again and again (Babel formats each in tens of microseconds).
        self.env.auto_reload = False
        self.env.filters["date"] = functools.lru_cache(maxsize=8192)(self.env.filters["date"])
        self.stylesheet = stylesheet()

    def page(self, path: str, template: str, title: str, own: dict[str, Any], *,
             section: str | None = None) -> bytes:
        """Page ``path`` (relative to the site's root); ``section`` is the navigation entry
        it belongs to, when it is not one itself."""
        settings = self.settings
        current = section or path
        context = {"t": self.words, "company": settings.company, "today": settings.today,
                   "money": settings.money, "root": "../" * path.count("/"),
                   "title": title, "stylesheet": self.stylesheet,
                   "nav": [(href, label, href == current) for href, label in self.navigation],
                   "mission_page": mission_page, "freelancer_page": freelancer_page, **own}
        return render(self.env, template, context, document=path,
                      data_files=(settings.company.file,)).encode("utf-8")


#: A page to render: a module-level function with its arguments bound (so that it pickles),
#: called with the process's renderer.
PageJob = Callable[[PageRenderer], bytes]


def template_page(path: str, template: str, title: str, own: dict[str, Any],
                  section: str | None, renderer: PageRenderer) -> bytes:
    return renderer.page(path, template, title, own, section=section)


def planning_page(path: str, planning: Planning, renderer: PageRenderer) -> bytes:
    settings = renderer.settings
    return render_planning_html(
        planning, settings.company, workspace=settings.root, lang=settings.lang,
        today=settings.today, limits=settings.limits,
        navigation=[(href, label, href == path) for href, label in renderer.navigation],
    ).encode("utf-8")


def record_jobs(records: RecordViews) -> list[tuple[str, PageJob]]:
    """The page of every mission and every freelancer."""
    jobs: list[tuple[str, PageJob]] = []
    for view in records.missions:
        path = mission_page(view.mission.id)
        jobs.append((path, functools.partial(template_page, path, "site/mission.html.j2",
                                             view.mission.title, {"view": view},
                                             "missions/index.html")))
    for person in records.freelancers:
        path = freelancer_page(person.freelancer.id)
        jobs.append((path, functools.partial(template_page, path, "site/freelancer.html.j2",
                                             person.freelancer.name, {"view": person},
                                             "freelancers/index.html")))
    return jobs


#: The process's renderer and the build's pages, in a worker: inherited from the parent under
#: ``fork``, received by :func:`_start_worker` under ``spawn``.
_WORKER: list[tuple[PageRenderer, Sequence[PageJob]]] = []
#: A page, or the template problem that stopped it (file, line, message).
_Result = bytes | tuple[str, int | None, str]


def render_pages(settings: RenderSettings, jobs: Sequence[tuple[str, PageJob]], *,
                 alone: int = 0, workers: int | None = None, start_method: str | None = None
                 ) -> dict[str, bytes]:
    """Every page of ``jobs``, on every core when there are enough of them to pay for it.
    The first ``alone`` jobs (the largest pages) go first, each to a worker of its own.
    ``start_method`` is multiprocessing's (default: ``fork`` where the system has it, else
    ``spawn``)."""
    workers = available_cores() if workers is None else workers
    tasks = [job for _, job in jobs]
    if len(tasks) < PARALLEL_PAGES or workers < 2:
        renderer = PageRenderer(settings)
        results: list[_Result] = [_render(renderer, job) for job in tasks]
    else:
        method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                                  else "spawn")
        size = max(16, len(tasks) // (workers * 8))
        alone = min(len(tasks), alone)
        batches = [range(i, i + 1) for i in range(alone)]
        batches += [range(i, min(i + size, len(tasks))) for i in range(alone, len(tasks), size)]
        with multiprocessing.get_context(method).Pool(
                workers, initializer=_start_worker, initargs=(settings, tasks)) as pool:
            results = [result for batch in pool.map(_render_batch, batches, chunksize=1)
                       for result in batch]
    pages = {}
    for (path, _), result in zip(jobs, results, strict=True):
        if isinstance(result, tuple):
            raise TemplateProblem(*result)
        pages[path] = result
    return pages


def _start_worker(settings: RenderSettings, tasks: Sequence[PageJob]) -> None:
    _WORKER[:] = [(PageRenderer(settings), tasks)]


def _render_batch(batch: range) -> list[_Result]:
    renderer, tasks = _WORKER[0]
    return [_render(renderer, tasks[index]) for index in batch]


def _render(renderer: PageRenderer, job: PageJob) -> _Result:
    try:
        return job(renderer)
    except TemplateProblem as problem:
        return (problem.file, problem.line, problem.message)
