"""CPU per page of `cfo site`'s pages of records, rendered one after the other in this process
(no pool): what the workers spend on each of the 22,000 pages of a cold site.

    python benchmarks/run_site_pages.py [WORKSPACE] [--missions N] [--freelancers N] [--repeat R]

Run it with another checkout's interpreter (`OTHER_CHECKOUT/.venv/bin/python
benchmarks/run_site_pages.py`) for an A/B: the workspace is checked once per process, then
the same pages are rendered ``repeat`` times; the median CPU per page is printed, with a
digest of the pages (the same pages give the same digest, whatever the code).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from datetime import date
from pathlib import Path

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_rendering import (
    PageRenderer,
    RenderSettings,
    mission_template,
    record_jobs,
)
from cfo_tools.site.pages import SiteData, pages_shown

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 27)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", nargs="?", type=Path, default=HERE / "workspace")
    parser.add_argument("--missions", type=int, default=3000)
    parser.add_argument("--freelancers", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report = run_checks(args.workspace, today=TODAY)
    calendar = calendar_of(report.validation)
    company = report.validation.workspace.company
    assert calendar is not None and company is not None
    inputs = SiteInputs(report, calendar, TODAY, company.locale)
    data = SiteData(inputs)
    shown = pages_shown(data)
    settings = RenderSettings.of(inputs, [(entry.path, entry.title) for entry in shown])
    jobs = record_jobs(data.records, mission_template(args.workspace))
    freelancers = [job for path, job in jobs if path.startswith("freelancers/")]
    missions = [job for path, job in jobs if path.startswith("missions/")]
    renderer = PageRenderer(settings)
    for label, group in (("freelancer", freelancers[:args.freelancers]),
                         ("mission", missions[:args.missions])):
        times = []
        digest = hashlib.blake2b(digest_size=8)
        for _ in range(args.repeat):
            digest = hashlib.blake2b(digest_size=8)
            start = time.process_time()
            for job in group:
                page = job(renderer)
                assert isinstance(page, bytes)
                digest.update(page)
            times.append(time.process_time() - start)
        per_page = statistics.median(times) / max(len(group), 1)
        print(f"{label:10} {len(group):6} pages  {1000 * per_page:6.3f} ms CPU/page (median of "
              f"{args.repeat})  digest {digest.hexdigest()}")


if __name__ == "__main__":
    main()
