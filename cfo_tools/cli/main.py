"""Entry point of the ``cfo`` command. Heavy modules are imported by each command when it
runs, so that ``cfo --help`` starts fast."""

from __future__ import annotations

import sys
from datetime import date
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


def _register() -> None:
    from cfo_tools.cli.activity import activity
    from cfo_tools.cli.agenda import agenda
    from cfo_tools.cli.calendar import calendar
    from cfo_tools.cli.conflicts import conflicts
    from cfo_tools.cli.diff import diff
    from cfo_tools.cli.documents import acceptance, brief, build, onboard, request_changes
    from cfo_tools.cli.find import find
    from cfo_tools.cli.invoices import invoice, invoices, spend
    from cfo_tools.cli.outreach import outreach
    from cfo_tools.cli.paper import budget, contract, order
    from cfo_tools.cli.pipeline import pipeline
    from cfo_tools.cli.planning import planning
    from cfo_tools.cli.promote import promote
    from cfo_tools.cli.requests import requests
    from cfo_tools.cli.scaffold import init, new
    from cfo_tools.cli.schemas import schemas
    from cfo_tools.cli.site import site
    from cfo_tools.cli.status import status, talent
    from cfo_tools.cli.validate import check, validate

    cli.add_command(validate)
    cli.add_command(check)
    cli.add_command(conflicts)
    cli.add_command(find)
    cli.add_command(requests)
    cli.add_command(planning)
    cli.add_command(calendar)
    cli.add_command(brief)
    cli.add_command(onboard)
    cli.add_command(build)
    cli.add_command(status)
    cli.add_command(agenda)
    cli.add_command(talent)
    cli.add_command(pipeline)
    cli.add_command(outreach)
    cli.add_command(promote)
    cli.add_command(request_changes)
    cli.add_command(acceptance)
    cli.add_command(contract)
    cli.add_command(order)
    cli.add_command(budget)
    cli.add_command(diff)
    cli.add_command(init)
    cli.add_command(new)
    cli.add_command(schemas)
    cli.add_command(invoice)
    cli.add_command(invoices)
    cli.add_command(spend)
    cli.add_command(activity)
    cli.add_command(site)
    for command in cli.commands.values():
        _accept_today(command)


_register()


def main() -> None:
    from cfo_tools.loading import background_writes, bulk_loading

    _utf8_output()
    # One command per process: what the load built can stay out of the collector's way, and
    # large cache writes can finish beside the command.
    bulk_loading.FREEZE_AFTER_LOAD = True
    background_writes.ENABLED = True
    cli(prog_name="cfo")


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
