"""``cfo site``: the pages and API of the example, their links, determinism, and escaping."""

from __future__ import annotations

import functools
import itertools
import json
import multiprocessing
import re
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.documents.templating import TemplateProblem
from cfo_tools.site import building, page_rendering
from cfo_tools.site.building import MARKER, build_site
from cfo_tools.site.inputs import SiteInputs
from conftest import COMPANY, REPO, freelancer_yaml, mission_yaml

TODAY = date(2026, 11, 27)


def site_of(root: Path, *, money: bool = True, source_base: str | None = None,
            today: date = TODAY, reviews: bool = True) -> dict[str, bytes]:
    report = run_checks(root, today=today)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    return build_site(SiteInputs(report, calendar, today, "fr", money=money,
                                 source_base=source_base, reviews=reviews))


@pytest.fixture(scope="module")
def example_site() -> dict[str, bytes]:
    return site_of(REPO)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def links_of(html: bytes) -> _Links:
    parser = _Links()
    parser.feed(html.decode("utf-8"))
    return parser


def test_every_page_is_there(example_site):
    for page in ("index.html", "planning.html", "missions/index.html", "freelancers/index.html",
                 "talent.html", "compliance.html", "pipeline.html", "invoices.html",
                 MARKER):
        assert page in example_site
    missions = {p.stem for p in (REPO / "missions").glob("*.yaml")}
    roster = {p.stem for p in (REPO / "roster").glob("*.yaml")}
    assert {f"missions/{m}.html" for m in missions} <= set(example_site)
    assert {f"freelancers/{f}.html" for f in roster} <= set(example_site)


def test_every_link_inside_the_site_resolves_and_nothing_is_fetched_outside(example_site):
    pages = {name: links_of(content) for name, content in example_site.items()
             if name.endswith(".html")}
    for name, parsed in pages.items():
        for tag, _attribute, value in parsed.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                # Only a link the reader follows may leave the site; nothing is loaded from
                # elsewhere (no font, script, stylesheet or image).
                assert tag == "a" and parts.scheme in ("https", "mailto"), (name, value)
                continue
            target = (Path(name).parent / unquote(parts.path)).as_posix() if parts.path \
                else name
            target = _normalise(target)
            assert target in example_site, f"{name}: {value} leads nowhere"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in pages[target].ids, f"{name}: {value}: no such anchor"


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            assert parts, f"{path} leaves the site"
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_pages_say_their_language_and_have_one_h1_then_headings_in_order(example_site):
    for name, content in example_site.items():
        if not name.endswith(".html") or name == "planning.html":
            continue
        html = content.decode()
        assert '<html lang="fr">' in html, name
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_two_builds_are_the_same_bytes(example_site):
    assert site_of(REPO) == example_site


@pytest.mark.parametrize("workers", [1, 2])
def test_files_handed_over_as_they_are_made_are_the_site(example_site, monkeypatch, workers):
    # What ``cfo site`` writes into a new folder while the workers render: every file once.
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(page_rendering, "available_cores", lambda: workers)
    report = run_checks(REPO, today=TODAY)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    handed: list[dict[str, bytes]] = []
    built = building.make_site(SiteInputs(report, calendar, TODAY, "fr"),
                               on_files=handed.append)
    assert built.files == {} and built.made == len(example_site)
    assert sum(map(len, handed)) == len(example_site)
    assert {path: content for files in handed for path, content in files.items()} == (
        example_site)
    assert built.pages == sum(path.endswith(".html") for path in example_site)


def test_the_home_page_shows_the_day_in_flight_requests_and_findings(example_site):
    home = example_site["index.html"].decode()
    assert "vendredi 27 novembre 2026" in home
    assert 'href="missions/application-mobile-velo-partage.html"' in home  # in flight
    assert "back-office" in home  # the open request
    assert "Constats de cfo check" in home and "overdue-deliverable" in home


def test_the_home_page_shows_the_agenda_of_cfo_agenda(example_site):
    """Issue 18: the home page lists what `cfo agenda` lists, in the site's language (French
    here), so no passage of it is marked as English."""
    from markupsafe import escape

    from cfo_tools.checks.runner import run_checks as checks
    from cfo_tools.documents.templating import load_messages
    from cfo_tools.documents.typography import day_text, spaced
    from cfo_tools.steering.agenda import build_agenda

    report = checks(REPO, today=TODAY)
    calendar = calendar_of(report.validation)
    assert calendar is not None and report.validation.workspace is not None
    agenda = build_agenda(report.validation.workspace, calendar, today=TODAY)
    home = example_site["index.html"].decode()
    assert 'id="agenda"' in home and agenda.items
    words = load_messages(REPO, "fr")
    said_day = functools.partial(day_text, style="medium", lang="fr")
    for item in agenda.items[:20]:
        assert str(escape(spaced(item.action_in(words, said_day), "fr"))) in home
    # People by name, missions by title, dates as the site says them (ids stay in the paths).
    assert "Faire le point avec Farid Haddad sur Application mobile du service" in home
    assert "Relancer Lucas Vidal, dernier contact le 20 oct. 2026" in home
    section = home[home.index('id="agenda"'):]
    section = section[:section.index("</section>")]
    assert 'lang="en"' not in section and "Check in" not in section
    without_money = site_of(REPO, money=False)["index.html"].decode()
    assert "Payer la facture" in home and "Payer la facture" not in without_money


