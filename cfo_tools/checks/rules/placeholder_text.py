"""A value still holding the example ``cfo init`` wrote, or an e-mail address at a domain
reserved for examples: the pitch opens every brief, the addresses receive the documents."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.placeholders import OWNER_EMAIL, OWNER_NAME, reserved_mail_domain
from cfo_tools.model.records import Workspace

NAME = "placeholder-text"
SEVERITY = "warning"
DESCRIPTION = ("the company's pitch or a team member as `cfo init` wrote them, or an e-mail "
               "address of the team or the roster at a domain reserved for examples "
               "(`example.com`, `.test`...)")


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is not None:
        if company.example_pitch:
            yield Problem(company.file, "/pitch",
                          "the pitch is still the example cfo init wrote, and it opens every "
                          "brief sent to a freelancer: say what the company does",
                          severity="warning")
        for index, member in enumerate(company.team):
            if member.name == OWNER_NAME:
                yield Problem(company.file, f"/team/{index}/name",
                              f"team member '{member.id}' is still named as in the example "
                              "cfo init wrote: write their name",
                              severity="warning")
            yield from _mail(company.file, f"/team/{index}/email", member.email,
                             OWNER_EMAIL)
    for freelancer in workspace.freelancers.values():
        yield from _mail(freelancer.file, "/email", freelancer.email, None)


def _mail(file: str, pointer: str, email: str, example: str | None) -> Iterator[Problem]:
    domain = reserved_mail_domain(email)
    if domain is not None:
        said = "the example cfo init wrote" if email == example else (
            f"an address at {domain}, a domain reserved for examples")
        yield Problem(file, pointer,
                      f"{email} is {said}: it receives no mail; write the real address",
                      severity="warning")
