"""Every page cfo makes, opened in a real Chromium: it loads cleanly and on its own, reads on a
phone, passes axe-core, prints whole; the planning timeline draws each booking at its dates.

One browser for the whole module (it is the only browser test module, so the session
fixtures below are shared by every test). See docs/development.md#browser-tests.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from chromium import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    PLANNING_WEEKS,
    TODAY,
    Page,
    build_pages,
    chromium_executable,
    copy_example,
    no_browser,
)

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.planning.bookings import bookings_by_freelancer

WIDTHS = (1280, 390)
#: axe-core impacts that fail the test ("moderate" and "minor" ones are reported, not fatal).
FATAL_IMPACTS = ("serious", "critical")
#: No "preload": axe would read the stylesheets with XMLHttpRequest, which file:// refuses
#: (a console error of axe's, not the page's).
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}
#: Day width of each zoom, in CSS pixels (templates/planning.html.j2).
ZOOM_DAY = {"month": 30.0, "quarter": 10.0, "year": 3.0}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_executable()
    if executable is None:
        no_browser("no Chromium found (apt-get install chromium, or set CFO_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("browser") / "workspace")


@pytest.fixture(scope="session")
def pages(example_copy: Path, browser: Any) -> list[Page]:
    return build_pages(example_copy, example_copy.parent / "out")


@pytest.fixture(scope="session")
def planning(pages: list[Page]) -> Page:
    return next(p for p in pages if p.kind == "planning")


class Visit:
    """A page opened in its own browser context, with what it logged and asked for."""

    def __init__(self, browser: Any, page: Page, width: int, *, media: str = "screen") -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.on("request", lambda r: inside(r.url, page) or self.outside.append(r.url))
        self.context.route(NETWORK, lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.emulate_media(media=media)
        self.page.goto(page.url, wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(page: Page, width: int = 1280, **options: Any) -> Visit:
        opened.append(Visit(browser, page, width, **options))
        return opened[-1]

    yield open_page
    for one in opened:
        one.close()


# -- every page -----------------------------------------------------------------------------

@dataclass
class Survey:
    """What one look at a page found, at each width: loading, layout, axe-core, print."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    #: Pixels the document is wider than the window, per window width.
    overflow: dict[int, int] = field(default_factory=dict)
    violations: list[dict[str, Any]] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    footer: str = ""


class Surveyor:
    """One tab at one width that looks at page after page (loading is what costs)."""

    def __init__(self, browser: Any, width: int, found: dict[str, Survey]) -> None:
        self.width = width
        self.found = found
        self.current: Page | None = None
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.on("request", self._request)
        self.context.route(NETWORK, lambda route: route.abort())
        self.tab = self.context.new_page()
        self.tab.on("console", lambda m: m.type == "error" and self._error(m.text))
        self.tab.on("pageerror", lambda e: self._error(str(e)))

    def _survey(self) -> Survey:
        assert self.current is not None
        return self.found[self.current.name]

    def _error(self, text: str) -> None:
        self._survey().errors.append(f"{self.width}px: {text}")

    def _request(self, request: Any) -> None:
        assert self.current is not None
        if not inside(request.url, self.current):
            self._survey().outside.append(request.url)

    def look(self, page: Page, axe: Any) -> None:
        self.current = page
        survey, tab = self._survey(), self.tab
        tab.goto(page.url, wait_until="load")
        shot = ARTIFACTS / f"{page.name}-{self.width}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(shot), full_page=True)
        survey.overflow[self.width] = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if axe is not None:
            survey.violations = axe.run(tab, options=AXE_OPTIONS).response["violations"]
            survey.printed = pdf_pages(tab)
            survey.footer = tab.evaluate(
                "(document.querySelector('footer') || {innerText: ''}).innerText")


