"""Rendering the pages of the site: one sandboxed environment per process, and every page (the
large lists as well as the 20,000 pages of missions) shared among the cores.

The pool (loading/work_pool.py) works with every start method: ``fork`` (Linux's default) lets
the workers inherit the pages to render; ``spawn`` (the only one on Windows, the default on
macOS) starts fresh interpreters, which receive them pickled once each, and build their own
environment from :class:`RenderSettings` (a Jinja environment does not cross processes).
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from cfo_tools.documents.planning_page import render_planning_html
from cfo_tools.documents.render_keys import template_sources
from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import (
    TemplateProblem,
    WorkspaceTemplateLoader,
    load_messages,
    make_environment,
    render,
)
from cfo_tools.loading.work_pool import available_cores, started_chunks
from cfo_tools.model.records import Company
from cfo_tools.model.vocabulary import label
from cfo_tools.planning.load import Planning
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_keys import PageKeys, settings_digest
from cfo_tools.site.page_store import PageStore, file_key, packed
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
    reviews: bool = True

    @classmethod
    def of(cls, inputs: SiteInputs, navigation: Sequence[tuple[str, str]]) -> RenderSettings:
        return cls(inputs.workspace.root, inputs.lang, inputs.company, inputs.today,
                   inputs.money, inputs.limits, tuple(navigation), inputs.reviews)


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
        vocabulary, lang = settings.company.vocabulary, settings.lang
        # Roles in the company's words (company.yaml's vocabulary), as cfo planning says them.
        self.role_label = lambda role: label("roles", role, lang, vocabulary)

    def page(self, path: str, template: str, title: str, own: dict[str, Any], *,
             section: str | None = None) -> bytes:
        """Page ``path`` (relative to the site's root); ``section`` is the navigation entry
        it belongs to, when it is not one itself."""
        settings = self.settings
        current = section or path
        context = {"t": self.words, "company": settings.company, "today": settings.today,
                   "money": settings.money, "reviews": settings.reviews,
                   "root": "../" * path.count("/"),
                   "title": title, "stylesheet": self.stylesheet,
                   "nav": [(href, label, href == current) for href, label in self.navigation],
                   "mission_page": mission_page, "freelancer_page": freelancer_page,
                   "role_label": self.role_label,
                   "roles_label": lambda roles: ", ".join(map(self.role_label, roles)),
                   # A page of a list split into pages has its place among them
                   # (``list_pages.py``); the others have none.
                   "pager": None, **own}
        return render(self.env, template, context, document=path,
                      data_files=(settings.company.file,)).encode("utf-8")


def settings_key(settings: RenderSettings) -> bytes:
    """The digest of what every page of a build depends on (``page_keys.py``): the settings,
    the words, the stylesheet and every template, the workspace's and the packaged ones (a
    template of the workspace may include any other; a link is taken by what it says, never
    followed)."""
    searchpath = [base for base, _ in WorkspaceTemplateLoader(settings.root).searchpath]
    return settings_digest(settings, load_messages(settings.root, settings.lang), stylesheet(),
                           template_sources(searchpath))


#: A page to render: a module-level function with its arguments bound (so that it pickles),
#: called with the process's renderer; it returns the page, or several files by path (made of
#: the same data, computed once), each maybe keyed (:func:`keyed_file`).
PageJob = Callable[[PageRenderer], "bytes | Mapping[str, bytes | Keyed]"]


def template_page(path: str, template: str, title: str, own: dict[str, Any],
                  section: str | None, renderer: PageRenderer) -> bytes:
    return renderer.page(path, template, title, own, section=section)


def planning_page(path: str, planning: Planning, renderer: PageRenderer, *,
                  pager: object = None, section: str | None = None) -> bytes:
    """The planning page ``path``; ``section`` is the navigation's entry it belongs to (the
    first page's, for a page of a planning split by people: ``pager``) when not itself."""
    settings = renderer.settings
    current = section or path
    return render_planning_html(
        planning, settings.company, workspace=settings.root, lang=settings.lang,
        today=settings.today, limits=settings.limits,
        navigation=[(href, label, href == current) for href, label in renderer.navigation],
        pager=pager,
    ).encode("utf-8")


@dataclass(frozen=True)
class RecordPage:
    """The page of a mission or a freelancer: made from its view alone (and what every page
    shows), so that it has a key (``page_keys.py``) and need not be rendered again while the
    key stays the same."""

    path: str
    template: str
    title: str
    view: object
    section: str
    #: The key of what the view is made of (``record_views.py``): the page is keyed by it
    #: instead of by walking the view (thousands of objects per page); None: walked.
    inputs: bytes | None = None

    def __call__(self, renderer: PageRenderer) -> bytes:
        return renderer.page(self.path, self.template, self.title, {"view": self.view},
                             section=self.section)


