"""cfo planning and cfo calendar."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from conftest import REPO, freelancer_yaml, mission_yaml


def test_planning_grid(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(unavailable=(("2026-12-14", "2026-12-18"),)),
        "roster/bob.yaml": freelancer_yaml(capacity=60),
        "missions/a.yaml": mission_yaml("2026-11-30", "2026-12-11", ("ada", 50), ("bob", 60)),
        "missions/b.yaml": mission_yaml("2026-12-07", "2026-12-08", ("ada", 60)),
    })
    args = ("-C", str(root), "planning", "--from", "2026-12-02", "--weeks", "3")
    lines = run_cfo(*args, "--lang", "en").stdout.splitlines()
    assert lines[0].startswith("Load per week, % of full time, from Mon 2026-11-30")
    assert lines[2].split() == ["cap", "W49", "W50", "W51"]
    assert lines[3].split() == ["11/30", "12/7", "12/14"]
    assert lines[4].split() == ["ada", "100", "50", "74!", "off"]
    assert lines[5].split() == ["bob", "60", "60", "60", "0"]
    # No locale: French, the day before the month.
    lines = run_cfo(*args).stdout.splitlines()
    assert lines[0].startswith("Charge par semaine, en % d'un temps plein, du lun. 2026-11-30")
    assert lines[2].split() == ["cap.", "S49", "S50", "S51"]
    assert lines[3].split() == ["30/11", "07/12", "14/12"]
    assert lines[4].split() == ["ada", "100", "50", "74!", "abs."]


def test_planning_html_is_standalone_and_escaped(workspace, run_cfo, tmp_path):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml().replace("name: Test", "name: <script>x</script>"),
        "missions/a.yaml": mission_yaml("2026-11-30", "2026-12-11", ("ada", 50)),
    })
    target = tmp_path / "planning.html"
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "planning", "--format", "html",
                     "-o", str(target))
    assert result.exit_code == 0
    page = target.read_text()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "Planning des freelances" in page and "30 novembre 2026" in page
    assert "http" not in page.replace('lang="fr"', "")  # no external assets
    again = run_cfo("-C", str(root), "planning", "--format", "html", "-o", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    english = run_cfo("-C", str(root), "planning", "--format", "html", "--lang", "en").stdout
    assert "Freelancer planning" in english


def test_calendar_parses_back(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "calendar", "--freelancer",
                     "david-nguyen")
    calendar = Calendar.from_ical(result.stdout_bytes)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    mission = events["assignment-application-mobile-velo-partage-david-nguyen@cfo-tools"]
    assert mission.decoded("dtstart") == date(2026, 9, 7)
    assert mission.decoded("dtend") == date(2026, 12, 18) + timedelta(days=1)  # exclusive
    assert str(mission["status"]) == "CONFIRMED"
    away = [e for uid, e in events.items() if uid.startswith("unavailable-david-nguyen")]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in away] == [
        (date(2027, 1, 18), date(2027, 1, 23))]


def test_calendar_uids_are_stable_and_cancelled_missions_say_so(run_cfo):
    first = run_cfo("-C", str(REPO), "--today", "2026-11-26", "calendar").stdout_bytes
    second = run_cfo("-C", str(REPO), "--today", "2026-11-26", "calendar").stdout_bytes
    assert first == second
    events = {str(e["uid"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    cancelled = events["assignment-intranet-clinique-veterinaire-hugo-lambert@cfo-tools"]
    assert str(cancelled["status"]) == "CANCELLED"


def test_calendar_of_a_mission_to_a_file(run_cfo, tmp_path):
    target = tmp_path / "mission.ics"
    result = run_cfo("-C", str(REPO), "calendar", "--mission", "design-system-banque-regionale",
                     "-o", str(target))
    assert result.exit_code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == 3
    assert run_cfo("-C", str(REPO), "calendar", "--mission", "nope").exit_code == 2
    assert run_cfo("-C", str(REPO), "calendar", "-o", str(target)).exit_code == 2
