"""The example values ``cfo init`` and ``cfo new`` write for people to replace, and the
e-mail domains reserved for examples: a value still holding one would reach freelancers
(the pitch opens every brief) or a mailbox that does not exist."""

from __future__ import annotations

from collections.abc import Mapping

#: ``company.yaml``'s pitch as ``cfo init`` writes it (folded on several lines there).
PITCH = ("Replace this text with what the company does, in a few sentences: it opens every "
         "brief sent to a freelancer.")
#: A new mission's brief summary (``cfo new mission``).
BRIEF_SUMMARY = "What the mission is about, in two or three sentences."
#: The first team member when ``cfo init`` is not told who it is.
OWNER_NAME = "Prénom Nom"
OWNER_EMAIL = "prenom.nom@example.com"

#: Second-level domains reserved for examples (RFC 2606, section 3).
_EXAMPLE_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
#: Top-level domains reserved for examples, tests and invalid names (RFC 2606, section 2).
_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})


def same_text(value: object, placeholder: str) -> bool:
    """Whether ``value`` is ``placeholder``, however its lines were folded."""
    return isinstance(value, str) and " ".join(value.split()) == placeholder


def reserved_mail_domain(email: str) -> str | None:
    """The domain of ``email`` when it is reserved for examples and receives no mail
    (``example.com``, ``*.example``, ``*.test``...), else None."""
    domain = email.rpartition("@")[2].strip().rstrip(".").lower()
    labels = domain.split(".")
    if labels[-1] in _RESERVED_TLDS or ".".join(labels[-2:]) in _EXAMPLE_DOMAINS:
        return domain
    return None


def examples_left(example_pitch: bool, briefs: Mapping[str, tuple[str, object]]
                  ) -> list[str]:
    """What a brief would still say as the examples say it: the company's pitch (when
    ``example_pitch``: ``Company.example_pitch``), and each mission's summary in ``briefs``
    (mission id -> (its file, its ``brief``))."""
    left = []
    if example_pitch:
        left.append("company.yaml's pitch is still the example cfo init wrote (pitch:)")
    for mission, (file, brief) in sorted(briefs.items()):
        summary = brief.get("summary") if isinstance(brief, dict) else None
        if same_text(summary, BRIEF_SUMMARY):
            left.append(f"the summary of {mission} is still the example cfo new wrote "
                        f"({file}, brief: summary:)")
    return left
