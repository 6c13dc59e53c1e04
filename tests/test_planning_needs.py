"""``cfo planning`` shows tentative bookings apart and a demand row per unfilled need."""

from __future__ import annotations

from conftest import freelancer_yaml

MISSION = """\
title: M
client: C
owner: pm
status: open
start: 2026-12-07
end: 2026-12-18
assignments:
  - {freelancer: ada, role: web-developer, allocation: 60, tentative: true}
needs:
  - {id: dev, role: web-developer, start: 2026-12-10, days: 3, allocation: 50, count: 2}
  - {id: ux, role: ux-designer, start: 2026-12-07, days: 1}
"""


def run(workspace, run_cfo, *args: str):
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": MISSION})
    return run_cfo("-C", str(root), "--today", "2026-12-01", "planning", "--from",
                   "2026-12-07", "--weeks", "2", *args)


def test_text_marks_tentative_load_and_shows_demand(workspace, run_cfo):
    out = run(workspace, run_cfo, "--lang", "en").output
    assert "ada".ljust(10) + "  100    60~   60~" in out
    # dev wants 2 and ada's assignment covers it (tentative fills too): 1 missing, at 50% on
    # Thursday 10th and Friday 11th (2 of 5 days) then Monday 14th (1 of 5).
    lines = out.splitlines()
    dev = lines.index("m/dev (web-developer, 1 missing)")
    assert lines[dev + 1].split() == ["20", "10"]
    ux = lines.index("m/ux (ux-designer, 1 missing)")
    assert lines[ux + 1].split() == ["20", "."]
    lines = run(workspace, run_cfo).output.splitlines()
    assert "m/dev (web-developer, 1 manquant)" in lines


def test_role_keeps_its_own_needs(workspace, run_cfo):
    out = run(workspace, run_cfo, "--role", "ux-designer").output
    assert "m/ux" in out and "m/dev" not in out


def test_html_hatches_tentative_and_has_demand_rows(workspace, run_cfo, tmp_path):
    page = tmp_path / "p.html"
    run(workspace, run_cfo, "--format", "html", "-o", str(page))
    html = page.read_text()
    screen = html.split('<section class="tl-print')[0]  # the page repeats them for print
    assert 'class="tl-bar c0 tentative"' in screen
    assert screen.count('data-need="m/') == 2


def test_days_written_as_a_decimal_count_as_whole_days(workspace, run_cfo):
    """``days: 3.0`` passes the schema's integer; it used to reach the calendar as a float
    and end ``cfo check`` with a traceback (found by the hostile property test)."""
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": MISSION.replace("days: 3,", "days: 3.0,")})
    checked = run_cfo("-C", str(root), "--today", "2026-12-01", "check")
    assert "Traceback" not in checked.output and checked.exit_code in (0, 1)
    assert run(workspace, run_cfo).output == run_cfo(
        "-C", str(root), "--today", "2026-12-01", "planning", "--from", "2026-12-07",
        "--weeks", "2").output