#: The page of a mission.
MISSION_TEMPLATE = "site/mission.html.j2"
#: Its twin without macro calls (``templates/site/mission_direct.html.j2``): the same bytes.
MISSION_DIRECT = "site/mission_direct.html.j2"


def has_own_site_templates(root: Path) -> bool:
    """Whether the workspace ``root`` has templates of its own for the site (anything at
    ``templates/site``, which the loader then judges): without, every page comes from the
    packaged templates."""
    own = root / "templates" / "site"
    return own.exists() or own.is_symlink()


def mission_template(root: Path) -> str:
    """The template of the pages of missions of the workspace ``root``: the packaged page's
    twin that writes out the site's macros (a sandboxed macro call is a render of its own:
    about 12 % of the CPU of a page), unless the workspace has its own page of a mission or
    its own macros (or something in their place, which the loader then judges): those make
    the page as they always did."""
    own = root / "templates" / "site"
    for name in ("mission.html.j2", "_macros.html.j2"):
        if (own / name).exists() or (own / name).is_symlink():
            return MISSION_TEMPLATE
    return MISSION_DIRECT


@dataclass(frozen=True)
class KeptPage:
    """A page of a record whose key, computed before the pages are shared out
    (:func:`kept_in_advance`), is the one of the last build's file: nothing to render."""

    path: str
    key: bytes

    def __call__(self, renderer: PageRenderer) -> Mapping[str, Keyed]:
        return {self.path: Keyed(self.key, None)}


def kept_in_advance(reuse: Reuse, jobs: Sequence[tuple[str, PageJob]]
                    ) -> list[tuple[str, PageJob]]:
    """``jobs``, each page of a record keyed by what its view reads (its ``inputs``) whose
    key is the one of the last build's file made a :class:`KeptPage`: keyed here (a tenth
    of a second for 22,000 pages), so that after an edit the few pages left to render are
    not shared out among workers of their own (a fork of this large process each, and its
    own template environment), unless there are enough of them to pay for it."""
    found: list[tuple[str, PageJob]] = []
    for path, job in jobs:
        if isinstance(job, RecordPage) and job.inputs is not None:
            key = reuse.keys.key_if_walkable(job.path, *_record_parts(job))
            if key is not None and reuse.earlier.get(job.path) == key:
                job = KeptPage(job.path, key)
        found.append((path, job))
    return found


def _record_parts(page: RecordPage) -> tuple[object, ...]:
    """What a page of a record is keyed by, besides its path: its view by the key of what
    it reads when it has one, else walked."""
    shown = page.view if page.inputs is None else ("inputs", page.inputs)
    return (page.template, page.title, page.section, shown)


def record_jobs(records: RecordViews, mission: str = MISSION_TEMPLATE
                ) -> list[tuple[str, PageJob]]:
    """The page of every freelancer and every mission (with the template ``mission``): the
    freelancers' first, each a few times longer to render, so that the work ends on short
    chunks."""
    jobs: list[tuple[str, PageJob]] = []
    for person in records.freelancers:
        path = freelancer_page(person.freelancer.id)
        jobs.append((path, RecordPage(path, "site/freelancer.html.j2", person.freelancer.name,
                                      person, "freelancers/index.html", person.inputs)))
    for view in records.missions:
        path = mission_page(view.mission.id)
        jobs.append((path, RecordPage(path, mission, view.mission.title, view,
                                      "missions/index.html", view.inputs)))
    return jobs


@dataclass(frozen=True)
class Reuse:
    """What lets a build skip the pages of records that did not change: the keys of this
    build's pages, and each page's key in the last build whose file is still as written;
    with ``store``, the files the cache keeps by key (``page_store.py``), which a page not in
    the folder is taken from, and where every file made is kept (a file without a key of its
    own under ``whole``'s, the key of the whole build, when there is one)."""

    keys: PageKeys
    earlier: Mapping[str, bytes]
    store: PageStore | None = None
    whole: bytes | None = None
    #: The files that show the forge's links (``linked_files``), kept under this key
    #: instead of ``whole`` (``page_keys.linked_key``: the forge's address at this commit),
    #: so that a build of another commit never takes them for its own.
    linked: bytes | None = None
    linked_files: frozenset[str] = frozenset()

    def whole_key(self, path: str) -> bytes | None:
        """The key of the build that a file of ``path`` without a key of its own stands by."""
        return self.linked if path in self.linked_files else self.whole

    def made(self, key: bytes, make: Callable[[], bytes]) -> Keyed:
        """The file of ``key``: from the store when it keeps it, else ``make()``."""
        if self.store is not None:
            found = self.store.page(key)
            if found is not None:
                return Keyed(key, found, fetched=True)
        return self.rendered(key, make())

    def rendered(self, key: bytes, content: bytes) -> Keyed:
        return Keyed(key, content, None if self.store is None else packed(content))


