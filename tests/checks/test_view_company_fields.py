"""The views of ``cfo status`` and ``cfo find`` are kept under the company's key made of the
fields they read (``ViewRecipe.company_fields``): a company recording each read shows those
are all they read, through the calendar too, and a comment on ``company.yaml`` makes no view
again."""

from __future__ import annotations

from datetime import date
from functools import partial
from types import SimpleNamespace

import pytest
from test_company_key import _FIELDS, _Recording
from test_subject_memo import copy_example

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.checks.workspace_views import ViewRecipe
from cfo_tools.cli.find import find_recipe
from cfo_tools.cli.planning import planning_recipe
from cfo_tools.planning.remembered_holidays import company_calendar
from cfo_tools.reporters.calendar_events import calendar_recipe
from cfo_tools.reporters.status import STATUS_PARTS
from cfo_tools.reporters.status_rows import status_recipe
from cfo_tools.reporters.words import report_words
from conftest import REPO

TODAY = date(2026, 11, 18)
WORDS = partial(report_words, REPO, None)
RECIPES = [*(status_recipe(STATUS_PARTS[form], form, TODAY, None, "words", WORDS)
             for form in STATUS_PARTS),
           find_recipe(TODAY), calendar_recipe(TODAY), planning_recipe(TODAY, 8)]


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.part.decode())
def test_the_views_read_no_field_of_the_company_outside_their_key(tmp_path, recipe: ViewRecipe):
    report = validate_workspace(copy_example(tmp_path / "ws"))
    workspace = report.workspace
    company = workspace.company
    assert company is not None
    workspace.company = _Recording(**{name: getattr(company, name) for name in _FIELDS})
    _Recording.read.clear()
    calendar = company_calendar(workspace.company, None)
    assert calendar is not None
    make = recipe.maker(workspace, calendar)
    # The documents as their ids name them (calendar's events carry a mission's id).
    views = [make(SimpleNamespace(id=key), record) for key, record in
             [*workspace.missions.items(), *workspace.freelancers.items()]]
    assert any(view is not None for view in views)  # the example exercises the makers
    assert _Recording.read <= set(recipe.company_fields)
