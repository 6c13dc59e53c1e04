"""``cfo promote``: what was written, and the paperwork still missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports reporters when it starts: stay light
    from cfo_tools.steering.staffing_paperwork import MissingPaperwork

_WHEN = {
    "always": "",
    "above-threshold": ", for a contract of {threshold} or more",
    "before-start": ", signed before the first mission starts",
}


def render_missing_paperwork(freelancer_id: str, missing: list[MissingPaperwork], *,
                             threshold: str) -> str:
    """``threshold``: the law's amount above which the attestations are due, as shown."""
    if not missing:
        return f"{freelancer_id} has every document the company requires.\n"
    lines = [f"Before {freelancer_id} can be staffed, ask for:"]
    for item in missing:
        kinds = "SIRET number" if item.kinds == ("siret",) else " or ".join(item.kinds)
        basis = "the law" if item.basis == "law" else "company policy"
        when = _WHEN[item.when].format(threshold=threshold)
        lines.append(f"  - {kinds} ({basis}{when})")
    lines.append("Add each under 'documents:' (the SIRET under 'legal: siret:') as it arrives; "
                 "'cfo check' follows them up.")
    return "\n".join(lines) + "\n"
