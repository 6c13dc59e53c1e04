"""The site's JSON API: every document valid against its published schema, in both builds."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from test_site import site_of

from cfo_tools.loading.kinds import schema_names
from cfo_tools.site.api import API_FOLDER, DOCUMENTS
from conftest import REPO


@pytest.fixture(scope="module", params=[True, False], ids=["money", "no-money"])
def site(request) -> dict[str, bytes]:
    return site_of(REPO, money=request.param)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_is_valid_against_its_published_schema(site, name):
    schema = json.loads(site[f"{API_FOLDER}/schemas/{name}.schema.json"])
    Draft202012Validator.check_schema(schema)
    document = json.loads(site[f"{API_FOLDER}/{name}.json"])
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert document["version"] == 1 and document["today"] == "2026-11-27"


def test_the_record_schemas_are_published_beside_the_api(site):
    for name in schema_names():
        published = site[f"{API_FOLDER}/schemas/{name}.schema.json"]
        assert published == (REPO / "schemas" / f"{name}.schema.json").read_bytes()


def test_availability_covers_26_weeks_of_every_active_freelancer(site):
    document = json.loads(site[f"{API_FOLDER}/availability.json"])
    assert len(document["weeks"]) == 26 and document["weeks"][0] == "2026-11-23"
    people = {entry["id"]: entry for entry in document["freelancers"]}
    assert "alice-martin" in people
    assert all(len(entry["weeks"]) == 26 for entry in people.values())
    # The example's year-end closure: nobody is free that week.
    closed = next(w for w in people["alice-martin"]["weeks"] if w["week"] == "2026-12-28")
    assert closed["state"] == "closed" and closed["free"] == 0


def test_bookings_count_working_days(site):
    bookings = json.loads(site[f"{API_FOLDER}/bookings.json"])["bookings"]
    mobile = next(b for b in bookings if b["mission"] == "application-mobile-velo-partage"
                  and b["freelancer"] == "gaelle-moreau")
    # 7 September to 30 October 2026: eight weeks of five days, no public holiday.
    assert (mobile["start"], mobile["end"], mobile["working_days"]) == \
        ("2026-09-07", "2026-10-30", 40)


def test_who_is_free_next_week_as_docs_api_md_answers_it(site):
    availability = json.loads(site[f"{API_FOLDER}/availability.json"])
    week = availability["weeks"][1]
    free = sorted(person["name"] for person in availability["freelancers"]
                  for w in person["weeks"] if w["week"] == week and w["free"] >= 50)
    assert free and all(isinstance(name, str) for name in free)
