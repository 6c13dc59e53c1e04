"""Words for ids: the labels of roles and skills a company gives in ``company.yaml``.

``vocabulary: {roles: {web-developer: {fr: Développeur web, en: Web developer}}, skills: ...}``.
Documents, the planning page and Markdown reports call :func:`label` so that a reader sees
"Web developer", never "web-developer"; without a label the id itself is made readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The kinds of ids that may have labels, as written under ``vocabulary:``.
KINDS = ("roles", "skills")


@dataclass(frozen=True)
class Vocabulary:
    """``labels[kind][id][lang]``; what company.yaml says, nothing more."""

    labels: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    #: Whether company.yaml has a ``vocabulary`` at all (cfo check then names unlabelled ids).
    given: bool = False

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Vocabulary:
        labels: dict[str, dict[str, dict[str, str]]] = {}
        for kind in KINDS:
            entries = (data or {}).get(kind) or {}
            labels[kind] = {str(key): {str(lang): str(text) for lang, text in value.items()}
                            for key, value in entries.items() if isinstance(value, Mapping)}
        return cls(labels, given=data is not None)

    def has(self, kind: str, id_: str) -> bool:
        return id_ in self.labels.get(kind, {})

    def label(self, kind: str, id_: str, lang: str) -> str:
        return label(kind, id_, lang, self)


def humanised(id_: str) -> str:
    """A readable form of an id with no label: "web-developer" -> "Web developer"."""
    words = id_.replace("_", "-").split("-")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else id_


def label(kind: str, id_: str, lang: str, vocabulary: Vocabulary | None = None) -> str:
    """The label of ``id_`` (a role or a skill, ``kind`` "roles" or "skills") in ``lang``:
    the company's label in that language, else in another language it gives, else the
    humanised id. The one function documents, reports and the planning page call."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of label {kind!r}; use one of {', '.join(KINDS)}")
    labels = vocabulary.labels.get(kind, {}).get(id_) if vocabulary is not None else None
    if labels:
        if lang in labels:
            return labels[lang]
        return next(iter(labels.values()))
    return humanised(id_)