@dataclass(frozen=True)
class RenderedPages:
    #: The bytes of every page rendered.
    pages: dict[str, bytes]
    #: The pages not rendered: their file, written by the last build, is already right.
    kept: list[str]
    #: The key of every page that has one (rendered or kept).
    keys: dict[str, bytes]
    #: The files taken from the cache's store (``page_store.py``) instead of rendered.
    fetched: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Keyed:
    """A keyed file: its key, and its bytes unless the last build's file is right;
    ``packed``: its bytes as the store is to keep them (rendered here, kept by the process
    that rendered it: :func:`_render_chunk`); ``fetched``: taken from the store."""

    key: bytes
    content: bytes | None
    packed: bytes | None = None
    fetched: bool = False


def keyed_file(reuse: Reuse | None, path: str, parts: tuple[object, ...],
               make: Callable[[], bytes]) -> bytes | Keyed:
    """The file ``path`` made of ``parts`` (everything it shows, besides what every page
    shows): ``make()``, or nothing when its key is the one of the last build's file (with
    ``reuse``). A file whose parts cannot be walked has no key: it is made every time."""
    key = None if reuse is None else reuse.keys.key_if_walkable(path, *parts)
    if key is None or reuse is None:
        return make()
    return Keyed(key, None) if reuse.earlier.get(path) == key else reuse.made(key, make)


#: A page (or several files, some maybe keyed), or the template problem that stopped it
#: (file, line, message).
_Result = bytes | Mapping[str, bytes | Keyed] | Keyed | tuple[str, int | None, str]


class _Build:
    """What every worker shares: the settings and every page's job; each process builds its
    renderer (a Jinja environment does not cross processes) the first time it needs one."""

    def __init__(self, settings: RenderSettings, jobs: Sequence[tuple[str, PageJob]],
                 reuse: Reuse | None = None) -> None:
        self.settings = settings
        self.jobs = jobs
        self.reuse = reuse
        self._renderer: PageRenderer | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_renderer": None}

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            self._renderer = PageRenderer(self.settings)
        return self._renderer


def render_pages(settings: RenderSettings, jobs: Sequence[tuple[str, PageJob]], *,
                 alone: int = 0, reuse: Reuse | None = None, workers: int | None = None,
                 start_method: str | None = None,
                 on_files: Callable[[dict[str, bytes]], None] | None = None,
                 then: Callable[[], tuple[Sequence[tuple[str, PageJob]], int]] | None = None,
                 expected: int = 0) -> RenderedPages:
    """Every page of ``jobs``, on every core when there are enough of them (``expected`` in
    all) to pay for it (loading/work_pool.py, with any start method). The first ``alone``
    jobs (the largest pages) go first, each to a worker of its own. With ``reuse``, a page of
    a record whose key is the one of the last build is not rendered (its file is right). With
    ``on_files``, the files are handed to it as they are made (a chunk at a time, in no set
    order: written while the workers render the next ones) instead of being returned. A job
    made of several files (:data:`PageJob`) is named by the first.

    With ``then``, more jobs (and how many of them go alone), made by ``then`` while the
    workers already render ``jobs`` (what the pages of records show takes seconds to compute:
    no core waits for it; a single job of ``jobs`` goes to a worker too); they are rendered by
    workers started once it returns, which inherit what it computed."""
    workers = available_cores() if workers is None else workers
    parallel = max(expected, len(jobs)) >= PARALLEL_PAGES
    done = RenderedPages({}, [], {})
    #: The first job that failed, by position in ``jobs`` and then those of ``then``,
    #: whatever order the chunks end in.
    failed: tuple[int, tuple[str, int | None, str]] | None = None
    #: Where each file kept comes: its job's position, then its place among the job's files.
    kept_at: dict[str, tuple[int, int]] = {}

    def take(group: Sequence[tuple[str, PageJob]], offset: int, chunk: range,
             results: list[_Result]) -> None:
        nonlocal failed
        files: dict[str, bytes] = {}
        for index, result in zip(chunk, results, strict=True):
            path = group[index][0]
            if isinstance(result, tuple):
                if failed is None or offset + index < failed[0]:
                    failed = offset + index, result
                continue
            for place, (name, made) in enumerate(
                    ({path: result} if isinstance(result, bytes | Keyed) else result).items()):
                if isinstance(made, Keyed):
                    done.keys[name] = made.key
                    if made.content is None:
                        done.kept.append(name)
                        kept_at[name] = offset + index, place
                        continue
                    if made.fetched:
                        done.fetched.append(name)
                    made = made.content
                files[name] = made
        if on_files is None:
            done.pages.update(files)
        elif failed is None:
            on_files(files)

    first = _chunks(len(jobs), alone, workers)
    with started_chunks(_render_chunk, _Build(settings, jobs, reuse),
                        first, parallel=parallel, jobs=workers,
                        start_method=start_method, single=then is not None) as early:
        more, more_alone = then() if then is not None else ((), 0)
        # Pages known to be kept (``kept_in_advance``) cost nothing: workers are started
        # for the pages to make, when there are enough of them.
        parallel = sum(not isinstance(job, KeptPage) for _, job in more) >= PARALLEL_PAGES
        later = _chunks(len(more), more_alone, workers)
        early_left = len(first)
        with started_chunks(_render_chunk, _Build(settings, more, reuse),
                            later, parallel=parallel, jobs=workers,
                            start_method=start_method) as chunks:
            for position, results in chunks:
                take(more, len(jobs), later[position], results)
                for place, listed in _ready(early):
                    early_left -= 1
                    take(jobs, 0, first[place], listed)
                # A list that failed (over --max-output-size on a large workspace) is the
                # failure reported, whatever the pages of records do: once every list is
                # done, the 100,000 pages left are not rendered for nothing (the workers
                # stop as the ``with`` ends).
                if early_left == 0 and failed is not None and failed[0] < len(jobs):
                    break
        for position, results in early:
            take(jobs, 0, first[position], results)
    if failed is not None:
        raise TemplateProblem(*failed[1])
    # In the order of the jobs, whatever order the chunks ended in.
    done.kept.sort(key=kept_at.__getitem__)
    return done


