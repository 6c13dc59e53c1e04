"""The command line's side of the views kept per document (``checks/workspace_views.py``):
the run prepared with the command's options, the warning about the files left out printed,
and, when the views cannot be used, the workspace loaded as ``load_for_planning`` does (a
company the calendar cannot use refused there)."""

from __future__ import annotations

from functools import partial

from cfo_tools.checks.validation import prepare_run
from cfo_tools.checks.workspace_views import (
    ViewedWorkspace,
    ViewRecipe,
    viewer_for_load,
    views_from_cache,
    views_of_workspace,
    views_purpose,
)
from cfo_tools.cli.state import CliState
from cfo_tools.cli.workspace_loading import company_calendar, load_for_planning, warn_left_out
from cfo_tools.loading.bulk_loading import bulk_loading


def load_views(state: CliState, recipe: ViewRecipe) -> ViewedWorkspace | None:
    """The workspace's views, or None without the cache."""
    cache_folder = state.cache_folder()
    if cache_folder is None:
        return None
    with bulk_loading():
        prepared = prepare_run(state.workspace(), cache_folder=cache_folder)
    if prepared.cache is None or prepared.document_keys is None \
            or prepared.remembered_as is None:
        return None
    calendar_of = partial(company_calendar, cache=prepared.cache)
    purpose = views_purpose(prepared, recipe)
    found = None if purpose is None else views_from_cache(prepared, recipe, purpose,
                                                          calendar_of)
    if found is not None:
        if found.files_left_out:
            warn_left_out(found.files_left_out)
        return found.viewed
    # Every view made again, by the workers that load the documents as they build each
    # record (when there are workers): with the collector paused, as in the load, which on
    # 110,000 files cost 1.4x (status) to 2.5x (find) the CPU of making them.
    with bulk_loading():
        viewer = viewer_for_load(prepared, recipe, calendar_of)
    loaded = load_for_planning(state, briefs=False, rules=False, prepared=prepared,
                               viewer=viewer)
    with bulk_loading():
        return views_of_workspace(prepared, recipe, purpose, loaded.report.workspace,
                                  loaded.calendar, loaded.report.findings,
                                  loaded.report.views)
