"""The role and skills of a request checked against the words the workspace uses.

"Who is free?" answered "nobody" for ``--role developer`` or ``--role "Développeur web"``
as it would for a role nobody holds: the asker took it for "everyone is busy". A role that no
freelancer holds and the company's vocabulary does not name is a mistake worth saying, with
the ids meant when they can be guessed (the id a label belongs to, else the ids holding the
text, else the closest id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cfo_tools.model.close_names import named_list, probable_names
from cfo_tools.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class Words:
    """The ids of one kind ("roles" or "skills") the workspace uses: those the roster's
    freelancers hold, and those the company's vocabulary labels (with their labels)."""

    held: frozenset[str]
    labels: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, kind: str, held: Iterable[str], vocabulary: Vocabulary | None) -> Words:
        labels = vocabulary.labels.get(kind, {}) if vocabulary is not None else {}
        return cls(frozenset(held), labels)

    def known(self, ident: str) -> bool:
        return ident in self.held or ident in self.labels

    def meant(self, text: str) -> list[str]:
        """The ids ``text`` may stand for: the id one of its labels is (in any language,
        whatever the case), else the known ids holding it ("developer": every kind of
        developer), else the closest id; none when nothing is close."""
        folded = text.casefold().strip()
        for ident, by_lang in sorted(self.labels.items()):
            if any(label.casefold().strip() == folded for label in by_lang.values()):
                return [ident]
        return probable_names(text, self.held | self.labels.keys())


def unknown_role(role: str | None, words: Words) -> str | None:
    """Why ``role`` cannot be what was meant, with what to write instead; None when some
    freelancer holds it or the vocabulary names it."""
    if role is None or words.known(role):
        return None
    return (f"no role '{role}' in the roster nor in company.yaml's vocabulary (a role is "
            "written as its id); " + _instead(role, words, "--role", "roles"))


def unknown_skills(skills: Sequence[str], words: Words) -> list[str]:
    """A note for each skill no freelancer lists and the vocabulary does not name (a skill
    only ranks, so these are notes, not refusals)."""
    return [f"no skill '{skill}' in the roster nor in company.yaml's vocabulary (it ranks "
            "nobody); " + _instead(skill, words, "--skill", "skills")
            for skill in skills if not words.known(skill)]


def _instead(text: str, words: Words, option: str, kind: str) -> str:
    meant = words.meant(text)
    if len(meant) == 1:
        return f"did you mean {option} {meant[0]}?"
    if meant:
        return f"did you mean one of {named_list(meant)}?"
    return f"the roster's {kind}: {named_list(sorted(words.held)) or 'none yet'}"