def test_the_planning_page_leads_back_to_the_rest_of_the_site(example_site, run_cfo):
    planning = example_site["planning.html"].decode()
    assert '<a href="index.html">Accueil</a>' in planning
    assert '<a href="planning.html" aria-current="page">' in planning
    alone = run_cfo("-C", str(REPO), "--today", "2026-11-26", "planning", "--format", "html")
    assert alone.exit_code == 0 and 'class="site-nav"' not in alone.output


def test_findings_link_to_the_forge_line_when_there_is_one():
    site = site_of(REPO, source_base="https://github.com/acme/ws/blob/" + "a" * 40 + "/")
    findings = json.loads(site["api/v1/findings.json"])["findings"]
    assert findings and all(f["link"].startswith("https://github.com/acme/ws/blob/")
                            for f in findings)
    first = findings[0]
    assert first["link"].endswith(f"/{first['file']}#L{first['line']}")
    assert first["link"] in site["index.html"].decode()


def test_findings_link_to_the_record_page_without_a_forge(example_site):
    findings = json.loads(example_site["api/v1/findings.json"])["findings"]
    on_missions = [f for f in findings if f["file"].startswith("missions/")]
    assert on_missions and all(f["link"] == f["file"].replace(".yaml", ".html")
                               for f in on_missions)


HOSTILE = "<script>alert(1)</script>"


def test_hostile_names_are_escaped_everywhere(tmp_path):
    root = tmp_path / "ws"
    files = {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml().replace("name: Test", f'name: "{HOSTILE}"'),
        "missions/site.yaml": mission_yaml("2026-11-02", "2026-12-18", ("ada", 50)).replace(
            "title: Mission", 'title: "<img src=x onerror=alert(2)>"'),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    site = site_of(root)
    for name, content in site.items():
        if not name.endswith(".html"):
            continue  # the API carries the name as it is, in JSON
        text = content.decode()
        # (the planning page has a script of its own: look for the hostile one)
        assert "<script>alert" not in text and "<img src=x" not in text, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site["freelancers/ada.html"].decode()
    assert json.loads(site["api/v1/freelancers.json"])["freelancers"][0]["name"] == HOSTILE


@pytest.fixture(params=[m for m in ("fork", "spawn")
                        if m in multiprocessing.get_all_start_methods()])
def on_two_cores(request, monkeypatch):
    """Pages rendered by two worker processes, whatever the number of pages, started with
    each start method the platform has (spawn: macOS's and Windows's)."""
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(building, "render_pages", functools.partial(
        page_rendering.render_pages, workers=2, start_method=request.param))


def test_pages_rendered_on_several_cores_are_the_same_bytes(on_two_cores, example_site):
    assert site_of(REPO) == example_site


def test_a_workspace_template_failing_in_a_worker_is_named(on_two_cores, example):
    (example / "templates" / "site").mkdir(parents=True)
    (example / "templates" / "site" / "mission.html.j2").write_text("ok\n{{ nothing.here }}\n")
    with pytest.raises(TemplateProblem) as failure:
        site_of(example)
    assert (failure.value.file, failure.value.line) == ("templates/site/mission.html.j2", 2)


def _too_large(renderer):
    raise TemplateProblem("templates/planning.html.j2", 3, "the printed value would be larger "
                          "than the limit of 10 MiB (--max-output-size)")


def _logged_page(log, renderer):
    with log.open("a") as rendered:
        rendered.write("x")
    time.sleep(0.01)
    return b"<p>page</p>"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the workers inherit the stand-in renderer")
def test_a_list_that_fails_stops_the_pages_of_records(monkeypatch, tmp_path):
    # On the large workspace a list over --max-output-size failed after 5 minutes, once every
    # one of the 110,000 pages of records had been rendered for nothing.
    monkeypatch.setattr(page_rendering, "PageRenderer", lambda settings: None)
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 0)
    log = tmp_path / "rendered"
    records = [(f"missions/{i}.html", functools.partial(_logged_page, log)) for i in range(200)]
    with pytest.raises(TemplateProblem) as failure:
        page_rendering.render_pages(None, [("planning.html", _too_large),
                                           ("talent.html", lambda renderer: b"<p>list</p>")],
                                    alone=2, workers=2, start_method="fork",
                                    then=lambda: (records, 0), expected=202)
    assert (failure.value.file, failure.value.line) == ("templates/planning.html.j2", 3)
    assert len(log.read_text()) < len(records)


