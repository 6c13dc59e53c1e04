"""Checks that depend on today: missions and deliverables running late, paperwork, signs of
dependence. Each is a module with a ``NAME``, a one-line ``DESCRIPTION`` (docs/check.md's table
is generated from it) and a ``check(context)`` generator of problems, like the rules that span
files."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from cfo_tools.checks.follow_up import (
    candidate_follow_up,
    checkin_in_future,
    compliance_documents,
    dependence_risk,
    document_expiry,
    late_start,
    mission_drift,
    need_soon,
    needs_filled,
    no_checkin,
    overdue_deliverable,
    overdue_mission,
    tentative_started,
    unfilled_needs,
)
from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem, run_registry

FOLLOW_UP_RULES: tuple[ModuleType, ...] = (
    late_start,
    overdue_mission,
    overdue_deliverable,
    compliance_documents,
    document_expiry,
    dependence_risk,
    candidate_follow_up,
    needs_filled,
    unfilled_needs,
    need_soon,
    tentative_started,
    checkin_in_future,
    no_checkin,
    mission_drift,
)


def run_follow_up(context: FollowUpContext) -> Iterator[tuple[str, Problem]]:
    return run_registry(FOLLOW_UP_RULES, context)


__all__ = ["FOLLOW_UP_RULES", "FollowUpContext", "run_follow_up"]
