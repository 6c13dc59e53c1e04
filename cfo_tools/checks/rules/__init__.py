"""Rules that span files. Each is a module with a ``NAME``, a ``SEVERITY`` and a one-line
``DESCRIPTION`` (docs/format.md's table is generated from them, see checks/rule_table.py) and a
``check(workspace)`` generator of problems; a new rule is a new module plus one line here."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from cfo_tools.checks.rules import (
    assignment_outside_mission,
    candidate_in_roster,
    candidate_joined,
    date_order,
    duplicate_id,
    duplicate_need,
    holiday_region,
    inactive_assigned,
    invalid_siren,
    invalid_siret,
    invalid_vat_number,
    missing_feedback,
    missing_review,
    need_dates,
    payment_terms,
    review_not_assigned,
    status_assignments,
    status_deliverables,
    unknown_freelancer,
    unknown_owner,
    unknown_requester,
)
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.model.records import Workspace

RULES: tuple[ModuleType, ...] = (
    unknown_freelancer,
    unknown_owner,
    date_order,
    assignment_outside_mission,
    review_not_assigned,
    inactive_assigned,
    invalid_siret,
    duplicate_id,
    holiday_region,
    status_assignments,
    status_deliverables,
    missing_review,
    missing_feedback,
    candidate_joined,
    candidate_in_roster,
    duplicate_need,
    unknown_requester,
    need_dates,
    invalid_siren,
    invalid_vat_number,
    payment_terms,
)


def run_rules(workspace: Workspace) -> Iterator[tuple[str, Problem]]:
    return run_registry(RULES, workspace)