def test_the_home_page_lists_so_many_of_each_and_counts_the_rest(monkeypatch):
    from cfo_tools.site import findings_view, pages

    monkeypatch.setattr(pages, "HOME_LIST_LIMIT", 1)
    monkeypatch.setattr(findings_view, "LISTED_PER_RULE", 1)
    home = site_of(REPO)["index.html"].decode()
    assert home.count("<tr>") == 2 * 2  # in flight and requests: a header and one row each
    assert re.search(r"… et \d+ de plus\W+<a href=\"missions/index.html\"", home)
    assert "… et 1 de plus, tous dans" in home


def test_roles_read_in_the_company_s_words_on_every_page(example_site):
    """As on the planning (issue 14): "Développeur mobile", never the id mobile-developer."""
    mission = example_site["missions/application-mobile-velo-partage.html"].decode()
    assert ">Développeur mobile</td>" in mission and ">mobile-developer</td>" not in mission
    people = example_site["freelancers/index.html"].decode()
    assert "Développeur web" in people and "web-developer, " not in people


def test_skills_read_in_the_company_s_words_on_every_page(example_site):
    """Skills as roles: "Intégration et déploiement continus", never the id ci-cd; an id the
    vocabulary does not name is humanised, as a role's is."""
    mission = example_site["missions/application-mobile-velo-partage.html"].decode()
    assert "<dd>Flutter, Firebase, Figma, Intégration et déploiement continus</dd>" in mission
    person = example_site["freelancers/alice-martin.html"].decode()
    assert "Accessibilité" in person and "next-js" not in person
    assert "Développeur web" in person


def test_a_skill_the_vocabulary_does_not_name_is_humanised(workspace):
    root = workspace(files={"roster/ana.yaml": freelancer_yaml(skills="rust-embedded")})
    page = site_of(root)["freelancers/ana.html"].decode()
    assert "<dd>Rust embedded</dd>" in page


def test_the_deliverable_markers_are_numbered_as_the_list_below_them(example_site):
    """Marker n of the small timeline is item n of the list, to the eye and to a screen
    reader (its accessible name says the number, the day, the state and the title)."""
    page = example_site["missions/application-mobile-velo-partage.html"].decode()
    timeline = page.split('<div class="milestones"', 1)[1].split("</div>", 1)[0]
    markers = re.findall(r'<span class="milestone[^"]*"[^>]*aria-label="([^"]*)"[^>]*>(\d+)</span>',
                         timeline)
    items = re.findall(r"<li>.*?</li>", page.split('<ol class="deliverables">', 1)[1]
                       .split("</ol>", 1)[0])
    assert [number for _, number in markers] == ["1", "2", "3"] and len(items) == 3
    assert markers[2][0] == ("Livrable 3, 15 déc. 2026, à venir\u202f: Application publiée "
                             "sur l&#39;App Store et Google Play")
    assert "Application publiée" in items[2] and "Maquettes" in items[0]


def test_deliverables_due_close_together_raise_their_numbers_a_row(workspace):
    """Two deliverables on one day (and a third a day later) would cover each other's number:
    each is raised a row above the line, its diamond staying at its date; a far one is not."""
    mission = mission_yaml("2026-01-05", "2026-12-18", ("ana", 50)) + (
        "deliverables:\n"
        "  - {id: a, title: A, due: 2026-03-02, status: pending}\n"
        "  - {id: b, title: B, due: 2026-03-02, status: pending}\n"
        "  - {id: c, title: C, due: 2026-03-03, status: pending}\n"
        "  - {id: d, title: D, due: 2026-09-01, status: pending}\n")
    root = workspace(files={"roster/ana.yaml": freelancer_yaml(), "missions/m.yaml": mission})
    page = site_of(root)["missions/m.html"].decode()
    lanes = re.findall(r'class="milestone[^"]*" style="left: ([\d.]+)%; --lane: (\d+)"', page)
    assert [lane for _, lane in lanes] == ["0", "1", "2", "0"]
    assert lanes[0][0] == lanes[1][0]  # same day, same place on the line
    assert 'class="milestones" style="--lanes: 2"' in page


