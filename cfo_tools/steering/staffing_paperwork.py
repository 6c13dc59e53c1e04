"""The paperwork a freelancer must hand in before a first mission, whatever the mission.

:func:`~cfo_tools.steering.compliance.admin_items` answers for one contract; a freelancer who
just joined has none yet, so this lists everything a contract could require: the law's (the
SIRET always, the social-contributions attestation and a proof of registration for contracts
above the country's threshold) and the company's policy (insurance kinds, an NDA).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cfo_tools.model.records import Company, Freelancer
from cfo_tools.steering.compliance import latest
from cfo_tools.steering.compliance_profile import profile_for


@dataclass(frozen=True)
class MissingPaperwork:
    requirement: str  # siret, vigilance, registration, insurance, nda
    #: The document kinds that would do (any one of them), or ("siret",).
    kinds: tuple[str, ...]
    basis: str  # "law" or "policy"
    #: When it is required: "always", "above-threshold" or "before-start".
    when: str


def missing_paperwork(freelancer: Freelancer, company: Company) -> list[MissingPaperwork]:
    """What ``freelancer`` lacks before being staffed by ``company``, in the order to ask."""
    return _missing(company, has_siret=freelancer.siret is not None,
                    holds=lambda kinds: latest(freelancer, kinds) is not None)


def newcomer_paperwork(company: Company) -> list[MissingPaperwork]:
    """Everything someone with no roster file yet (a candidate) will have to hand in."""
    return _missing(company, has_siret=False, holds=lambda kinds: False)


def _missing(company: Company, *, has_siret: bool,
             holds: Callable[[tuple[str, ...] | str], bool]) -> list[MissingPaperwork]:
    missing: list[MissingPaperwork] = []
    profile = profile_for(company.country)
    if profile is not None:
        if not has_siret:
            missing.append(MissingPaperwork("siret", ("siret",), "law", "always"))
        if not holds(profile.vigilance_kind):
            missing.append(MissingPaperwork("vigilance", (profile.vigilance_kind,), "law",
                                            "above-threshold"))
        if not holds(profile.registration_kinds):
            missing.append(MissingPaperwork("registration", profile.registration_kinds, "law",
                                            "above-threshold"))
    policy = company.requirements
    for kind in policy.get("insurance", []):
        if not holds(kind):
            missing.append(MissingPaperwork("insurance", (kind,), "policy", "always"))
    if policy.get("nda_before_start") and not holds("nda"):
        missing.append(MissingPaperwork("nda", ("nda",), "policy", "before-start"))
    return missing
