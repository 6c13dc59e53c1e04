"""``cfo site``'s core: the whole site as ``{relative path: bytes}``, the same bytes for the
same workspace, day and options."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from cfo_tools.documents.list_pages import PAGE_SIZE, list_pages
from cfo_tools.documents.output_files import SITE_MARKER
from cfo_tools.documents.templating import load_messages
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.planning.load import Planning
from cfo_tools.site import api
from cfo_tools.site.api_entries import api_file
from cfo_tools.site.home_commits import CommitFree, commit_free
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_keys import PageKeys, build_key, linked_key
from cfo_tools.site.page_rendering import (
    Keyed,
    PageJob,
    PageRenderer,
    RenderedPages,
    RenderSettings,
    Reuse,
    has_own_site_templates,
    kept_in_advance,
    keyed_file,
    mission_template,
    planning_page,
    record_jobs,
    render_pages,
    settings_key,
    template_page,
)
from cfo_tools.site.page_store import PageStore, file_key
from cfo_tools.site.pages import PLANNING_PAGE, SiteData, SitePage, pages_shown
from cfo_tools.site.shown_state import shown_state

#: A file every build holds, by which ``cfo site`` knows a folder it may replace.
MARKER = SITE_MARKER


@dataclass(frozen=True)
class SiteBuild:
    """A build: the files made, and the pages of records left as the last build wrote them."""

    files: dict[str, bytes]
    #: Files not made again: the last build's file is right (their key did not change).
    kept: list[str]
    #: The key of each page of a record (``page_keys.py``), and of the build as a whole for
    #: the other files (``page_keys.build_key``), for the next build.
    keys: dict[str, bytes]
    #: How many files were made (in ``files``, or handed to ``on_files``).
    made: int = 0
    #: How many pages the site has (made or kept).
    pages: int = 0
    #: How many of the pages made were taken from the cache's store (``page_store.py``).
    fetched: int = 0
    #: The key of the whole build (``page_keys.build_key``), when it has one.
    whole: bytes | None = None

    def store_keys(self) -> dict[str, bytes]:
        """The key under which the store keeps each file of the build."""
        return {name: key for name, key in self.keys.items()
                if name != MARKER and key != self.whole}


def build_site(inputs: SiteInputs) -> dict[str, bytes]:
    """Every file of the site."""
    return make_site(inputs).files


def make_site(inputs: SiteInputs, earlier: Mapping[str, bytes] | None = None, *,
              store: PageStore | None = None,
              on_files: Callable[[dict[str, bytes]], None] | None = None) -> SiteBuild:
    """The site; with ``earlier`` (each file's key in the last build in the folder, for the
    files still as written), the pages of records are keyed, and those whose key is the same
    are not rendered again; when the key of the whole build is the one of the last build
    (its marker's entry, there only when every file is), nothing is made again. With
    ``store`` too, a file not in the folder whose key the cache keeps is taken from there
    (every file, when it keeps a build of the same key), and each file rendered is kept
    there (:meth:`PageStore.keep` then names the build's files). Keys need the check's
    content keys (a cache).
    With ``on_files``, every file is handed to it as soon as it is made (while the others
    are rendered) instead of being returned in :attr:`SiteBuild.files`."""
    data = SiteData(inputs)
    built: dict[str, bytes] = {MARKER: b"Built by cfo site; replaced whole by the next build.\n"}
    shown = pages_shown(data)
    words = load_messages(inputs.workspace.root, inputs.lang)
    settings = RenderSettings.of(inputs, [(entry.path, entry.title) for entry in shown])
    document_keys, state = inputs.check.document_keys, inputs.check.state_key
    reuse = whole = linked = None
    if earlier is not None and document_keys is not None:
        common = settings_key(settings)
        if state is not None:
            # The workspace as the site shows it, when it can be told: an edit that changes
            # no record and no finding keeps the whole build. Without the forge's address,
            # which holds the commit: a push that changes no record (CI builds every push)
            # keeps it too, all but the files showing the forge's links, keyed by it.
            as_shown = shown_state(inputs.check)
            whole = build_key(common, b"state\0" + state if as_shown is None else as_shown)
            linked = linked_key(whole, inputs.source_base)
        reuse = Reuse(PageKeys(common, inputs.workspace, document_keys), earlier, store, whole,
                      linked, FORGE_LINKED)
    # The lists and the API files first: megabytes each for a large workspace, each made on
    # its own by a worker, while the others render the pages of records. What a list shows
    # is computed there too (seconds each: the agenda, the talent report, the planning). The
    # views of the records and the compliance board are made here, once for all their pages,
    # while the workers already make the lists and files that do not show them. A page and
    # the API file showing the same data are made by the same job (the planning and
    # availability.json, the home page and findings.json): computed once. An API file is
    # keyed by the plain data it holds (``keyed_file``: walked in a fraction of the time its
    # JSON takes), so that an edit it does not show leaves it as it was.
    jobs: dict[bool, list[tuple[str, PageJob]]] = {False: [], True: []}
    own_templates = has_own_site_templates(inputs.workspace.root)
    for entry in shown:
        if entry.path == PLANNING_PAGE:
            job: PageJob = functools.partial(_planning_files, entry.path, data, reuse)
        else:
            context = entry.context if own_templates else functools.partial(
                _without, entry.for_own_templates, entry.context)
            page = functools.partial(_list_page, entry.path, entry.template,
                                     words[entry.title], context, entry.paged)
            if entry.path == HOME_PAGE:
                free = None if reuse is None else commit_free(
                    reuse.store, reuse.whole, inputs.source_base, HOME_PAGE, own_templates)
                job = functools.partial(_home_files, page, free, data, reuse)
            else:
                job = functools.partial(page, data, reuse)
        jobs[entry.shows_record_views].append((entry.path, job))
    jobs[False] += [(f"{api.API_FOLDER}/{name}.json",
                     functools.partial(_api_file, name, data, reuse))
                    for name in API_DOCUMENTS if name not in _MADE_WITH_A_PAGE]

    def with_records() -> tuple[list[tuple[str, PageJob]], int]:
        records = record_jobs(data.records, mission_template(inputs.workspace.root))
        return (jobs[True] + (records if reuse is None else kept_in_advance(reuse, records)),
                len(jobs[True]))

    for name, content in api.schema_files().items():
        built[f"{api.API_FOLDER}/schemas/{name}"] = content
    records = packaged_dir("schemas")
    for name in schema_names():
        path = f"{name}.schema.json"
        built[f"{api.API_FOLDER}/schemas/{path}"] = (records / path).read_bytes()
    made = pages = 0
    files: dict[str, bytes] = {}
    made_names: list[str] = []
    #: Files taken from the store before one was found missing: made again, not handed on.
    given: set[str] = set()

    def add(some: dict[str, bytes]) -> None:
        nonlocal made, pages
        if given:
            some = {name: content for name, content in some.items() if name not in given}
        made += len(some)
        pages += sum(name.endswith(".html") for name in some)
        made_names.extend(some)
        (files.update if on_files is None else on_files)(some)

    add(built)

    def kept_whole(keys: Mapping[str, bytes],
                   kept: Callable[[Mapping[str, bytes]], tuple[list[str], set[str] | None]],
                   handed: int) -> SiteBuild | None:
        """The build whose files have ``keys``, kept: ``kept(keys)`` leaves each as the
        folder has it or hands it on from the store (:func:`_kept_files`). The files showing
        the forge's links are made again when that build's were made with another forge's
        address (another commit): by a worker while ``kept`` hands on the others when they
        are ``handed`` (enough to pay for its start), else here. None when a file of the
        store was missing (the files handed on so far are then in ``given``)."""
        assert reuse is not None and whole is not None and linked is not None
        found: list[tuple[list[str], set[str] | None]] = []
        fetched = 0

        def meanwhile() -> tuple[list[tuple[str, PageJob]], int]:
            nonlocal fetched
            before = pages
            found.append(kept(keys))
            fetched = pages - before
            return [], 0

        again = RenderedPages({}, [], {})
        if keys.get(HOME_PAGE) == file_key(linked, HOME_PAGE):
            meanwhile()
        else:
            keys = {name: key for name, key in keys.items() if name not in FORGE_LINKED}
            # The job that makes them both (``_with_api_file``).
            again = render_pages(settings, [(path, job) for path, job in jobs[False]
                                            if path == HOME_PAGE],
                                 alone=1, reuse=reuse, on_files=add, then=meanwhile,
                                 expected=handed)
        [(names, partly)] = found
        if partly is not None:
            given.update(partly, again.keys)
            return None
        names += again.kept
        return SiteBuild(files, names, {**keys, **again.keys, MARKER: whole}, made,
                         pages + sum(name.endswith(".html") for name in names),
                         fetched=fetched + sum(name.endswith(".html") for name in again.fetched),
                         whole=whole)

    if whole is not None and earlier is not None and earlier.get(MARKER) == whole:
        # Nothing the site shows changed since the last build, and every file it wrote is
        # still as written (``EarlierRenders.still_there``): the whole build is kept, without
        # computing a view, a list or a key of a page (but the home page's, after a commit).
        done = kept_whole(earlier, lambda keys: (sorted(set(keys) - {MARKER}), None), 0)
        assert done is not None  # nothing is taken from the store
        return done
    stored = None if whole is None or store is None else store.build(whole)
    if stored is not None and store is not None and whole is not None:
        # A build of the same key is kept by the cache (a fresh folder after a build
        # elsewhere, or this folder's files removed): its files, without computing a view, a
        # list or a key of a page (a file of the folder that is as that build wrote it is
        # left as it is). Should one be missing or unreadable, the build goes on as without
        # it; the files already handed on are the ones it would make.
        done = kept_whole(stored, functools.partial(_kept_files, store, earlier=earlier or {},
                                                    add=add), len(stored))
        if done is not None:
            return done
    workspace = inputs.workspace
    # The compliance board and the bookings walk it starts with (each mission's lazy
    # properties made on the way) are read by the home page's worker, the planning's and
    # talent's and by this process's views of the records: made here before the workers
    # fork, they inherit it instead of each making its own (0.4-0.6 s of a worker's CPU
    # after one edit on 20,000 missions).
    data.board  # noqa: B018 (computed once, shared)
    rendered = render_pages(settings, jobs[False], alone=len(jobs[False]), reuse=reuse,
                            on_files=add, then=with_records,
                            expected=len(workspace.missions) + len(workspace.freelancers))
    keys = rendered.keys
    if whole is not None and linked is not None:
        # The lists and the API files show every record: they stand by the key of the whole
        # build, which the marker's entry carries (the home page by the key with the forge's
        # address, when the store has not given it already).
        keys = {**{name: file_key(linked, name) if name in FORGE_LINKED else whole
                   for name in made_names if name not in built},
                **keys, MARKER: whole}
    return SiteBuild(files, rendered.kept, keys, made,
                     pages + sum(name.endswith(".html") for name in rendered.kept),
                     fetched=sum(name.endswith(".html") for name in rendered.fetched),
                     whole=whole)


def _kept_files(store: PageStore, keys: Mapping[str, bytes], *, earlier: Mapping[str, bytes],
                add: Callable[[dict[str, bytes]], None]) -> tuple[list[str], set[str] | None]:
    """Hand every file of ``keys`` (path -> key) kept by ``store`` to ``add``, a thousand at a
    time, except those ``earlier`` has under the same key (the folder's file is right):
    those, and None once all are handed, else the files handed before the first one
    missing."""
    kept: list[str] = []
    given: set[str] = set()
    wanted: list[tuple[str, bytes]] = []
    for name, key in keys.items():
        if earlier.get(name) == key:
            kept.append(name)
        else:
            wanted.append((name, key))
    chunks = [wanted[start:start + _HANDED_AT_ONCE]
              for start in range(0, len(wanted), _HANDED_AT_ONCE)]
    # Each chunk's files are opened on two threads while this one writes the chunk before.
    with ThreadPoolExecutor(2) as threads:
        opening = [store.opening([key for _, key in chunk], threads) for chunk in chunks[:1]]
        for number, chunk in enumerate(chunks):
            found = opening[number]()
            if number + 1 < len(chunks):
                opening.append(store.opening([key for _, key in chunks[number + 1]], threads))
            batch: dict[str, bytes] = {}
            for name, key in chunk:
                content = found.get(key)
                if content is None:
                    add(batch)
                    return kept, given | set(batch)
                batch[name] = content
            add(batch)
            given.update(batch)
    return kept, None


#: Files taken from the store at a time: the whole site is hundreds of megabytes.
_HANDED_AT_ONCE = 1000
HOME_PAGE = "index.html"
#: People on a page of the planning: each is a row of 26 weeks (about 2 KB of HTML).
PLANNING_PAGE_SIZE = 500
#: The API files made by the job of a page (see make_site).
_MADE_WITH_A_PAGE = ("availability", "findings")
#: The files that show links to the forge (a finding's file and line at this commit): the
#: home page and findings.json, made by one job (``_with_api_file``).
FORGE_LINKED = frozenset((HOME_PAGE, f"{api.API_FOLDER}/findings.json"))


#: Each file of the JSON API (``api/v1/<name>.json``) and what it holds.
API_DOCUMENTS: dict[str, Callable[[SiteData], object]] = {
    "freelancers": lambda data: api.freelancers_document(
        data.inputs.workspace, today=data.inputs.today, money=data.inputs.money),
    "missions": lambda data: api.missions_document(
        data.inputs.workspace, today=data.inputs.today, money=data.inputs.money),
    "bookings": lambda data: api.bookings_document(
        data.inputs.workspace, data.inputs.calendar, today=data.inputs.today,
        money=data.inputs.money, index=data.bookings),
    "availability": lambda data: api.availability_document(data.planning,
                                                            today=data.inputs.today),
    "findings": lambda data: api.findings_document(data.findings, today=data.inputs.today),
    "requests": lambda data: api.requests_document(data.requests, money=data.inputs.money),
}


def _list_page(path: str, template: str, title: str,
               context: Callable[[SiteData], dict[str, Any]], paged: str | None,
               data: SiteData, reuse: Reuse | None,
               renderer: PageRenderer) -> bytes | dict[str, bytes | Keyed]:
    """A page of the navigation, what it shows computed where it is rendered; a list
    (``paged``: its entry in the context) longer than a page is split into pages
    (``list_pages.py``), the first at ``path``. With ``reuse``, each page of a list is keyed
    by the entries it shows (a view of a record by the key of what it reads:
    ``record_views.py``) and by the rest of the context, walked once for all its pages
    (the talent page's report: a tenth of the time its 19 pages take to render), so that an
    edit renders again only the pages whose entries changed, or all of them when the rest
    did. A page that is not a list (home), or whose context cannot be walked, has no key."""
    own = context(data)
    rest = None if reuse is None or paged is None else reuse.keys.key_if_walkable(
        template, {name: value for name, value in own.items() if name != paged})
    if paged is None or len(own[paged]) <= PAGE_SIZE:
        if reuse is None or rest is None or paged is None:
            return template_page(path, template, title, own, None, renderer)
        return {path: _keyed_list_page(reuse, rest, path, template, title, own, paged, None,
                                       renderer)}
    pages = {page.path: {**own, paged: page.entries, "pager": page.pager}
             for page in list_pages(path, own[paged], PAGE_SIZE)}
    if reuse is None or rest is None:
        return {name: template_page(name, template, title, shown, path, renderer)
                for name, shown in pages.items()}
    return {name: _keyed_list_page(reuse, rest, name, template, title, shown, paged, path,
                                   renderer)
            for name, shown in pages.items()}


def _without(names: tuple[str, ...], context: Callable[[SiteData], dict[str, Any]],
             data: SiteData) -> dict[str, Any]:
    """``context(data)`` without ``names`` (``SitePage.for_own_templates``)."""
    own = context(data)
    return {name: value for name, value in own.items() if name not in names}


def _keyed_list_page(reuse: Reuse, rest: bytes, path: str, template: str, title: str,
                     own: dict[str, Any], paged: str, section: str | None,
                     renderer: PageRenderer) -> bytes | Keyed:
    entries = [entry if getattr(entry, "inputs", None) is None else ("inputs", entry.inputs)
               for entry in own[paged]]
    return keyed_file(reuse, path, (template, title, section, own.get("pager"), entries,
                                    rest),
                      functools.partial(template_page, path, template, title, own, section,
                                        renderer))


def _planning_files(path: str, data: SiteData, reuse: Reuse | None,
                    renderer: PageRenderer) -> dict[str, bytes | Keyed]:
    """The planning page and availability.json, from the planning computed once. A planning
    of more people than :data:`PLANNING_PAGE_SIZE` is split into pages of that many (the
    open needs on the first), each a timeline of its own."""
    planning = data.planning
    if len(planning.rows) <= PLANNING_PAGE_SIZE:
        pages = {path: _planning_page(reuse, path, planning, None, None, renderer)}
    else:
        pages = {page.path: _planning_page(
                     reuse, page.path, dataclasses.replace(
                         planning, rows=tuple(page.entries),
                         demand=planning.demand if page.pager.number == 1 else ()),
                     page.pager, path, renderer)
                 for page in list_pages(path, planning.rows, PLANNING_PAGE_SIZE)}
    return {**pages, **_api_files("availability", data, reuse)}


def _planning_page(reuse: Reuse | None, path: str, planning: Planning, pager: object,
                   section: str | None, renderer: PageRenderer) -> bytes | Keyed:
    """A page of the planning, keyed by what its rows are made of, so that an edit renders
    again only the pages of the people it touches: each row's freelancer and the missions
    of their bookings in the period (each record by its content key), the weeks and the
    days off in them (with the company's working week, in every key: the working days), and
    the open needs it shows, walked. Walking the rows themselves (their weeks and bookings,
    4 MB for 500 people) would cost about what rendering them does. The bars of the
    missions (``Planning.bars``) are not on the page: left out."""
    shown = dataclasses.replace(planning, bars=())
    rows = tuple((row.freelancer, tuple(booking.mission for booking in row.bookings))
                 for row in planning.rows)
    return keyed_file(reuse, path, ("planning", pager, section, planning.weeks,
                                    planning.days_off, planning.demand, rows),
                      functools.partial(planning_page, path, shown, renderer, pager=pager,
                                        section=section))


def _with_api_file(page: PageJob, path: str, name: str, data: SiteData, reuse: Reuse | None,
                   renderer: PageRenderer) -> dict[str, bytes | Keyed]:
    """A page and the API file ``name`` made from the same data, in the same process."""
    content = page(renderer)
    assert isinstance(content, bytes)
    return {path: content, **_api_files(name, data, reuse)}


def _home_files(page: Callable[[SiteData, Reuse | None, PageRenderer],
                                bytes | dict[str, bytes | Keyed]],
                free: CommitFree | None, data: SiteData, reuse: Reuse | None,
                renderer: PageRenderer) -> dict[str, bytes | Keyed]:
    """The home page and findings.json (:func:`_with_api_file`); with ``free``, the page as
    kept for every commit (``home_commits.py``): from the store, else rendered with a
    stand-in for the commit and kept there. A push that changes no record makes
    findings.json alone."""
    if free is None:
        return _with_api_file(functools.partial(page, data, reuse), HOME_PAGE, "findings",
                              data, reuse, renderer)
    content = free.kept()
    if content is None:
        stand_in, base = free.stand_in()
        rendered = page(data.linked_at(base), reuse, renderer)
        assert isinstance(rendered, bytes)
        content = free.keep(stand_in, rendered)
    return {HOME_PAGE: content, **_api_files("findings", data, reuse)}


def _api_files(name: str, data: SiteData, reuse: Reuse | None) -> dict[str, bytes | Keyed]:
    path = f"{api.API_FOLDER}/{name}.json"
    with bulk_loading():  # tens of thousands of entries, kept until written
        document = API_DOCUMENTS[name](data)
    return {path: api_file(reuse, path, document)}


def _api_file(name: str, data: SiteData, reuse: Reuse | None,
              renderer: PageRenderer) -> dict[str, bytes | Keyed]:
    """A file of the API, made where the pages are (a worker, beside them)."""
    return _api_files(name, data, reuse)


__all__ = ["MARKER", "SiteBuild", "SitePage", "build_site", "make_site"]
