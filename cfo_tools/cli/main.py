"""Entry point of the ``cfo`` command. Heavy modules are imported by each command when it
runs, so that ``cfo --help`` starts fast."""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping
from datetime import date
from importlib import import_module
from pathlib import Path

import click

from cfo_tools import __version__
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None or value == "":
        return date.today()
    try:
        today = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date written YYYY-MM-DD (from --today or $CFO_TODAY)"
        ) from None
    if not TODAY_RANGE[0] <= today <= TODAY_RANGE[1]:
        # Windows, due dates and months are counted from today: near year 1 or 9999 they
        # would leave the dates Python can hold.
        raise click.BadParameter(
            f"{value!r} is not a day cfo can take as today: give one from "
            f"{TODAY_RANGE[0]} to {TODAY_RANGE[1]} (from --today or $CFO_TODAY)")
    return today


#: The days ``--today`` may be (docs/limits.md).
TODAY_RANGE = (date(1900, 1, 1), date(2999, 12, 31))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-C", "--workspace", "workspace", type=SafePath(file_okay=False, path_type=Path),
    help="Workspace folder (default: the first folder from here upwards holding company.yaml).",
)
@click.option(
    "--today", envvar="CFO_TODAY", callback=_parse_today, metavar="YYYY-MM-DD",
    help="Take this date as today (default: $CFO_TODAY, else the real date).",
)
@click.option(
    "--no-cache", is_flag=True, envvar="CFO_NO_CACHE",
    help="Read and check every file again instead of reusing what the cache holds "
    "(docs/cache.md; the cache folder is $CFO_CACHE_DIR, else the user's cache folder).",
)
@click.version_option(__version__, prog_name="cfo")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, today: date, no_cache: bool) -> None:
    """Keep freelancers and missions as YAML in Git, and check them.

    Exit codes: 0 clean, 1 findings, 2 usage error or no workspace.
    """
    ctx.obj = CliState(workspace, today, use_cache=not no_cache)


def _today_after_command(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``cfo check --today X`` means ``cfo --today X check``."""
    if value is None:
        return
    state = ctx.find_object(CliState)
    if state is not None:
        state.today = _parse_today(ctx, param, value)


def _accept_today(command: click.Command) -> None:
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_today(sub)
        return
    command.params.append(click.Option(
        ["--today"], metavar="YYYY-MM-DD", expose_value=False, is_eager=True,
        callback=_today_after_command,
        help="Take this date as today (the same as the global option)."))


#: Each command's module and name: a module is imported when its command is first asked for
#: (``cfo check`` no longer imports the 29 others' modules, 0.02 s).
_COMMANDS = {
    "validate": ("validate", "validate"), "check": ("validate", "check"),
    "conflicts": ("conflicts", "conflicts"), "find": ("find", "find"),
    "requests": ("requests", "requests"), "planning": ("planning", "planning"),
    "calendar": ("calendar", "calendar"), "brief": ("documents", "brief"),
    "onboard": ("documents", "onboard"), "build": ("documents", "build"),
    "status": ("status", "status"), "agenda": ("agenda", "agenda"),
    "talent": ("status", "talent"), "pipeline": ("pipeline", "pipeline"),
    "outreach": ("outreach", "outreach"), "promote": ("promote", "promote"),
    "request-changes": ("documents", "request_changes"),
    "acceptance": ("documents", "acceptance"), "contract": ("paper", "contract"),
    "order": ("paper", "order"), "budget": ("paper", "budget"), "diff": ("diff", "diff"),
    "init": ("scaffold", "init"), "new": ("scaffold", "new"),
    "schemas": ("schemas", "schemas"), "invoice": ("invoices", "invoice"),
    "invoices": ("invoices", "invoices"), "spend": ("invoices", "spend"),
    "activity": ("activity", "activity"), "site": ("site", "site"),
}


class _LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name (click reads ``Group.commands`` as a mapping), each
    imported from :data:`_COMMANDS` when first asked for."""

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, attribute = self._where[name]
            command = getattr(import_module(f"cfo_tools.cli.{module}"), attribute)
            assert isinstance(command, click.Command) and command.name == name
            _accept_today(command)
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if self._where.pop(name, None) is None:
            del self._loaded[name]
        else:
            self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._where), **dict.fromkeys(self._loaded)})

    def __len__(self) -> int:
        return len(self._where.keys() | self._loaded.keys())


cli.commands = _LazyCommands(_COMMANDS)


def main() -> None:
    from cfo_tools.loading import background_writes, bulk_loading, process_end

    _utf8_output()
    # One command per process: what the load built can stay out of the collector's way,
    # large cache writes can finish beside the command, and what it kept is not taken apart
    # at its end.
    bulk_loading.FREEZE_AFTER_LOAD = True
    background_writes.ENABLED = True
    process_end.ENABLED = True
    try:
        cli(prog_name="cfo")
    except SystemExit as ending:
        process_end.end_process(ending.code)


def _utf8_output() -> None:
    """Write UTF-8 when the output is a file or a pipe (a CI log, ``> report.md``), whatever
    the system's code page: on Windows a redirected stdout would otherwise be cp1252, and an
    accent or a "✅" beyond it would crash the command. A console keeps its own encoding, with
    anything it cannot show written as an escape rather than a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or (stream.encoding or "").lower().replace("-", "") == "utf8":
            continue
        if stream.isatty():
            reconfigure(errors="backslashreplace")
        else:
            reconfigure(encoding="utf-8")
