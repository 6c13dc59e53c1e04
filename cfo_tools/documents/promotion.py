"""A candidate who joins: their roster file, made from their candidate file.

Every field the roster shares with the candidate carries over as it is; what has no place in
the roster (where they came from, the log of exchanges, the first day they were free) is kept
in ``notes``, after the candidate's own notes. Nothing is written here: the caller writes the
roster file (never over an existing one) and then removes or rewrites the candidate file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from cfo_tools.loading.kinds import ID_PATTERN
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.model.building import build_freelancer
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.close_names import no_such
from cfo_tools.model.records import Freelancer, Workspace

ROSTER_MODELINE = "# yaml-language-server: $schema=../schemas/freelancer.schema.json\n"

#: Words of the notes a promotion writes, in the company's language.
_NOTE_WORDS = {
    "fr": {"source": "Source :", "referred_by": "recommandé par", "contacts": "Échanges :",
           "available_from": "Disponible à partir du", "from_candidate": "Repris de"},
    "en": {"source": "Source:", "referred_by": "referred by", "contacts": "Contacts:",
           "available_from": "Available from", "from_candidate": "Carried over from"},
}


class CannotPromote(ValueError):
    """The candidate cannot become a roster file as things stand; the message says why."""


@dataclass(frozen=True)
class Promotion:
    candidate: Candidate
    roster_file: str  # workspace-relative
    roster_text: str
    #: The candidate file's new text with ``keep`` (its stage set to joined), else None: the
    #: file is removed.
    kept_candidate_text: str | None


def promotion(workspace: Workspace, candidate_id: str, *, keep: bool,
              lang: str = "fr") -> Promotion:
    """What promoting ``candidate_id`` writes."""
    candidate = workspace.candidates.get(candidate_id)
    if candidate is None:
        if candidate_id in workspace.candidate_files:
            raise CannotPromote(f"{workspace.candidate_files[candidate_id]} has errors; fix "
                                "them first (run 'cfo check')")
        raise CannotPromote(
            no_such("candidate", candidate_id, "candidates/", workspace.candidate_files))
    if not ID_PATTERN.fullmatch(candidate_id):
        # The file's name would become the roster file's, spreading the bad name there.
        raise CannotPromote(f"{candidate.file}: '{candidate_id}' is not a valid id (lowercase "
                            "letters, digits and single hyphens); rename the file first "
                            "('cfo check' suggests a name)")
    existing = workspace.freelancer_files.get(candidate_id)
    if existing is not None:
        why = ("they have already joined" if candidate.stage == "joined" else
               f"if it is the same person, set the stage to joined in {candidate.file}")
        raise CannotPromote(f"{existing} already exists; promote never replaces a roster file "
                            f"({why})")
    lacking = [name for name, value in (("email", candidate.email),
                                         ("daily_rate", candidate.daily_rate)) if value is None]
    if lacking:
        raise CannotPromote(f"{candidate.file} has no {' and no '.join(lacking)}, which a roster "
                            "file requires; add them first")
    roster = ROSTER_MODELINE + _dump(_roster_fields(candidate, lang))
    kept = _joined(_read_text(workspace, candidate)) if keep else None
    return Promotion(candidate, f"roster/{candidate_id}.yaml", roster, kept)


def _roster_fields(candidate: Candidate, lang: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": candidate.name, "email": candidate.email}
    for key in ("phone", "location", "remote"):
        value = getattr(candidate, key)
        if value is not None:
            fields[key] = value
    fields["roles"] = list(candidate.roles)
    fields["skills"] = list(candidate.skills)
    if candidate.languages:
        fields["languages"] = list(candidate.languages)
    fields["daily_rate"] = _number(candidate.daily_rate)
    fields["status"] = "active"
    fields["notes"] = _notes(candidate, _NOTE_WORDS.get(lang, _NOTE_WORDS["en"]))
    if candidate.extra:
        fields["extra"] = candidate.extra
    return fields


def _number(amount: Decimal | None) -> int | float:
    assert amount is not None
    # The number as the candidate file wrote it: 580 stays 580, 612.5 stays 612.5.
    return int(amount) if amount == amount.to_integral_value() else float(str(amount))


def _notes(candidate: Candidate, words: dict[str, str]) -> str:
    parts = [candidate.notes] if candidate.notes else []
    source = candidate.source
    origin = source.channel
    if source.referred_by:
        origin += f", {words['referred_by']} {source.referred_by}"
    if source.url:
        origin += f", {source.url}"
    if source.note:
        origin += f" — {source.note}"
    parts.append(f"{words['source']} {origin}.")
    if candidate.available_from is not None:
        parts.append(f"{words['available_from']} {candidate.available_from.isoformat()}.")
    if candidate.contacts:
        lines = [words["contacts"]]
        for contact in sorted(candidate.contacts, key=lambda c: c.date):
            note = f": {contact.note}" if contact.note else ""
            lines.append(f"- {contact.date.isoformat()} ({contact.channel}){note}")
        parts.append("\n".join(lines))
    parts.append(f"{words['from_candidate']} {candidate.file}.")
    return "\n\n".join(parts) + "\n"


class _RosterDumper(yaml.SafeDumper):
    """Block style for text on several lines, so that notes read as they were written."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_RosterDumper.add_representer(str, _text)


def _dump(fields: dict[str, Any]) -> str:
    return yaml.dump(fields, Dumper=_RosterDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=None, width=100)


def _read_text(workspace: Workspace, candidate: Candidate) -> str:
    raw = read_regular_file(workspace.root / candidate.file)
    if isinstance(raw, FileProblem):
        raise CannotPromote(f"{candidate.file}: {raw.message}")
    return raw.decode("utf-8")


def roster_record(promoted: Promotion) -> Freelancer:
    """The freelancer the roster file describes (to tell what paperwork they still lack)."""
    data = yaml.safe_load(promoted.roster_text)
    return build_freelancer(promoted.candidate.id, promoted.roster_file, data)


def _joined(text: str) -> str:
    """``text`` with its ``stage`` value replaced by ``joined``, every other byte kept."""
    node, exact = SourceMap(text).node_at("/stage")
    if node is None or not exact:
        raise CannotPromote("the candidate file has no stage to set to joined")
    return text[:node.start_mark.index] + "joined" + text[node.end_mark.index:]
