"""Rules that span files. Each is a module with a ``NAME``, a ``SEVERITY`` and a one-line
``DESCRIPTION`` (docs/format.md's table is generated from them, see checks/rule_table.py) and a
``check(workspace)`` generator of problems; a new rule is a new module plus one line here."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from cfo_tools.checks.rules import (
    activity_approval,
    activity_approval_date,
    activity_day_over_one,
    activity_day_value,
    activity_disputed_comment,
    activity_no_such_day,
    activity_outside_assignment,
    activity_unknown_freelancer,
    activity_unknown_mission,
    assignment_outside_mission,
    candidate_in_roster,
    candidate_joined,
    checkin_dates,
    checkin_not_assigned,
    date_order,
    duplicate_id,
    duplicate_need,
    duplicate_order,
    holiday_region,
    inactive_assigned,
    invalid_siren,
    invalid_siret,
    invalid_vat_number,
    invoice_amount,
    invoice_cents,
    invoice_dates,
    invoice_days,
    invoice_number_reused,
    invoice_over_order,
    invoice_payment_terms,
    invoice_rate,
    invoice_seller_siret,
    invoice_status_fields,
    invoice_total,
    invoice_unknown_reference,
    invoice_vat_exemption,
    invoice_vat_regime,
    invoice_without_activity,
    invoice_without_lines,
    missing_feedback,
    missing_review,
    missing_rights,
    need_dates,
    need_outside_mission,
    payment_terms,
    placeholder_text,
    review_not_assigned,
    status_assignments,
    status_deliverables,
    unknown_checkin_by,
    unknown_freelancer,
    unknown_owner,
    unknown_requester,
    unlabelled_id,
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
    need_outside_mission,
    unknown_checkin_by,
    checkin_not_assigned,
    checkin_dates,
    unlabelled_id,
    invalid_siren,
    invalid_vat_number,
    payment_terms,
    placeholder_text,
    duplicate_order,
    missing_rights,
    activity_unknown_freelancer,
    activity_unknown_mission,
    activity_no_such_day,
    activity_day_value,
    activity_outside_assignment,
    activity_day_over_one,
    activity_approval,
    activity_approval_date,
    activity_disputed_comment,
    invoice_unknown_reference,
    invoice_number_reused,
    invoice_cents,
    invoice_amount,
    invoice_total,
    invoice_vat_exemption,
    invoice_vat_regime,
    invoice_rate,
    invoice_seller_siret,
    invoice_status_fields,
    invoice_without_lines,
    invoice_dates,
    invoice_payment_terms,
    invoice_over_order,
    invoice_days,
    invoice_without_activity,
)

#: Rules whose problems depend on more than one record and the ones it names, in two
#: families. Those that read every mission (the order numbers of every mission, the first use
#: of each unlabelled id, the cap on "did you mean" hints): after an edit, ``cfo check`` runs
#: them on the documents' facts (``checks/check_facts.py``).
FACTS_RULES: tuple[ModuleType, ...] = tuple(rule for rule in RULES if rule in {
    unknown_freelancer, duplicate_order, unlabelled_id})
#: Those on one group of paperwork — a freelancer's activity reports and invoices, or a
#: candidate — which read nothing but what ``checks/paperwork_groups.py`` says a group reads:
#: after an edit, ``cfo check`` runs them again only for the groups the edit touched.
PAPERWORK_RULES: tuple[ModuleType, ...] = tuple(rule for rule in RULES if rule in {
    candidate_in_roster, candidate_joined,
    activity_unknown_freelancer, activity_unknown_mission, activity_no_such_day,
    activity_day_value, activity_outside_assignment, activity_day_over_one, activity_approval,
    activity_approval_date, activity_disputed_comment,
    invoice_unknown_reference, invoice_number_reused, invoice_cents, invoice_amount,
    invoice_total, invoice_vat_exemption, invoice_vat_regime, invoice_rate,
    invoice_seller_siret, invoice_status_fields, invoice_without_lines, invoice_dates,
    invoice_payment_terms, invoice_over_order, invoice_days, invoice_without_activity})
#: Both families: they run on the whole workspace.
WHOLE_RULES: tuple[ModuleType, ...] = tuple(
    rule for rule in RULES if rule in {*FACTS_RULES, *PAPERWORK_RULES})
#: The others report on the company's file, a freelancer's or a mission's, from that record,
#: the company, the freelancers a mission names and the roster's ids: they run once on the
#: company and roster, and once per mission (see ``checks/rule_subjects.py``).
SPLIT_RULES: tuple[ModuleType, ...] = tuple(rule for rule in RULES if rule not in WHOLE_RULES)


def run_rules(workspace: Workspace) -> Iterator[tuple[str, Problem]]:
    return run_registry(RULES, workspace)
