"""cfo find: who is free, ranked, with what it would cost."""

from __future__ import annotations

from conftest import freelancer_yaml, json_report, mission_yaml

REVIEW = ("reviews:\n  - {{freelancer: {who}, date: 2026-01-30, quality: {q}, deadlines: {q}, "
          "communication: {q}, rehire: true}}\n")


def find(run_cfo, root, *args):
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "find", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json_report(result)


def names(report):
    return [c["freelancer"] for c in report["candidates"]]


def test_window_from_working_days_skips_holidays(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    report = find(run_cfo, root, "--start", "2026-07-13", "--days", "3")
    assert report["window"] == {"start": "2026-07-13", "end": "2026-07-16", "working_days": 3}


def test_relative_start(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    report = find(run_cfo, root, "--start", "+6d", "--days", "5")
    assert report["window"] == {"start": "2026-12-02", "end": "2026-12-08", "working_days": 5}


def test_free_first_then_partly_free_then_skills_rating_rate(workspace, run_cfo):
    root = workspace({
        "roster/busy.yaml": freelancer_yaml(skills="react"),
        "roster/half.yaml": freelancer_yaml(skills="react"),
        "roster/cheap.yaml": freelancer_yaml(skills="vue", rate=300),
        "roster/dear.yaml": freelancer_yaml(skills="react", rate=900),
        "roster/rated.yaml": freelancer_yaml(skills="react", rate=950),
        "missions/a.yaml": mission_yaml("2026-12-01", "2026-12-31", ("busy", 100),
                                         ("half", 100, "2026-12-07", "2026-12-31")),
        "missions/old.yaml": mission_yaml("2026-01-05", "2026-01-30", ("rated", 50),
                                          status="closed") + REVIEW.format(who="rated", q=5),
    })
    report = find(run_cfo, root, "--start", "2026-12-02", "--days", "5", "--skill", "react")
    assert names(report) == ["rated", "dear", "cheap", "half", "busy"]
    by_name = {c["freelancer"]: c for c in report["candidates"]}
    assert by_name["half"]["free_days"] == 3 and not by_name["half"]["fully_available"]
    assert by_name["busy"]["free_days"] == 0 and by_name["busy"]["min_free_capacity"] == 0
    assert by_name["cheap"]["missing_skills"] == ["react"]
    assert by_name["rated"]["rating"] == 5.0 and by_name["rated"]["missions_done"] == 1
    assert by_name["dear"]["rating"] is None
    assert by_name["dear"]["estimated_cost"] == "4500.00"


def test_partial_allocation_and_cost(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(rate=605),
        "missions/a.yaml": mission_yaml("2026-12-01", "2026-12-31", ("ada", 50)),
    })
    [ada] = find(run_cfo, root, "--start", "2026-12-07", "--days", "10",
                 "--allocation", "50")["candidates"]
    assert (ada["fully_available"], ada["min_free_capacity"]) == (True, 50)
    assert ada["estimated_cost"] == "3025.00"  # 10 days x 50 % x 605, exact decimal text
    [ada] = find(run_cfo, root, "--start", "2026-12-07", "--days", "10",
                 "--allocation", "60")["candidates"]
    assert ada["fully_available"] is False


def test_filters(workspace, run_cfo):
    root = workspace({
        "roster/dev.yaml": freelancer_yaml(rate=500, languages="fr, en"),
        "roster/designer.yaml": freelancer_yaml(roles="ux-designer"),
        "roster/pricey.yaml": freelancer_yaml(rate=800, languages="fr, en"),
        "roster/french.yaml": freelancer_yaml(),
        "roster/gone.yaml": freelancer_yaml(status="inactive"),
        "roster/banned.yaml": freelancer_yaml(status="do-not-hire"),
    })
    report = find(run_cfo, root, "--role", "web-developer", "--max-rate", "600", "--language",
                  "en", "--start", "2026-12-07", "--end", "2026-12-11")
    assert names(report) == ["dev"]
    everyone = find(run_cfo, root, "--start", "2026-12-07", "--end", "2026-12-11")
    assert sorted(names(everyone)) == ["designer", "dev", "french", "pricey"]


def test_unavailability_makes_days_not_free(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml(
        unavailable=(("2026-12-09", "2026-12-10"),))})
    [ada] = find(run_cfo, root, "--start", "2026-12-07", "--days", "5")["candidates"]
    assert (ada["free_days"], ada["min_free_capacity"]) == (3, 0)


