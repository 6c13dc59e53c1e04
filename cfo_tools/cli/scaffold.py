"""``cfo init`` and ``cfo new``: start a workspace, add a freelancer or a mission."""

from __future__ import annotations

import sys
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import click

from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.model.needed_fields import MAX_AMOUNT
from cfo_tools.model.placeholders import OWNER_EMAIL, OWNER_NAME

#: The largest daily rate the schemas accept.

#: Characters that would break a YAML line, a Markdown heading or a terminal: control
#: characters, line and paragraph separators, and the bidirectional overrides that make text
#: read differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class DailyRate(click.ParamType):
    """A daily rate: a finite number of euros, 1 to 10^9, with at most two decimals."""

    name = "amount"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int | float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            self.fail(f"{value!r} is not a number, e.g. 550 or 512.50", param, ctx)
        if not number.is_finite() or not 1 <= number <= MAX_AMOUNT:
            self.fail(f"{value!r} is not a daily rate: give a number from 1 to 1000000000",
                      param, ctx)
        if number != number.quantize(Decimal("0.01")):
            self.fail(f"{value!r} has more than two decimals: give the rate to the cent",
                      param, ctx)
        return int(number) if number == number.to_integral_value() else float(number)


def plain_text(value: str | None, option: str) -> str | None:
    """``value``, refused (exit 2) when it holds a character no field should: a line break, a
    control character or a bidirectional override."""
    if value is None:
        return None
    for character in value:
        if unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in _BIDI_CONTROLS:
            raise UsageProblem(f"{option} holds the character U+{ord(character):04X}, which no "
                               "field may hold (line break, control or direction character); "
                               "give the value on one line")
    return value


T = TypeVar("T")


@click.command()
@click.argument("folder", type=SafePath(file_okay=False, path_type=Path))
@click.option("--name", help="The company's name (default: the folder's name).")
@click.option("--locale", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--owner-name", default=OWNER_NAME, show_default=True,
              help="The first team member (the Chief Freelance Officer).")
@click.option("--owner-email", default=OWNER_EMAIL, show_default=True)
@click.option("--pages", is_flag=True,
              help="Publish the dashboard site of the default branch on GitHub Pages, without "
                   "money (public on most plans, even for a private repository); by default "
                   "the site is an artifact only the repository's readers can open.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def init(folder: Path, name: str | None, locale: str, owner_name: str, owner_email: str,
         pages: bool, force: bool) -> None:
    """Create a new workspace in FOLDER: company.yaml, roster/, missions/, the CI workflow,
    the pre-commit configuration, .gitignore and a README for the data repository."""
    from cfo_tools.cli.output import writing
    from cfo_tools.documents.output_files import add_to_folder
    from cfo_tools.documents.scaffolding import workspace_files

    for value, option in ((name, "--name"), (owner_name, "--owner-name"),
                          (owner_email, "--owner-email"), (folder.name, "FOLDER")):
        plain_text(value, option)
    files = workspace_files(folder.resolve(), name=name or folder.resolve().name,
                            locale=locale, owner_name=owner_name, owner_email=owner_email,
                            pages=pages)
    with writing():
        add_to_folder(folder, files, force=force)
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
    from cfo_tools.cli.output import writing
    from cfo_tools.documents.output_files import OutputExists, write_file
    from cfo_tools.documents.scaffolding import new_document_file, schema_reference, valid_id
    from cfo_tools.loading.kinds import record_kind

    if not valid_id(doc_id):
        raise UsageProblem(f"'{doc_id}' is not a valid id: use lowercase letters, digits and "
                           "single hyphens, e.g. alice-martin")
    root = state.workspace()
    relative = new_document_file(kind, doc_id)
    target = root / relative
    text = skeleton.render(schema_reference(root, kind, target.parent))  # type: ignore[attr-defined]
    with writing():
        try:
            write_file(target, text, force=False, workspace=root)
        except OutputExists:
            raise UsageProblem(f"{relative} already exists; it is left as it is") from None
    click.echo(f"wrote {relative}; fill in the empty fields, then run 'cfo check'")
    schema = f"schemas/{record_kind(kind).schema}.schema.json"
    if not (root / schema).is_file():
        click.echo(f"{schema} does not exist yet: run 'cfo schemas sync' so that editors check "
                   "the file as you type", err=True)


@new.command("freelancer")
@click.argument("freelancer_id", metavar="ID")
@click.option("--name")
@click.option("--email")
@click.option("--role", "roles", multiple=True, help="Repeat for several roles.")
@click.option("--skill", "skills", multiple=True, help="Repeat for several skills.")
@click.option("--rate", type=DailyRate(), help="Daily rate, excluding VAT (1 to 10^9).")
@pass_state
def new_freelancer(state: CliState, freelancer_id: str, name: str | None, email: str | None,
                   roles: tuple[str, ...], skills: tuple[str, ...], rate: float | None) -> None:
    """roster/ID.yaml for a new freelancer."""
    from cfo_tools.documents.scaffolding import freelancer_skeleton

    name = _ask(name, "Name")
    email = _ask(email, "E-mail")
    role_list = list(roles) or ([str(_ask(None, "Role (e.g. web-developer)"))]
                                if interactive() else [])
    rate = _ask(rate, "Daily rate excl. VAT", type=DailyRate())
    for value, option in ((name, "--name"), (email, "--email"), *((r, "--role") for r in role_list),
                          *((s, "--skill") for s in skills)):
        plain_text(value, option)
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
    for value, option in ((title, "--title"), (client, "--client"), (owner, "--owner")):
        plain_text(value, option)
    first = date_option_value(start, state.today, "--start")
    last = date_option_value(end, state.today, "--end")
    _write(state, mission_id, "mission", mission_skeleton(
        title=title, client=client, owner=owner,
        start=first.isoformat() if first else None, end=last.isoformat() if last else None))
