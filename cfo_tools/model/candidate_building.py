"""Build a :class:`~cfo_tools.model.candidates.Candidate` from schema-valid data."""

from __future__ import annotations

from typing import Any

from cfo_tools.model.building import _Dates, profile_fields
from cfo_tools.model.candidates import Candidate, CandidateSource, Contact, NextStep
from cfo_tools.model.money import exact_decimal


def build_candidate(candidate_id: str, file: str, data: dict[str, Any]) -> Candidate:
    dates = _Dates()
    contacts = [
        Contact(dates.required(c["date"], f"/contacts/{i}/date"), c["channel"], c.get("note"),
                f"/contacts/{i}")
        for i, c in enumerate(data.get("contacts", []))
    ]
    step = data.get("next_step")
    next_step = (NextStep(dates.required(step["date"], "/next_step/date"), step["action"],
                          "/next_step")
                 if step is not None else None)
    available_from = dates.optional(data.get("available_from"), "/available_from")
    dates.finish()
    source = data["source"]
    rate = data.get("daily_rate")
    return Candidate(
        id=candidate_id,
        file=file,
        **profile_fields(data),
        email=data.get("email"),
        daily_rate=exact_decimal(rate) if rate is not None else None,
        available_from=available_from,
        source=CandidateSource(source["channel"], source.get("url"), source.get("referred_by"),
                               source.get("note")),
        stage=data["stage"],
        contacts=contacts,
        next_step=next_step,
        notes=data.get("notes"),
        extra=dict(data.get("extra", {})),
    )
