"""From an invoice read out of a Factur-X file to the invoice file to record: whose it is,
which mission each line bills, and its fields in the order of the format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cfo_tools.loading.facturx_reading import InvoiceReading, ReadLine
from cfo_tools.loading.kinds import ID_PATTERN, id_suggestion, record_kind
from cfo_tools.model.close_names import no_such
from cfo_tools.model.invoices import RECEIVED
from cfo_tools.model.paper import PaymentTerms
from cfo_tools.model.payment_terms import deadline
from cfo_tools.model.records import Freelancer, Workspace


class ImportRefused(Exception):
    """The invoice cannot be recorded as asked; the message says why and what to do."""


@dataclass
class ImportPlan:
    freelancer: str
    invoice_id: str
    #: Workspace-relative, forward slashes.
    invoice_file: str
    source_file: str
    #: The invoice file's fields, in the format's order (values as the YAML writes them).
    fields: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def plan_import(workspace: Workspace, reading: InvoiceReading, *, source_suffix: str,
                freelancer: str | None = None, invoice_id: str | None = None,
                mission: str | None = None) -> ImportPlan:
    """Where and what to record for ``reading``; :class:`ImportRefused` when it cannot be."""
    owner = _freelancer(workspace, reading, freelancer)
    chosen_id = invoice_id if invoice_id is not None else id_suggestion(reading.number)
    if not ID_PATTERN.fullmatch(chosen_id):
        raise ImportRefused(f"--id {chosen_id!r} is not a valid id (lowercase letters, digits "
                            "and single hyphens), e.g. " + id_suggestion(chosen_id))
    if mission is not None and mission not in workspace.mission_files:
        raise ImportRefused(
            "--mission: " + no_such("mission", mission, "missions/", workspace.mission_files))
    notes = list(reading.notes)
    due = reading.due
    if due is None:
        terms = (workspace.company.payment_terms if workspace.company is not None
                 else PaymentTerms())
        due = deadline(reading.issued, terms.days, end_of_month=terms.end_of_month)
        notes.append(f"the file gives no due date: recorded on the company's payment terms "
                     f"({due}); correct it if the order says otherwise")
    lines = [_line(workspace, owner, reading, line, index, mission)
             for index, line in enumerate(reading.lines, start=1)]
    kind = record_kind("invoice")
    invoice_file = kind.file_for(freelancer=owner.id, id=chosen_id)
    source_file = invoice_file.removesuffix(".yaml") + source_suffix
    fields = invoice_fields(reading, lines, due=due, source=source_file)
    return ImportPlan(owner.id, chosen_id, invoice_file, source_file, fields, notes)


def invoice_fields(reading: InvoiceReading, lines: list[dict[str, Any]], *, due: Any,
                   source: str | None, status: str = RECEIVED) -> dict[str, Any]:
    """An invoice file's fields from what an invoice says, in the format's order; fields the
    invoice does not give are left out."""
    fields: dict[str, Any] = {
        "number": reading.number,
        "issued": reading.issued,
        "period": reading.period,
        "order": reading.order,
        "lines": lines,
        "amount": reading.amount,
        "vat_rate": reading.vat_rate,
        "vat_exemption": reading.vat_exemption,
        "total": reading.total,
        "due": due,
        "status": status,
        "source": source,
        "seller_siret": reading.seller_siret,
        "profile": reading.profile,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _freelancer(workspace: Workspace, reading: InvoiceReading, named: str | None
                ) -> Freelancer:
    if named is not None:
        found = workspace.freelancers.get(named)
        if found is None:
            raise ImportRefused(
                "--freelancer: " + no_such("freelancer", named, "roster/",
                                           workspace.freelancer_files)
                + " (or their file has errors: run 'cfo check')")
        return found
    seller = reading.seller_name or "the seller"
    if reading.seller_siret is not None:
        matches = [f for f in workspace.freelancers.values() if f.siret == reading.seller_siret]
        said = f"SIRET {reading.seller_siret}"
    elif reading.seller_siren is not None:
        matches = [f for f in workspace.freelancers.values()
                   if f.siret is not None and f.siret[:9] == reading.seller_siren]
        said = f"SIREN {reading.seller_siren}"
    else:
        raise ImportRefused(f"the invoice gives no SIRET or SIREN for {seller}: name the "
                            "freelancer with --freelancer")
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ImportRefused(f"no freelancer in roster/ has {said} ({seller}, the seller of "
                            "the invoice): add it to their legal.siret, or name them with "
                            "--freelancer")
    names = ", ".join(sorted(f.id for f in matches))
    raise ImportRefused(f"several freelancers have {said} ({names}): name one with "
                        "--freelancer")


def _line(workspace: Workspace, owner: Freelancer, reading: InvoiceReading, line: ReadLine,
          index: int, named: str | None) -> dict[str, Any]:
    mission = named or _mission_of(workspace, owner, reading, line)
    if mission is None:
        what = f" ({line.description})" if line.description else ""
        raise ImportRefused(f"line {index}{what} names no mission of {owner.id}: name it with "
                            "--mission")
    fields: dict[str, Any] = {"mission": mission, "days": line.days,
                              "daily_rate": line.daily_rate}
    if line.description:
        fields["description"] = line.description
    return fields


def _mission_of(workspace: Workspace, owner: Freelancer, reading: InvoiceReading,
                line: ReadLine) -> str | None:
    """The mission a line bills: one its product's identifiers name, one named in its
    description, else the freelancer's only mission (in the billed month when there is
    one)."""
    theirs = [m for m in workspace.missions.values() if m.assignments_of(owner.id)]
    ids = {m.id for m in theirs}
    for reference in line.references:
        if reference in ids:
            return reference
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", (line.description or "").lower()))
    named = sorted(ids & words)
    if len(named) == 1:
        return named[0]
    if reading.period is not None:
        month = reading.period
        current = [m.id for m in theirs
                   if any(f"{a.start:%Y-%m}" <= month <= f"{a.end:%Y-%m}"
                          for a in m.assignments_of(owner.id))]
        if len(current) == 1:
            return current[0]
    return theirs[0].id if len(theirs) == 1 else None
