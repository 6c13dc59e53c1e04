"""How much the render limits cost: `cfo build`'s documents rendered in the limited sandbox and
in Jinja's plain sandbox, on the synthetic workspace (or the one given).

    python benchmarks/run_rendering.py [WORKSPACE] [--missions N]
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents import templating
from cfo_tools.documents.maker import DocumentMaker
from cfo_tools.planning.working_calendar import WorkingCalendar

HERE = Path(__file__).resolve().parent


def build_seconds(workspace_root: Path, *, limited: bool, missions: int) -> tuple[float, int]:
    report = validate_workspace(workspace_root, jobs=1)
    workspace = report.workspace
    keep = sorted(workspace.missions)[:missions]
    workspace.missions = {k: workspace.missions[k] for k in keep}
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company)
    maker = DocumentMaker(workspace, calendar, workspace.company.locale, date(2026, 11, 27))
    if not limited:
        for fmt in ("md", "html"):
            maker._environments[fmt] = plain_environment(
                templating.make_environment(workspace.root, lang=maker.lang, html=fmt == "html",
                                            currency=workspace.company.currency))
    start = time.perf_counter()
    files = maker.build()
    return time.perf_counter() - start, len(files)


def plain_environment(limited: SandboxedEnvironment) -> SandboxedEnvironment:
    """Jinja's own sandbox with the same loader, options and (unwrapped) filters."""
    env = SandboxedEnvironment(loader=limited.loader, undefined=limited.undefined,
                               autoescape=limited.autoescape, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({name: getattr(f, "__wrapped__", f) for name, f in limited.filters.items()})
    env.globals.update(limited.globals)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", nargs="?", type=Path, default=HERE / "workspace")
    parser.add_argument("--missions", type=int, default=300)
    args = parser.parse_args()
    if not (args.workspace / "company.yaml").is_file():
        raise SystemExit(f"no workspace in {args.workspace}; run generate_workspace.py first")
    for label, limited in (("plain sandbox", False), ("limited sandbox", True),
                           ("plain sandbox", False), ("limited sandbox", True)):
        seconds, count = build_seconds(args.workspace, limited=limited, missions=args.missions)
        print(f"{label:16} {count:6} files  {seconds:7.2f} s  "
              f"{1000 * seconds / count:6.2f} ms/file")


if __name__ == "__main__":
    main()