def _ready(results: Iterator[tuple[int, list[_Result]]]
           ) -> Iterator[tuple[int, list[_Result]]]:
    """The results of a pool's chunks (:func:`started_chunks`) already done, without waiting
    for the others; none when the chunks are computed here, as they are read."""
    next_ready = getattr(results, "next", None)  # a pool's iterator, which can time out
    if next_ready is None:
        return
    while True:
        try:
            yield next_ready(timeout=0)
        except (StopIteration, multiprocessing.TimeoutError):
            return


def _chunks(count: int, alone: int, workers: int) -> list[range]:
    """The positions of ``count`` jobs in chunks: each of the first ``alone`` on its own,
    the others small enough that the last ones, which a worker may finish alone while the
    other has nothing left, are short (a chunk of 20,000 / 16 pages is over a second)."""
    size = max(16, count // (max(workers, 1) * 32))
    alone = min(count, alone)
    return ([range(i, i + 1) for i in range(alone)]
            + [range(i, min(i + size, count)) for i in range(alone, count, size)])


def _render_chunk(build: _Build, chunk: range) -> list[_Result]:
    results = [_render(build, *build.jobs[index]) for index in chunk]
    store = None if build.reuse is None else build.reuse.store
    if store is None:
        return results
    # The files rendered are kept by this process, a chunk at a time: neither sent back to
    # the command nor held there until the end (hundreds of megabytes on a large site).
    made: dict[bytes, bytes] = {}
    results = [_unpacked_into(made, result) for result in results]
    store.put(made)
    return results


def _unpacked_into(made: dict[bytes, bytes], result: _Result) -> _Result:
    """``result`` without its files' packed bytes, which go to ``made`` by key."""
    if isinstance(result, Mapping):
        return {name: file if isinstance(file, bytes) else _unpacked_file(made, file)
                for name, file in result.items()}
    return _unpacked_file(made, result) if isinstance(result, Keyed) else result


def _unpacked_file(made: dict[bytes, bytes], file: Keyed) -> Keyed:
    if file.packed is None:
        return file
    made[file.key] = file.packed
    return dataclasses.replace(file, packed=None)


def _render(build: _Build, path: str, job: PageJob) -> _Result:
    try:
        if isinstance(job, KeptPage):
            return Keyed(job.key, None)  # without making this process's renderer
        if isinstance(job, RecordPage):
            return keyed_file(build.reuse, job.path, _record_parts(job),
                              lambda: job(build.renderer))
        return _kept_whole(build.reuse, path, job(build.renderer))
    except TemplateProblem as problem:
        return (problem.file, problem.line, problem.message)


def _kept_whole(reuse: Reuse | None, path: str, made: bytes | Mapping[str, bytes | Keyed]
                ) -> bytes | Mapping[str, bytes | Keyed] | Keyed:
    """``made`` (the file ``path``, or several files by path), each file without a key of
    its own keyed by the whole build's key, so that the store keeps it for a build of the
    same key (``page_store.py``); as it is without a store or such a key."""
    if reuse is None or reuse.store is None:
        return made
    if isinstance(made, bytes):
        return _kept_under(reuse, path, made)
    return {name: content if isinstance(content, Keyed) else _kept_under(reuse, name, content)
            for name, content in made.items()}


def _kept_under(reuse: Reuse, path: str, content: bytes) -> bytes | Keyed:
    whole = reuse.whole_key(path)
    return content if whole is None else reuse.rendered(file_key(whole, path), content)
