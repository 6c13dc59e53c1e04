"""A workspace schema looser than the model: the model still gets only what it can use, and
the rest is a located finding (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cfo_tools.loading.yaml_documents import parse_document, read_document
from cfo_tools.model.building import _explain_bad_date
from cfo_tools.model.needed_fields import NEEDS, unusable_values
from conftest import COMPANY, FREELANCER, MISSION, REPO

PERMISSIVE = json.dumps({"type": "object"})

BASE = {
    "company": ("company.yaml", COMPANY),
    "freelancer": ("roster/ada.yaml", FREELANCER),
    "mission": ("missions/site.yaml", MISSION + "assignments:\n  - freelancer: ada\n"
                "    role: dev\n    daily_rate: 500\n"
                "reviews:\n  - {freelancer: ada, date: 2026-01-30, quality: 5, deadlines: 5,"
                " communication: 5, rehire: true}\n"),
    "candidate": ("candidates/zoe.yaml", "name: Zoé Martin\nroles: [designer]\nskills: [figma]\n"
                  "daily_rate: 450\nsource: {channel: linkedin}\nstage: contacted\n"
                  "contacts:\n  - {date: 2026-01-05, channel: linkedin}\n"
                  "next_step: {date: 2026-01-20, action: Call}\n"),
    "activity": ("activity/2026-01/ada.yaml", "entries:\n  - mission: site\n"
                 "    days: {5: 1, 6: 0.5}\nstatus: submitted\nsubmitted_on: 2026-01-30\n"),
    "invoice": ("invoices/ada/f-1.yaml", "number: F-1\nissued: 2026-02-02\nlines:\n"
                "  - {mission: site, days: 10, daily_rate: 500}\namount: 5000.00\n"
                "vat_rate: 20\ntotal: 6000.00\ndue: 2026-03-04\nstatus: received\n"),
}

#: Pointers of fields the model reads, by kind (top-level ones and a few inside lists).
FIELDS = {
    kind: [f"/{name}" for name in need.fields] for kind, need in NEEDS.items()
}
FIELDS["company"] += ["/team/0/name", "/team/0/id"]
FIELDS["candidate"] += ["/source/channel", "/contacts/0/date", "/next_step/date"]
FIELDS["activity"] += ["/entries/0/mission", "/entries/0/days", "/entries/0/days/5"]
FIELDS["invoice"] += ["/lines/0/days", "/lines/0/daily_rate", "/lines/0/mission"]
FIELDS["mission"] += ["/assignments/0/daily_rate", "/assignments/0/freelancer",
                      "/reviews/0/quality", "/reviews/0/rehire"]

BAD = [None, "soon", 3, -5, 1.5, [], {}, True, "9" * 400, 10**40, [{"a": 1}],
       {"deep": [[[[{}]]]]}, "0000-01-01"]


def _set(data: dict, pointer: str, value: object) -> None:
    parts = pointer.strip("/").split("/")
    target = data
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    if value is _MISSING:
        target.pop(last, None)
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


_MISSING = object()


@pytest.mark.parametrize("kind", sorted(FIELDS))
@pytest.mark.parametrize("value", [_MISSING, *BAD], ids=lambda v: "missing" if v is _MISSING
                         else repr(v)[:12])
def test_any_value_under_a_permissive_schema_is_used_or_reported(findings_of, kind, value):
    file, text = BASE[kind]
    for pointer in FIELDS[kind]:
        data = parse_document(text.encode(), Path(file), file).data
        try:
            _set(data, pointer, value)
        except (KeyError, IndexError, TypeError):
            continue
        files = {file: yaml.safe_dump(data, allow_unicode=True),
                 f"schemas/{kind}.schema.json": PERMISSIVE}
        findings = findings_of(files)  # never raises
        problems = unusable_values(kind, data)
        for finding in findings:
            assert finding.line is not None, finding
        if problems:
            assert {f.rule for f in findings if f.file == file} >= {"unusable-value"}


@pytest.mark.parametrize("kind, document, pointer, message", [
    ("freelancer", {"email": "a@b.fr"}, "", "missing key 'name', which cfo needs"),
    ("freelancer", {"daily_rate": "cinq cents"}, "/daily_rate",
     "cfo needs a number from 0 to 1,000,000,000 here, found the text 'cinq cents'"),
    ("freelancer", {"daily_rate": "550,50 €"}, "/daily_rate",
     "cfo needs a number from 0 to 1,000,000,000 here, found the text '550,50 €'; write 550.5 "),
    ("freelancer", {"daily_rate": 10**4000}, "/daily_rate",
     "cfo needs a number from 0 to 1,000,000,000 here"),
    ("freelancer", {"capacity": 50.5}, "/capacity", "cfo needs a whole number from 1 to 100"),
    ("mission", {"start": "soon"}, "/start",
     "cfo needs a date written YYYY-MM-DD here, found the text 'soon'"),
    ("mission", {"assignments": {"ada": 1}}, "/assignments",
     "cfo needs a list here, found a mapping"),
    ("company", {"team": None}, "/team", "cfo needs a list here, found no value"),
    ("company", {"working_days": ["lundi"]}, "/working_days/0",
     "cfo needs a weekday in English"),
])
def test_unusable_values_name_the_value_and_what_is_needed(kind, document, pointer, message):
    problems = unusable_values(kind, document)
    assert any(p == pointer and m.startswith(message) for p, m in problems), problems


@pytest.mark.parametrize("path", sorted((REPO / "roster").glob("*.yaml"))
                         + sorted((REPO / "missions").glob("*.yaml")) + [REPO / "company.yaml"],
                         ids=lambda p: p.name)
def test_the_needs_are_never_stricter_than_the_packaged_schemas(path):
    kind = {"roster": "freelancer", "missions": "mission"}.get(path.parent.name, "company")
    data = read_document(path, path.name).data
    assert unusable_values(kind, data) == []
    if kind == "freelancer":  # 2020-12 counts 50.0 as an integer
        assert unusable_values(kind, {**data, "capacity": 50.0, "daily_rate": 10**9}) == []


@pytest.mark.parametrize("text, message", [
    ("0000-01-01", "0000-01-01 is not a real date: years start at 1 (there is no year 0)"),
    ("2026-13-01", "2026-13-01 is not a real date: there is no month 13"),
    ("2026-00-10", "2026-00-10 is not a real date: there is no month 0"),
    ("2026-01-00", "2026-01-00 is not a real date: days start at 1 (there is no day 0)"),
    ("2026-02-30", "2026-02-30 is not a real date: February 2026 has 28 days"),
    ("2024-02-30", "2024-02-30 is not a real date: February 2024 has 29 days"),
    ("10000-01-01", "10000-01-01 is not a date written YYYY-MM-DD (e.g. 2026-03-16)"),
    ("soon", "soon is not a date written YYYY-MM-DD (e.g. 2026-03-16)"),
])
def test_impossible_dates_are_explained(text, message):
    assert _explain_bad_date(text) == message


def test_year_zero_is_reported_on_its_line(findings_of):
    findings = findings_of({"missions/site.yaml": MISSION.replace("2026-01-05", "0000-01-01")})
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (5, "invalid-date", "0000-01-01 is not a real date: years start at 1 (there is no year 0)")]


@pytest.mark.parametrize("command", [
    ["validate"], ["check"], ["status"], ["talent"], ["planning"], ["conflicts"], ["pipeline"],
    ["find", "--skill", "python", "--start", "2026-01-12", "--days", "5"],
    ["brief", "site", "-o", "{out}/brief.md"],
    ["onboard", "ada", "-o", "{out}/onboard"], ["calendar", "-o", "{out}/x.ics"],
    ["build", "-o", "{out}/build"],
])
def test_every_command_copes_with_a_permissive_schema_and_unusable_values(
    workspace, run_cfo, tmp_path, command
):
    root = workspace({
        "roster/ada.yaml": FREELANCER.replace("daily_rate: 500", "daily_rate: cinq cents"),
        "roster/bob.yaml": FREELANCER.replace("name: Ada Lovelace\n", "").replace(
            "roles: [web-developer]", "roles: web-developer"),
        "missions/site.yaml": MISSION.replace("start: 2026-01-05", "start: soon") + (
            "assignments:\n  - freelancer: ada\n    role: dev\n    allocation: lots\n"),
        "missions/shop.yaml": MISSION.replace("title: Site", "title: [a, b]").replace(
            "status: open", "status: staffed") + "budget: '12'\n",
        "candidates/zoe.yaml": "name: [Zoé]\nroles: designer\nsource: linkedin\nstage: 3\n",
        **{f"schemas/{kind}.schema.json": PERMISSIVE for kind in NEEDS},
    })
    out = tmp_path / "out"
    arguments = [part.replace("{out}", str(out)) for part in command]
    result = run_cfo("-C", str(root), "--today", "2026-01-10", *arguments)
    assert result.exit_code in (0, 1), result.output
