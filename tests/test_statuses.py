"""One lifecycle: the statuses the schemas accept are the ones the model knows, and the
groups every module imports are consistent with each other."""

from __future__ import annotations

import json

import pytest

from cfo_tools.loading.resources import packaged_dir
from cfo_tools.model import statuses
from conftest import REPO


def mission_schema() -> dict:
    return json.loads((packaged_dir("schemas") / "mission.schema.json").read_text("utf-8"))


def test_the_schema_lists_every_mission_status_in_order():
    assert tuple(mission_schema()["properties"]["status"]["enum"]) == statuses.MISSION_STATUSES


def test_the_schema_lists_every_deliverable_status_in_order():
    deliverable = mission_schema()["properties"]["deliverables"]["items"]
    assert tuple(deliverable["properties"]["status"]["enum"]) == statuses.DELIVERABLE_STATUSES


def test_the_workspace_copy_of_the_schema_agrees():
    copy = json.loads((REPO / "schemas" / "mission.schema.json").read_text("utf-8"))
    assert copy == mission_schema()


@pytest.mark.parametrize(("group", "members"), [
    (statuses.NOT_COMMITTED, {"draft", "cancelled"}),
    (statuses.IN_FLIGHT, {"staffed", "in-progress", "in-review"}),
    (statuses.ACTIVE, {"open", "staffed", "in-progress", "in-review"}),
    (statuses.FINISHED, {"validated", "closed", "cancelled"}),
    (statuses.DONE, {"validated", "closed"}),
    (statuses.NEEDS_PEOPLE, {"staffed", "in-progress", "in-review", "validated", "closed"}),
    (statuses.DELIVERED, {"submitted", "changes-requested", "accepted"}),
    (statuses.OUTSTANDING, {"pending", "submitted", "changes-requested"}),
])
def test_each_group_means_what_the_docs_say(group, members):
    assert group == members


def test_groups_are_consistent():
    every = set(statuses.MISSION_STATUSES)
    assert every == statuses.COMMITTED | statuses.NOT_COMMITTED
    assert not statuses.COMMITTED & statuses.NOT_COMMITTED
    # In flight and finished never overlap; done is finished and committed.
    assert not statuses.IN_FLIGHT & statuses.FINISHED
    assert statuses.DONE == statuses.FINISHED & statuses.COMMITTED
    assert statuses.ACTIVE <= statuses.COMMITTED
    forward = tuple(s for s in statuses.MISSION_STATUSES if s != statuses.CANCELLED)
    assert forward == statuses.PROGRESSION
    assert all(statuses.books_time(s) == (s in statuses.COMMITTED) for s in every)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_status_has_words_in_the_documents(lang):
    words = (packaged_dir("templates") / "messages" / f"{lang}.yaml").read_text("utf-8")
    for status in statuses.MISSION_STATUSES:
        assert f"\nstatus_{status}:" in words
    for status in statuses.DELIVERABLE_STATUSES:
        assert f"\ndeliverable_{status}:" in words


def test_docs_name_every_status():
    text = (REPO / "docs" / "format.md").read_text("utf-8")
    for status in (*statuses.MISSION_STATUSES, *statuses.DELIVERABLE_STATUSES):
        assert f"`{status}`" in text
