"""Checks that depend on today: missions and deliverables running late, paperwork, signs of
dependence. Each is a module with a ``NAME``, a one-line ``DESCRIPTION`` (docs/check.md's table
is generated from it) and a ``check(context)`` generator of problems, like the rules that span
files."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from cfo_tools.checks.follow_up import (
    activity_approved_after_today,
    activity_awaiting_approval,
    activity_day_off,
    activity_missing,
    activity_not_invoiced,
    activity_over_planned,
    activity_unavailable,
    candidate_follow_up,
    checkin_in_future,
    compliance_documents,
    contract_address,
    dependence_risk,
    document_expiry,
    invoice_late,
    late_start,
    missing_order,
    mission_drift,
    need_soon,
    needs_filled,
    no_checkin,
    order_below_plan,
    over_budget,
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
    contract_address,
    document_expiry,
    dependence_risk,
    candidate_follow_up,
    needs_filled,
    unfilled_needs,
    need_soon,
    tentative_started,
    missing_order,
    order_below_plan,
    over_budget,
    activity_approved_after_today,
    activity_day_off,
    activity_unavailable,
    activity_over_planned,
    activity_missing,
    activity_awaiting_approval,
    invoice_late,
    activity_not_invoiced,
    checkin_in_future,
    no_checkin,
    mission_drift,
)

#: Rules that look at one mission at a time, with the freelancers it names and the activity
#: and invoices that bill it, and report on the mission's file (see ``checks/subjects.py``).
MISSION_RULES: tuple[ModuleType, ...] = tuple(rule for rule in FOLLOW_UP_RULES if rule in {
    late_start, overdue_mission, overdue_deliverable, needs_filled, unfilled_needs,
    tentative_started, missing_order, order_below_plan, over_budget, checkin_in_future,
    no_checkin, mission_drift})
#: Rules that look at one freelancer at a time, with the missions that name them, and
#: report on the freelancer's file; activity-missing reports on their first mission booking
#: them in a month without their report, and reads which of their reports exist and the
#: first month with a report.
FREELANCER_RULES: tuple[ModuleType, ...] = tuple(
    rule for rule in FOLLOW_UP_RULES
    if rule in {compliance_documents, contract_address, document_expiry, dependence_risk,
                activity_missing})
#: Rules on one group of paperwork — a freelancer's activity reports and invoices, or a
#: candidate — that read nothing but what ``checks/paperwork_groups.py`` says a group reads:
#: after an edit, ``cfo check`` runs them again only for the groups the edit touched.
PAPERWORK_RULES: tuple[ModuleType, ...] = tuple(rule for rule in FOLLOW_UP_RULES if rule in {
    activity_approved_after_today, activity_day_off, activity_unavailable,
    activity_over_planned, activity_awaiting_approval, invoice_late, activity_not_invoiced,
    candidate_follow_up})
#: Rules that read the whole roster and every booking (need-soon names who could fill a
#: need): after an edit, ``cfo check`` checks everything again when one has something to
#: report (``checks/after_edit.py``).
ROSTER_RULES: tuple[ModuleType, ...] = (need_soon,)
#: The rules that read across subjects, run on the whole workspace. Every follow-up rule is
#: in exactly one of the four families (a test holds it): a rule left out of all would be
#: run on a cold check and lost after an edit.
WHOLE_RULES: tuple[ModuleType, ...] = tuple(
    rule for rule in FOLLOW_UP_RULES if rule not in {*MISSION_RULES, *FREELANCER_RULES})

def run_follow_up(context: FollowUpContext) -> Iterator[tuple[str, Problem]]:
    return run_registry(FOLLOW_UP_RULES, context)


__all__ = ["FOLLOW_UP_RULES", "FREELANCER_RULES", "MISSION_RULES", "PAPERWORK_RULES",
           "ROSTER_RULES", "WHOLE_RULES", "FollowUpContext", "run_follow_up"]