@pytest.fixture(scope="session")
def surveys(browser: Any, pages: list[Page]) -> dict[str, Survey]:
    """Each page looked at once per width; screenshots written under test-artifacts/."""
    from axe_playwright_python.sync_playwright import Axe

    found = {page.name: Survey() for page in pages}
    for width in WIDTHS:
        surveyor = Surveyor(browser, width, found)
        # axe-core and print once, at the desktop width.
        axe = Axe() if width == WIDTHS[0] else None
        for page in pages:
            surveyor.look(page, axe)
        surveyor.context.close()
    return found


def test_the_example_gives_the_pages_expected(pages: list[Page]) -> None:
    from cfo_tools.cli.main import cli

    kinds = {p.kind for p in pages}
    assert {"planning", "build", "onboarding", "letters"} <= kinds
    assert ("site" in kinds) == ("site" in cli.commands)
    assert len(pages) > 20


def test_every_page_loads_alone_without_error(surveys: dict[str, Survey]) -> None:
    problems = [f"{name}: console: {e}" for name, s in surveys.items() for e in s.errors]
    problems += [f"{name}: asked for {u}" for name, s in surveys.items() for u in s.outside]
    assert problems == []


def test_no_page_is_wider_than_the_window(surveys: dict[str, Survey]) -> None:
    problems = [f"{name} at {width}px: {extra}px wider than the window"
                for name, s in surveys.items() for width, extra in s.overflow.items()
                if extra > 0]
    assert problems == []


def test_no_page_has_a_serious_accessibility_violation(surveys: dict[str, Survey]) -> None:
    problems = [f"{name}: {v['id']} ({v['impact']}): {v['help']} "
                f"{[n['target'] for n in v['nodes'][:3]]}"
                for name, s in surveys.items() for v in s.violations
                if v["impact"] in FATAL_IMPACTS]
    assert problems == []


def test_no_printed_page_holds_only_the_footer(surveys: dict[str, Survey]) -> None:
    problems = []
    for name, survey in surveys.items():
        assert survey.printed, name
        for number, text in enumerate(survey.printed, start=1):
            rest = _words(text)
            for word in _words(survey.footer):
                if word in rest:
                    rest.remove(word)
            if not rest:
                problems.append(f"{name}: printed page {number} holds only the footer")
    assert problems == []


# -- the planning timeline ----------------------------------------------------------------

def test_timeline_has_a_row_per_active_freelancer(planning: Page, example_copy: Path,
                                                  visit: Any) -> None:
    workspace = validate_workspace(example_copy).workspace
    active = sorted(f.id for f in workspace.freelancers.values() if f.status == "active")
    seen = visit(planning)
    shown = seen.page.eval_on_selector_all(
        ".tl-screen .tl-row[data-freelancer]",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.freelancer)")
    assert set(active) <= set(shown)
    names = seen.page.locator(".tl-screen .tl-row[data-freelancer] .tl-name strong")
    assert names.count() == len(shown)


@pytest.mark.parametrize("zoom", ["month", "quarter", "year"])
def test_every_booking_bar_sits_at_its_dates(planning: Page, example_copy: Path, visit: Any,
                                            zoom: str) -> None:
    seen = visit(planning)
    page = seen.page
    page.click(f"#tl-controls button[data-zoom='{zoom}']")
    assert page.get_attribute(".tl-screen", "data-zoom") == zoom
    first = date.fromisoformat(page.get_attribute(".tl-screen", "data-first"))
    last = date.fromisoformat(page.get_attribute(".tl-screen", "data-last"))
    assert (last - first).days + 1 == 7 * PLANNING_WEEKS
    workspace = validate_workspace(example_copy).workspace
    expected = [(freelancer, b) for freelancer, own in bookings_by_freelancer(workspace).items()
                for b in own if b.start <= last and b.end >= first]
    assert expected, "the example has bookings in the period"
    drawn = page.locator(".tl-screen .tl-bar")
    assert drawn.count() == len(expected)
    day = ZOOM_DAY[zoom]
    for freelancer, booking in expected:
        row = page.locator(f".tl-screen .tl-row[data-freelancer='{freelancer}']")
        shown_start, shown_end = max(booking.start, first), min(booking.end, last)
        bar = row.locator(f".tl-bar[style^='--f:{(shown_start - first).days};']",
                          has_text=booking.mission.title)
        assert bar.count() == 1, (freelancer, booking.mission.id)
        track = row.locator(".tl-track").bounding_box()
        box = bar.bounding_box()
        assert box["x"] - track["x"] == pytest.approx((shown_start - first).days * day, abs=1)
        assert box["width"] == pytest.approx(((shown_end - shown_start).days + 1) * day, abs=1)


