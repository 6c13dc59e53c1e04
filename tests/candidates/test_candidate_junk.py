"""Whatever a candidate file holds, checking it and showing the funnel never crash, and a
candidate is either in the model or reported."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.checks.runner import run_checks
from cfo_tools.steering.pipeline import pipeline
from conftest import write_workspace

DATES = st.dates(date(2025, 1, 1), date(2027, 12, 31)).map(date.isoformat)
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**10), st.floats(allow_nan=False),
                 st.text(max_size=8), DATES, st.just("2026-02-30"))
FIELDS = {
    "name": st.one_of(st.just("Ada Lovelace"), JUNK),
    "roles": st.one_of(st.lists(st.sampled_from(["web-developer", "Web Dev", "ux"]), max_size=3),
                       JUNK),
    "skills": st.one_of(st.lists(st.sampled_from(["react", "x"]), max_size=2), JUNK),
    "source": st.one_of(st.fixed_dictionaries(
        {"channel": st.sampled_from(["linkedin", "referral", "fax"])},
        optional={"url": st.sampled_from(["https://example.org", "nope"]),
                  "referred_by": JUNK}), JUNK),
    "stage": st.one_of(st.sampled_from(["identified", "contacted", "interested", "qualified",
                                        "declined", "joined"]), JUNK),
    "daily_rate": JUNK,
    "available_from": JUNK,
    "contacts": st.one_of(st.lists(st.fixed_dictionaries(
        {"date": st.one_of(DATES, JUNK), "channel": st.sampled_from(["email", "Phone"])}),
        max_size=3), JUNK),
    "next_step": st.one_of(st.fixed_dictionaries({"date": st.one_of(DATES, JUNK),
                                                  "action": JUNK}), JUNK),
    "extra": JUNK,
}
CANDIDATES = st.fixed_dictionaries({}, optional=FIELDS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=CANDIDATES, today=st.dates(date(2025, 6, 1), date(2027, 6, 1)))
def test_junk_candidates_never_crash(data, today):
    root = Path(tempfile.mkdtemp())
    try:
        text = yaml.safe_dump(data, allow_unicode=True) if data else "{}\n"
        write_workspace(root, {"candidates/ada.yaml": text})
        report = run_checks(root, today=today)
        workspace = report.validation.workspace
        read = "ada" in workspace.candidates
        # Errors of reading, not the rules that look at a candidate once read.
        reported = any(f.file == "candidates/ada.yaml" and f.severity == "error"
                       and not f.rule.startswith("candidate-") for f in report.findings)
        assert read != reported
        funnel = pipeline(workspace, today=today)
        assert funnel.total == (1 if read else 0)
    finally:
        shutil.rmtree(root)
