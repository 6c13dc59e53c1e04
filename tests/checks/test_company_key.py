"""The company's key for the subjects (``checks/company_key.py``): made of the fields the
checks read, which a company recording each read shows to be all they read."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from test_subject_memo import TODAY, copy_example

from cfo_tools.checks.company_key import READ_BY_CHECKS, company_data_key
from cfo_tools.checks.follow_up import FollowUpContext, run_follow_up
from cfo_tools.checks.rules import run_rules
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.model.records import Company
from cfo_tools.planning.conflicts import find_conflicts
from cfo_tools.planning.remembered_holidays import company_calendar

_FIELDS = {field.name for field in dataclasses.fields(Company)}


class _Recording(Company):
    """A company that notes which of its fields are read."""

    read: ClassVar[set[str]] = set()

    def __getattribute__(self, name: str) -> object:
        if name in _FIELDS:
            _Recording.read.add(name)
        return super().__getattribute__(name)


def test_the_checks_read_no_field_of_the_company_outside_the_key(tmp_path):
    workspace = validate_workspace(copy_example(tmp_path / "ws")).workspace
    company = workspace.company
    assert company is not None
    workspace.company = _Recording(**{name: getattr(company, name) for name in _FIELDS})
    _Recording.read.clear()
    problems = list(run_rules(workspace))
    calendar = company_calendar(workspace.company, None)
    assert calendar is not None
    context = FollowUpContext(workspace, calendar, TODAY)
    find_conflicts(workspace, calendar, bookings=context.bookings)
    problems += run_follow_up(context)
    assert problems  # the example exercises the rules
    assert _Recording.read and _Recording.read <= set(READ_BY_CHECKS)


def test_the_key_follows_the_fields_read_and_only_them(tmp_path):
    company = validate_workspace(copy_example(tmp_path / "ws")).workspace.company
    assert company is not None
    key = company_data_key(company, b"context")
    assert company_data_key(dataclasses.replace(company), b"context") == key
    assert company_data_key(company, b"another context") != key
    for name, value in [("name", "Autre"), ("pitch", "autre"), ("culture", "autre"),
                        ("address", "ailleurs"), ("values", ["x"])]:
        assert company_data_key(dataclasses.replace(company, **{name: value}),
                                b"context") == key
    for name, value in [("currency", "USD"), ("country", "BE"), ("working_days", (0,)),
                        ("closures", []), ("team", []), ("requirements", {"x": 1})]:
        assert company_data_key(dataclasses.replace(company, **{name: value}),
                                b"context") != key