def test_filters_keep_the_rows_that_match(planning: Page, visit: Any) -> None:
    page = visit(planning).page
    rows = ".tl-screen .tl-row[data-roles]"
    everyone = page.locator(rows).count()
    assert page.inner_text("#tl-shown").endswith(str(everyone))
    mission = "design-system-banque-regionale"
    for name, key, value in [("role", "roles", "ux-designer"), ("skill", "skills", "figma"),
                             ("mission", "missions", mission)]:
        if name == "mission":
            # A text field with the missions as suggestions, typed from the keyboard: the
            # title a person knows; cleared, every row is back.
            field = page.locator("#tl-controls input[name=mission]")
            title = page.get_attribute(f"#tl-missions option[data-id='{mission}']", "value")
            field.focus()
            page.keyboard.type(title or "")
        else:
            page.select_option(f"#tl-controls select[name={name}]", value)
        kept = page.eval_on_selector_all(
            rows, f"rows => rows.filter(r => !r.hidden).map(r => r.dataset.{key}.split(' '))")
        hidden = page.eval_on_selector_all(
            rows, f"rows => rows.filter(r => r.hidden).map(r => r.dataset.{key}.split(' '))")
        assert kept and all(value in values for values in kept), name
        assert hidden and not any(value in values for values in hidden), name
        assert page.inner_text("#tl-shown").endswith(str(len(kept)))
        if name == "mission":
            field.fill("")
        else:
            page.select_option(f"#tl-controls select[name={name}]", "")
    assert page.locator(f"{rows}[hidden]").count() == 0


def test_the_mission_filter_suggests_only_the_missions_of_the_period(planning: Page,
                                                                     visit: Any) -> None:
    """A datalist of the missions with a bar or a need on the timeline, not a <select> of
    every mission of the workspace; a text naming no mission shows no row once committed."""
    page = visit(planning).page
    suggested = set(page.eval_on_selector_all(
        "#tl-missions option", "options => options.map(o => o.dataset.id)"))
    drawn = set(page.eval_on_selector_all(
        ".tl-screen .tl-row[data-missions]",
        "rows => rows.flatMap(r => r.dataset.missions.split(' ').filter(Boolean))"))
    assert suggested == drawn
    assert page.locator("#tl-controls select[name=mission]").count() == 0
    field = page.locator("#tl-controls input[name=mission]")
    field.fill("pas une mission")
    field.press("Enter")
    assert page.inner_text("#tl-shown").endswith(" 0")
    field.fill("DESIGN-system-banque-regionale ")
    field.press("Enter")
    assert page.locator(".tl-screen .tl-row[data-roles]:not([hidden])").count() > 0


def test_on_a_phone_the_names_stay_while_the_timeline_scrolls(planning: Page,
                                                              visit: Any) -> None:
    page = visit(planning, 390).page
    page.click("#tl-controls button[data-zoom='month']")
    scroller = page.locator(".tl-screen .tl-scroll")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
    scroller.evaluate("s => { s.scrollLeft = 1500; }")
    assert scroller.evaluate("s => s.scrollLeft") > 1000
    frame = scroller.bounding_box()
    name = page.locator(".tl-screen .tl-row[data-freelancer] .tl-name").first.bounding_box()
    assert name["x"] == pytest.approx(frame["x"] + 1, abs=1)  # inside the 1px border
    assert name["x"] + name["width"] <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "planning-scrolled-390.png"))


