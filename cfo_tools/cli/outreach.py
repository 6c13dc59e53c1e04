"""``cfo outreach``: the first message to a candidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.documents import (
    _generate,
    _maker,
    force_option,
    lang_option,
    render_limit_options,
)
from cfo_tools.cli.output import emit
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import load_for_documents


@click.command()
@click.argument("candidate")
@click.option("--mission", metavar="ID", help="Present this mission (default: the network).")
@click.option("--need", "need_id", metavar="ID",
              help="With --mission: present this need (its role, dates and skills).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "html"]), default="txt",
              show_default=True)
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write to this file (default: the standard output).")
@force_option
@render_limit_options
@pass_state
def outreach(state: CliState, candidate: str, mission: str | None, need_id: str | None,
             lang: str | None, fmt: str,
             output: Path | None, force: bool, limits: Any) -> None:
    """A short first message to CANDIDATE (at most 1,300 characters in txt, what LinkedIn
    takes): the company in one sentence, the mission's role, dates, working days and place,
    and two questions: are they available, at what daily rate. The client and the mission's
    title are named only when the mission's brief says shareable_client: true; no budget or
    rate ever is."""
    from cfo_tools.documents.outreach import outreach_message

    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits)
    text = _generate(lambda: outreach_message(maker, candidate, mission_id=mission, fmt=fmt,
                                                   need_id=need_id))
    emit(text, output, force=force)
