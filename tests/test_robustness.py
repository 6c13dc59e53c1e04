"""Random but schema-valid workspaces through every command: findings and documents, never a
traceback. Extreme dates, long closures and references to nobody included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.cli.main import cli
from conftest import write_workspace

IDS = ["ada", "bob", "cyd"]
day = st.one_of(st.dates(date(2024, 1, 1), date(2028, 12, 31)),
                st.sampled_from([date(1950, 1, 2), date(9999, 12, 31), date(2200, 6, 1)]))


def period(key_from: str = "from", key_to: str = "to"):
    return st.tuples(day, day).map(lambda p: {key_from: str(min(p)), key_to: str(max(p)),
                                              "reason": "x"})


company = st.fixed_dictionaries({
    "name": st.just("Test"), "pitch": st.just("Pitch"),
    "team": st.just([{"id": "pm", "name": "P", "email": "p@example.fr"}]),
}, optional={
    "subdivision": st.sampled_from(["57", "971"]),
    "locale": st.sampled_from(["fr", "en"]),
    "working_days": st.lists(st.sampled_from(["monday", "tuesday", "saturday", "sunday"]),
                             min_size=1, max_size=3, unique=True),
    "closures": st.lists(period(), max_size=2),
    "requirements": st.fixed_dictionaries({}, optional={
        "insurance": st.just(["rc-pro"]), "nda_before_start": st.booleans(),
        "dependence_months": st.integers(1, 24)}),
})

freelancer = st.fixed_dictionaries({
    "name": st.just("Name"), "email": st.just("n@example.fr"),
    "roles": st.just(["web-developer"]), "skills": st.just(["python"]),
    "daily_rate": st.integers(1, 2000), "status": st.sampled_from(["active", "inactive"]),
}, optional={
    "capacity": st.integers(1, 100),
    "unavailable": st.lists(period(), max_size=2),
    "documents": st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(["urssaf-vigilance", "kbis", "rc-pro", "nda"])},
        optional={"issued": day.map(str), "expires": day.map(str), "verified": day.map(str)}),
        max_size=3),
})


@st.composite
def mission(draw):
    start, end = sorted((draw(day), draw(day)))
    data = {"title": "T", "client": "C", "owner": "pm",
            "status": draw(st.sampled_from(["draft", "open", "staffed", "in-progress",
                                            "in-review", "validated", "closed", "cancelled"])),
            "start": str(start), "end": str(end)}
    data["assignments"] = [
        {"freelancer": draw(st.sampled_from([*IDS, "nobody"])), "role": "web-developer",
         "allocation": draw(st.integers(1, 100))} for _ in range(draw(st.integers(0, 3)))]
    data["deliverables"] = [
        {"id": f"d{i}", "title": "D", "due": str(draw(day)),
         "status": draw(st.sampled_from(["pending", "submitted", "accepted"]))}
        for i in range(draw(st.integers(0, 2)))]
    return data


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(company, st.lists(freelancer, min_size=1, max_size=3), st.lists(mission(), max_size=3))
def test_every_command_on_random_workspaces(tmp_path_factory, company, people, missions):
    root: Path = tmp_path_factory.mktemp("ws")
    files = {"company.yaml": yaml.safe_dump(company)}
    files |= {f"roster/{IDS[i]}.yaml": yaml.safe_dump(p) for i, p in enumerate(people)}
    files |= {f"missions/m{i}.yaml": yaml.safe_dump(m) for i, m in enumerate(missions)}
    write_workspace(root, files)
    runner = CliRunner()
    out = tmp_path_factory.mktemp("out")
    commands = [
        ["check", "--format", "json"], ["conflicts"], ["find", "--start", "today", "--days", "5"],
        ["planning", "--format", "html"], ["planning", "--weeks", "3"], ["calendar"],
        ["status", "--format", "markdown"], ["talent"], ["build", "-o", str(out / "build")],
        ["onboard", "ada", "-o", str(out / "pack")],
    ]
    commands += [["brief", f"m{i}", "--format", "html"] for i in range(len(missions))]
    for args in commands:
        result = runner.invoke(cli, ["-C", str(root), "--today", "2026-11-26", *args],
                               catch_exceptions=False)
        assert result.exit_code in (0, 1, 2), (args, result.output)