def test_holidays_and_closures_are_named_on_focus(planning: Page, visit: Any) -> None:
    page = visit(planning).page
    marks = page.locator(".tl-screen .tl-mark")
    assert marks.count() > 0
    christmas = page.locator(".tl-screen .tl-mark[data-start='2026-12-25']")
    assert christmas.count() == 1 or page.locator(".tl-screen .tl-mark.closure").count() > 0
    first = marks.first
    first.focus()
    tip = first.evaluate("m => getComputedStyle(m, '::after').content")
    assert tip.strip('"') == first.get_attribute("data-tip") and tip != "none"


#: The text boxes of the axis labels shown, each with its element's box, row by row.
AXIS_TEXT = """labels => labels.flatMap(label => {
  const shown = e => { const s = getComputedStyle(e); return s.display !== "none"
    && s.visibility !== "hidden" && parseFloat(s.fontSize) > 0; };
  if (!shown(label)) { return []; }
  const parts = label.children.length ? [...label.children].filter(shown) : [label];
  return parts.map(part => {
    const range = document.createRange();
    range.selectNodeContents(part);
    const text = range.getBoundingClientRect(), box = label.getBoundingClientRect();
    return {text: part.textContent, left: text.left, right: text.right, boxRight: box.right};
  });
})"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("zoom", ["month", "quarter", "year"])
def test_axis_labels_fit_and_never_overlap(planning: Page, visit: Any, zoom: str,
                                           width: int) -> None:
    """A month's name in full where it fits, abbreviated or left out where not (never
    "décembre 20" run into "janvier")."""
    page = visit(planning, width).page
    page.click(f"#tl-controls button[data-zoom='{zoom}']")
    for kind in ("tl-month", "tl-week", "tl-day"):
        texts = page.eval_on_selector_all(f".tl-screen .tl-head .{kind}", AXIS_TEXT)
        for text in texts:
            assert text["right"] <= text["boxRight"] + 0.5, (zoom, width, text)
        ordered = sorted(texts, key=lambda t: t["left"])
        for before, after in itertools.pairwise(ordered):
            assert before["right"] <= after["left"] + 0.5, (zoom, width, before, after)
    named = page.eval_on_selector_all(".tl-screen .tl-month", AXIS_TEXT)
    whole = page.eval_on_selector_all(
        ".tl-screen .tl-month", "ms => ms.filter(m => m.style.getPropertyValue('--l') >= 28)")
    assert len(named) >= len(whole) >= 3, "every whole month is named, at every zoom"


def test_a_bar_names_its_mission_role_and_dates_on_focus(planning: Page, visit: Any) -> None:
    page = visit(planning).page
    bar = page.locator(".tl-screen .tl-bar").first
    bar.focus()
    tip = bar.get_attribute("data-tip")
    shown = bar.evaluate("b => getComputedStyle(b, '::after').content")
    assert tip.startswith(bar.inner_text() + " — ") and shown.strip('"').startswith(
        bar.inner_text())
    assert re.search(r"\n\d{1,2}(er)? \w+\.? \d{4} \u2013 \d{1,2}(er)? \w+\.? \d{4}$", tip), tip


def test_overbooking_says_so_in_words(tmp_path: Path, browser: Any, visit: Any) -> None:
    from chromium import run_cfo

    from conftest import mission_yaml

    root = tmp_path / "w"
    copy_example(root)
    (root / "missions" / "extra.yaml").write_text(
        mission_yaml("2026-11-30", "2026-12-04", ("hugo-lambert", 80)), encoding="utf-8")
    (root / "missions" / "extra2.yaml").write_text(
        mission_yaml("2026-12-02", "2026-12-11", ("hugo-lambert", 50)), encoding="utf-8")
    target = tmp_path / "p.html"
    run_cfo("-C", str(root), "--today", TODAY, "planning", "--format", "html", "-o", str(target))
    page = visit(Page("planning", target, tmp_path)).page
    over = page.locator(".tl-screen .tl-row[data-freelancer='hugo-lambert'] .tl-over")
    assert over.count() == 1
    assert over.inner_text() == "⚠ 130 %"
    first = date.fromisoformat(page.get_attribute(".tl-screen", "data-first"))
    assert over.get_attribute("style") == (
        f"--f:{(date(2026, 12, 2) - first).days};--l:3")
    note = page.locator(".tl-screen .tl-row[data-freelancer='hugo-lambert'] .over-note")
    assert "surréservé" in note.inner_text()


def test_missions_sharing_a_title_can_be_picked_apart(tmp_path: Path, visit: Any) -> None:
    """Two missions titled "Refonte": the suggestions say each with its id, picking one keeps
    its people only, and typing the bare title keeps both."""
    from chromium import run_cfo

    from conftest import mission_yaml

    root = tmp_path / "w"
    copy_example(root)
    for mission_id, person in (("refonte-a", "hugo-lambert"), ("refonte-b", "alice-martin")):
        (root / "missions" / f"{mission_id}.yaml").write_text(
            mission_yaml("2026-11-30", "2026-12-04", (person, 20)).replace(
                "title: Mission", "title: Refonte"), encoding="utf-8")
    target = tmp_path / "p.html"
    run_cfo("-C", str(root), "--today", TODAY, "planning", "--format", "html", "-o", str(target))
    page = visit(Page("planning", target, tmp_path)).page
    choices = page.eval_on_selector_all(
        "#tl-missions option", "options => options.map(o => o.value)")
    assert "Refonte (refonte-a)" in choices and "Refonte (refonte-b)" in choices
    assert "Refonte" not in choices
    field = page.locator("#tl-controls input[name=mission]")
    rows = ".tl-screen .tl-row[data-freelancer]"

    def kept() -> list[str]:
        return sorted(page.eval_on_selector_all(
            rows, "rows => rows.filter(r => !r.hidden).map(r => r.dataset.freelancer)"))

    field.fill("Refonte (refonte-a)")
    assert kept() == ["hugo-lambert"]
    field.fill("refonte")
    assert kept() == ["alice-martin", "hugo-lambert"]


def test_a_long_unbroken_word_wraps_instead_of_widening_the_page(tmp_path: Path,
                                                                  visit: Any) -> None:
    from chromium import run_cfo

    root = copy_example(tmp_path / "w")
    mission = root / "missions" / "design-system-banque-regionale.yaml"
    text = mission.read_text(encoding="utf-8")
    word = "Designsystemetrefontedelabanqueenligne" * 4
    mission.write_text(text.replace("title: Design system et refonte de la banque en ligne",
                                    f"title: {word}"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run_cfo("-C", str(root), "--today", TODAY, "brief", "design-system-banque-regionale",
            "--format", "html", "-o", str(out / "brief.html"))
    run_cfo("-C", str(root), "--today", TODAY, "planning", "--format", "html",
            "-o", str(out / "planning.html"))
    for name in ("brief.html", "planning.html"):
        page = visit(Page("long", out / name, out), 390).page
        assert word in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


@pytest.mark.parametrize("name", [
    "compliance.html", "invoices.html", "talent.html", "index.html", "missions/index.html",
    "freelancers/index.html", "freelancers/alice-martin.html",
    "missions/plateforme-reservation-gites.html"])
def test_on_a_phone_a_tables_rows_are_labelled_cards(pages: list[Page], visit: Any,
                                                     name: str) -> None:
    """Four to eight columns in 390 px wrapped every word and hid the last ones behind a
    sideways scroll: each row is a card, each value beside its column's name."""
    [site_page] = [p for p in pages if p.name == f"site/{name}"]
    page = visit(site_page, 390).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("table:not(.stacked)").count() == 0
    tables = page.locator("table.stacked")
    assert tables.count() >= 1
    for index in range(tables.count()):
        table = tables.nth(index)
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        headers = table.evaluate("t => [...t.tHead.rows[0].cells].map(c => c.textContent)")
        first = table.evaluate("""t => [...t.tBodies[0].rows[0].cells].map(c => ({
            label: getComputedStyle(c, '::before').content, top: c.getBoundingClientRect().top,
            bottom: c.getBoundingClientRect().bottom}))""")
        assert [json_string(cell["label"]) for cell in first] == headers
        # The cells are stacked, one under the other, none over the next.
        assert all(a["bottom"] <= b["top"] + 0.5 for a, b in itertools.pairwise(first))
    page.screenshot(path=str(ARTIFACTS / f"stacked-{name.replace('/', '-')}-390.png"))
    wide = visit(site_page, 1280).page
    assert wide.locator("table.stacked thead").first.is_visible()


