"""``cfo init`` and ``cfo new``: start a workspace, add a freelancer or a mission."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TypeVar

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state

T = TypeVar("T")


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The company's name (default: the folder's name).")
@click.option("--locale", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--owner-name", default="Prénom Nom", show_default=True,
              help="The first team member (the Chief Freelance Officer).")
@click.option("--owner-email", default="prenom.nom@example.com", show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def init(folder: Path, name: str | None, locale: str, owner_name: str, owner_email: str,
         force: bool) -> None:
    """Create a new workspace in FOLDER: company.yaml, roster/, missions/, the CI workflow,
    the pre-commit configuration, .gitignore and a README for the data repository."""
    from cfo_tools.documents.output_files import OutputExists, prepare_folder, write_file
    from cfo_tools.documents.scaffolding import workspace_files

    try:
        prepare_folder(folder, force=force)
        files = workspace_files(folder.resolve(), name=name or folder.resolve().name,
                                locale=locale, owner_name=owner_name, owner_email=owner_email)
        for relative, text in files.items():
            write_file(folder / relative, text, force=force)
    except OutputExists as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"Created a workspace in {folder}. Next: edit company.yaml, then "
               f"'cfo new freelancer ID' and 'cfo -C {folder} check'.")


@click.group()
def new() -> None:
    """Write a new freelancer or mission file, ready to fill."""


def interactive() -> bool:
    """Someone is at a terminal to answer questions."""
    return sys.stdin.isatty()


def _ask(value: T | None, prompt: str, **options: Any) -> T | None:
    """Prompt for a missing required value, only when someone is at a terminal."""
    if value is None and interactive():
        answer: T = click.prompt(prompt, **options)
        return answer
    return value


def _write(state: CliState, doc_id: str, kind: str, skeleton: object) -> None:
    from cfo_tools.documents.output_files import OutputExists, write_file
    from cfo_tools.documents.scaffolding import new_document_file, schema_reference, valid_id

    if not valid_id(doc_id):
        raise UsageProblem(f"'{doc_id}' is not a valid id: use lowercase letters, digits and "
                           "single hyphens, e.g. alice-martin")
    root = state.workspace()
    relative = new_document_file(kind, doc_id)
    target = root / relative
    text = skeleton.render(schema_reference(root, kind, target.parent))  # type: ignore[attr-defined]
    try:
        write_file(target, text, force=False)
    except OutputExists:
        raise UsageProblem(f"{relative} already exists; it is left as it is") from None
    click.echo(f"wrote {relative}; fill in the empty fields, then run 'cfo check'")


@new.command("freelancer")
@click.argument("freelancer_id", metavar="ID")
@click.option("--name")
@click.option("--email")
@click.option("--role", "roles", multiple=True, help="Repeat for several roles.")
@click.option("--skill", "skills", multiple=True, help="Repeat for several skills.")
@click.option("--rate", type=click.FloatRange(min=1), help="Daily rate, excluding VAT.")
@pass_state
def new_freelancer(state: CliState, freelancer_id: str, name: str | None, email: str | None,
                   roles: tuple[str, ...], skills: tuple[str, ...], rate: float | None) -> None:
    """roster/ID.yaml for a new freelancer."""
    from cfo_tools.documents.scaffolding import freelancer_skeleton

    name = _ask(name, "Name")
    email = _ask(email, "E-mail")
    role_list = list(roles) or ([str(_ask(None, "Role (e.g. web-developer)"))]
                                if interactive() else [])
    rate = _ask(rate, "Daily rate excl. VAT", type=float)
    if rate is not None and float(rate).is_integer():
        rate = int(rate)
    _write(state, freelancer_id, "freelancer", freelancer_skeleton(
        name=name, email=email, roles=role_list, skills=list(skills), rate=rate))


@new.command("mission")
@click.argument("mission_id", metavar="ID")
@click.option("--title")
@click.option("--client")
@click.option("--owner", help="A team id from company.yaml.")
@click.option("--start", metavar="DATE", help="YYYY-MM-DD, today, +2w…")
@click.option("--end", metavar="DATE")
@pass_state
def new_mission(state: CliState, mission_id: str, title: str | None, client: str | None,
                owner: str | None, start: str | None, end: str | None) -> None:
    """missions/ID.yaml for a new mission (status: draft)."""
    from cfo_tools.cli.workspace_loading import date_option_value
    from cfo_tools.documents.scaffolding import mission_skeleton

    title = _ask(title, "Title")
    client = _ask(client, "Client")
    owner = _ask(owner, "Owner (a team id)")
    start = _ask(start, "Start (YYYY-MM-DD)")
    end = _ask(end, "End (YYYY-MM-DD)")
    first = date_option_value(start, state.today, "--start")
    last = date_option_value(end, state.today, "--end")
    _write(state, mission_id, "mission", mission_skeleton(
        title=title, client=client, owner=owner,
        start=first.isoformat() if first else None, end=last.isoformat() if last else None))