def test_a_title_holding_a_placeholder_is_shown_as_written(workspace):
    """The marker's words are filled in one pass: a deliverable titled "{due} <b>" keeps its
    braces and is escaped once, never filled again with the date."""
    mission = mission_yaml("2026-11-02", "2026-12-18", ("ana", 50)) + (
        "deliverables:\n  - {id: d, title: '{due} {number} <b>', due: 2026-12-01, "
        "status: pending}\n")
    root = workspace(files={"roster/ana.yaml": freelancer_yaml(), "missions/m.yaml": mission})
    page = site_of(root)["missions/m.html"].decode()
    [label] = re.findall(r'<span class="milestone[^"]*"[^>]*aria-label="([^"]*)"', page)
    assert label.endswith("\u202f: {due} {number} &lt;b&gt;"), label


class _Texts(HTMLParser):
    """The text a reader sees (and the accessible names), without the findings of cfo check:
    those are English passages."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.skipped or tag in ("style", "script") or values.get("class") == "findings":
            self.skipped.append(tag)
        for name in ("aria-label", "title", "data-tip", "placeholder"):
            if values.get(name) and not self.skipped:
                self.texts.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipped and self.skipped[-1] == tag:
            self.skipped.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipped:
            self.texts.append(data)


#: A high punctuation mark ending a word with no narrow no-break space before it, or an
#: ordinary space inside guillemets.
_FRENCH_SLIP = re.compile(r"[^\s\u202f\d/:][:;!?](?=\s|$)|[ \u00a0][:;!?»]|«[ \u00a0]")


@pytest.mark.parametrize("page", ["index.html", "planning.html",
                                  "missions/application-mobile-velo-partage.html",
                                  "freelancers/alice-martin.html", "freelancers/chloe-dubois.html",
                                  "pipeline.html", "talent.html", "compliance.html"])
def test_french_pages_space_their_punctuation_the_french_way(example_site, page):
    """"Personnes manquantes\u202f: 1", "Relire «\u202fMaquettes\u202f»": a narrow no-break
    space before ":" ";" "!" "?" and inside guillemets, as in documents."""
    parser = _Texts()
    parser.feed(example_site[page].decode())
    slips = [text for text in parser.texts if _FRENCH_SLIP.search(text)]
    assert not slips


def test_the_missing_people_of_a_need_read_the_french_way(example_site):
    page = example_site["missions/application-mobile-velo-partage.html"].decode()
    assert "Personnes manquantes\u202f: 1" in page


def test_english_pages_keep_english_punctuation(workspace):
    mission = mission_yaml("2026-11-02", "2026-12-18", ("ana", 50)) + (
        "reviews:\n  - {freelancer: ana, date: 2026-11-20, quality: 5, deadlines: 4, "
        "communication: 5, rehire: true}\n")
    root = workspace(files={"roster/ana.yaml": freelancer_yaml(), "missions/m.yaml": mission})
    report = run_checks(root, today=TODAY)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    page = build_site(SiteInputs(report, calendar, TODAY, "en"))["freelancers/ana.html"].decode()
    assert "5 / 4 / 5; Would rehire: yes" in page and "\u202f" not in page.split("<main", 1)[1]


def test_kinds_of_document_read_in_words(example_site):
    """"Extrait Kbis", as the admin pack says it, never the id kbis."""
    for page in ("compliance.html", "freelancers/alice-martin.html", "index.html"):
        html = example_site[page].decode()
        if page != "index.html":  # nothing to get this week in the example
            assert "Attestation de vigilance URSSAF" in html, page
        assert not re.search(r">(kbis|rc-pro|urssaf-vigilance|rne-certificate)<|— (kbis|rc-pro)\b",
                             html), page


def test_findings_are_marked_as_the_english_they_are_on_a_french_site(example_site):
    """cfo check speaks English: a screen reader reading the French home page must switch."""
    home = example_site["index.html"].decode()
    findings = home.split('<ul class="findings">')[1:]
    assert findings and all('</span> <span lang="en">' in part.split("</ul>")[0]
                            for part in findings)


def test_the_english_planning_says_holiday_colon_name(run_cfo):
    """The timeline's tips joined a label and its value with " : " in every language."""
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "planning", "--format", "html",
                     "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "closure: " in result.output and "need: " in result.output
    assert not re.search(r"(holiday|closure|away|need) :", result.output)


def test_the_reviews_to_write_name_people_and_missions(example_site):
    page = example_site["talent.html"].decode()
    section = page[page.index('id="unreviewed"'):]
    section = section[:section.index("</section>")]
    assert '<a href="freelancers/bruno-lefevre.html">Bruno Lefèvre</a>' in section
    assert ">Plateforme de réservation des gîtes</a>" in section
    assert ">bruno-lefevre<" not in section
