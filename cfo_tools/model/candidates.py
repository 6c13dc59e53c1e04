"""People of the network who are not in the roster yet: where they come from, how far along
the recruiting they are, and what was said to them.

Built only from documents that passed ``schemas/candidate.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

#: The stages of the funnel, in the order people go through them.
STAGES = ("identified", "contacted", "interested", "qualified", "declined", "joined")
#: Stages at which a candidate is still being talked to.
OPEN_STAGES = frozenset({"identified", "contacted", "interested", "qualified"})


@dataclass(frozen=True)
class CandidateSource:
    channel: str  # linkedin, referral, event, platform, other
    url: str | None
    referred_by: str | None
    note: str | None


@dataclass(frozen=True)
class Contact:
    date: date
    channel: str
    note: str | None
    pointer: str


@dataclass(frozen=True)
class NextStep:
    date: date
    action: str
    pointer: str


@dataclass
class Candidate:
    id: str
    file: str
    name: str
    email: str | None
    phone: str | None
    location: str | None
    remote: bool | None
    roles: list[str]
    skills: list[str]
    languages: list[str]
    daily_rate: Decimal | None
    available_from: date | None
    source: CandidateSource
    stage: str
    contacts: list[Contact]
    next_step: NextStep | None
    notes: str | None
    extra: dict[str, Any]

    @property
    def last_contact(self) -> Contact | None:
        """The most recent contact; on a tie, the one written last."""
        if not self.contacts:
            return None
        return max(enumerate(self.contacts), key=lambda item: (item[1].date, item[0]))[1]
