"""cfo activity new / show / status, and the draft's promise: cfo check accepts it as it is."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMPANY, FREELANCER, REPO, mission_yaml, write_workspace

#: November 2026: the 11th is a public holiday; 20 working days.
SITE = mission_yaml("2026-11-02", "2026-11-30", ("ada", 100))


def new(run_cfo, root, *args: str):
    return run_cfo("-C", str(root), "--today", "2026-11-26", "activity", "new", *args)


def days_of(root, freelancer: str = "ada", month: str = "2026-11") -> dict[str, dict]:
    import yaml

    data = yaml.safe_load((root / f"activity/{month}/{freelancer}.yaml").read_text())
    return {e["mission"]: {int(k): v for k, v in e["days"].items()} for e in data["entries"]}


def check(run_cfo, root, today: str = "2026-11-26") -> dict:
    return json.loads(run_cfo("-C", str(root), "--today", today, "check", "--format",
                              "json").stdout)


def test_new_fills_the_planned_working_days_and_leaves_the_holiday(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": SITE})
    result = new(run_cfo, root, "ada", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    days = days_of(root)["site"]
    assert 11 not in days and 7 not in days and sorted(days)[:3] == [2, 3, 4]
    assert sum(days.values()) == 20 and set(days.values()) == {1}
    text = (root / "activity/2026-11/ada.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/activity.schema.json")
    assert "status: draft" in text and "# 20 reported here, 20 planned" in text
    assert [w["rule"] for w in check(run_cfo, root)["warnings"]
            if w["rule"].startswith("activity")] == []


def test_new_never_overwrites_without_force(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": SITE,
                      "activity/2026-11/ada.yaml": "mine\n"})
    refused = new(run_cfo, root, "ada", "--month", "2026-11")
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert (root / "activity/2026-11/ada.yaml").read_text() == "mine\n"
    assert new(run_cfo, root, "ada", "--month", "2026-11", "--force").exit_code == 0
    assert "status: draft" in (root / "activity/2026-11/ada.yaml").read_text()


def test_new_writes_elsewhere_with_o(workspace, run_cfo, tmp_path):
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": SITE})
    target = tmp_path / "draft.yaml"
    assert new(run_cfo, root, "ada", "--month", "2026-11", "-o", str(target)).exit_code == 0
    assert "mission: site" in target.read_text()
    assert not (root / "activity").exists()


def test_new_refuses_an_unknown_freelancer_and_a_bad_month(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": SITE})
    assert new(run_cfo, root, "bob", "--month", "2026-11").exit_code == 2
    for month in ("2026-13", "11/2026", "0000-01"):
        assert new(run_cfo, root, "ada", "--month", month).exit_code == 2


def test_new_at_half_time_with_a_closure_and_a_mid_month_start(workspace, run_cfo):
    company = COMPANY + "closures:\n  - {from: 2026-11-23, to: 2026-11-24, reason: Séminaire}\n"
    mission = mission_yaml("2026-11-02", "2026-11-30", ("ada", 50, "2026-11-16", "2026-11-30"))
    root = workspace({"company.yaml": company, "roster/ada.yaml": FREELANCER,
                      "missions/site.yaml": mission})
    assert new(run_cfo, root, "ada", "--month", "2026-11").exit_code == 0
    days = days_of(root)["site"]
    # 16-20, 25-27, 30: 9 working days at 50 %.
    assert sorted(days) == [16, 17, 18, 19, 20, 25, 26, 27, 30]
    assert set(days.values()) == {0.5}
    report = check(run_cfo, root)
    assert [f for f in report["errors"] + report["warnings"]
            if f["file"].startswith("activity/")] == []


def test_new_at_80_percent_alternates_and_stays_under_the_plan(workspace, run_cfo):
    mission = mission_yaml("2026-11-02", "2026-11-30", ("ada", 80))
    root = workspace({"roster/ada.yaml": FREELANCER, "missions/site.yaml": mission})
    assert new(run_cfo, root, "ada", "--month", "2026-11").exit_code == 0
    days = days_of(root)["site"]
    assert sum(days.values()) == 16 and set(days.values()) == {0.5, 1}


def test_new_skips_the_freelancer_s_absence_and_tentative_bookings(workspace, run_cfo):
    away = FREELANCER + "unavailable:\n  - {from: 2026-11-02, to: 2026-11-06}\n"
    shop = mission_yaml("2026-11-02", "2026-11-30", ("ada", 100)).replace(
        "allocation: 100\n", "allocation: 100\n    tentative: true\n")
    root = workspace({"roster/ada.yaml": away, "missions/site.yaml": SITE,
                      "missions/shop.yaml": shop})
    assert new(run_cfo, root, "ada", "--month", "2026-11").exit_code == 0
    assert list(days_of(root)) == ["site"] and min(days_of(root)["site"]) == 9


def test_show_is_a_document_to_sign_in_both_languages_and_formats(run_cfo):
    base = ["-C", str(REPO), "--today", "2026-11-26", "activity", "show", "emma-petit",
            "--month", "2026-11"]
    fr = run_cfo(*base)
    assert fr.exit_code == 0, fr.output
    text = fr.stdout.replace("\u202f", " ").replace("\xa0", " ")
    assert "# Compte rendu d'activité — novembre 2026" in text
    assert "11 novembre 2026 : jour férié (Armistice)" in text
    assert "11 · **½** · —" in text
    assert "| 10 | 10 | 420,00 € | 4 200,00 € |" in text  # days, planned, rate, amount
    assert "| **Total** | | **10** | | | **4 200,00 €** |" in text
    assert text.count("Signature :") == 2
    html = run_cfo(*base, "--lang", "en", "--format", "html")
    assert html.exit_code == 0
    assert html.stdout.startswith("<!DOCTYPE html>") and "Activity report" in html.stdout
    assert "€4,200.00" in html.stdout and "Armistice" in html.stdout


def test_show_refuses_a_missing_report(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "activity", "show",
                     "farid-haddad", "--month", "2026-10")
    assert result.exit_code == 2
    assert "cfo activity new farid-haddad --month 2026-10" in result.output


def test_status_lists_each_booked_freelancer_with_days(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "activity", "status",
                     "--format", "json")
    data = json.loads(result.stdout)
    assert data["month"] == "2026-10" and data["due"] == "2026-11-06"
    states = {r["freelancer"]: (r["status"], r["reported"], r["planned"]) for r in data["reports"]}
    assert states["farid-haddad"] == ("missing", "0", "4.4")
    assert states["bruno-lefevre"] == ("approved", "21.5", "22")
    markdown = run_cfo("-C", str(REPO), "--today", "2026-11-26", "activity", "status",
                       "--month", "2026-11", "--format", "markdown", "--lang", "en").stdout
    assert "| Emma Petit | draft | 10 | 10 |" in markdown


def test_status_speaks_the_company_s_language_unless_told(run_cfo):
    def status(*args: str) -> str:
        result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "activity", "status", *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    french = status()  # the example company's locale is fr
    assert french.splitlines()[0] == (
        "Comptes rendus d'activité de 2026-10 (à remettre le 2026-11-06)\u202f: 1 manquant, "
        "1 transmis, 1 contesté, 4 approuvés")
    # Numbers as French writes them; JSON keeps "4.4" for programs.
    assert ("- farid-haddad\u202f: manquant\u202f; déclaré 0 j, prévu 4,4 j "
            "(application-mobile-velo-partage 0/4,4)") in french
    english = status("--lang", "en")
    assert english.splitlines()[0] == (
        "Activity reports of 2026-10 (due on 2026-11-06): 1 missing, 1 submitted, "
        "1 disputed, 4 approved")
    assert "- farid-haddad: missing, 0 reported / 4.4 planned" in english
    markdown = status("--month", "2026-11", "--format", "markdown")
    assert "À remettre le 2026-12-07\u202f: 5 manquants, 1 brouillon." in markdown
    assert "| prestataire | statut | déclarés | prévus | missions (déclarés/prévus) |" in markdown
    assert "| Emma Petit | brouillon | 10 | 10 |" in markdown
    assert json.loads(status("--format", "json", "--lang", "en")) == json.loads(
        status("--format", "json"))


def test_status_words_can_be_overridden_by_the_workspace(run_cfo, tmp_path):
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "out", ".cfo-cache"))
    messages = root / "templates" / "messages"
    messages.mkdir(parents=True, exist_ok=True)
    (messages / "fr.yaml").write_text("activity_status_missing: pas reçu\n", encoding="utf-8")
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "activity", "status")
    assert result.exit_code == 0, result.output
    assert "- farid-haddad\u202f: pas reçu\u202f;" in result.stdout


def test_build_includes_the_activity_reports(run_cfo, tmp_path):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "build", "-o",
                     str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out/activity/2026-10/bruno-lefevre.html").is_file()
    assert (tmp_path / "out/activity/2026-11/emma-petit.md").is_file()


# -- the draft never contradicts the planning ------------------------------------------------
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_START = date(2026, 4, 1)  # April 2026: Easter Monday, 1 and 8 May around it


@st.composite
def plannings(draw: st.DrawFn) -> dict[str, str]:
    week = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    company = COMPANY + f"working_days: [{', '.join(week)}]\n"
    closures = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=2))
    if closures:
        company += "closures:\n" + "".join(
            f"  - {{from: {MONTH_START + timedelta(a)}, to: {MONTH_START + timedelta(a + n)}}}\n"
            for a, n in closures)
    files = {"company.yaml": company}
    freelancer = FREELANCER.replace("status: active", "status: active\ncapacity: 100")
    away = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5)), max_size=1))
    if away:
        freelancer += "unavailable:\n" + "".join(
            f"  - {{from: {MONTH_START + timedelta(a)}, to: {MONTH_START + timedelta(a + n)}}}\n"
            for a, n in away)
    files["roster/ada.yaml"] = freelancer
    for index in range(draw(st.integers(1, 3))):
        start = draw(st.integers(-10, 29))
        length = draw(st.integers(0, 40))
        allocation = draw(st.sampled_from([10, 20, 25, 30, 50, 60, 75, 80, 100]))
        first = MONTH_START + timedelta(start)
        last = first + timedelta(length)
        files[f"missions/m{index}.yaml"] = mission_yaml(
            str(first), str(last), ("ada", allocation),
            status=draw(st.sampled_from(["staffed", "in-progress", "draft"])))
        if draw(st.booleans()):
            files[f"missions/m{index}.yaml"] = files[f"missions/m{index}.yaml"].replace(
                "allocation:", "tentative: true\n    allocation:")
    return files


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=plannings())
def test_a_fresh_draft_is_never_more_than_planned_nor_on_a_day_off(run_cfo, tmp_path_factory,
                                                                    files):
    root = write_workspace(tmp_path_factory.mktemp("ws"), files)
    result = run_cfo("-C", str(root), "--today", "2026-04-30", "activity", "new", "ada",
                     "--month", "2026-04")
    assert result.exit_code == 0, result.output
    report = check(run_cfo, root, today="2026-04-30")
    rules = {f["rule"] for f in report["errors"] + report["warnings"]
             if f["file"].startswith("activity/")}
    assert rules <= set(), (rules, (root / "activity/2026-04/ada.yaml").read_text())
