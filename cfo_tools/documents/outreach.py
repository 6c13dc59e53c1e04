"""The first message to a candidate: who we are in one sentence, the mission as far as it may
be told to someone outside the company, and the two questions (when, and at what rate).

The context is built for a stranger: no budget, no rate of anyone, and neither the client nor
the mission's title unless the mission's brief says ``shareable_client: true`` (titles often
name the client).
"""

from __future__ import annotations

import re
from typing import Any

from cfo_tools.documents.maker import DocumentMaker, UnknownName
from cfo_tools.documents.templating import TemplateProblem, WorkspaceTemplateLoader
from cfo_tools.formats.terminal import show_controls
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.close_names import no_such
from cfo_tools.model.localized_text import localized, text_in
from cfo_tools.model.records import Company, Mission

FORMATS = ("txt", "md", "html")
#: What a LinkedIn message takes; the ``txt`` message must fit.
MAX_MESSAGE_CHARACTERS = 1300

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, on one line."""
    line = " ".join(text.split())
    return _SENTENCE_END.split(line, maxsplit=1)[0]


def _sender(company: Company) -> dict[str, Any]:
    # The team's first member is the one who keeps the freelancers (company.yaml lists them
    # first); a workspace template may sign otherwise.
    member = company.team[0]
    return {"name": member.name, "role": member.role, "email": member.email}


def _candidate(candidate: Candidate) -> dict[str, Any]:
    source = candidate.source
    return {"name": candidate.name, "first_name": candidate.name.split()[0],
            "role": candidate.roles[0].replace("-", " "),
            "referred_by": source.referred_by if source.channel == "referral" else None}


def _mission(mission: Mission, candidate: Candidate, maker: DocumentMaker) -> dict[str, Any]:
    brief = mission.brief
    shareable = bool(brief.get("shareable_client", False))
    roles = {a.role for a in mission.assignments}
    role = next((r for r in candidate.roles if r in roles), candidate.roles[0])
    return {
        "role": role.replace("-", " "),
        "start": mission.start,
        "end": mission.end,
        "working_days": maker.calendar.working_days(mission.start, mission.end),
        "skills": list(mission.skills),
        "remote": brief.get("remote"),
        "location": _in_lang(brief.get("location"), maker),
        "client": mission.client if shareable else None,
        "title": mission.title if shareable else None,
    }


def _in_lang(value: Any, maker: DocumentMaker) -> str | None:
    """A free text (plain or per language) in the message's language when it was given so."""
    if value is None:
        return None
    assert maker.workspace.company is not None
    return text_in(localized(value, maker.workspace.company.locale), maker.lang)[0]


def _need(mission: Mission, need_id: str, maker: DocumentMaker) -> dict[str, Any]:
    """The need's role, dates and working days, in place of the mission's."""
    from cfo_tools.planning.needs import need_end

    need = next((n for n in mission.needs if n.id == need_id), None)
    if need is None:
        ids = ", ".join(n.id for n in mission.needs) or "none"
        raise UnknownName(f"mission '{mission.id}' has no need '{need_id}' (its needs: {ids})")
    end = need_end(need, maker.calendar)
    if end is None:
        raise UnknownName(f"need '{need_id}' of {mission.id} has no end the company's "
                          "calendar can hold")
    return {"role": need.role.replace("-", " "), "start": need.start, "end": end,
            "working_days": maker.calendar.working_days(need.start, end),
            "skills": list(need.skills) or list(mission.skills)}


def _controls_shown(text: str) -> str:
    """``text`` with its control characters (ESC, CR, NEL, …) written as escapes, line by
    line: the message is printed on a terminal or pasted into a chat, where a raw one would be
    obeyed, and a template's text format has no per-value escaping like Markdown's ``cell``."""
    return "\n".join(show_controls(line) for line in text.split("\n"))


def outreach_message(maker: DocumentMaker, candidate_id: str, *,
                     mission_id: str | None = None, fmt: str = "txt",
                     need_id: str | None = None) -> str:
    """The first message to ``candidate_id``, about ``mission_id`` when given (about its need
    ``need_id``: role, dates and skills, when given). A ``txt`` message longer than
    :data:`MAX_MESSAGE_CHARACTERS` is a :class:`TemplateProblem`."""
    workspace = maker.workspace
    candidate = workspace.candidates.get(candidate_id)
    if candidate is None:
        raise UnknownName(
            no_such("candidate", candidate_id, "candidates/", workspace.candidate_files))
    mission = None
    if mission_id is not None:
        mission = workspace.missions.get(mission_id)
        if mission is None:
            raise UnknownName(no_such("mission", mission_id, "missions/", workspace.mission_files))
    elif need_id is not None:
        raise UnknownName("--need goes with --mission")
    company = workspace.company
    assert company is not None
    files = (candidate.file, mission.file) if mission else (candidate.file,)
    about = f" about {mission_id}" if mission_id else ""
    text = maker.render(
        "outreach", fmt, document_name=f"the first message to {candidate_id}{about}",
        data_files=files, candidate=_candidate(candidate), sender=_sender(company),
        introduction=first_sentence(_in_lang(company.pitch, maker) or ""),
        mission=({**_mission(mission, candidate, maker),
                  **(_need(mission, need_id, maker) if need_id else {})}
                 if mission else None))
    if fmt != "md":  # md escapes each value with the cell filter
        text = _controls_shown(text)
    if fmt == "txt" and len(text.strip()) > MAX_MESSAGE_CHARACTERS:
        template = WorkspaceTemplateLoader(workspace.root).display_name("outreach.txt.j2")
        raise TemplateProblem(
            template, None,
            f"the message to {candidate_id} is {len(text.strip()):,} characters long, more than "
            f"the {MAX_MESSAGE_CHARACTERS:,} a LinkedIn message takes; shorten the template, or "
            "the texts it shows (the first sentence of the company's pitch, the mission's "
            "title)")
    return text