def test_bars_of_the_same_amount_are_the_same_length(pages: list[Page], visit: Any) -> None:
    """A mission over its budget: the "over budget" words beside one bar shrank its track, so
    the amount committed looked smaller than the budget it passes."""
    [site_page] = [p for p in pages
                   if p.name == "site/missions/plateforme-reservation-gites.html"]
    for width in WIDTHS:
        page = visit(site_page, width).page
        assert page.locator("dl.spend .alert").count() == 1
        tracks = page.eval_on_selector_all(
            "dl.spend .track", "ts => ts.map(t => t.getBoundingClientRect().width)")
        bars = page.eval_on_selector_all(
            "dl.spend .bar", "bs => bs.map(b => b.getBoundingClientRect().width)")
        assert len(set(tracks)) == 1, (width, tracks)
        budget, committed, to_date = bars
        assert committed > budget and committed == pytest.approx(to_date), (width, bars)


def json_string(text: str) -> str:
    """A computed ``content`` value (a CSS string, quoted) as the text it shows."""
    import json

    return str(json.loads(text))


def test_printed_planning_holds_every_week(planning: Page, visit: Any) -> None:
    seen = visit(planning, media="print")
    first = date.fromisoformat(seen.page.get_attribute(".tl-screen", "data-first"))
    weeks = [first + timedelta(weeks=i) for i in range(PLANNING_WEEKS)]
    printed = pdf_pages(seen.page)
    sheets = seen.page.locator(".tl-sheet").count()
    assert len(printed) >= sheets > 1
    text = "\n".join(printed)
    # Each printed sheet says which weeks it holds; together they hold every week, in order.
    held = [int(n) for pair in re.findall(r"Semaines (\d+)\u2013(\d+)", text) for n in pair]
    assert held[0] == weeks[0].isocalendar()[1] and held[-1] == weeks[-1].isocalendar()[1]
    assert len(held) == 2 * sheets
    # And the axis of each sheet names each of its weeks, and only those.
    numbers = [w.isocalendar()[1] for w in weeks]
    labels = [int(n) for n in re.findall(r"Sem\. ?(\d+)", text)]
    assert numbers == labels
    sheet: list[int] = []
    for page_text in printed:
        heading = re.search(r"Semaines (\d+)\u2013(\d+)", page_text)
        if heading:
            first_week, last_week = (numbers.index(int(n)) for n in heading.groups())
            sheet = numbers[first_week:last_week + 1]
        on_page = [int(n) for n in re.findall(r"Sem\. ?(\d+)", page_text)]
        assert set(on_page) <= set(sheet), (on_page, sheet)


# -- helpers ---------------------------------------------------------------------------------

#: Requests that would leave the machine: recorded (by the request listeners) and aborted.
#: (Intercepting file:// requests too would make Chromium refuse them as cross-origin.)
NETWORK = re.compile(r"^(?!file:|data:|about:)[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def inside(url: str, page: Page) -> bool:
    """Whether ``url`` is the page's own folder (or inline data)."""
    return url.startswith((page.root.as_uri() + "/", "data:", "about:"))


def pdf_pages(page: Any) -> list[str]:
    """The text of each page of ``page`` printed to PDF (landscape when its CSS says so)."""
    from pypdf import PdfReader

    data = page.pdf(prefer_css_page_size=True, print_background=True)
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)