def test_next_fit_when_nobody_is_free(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(unavailable=(("2027-01-11", "2027-01-12"),)),
        "roster/bob.yaml": freelancer_yaml(capacity=40),
        "missions/a.yaml": mission_yaml("2026-12-01", "2027-01-08", ("ada", 100),
                                        ("bob", 40)),
    })
    report = find(run_cfo, root, "--start", "2026-12-07", "--days", "5")
    next_fit = {c["freelancer"]: c["next_fit"] for c in report["candidates"]}
    # ada: busy until 8 January, away on the 11th and 12th; bob never has 100 % to give.
    assert next_fit == {"ada": "2027-01-13", "bob": None}
    text = run_cfo("-C", str(root), "find", "--start", "2026-12-07", "--days", "5",
                   "--lang", "en").stdout
    assert "Nobody is free for the whole window" in text and "next fit 2027-01-13" in text
    text = run_cfo("-C", str(root), "find", "--start", "2026-12-07", "--days", "5").stdout
    assert "Personne n'est libre sur toute la période" in text
    assert "libre dès le 2027-01-13" in text


def test_needs_exactly_one_length(workspace, run_cfo):
    root = workspace()
    assert run_cfo("-C", str(root), "find", "--start", "today").exit_code == 2
    assert run_cfo("-C", str(root), "find", "--start", "today", "--days", "3",
                   "--end", "+1w").exit_code == 2


def test_a_window_without_a_working_day_is_refused_with_why(workspace, run_cfo):
    # Everyone "free" for zero days read as an answer; the window is what is wrong.
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    for window, why in ((("2026-12-25", "2026-12-25"), "2026-12-25 Noël"),
                        (("2026-12-26", "2026-12-27"), "outside the company's working days")):
        result = run_cfo("-C", str(root), "--today", "2026-11-26", "find", "--start", window[0],
                         "--end", window[1])
        assert result.exit_code == 2, result.output
        assert (f"there is no working day from {window[0]} to {window[1]} in the company's "
                f"calendar ({why}); give a later --start or a longer window") in result.stderr


def test_a_window_starting_before_today_gets_a_note(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "find", "--start", "2026-11-02",
                     "--days", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert ("cfo: note: the window starts on 2026-11-02, 24 day(s) before today (2026-11-26)"
            in result.stderr)
    assert json_report(result)["window"]["start"] == "2026-11-02"
    later = run_cfo("-C", str(root), "--today", "2026-11-26", "find", "--start", "2026-11-26",
                    "--days", "5")
    assert "note" not in later.stderr


def test_text_output(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml(rate=550)})
    args = ("find", "--role", "web-developer", "--start", "2026-12-07", "--days", "5",
            "--skill", "python")
    out = run_cfo("-C", str(root), *args, "--lang", "en").stdout
    assert "web-developer, 100%, Mon 2026-12-07 to Fri 2026-12-11 (5 working days)" in out
    assert "€550.00" in out and "€2,750.00" in out and "+python" in out
    out = run_cfo("-C", str(root), *args).stdout
    assert ("web-developer, 100\u00a0%, du lun. 2026-12-07 au ven. 2026-12-11 "
            "(5 jours ouvrés)") in out
    assert "550,00\u00a0€" in out and "2\u202f750,00\u00a0€" in out and "+python" in out


def _refused(run_cfo, root, *args):
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "find", *args, "--start",
                     "2026-12-07", "--days", "5")
    assert result.exit_code == 2, result.output
    return result.stderr


def test_a_role_nobody_holds_nor_the_vocabulary_names_is_refused_with_the_id_meant(
        workspace, run_cfo):
    """"Nobody matches" for a mistyped role read as "everyone is busy"."""
    from conftest import COMPANY

    root = workspace({
        "company.yaml": COMPANY + "vocabulary:\n  roles:\n    web-developer: {fr: Développeur "
                                  "web, en: Web developer}\n    tester: {fr: Testeur}\n",
        "roster/web.yaml": freelancer_yaml(),
        "roster/back.yaml": freelancer_yaml(roles="backend-developer", skills="python"),
    })
    assert "did you mean --role web-developer?" in _refused(run_cfo, root, "--role", "web-dev")
    assert "did you mean --role web-developer?" in _refused(run_cfo, root, "--role",
                                                            "développeur WEB")
    assert "did you mean one of backend-developer, web-developer?" in _refused(
        run_cfo, root, "--role", "developer")
    assert "the roster's roles: backend-developer, web-developer" in _refused(
        run_cfo, root, "--role", "zzz")
    # Named by the vocabulary, held by nobody: a fair question, answered "nobody".
    assert names(find(run_cfo, root, "--role", "tester", "--start", "2026-12-07", "--days",
                      "5")) == []


def test_an_unknown_skill_gets_a_note_and_the_search_goes_on(workspace, run_cfo):
    root = workspace({"roster/back.yaml": freelancer_yaml(roles="backend-developer",
                                                          skills="python")})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "find", "--skill", "pyhton",
                     "--start", "2026-12-07", "--days", "5", "--format", "json")
    assert result.exit_code == 0
    assert "note: no skill 'pyhton' in the roster" in result.stderr
    assert "did you mean --skill python?" in result.stderr
    assert names(json_report(result)) == ["back"]
