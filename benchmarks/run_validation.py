"""Measure `cfo validate` on the synthetic workspace against its yardsticks, in one run.

    python benchmarks/run_validation.py [--workspace DIR] [--repeat N] [--no-check-jsonschema]
    python benchmarks/run_validation.py --stages [--workspace DIR]
    python benchmarks/run_validation.py --timeline [--workspace DIR]

Prints the figures and the ratios the targets are stated in:
- `cfo validate --format json` without the cache and cold (an empty cache, which it fills) vs
  parsing the same files with libyaml alone on one core (the floor), in wall and CPU time
  (issue 16: cold <= 0.8x the floor's wall time on two cores);
- `cfo validate` vs `check-jsonschema` (same files, same schemas; it is installed with
  ruamel.yaml's C extension in its own venv, benchmarks/.venv-check-jsonschema);
- cold start-up of `cfo --help`.
`--stages` prints where a document's CPU time goes instead, stage by stage on one core (see
`validation_stages.py`); `--timeline`, where the wall time of a run without the cache and of
a cold run goes, process by process: what the main process does alone, each worker's CPU, the
snapshot's child, the idle core-seconds (see `validation_timeline.py`). Nothing here is
asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate_workspace import generate  # noqa: E402
from timing import best_of  # noqa: E402
from validation_stages import print_stages  # noqa: E402
from validation_timeline import print_timelines  # noqa: E402

#: The records' files (the paperwork's too, in a workspace made with ``--paperwork``).
RECORD_FILES = ("roster/*.yaml", "missions/*.yaml", "candidates/*.yaml", "activity/*/*.yaml",
                "invoices/*/*.yaml")


def yaml_files(workspace: Path) -> list[Path]:
    return sorted(path for pattern in RECORD_FILES for path in workspace.glob(pattern))


def parse_with_libyaml(files: list[Path]) -> None:
    import yaml

    for path in files:
        # The few broken dates of the synthetic workspace raise ValueError.
        with contextlib.suppress(yaml.YAMLError, ValueError):
            yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def cfo_validate(workspace: Path, *options: str, cache: Path | None = None) -> None:
    env = dict(os.environ)
    if cache is not None:
        env["CFO_CACHE_DIR"] = str(cache)
    result = subprocess.run(
        [sys.executable, "-m", "cfo_tools", *options, "-C", str(workspace), "validate",
         "--format", "json"],
        stdout=subprocess.DEVNULL, check=False, env=env,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"cfo validate failed with exit code {result.returncode}")


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU time (this process and its children, workers included) of one run."""
    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    wall, used = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - wall, cpu() - used


def best_timed(repeat: int, action: Callable[[], object]) -> tuple[float, float]:
    return min((timed(action) for _ in range(repeat)), key=lambda figures: figures[0])


def cold_validate(workspace: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="cfo-cold-") as folder:
        cfo_validate(workspace, cache=Path(folder) / "cache")


def check_jsonschema_venv() -> Path:
    env_dir = HERE / ".venv-check-jsonschema"
    exe = env_dir / "bin" / "check-jsonschema"
    if not exe.exists():
        venv.create(env_dir, with_pip=True)
        subprocess.run([env_dir / "bin" / "pip", "install", "--quiet", "check-jsonschema",
                        "ruamel.yaml.clib"], check=True)
    return exe


def run_check_jsonschema(exe: Path, workspace: Path) -> None:
    for folder, kind in (("roster", "freelancer"), ("missions", "mission")):
        files = sorted(str(p.relative_to(workspace)) for p in (workspace / folder).glob("*.yaml"))
        subprocess.run([str(exe), "--schemafile", str(REPO / "schemas" / f"{kind}.schema.json"),
                        *files], cwd=workspace, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)


def cold_help() -> None:
    subprocess.run([sys.executable, "-m", "cfo_tools", "--help"], stdout=subprocess.DEVNULL,
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workspace", type=Path, default=HERE / "workspace")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-check-jsonschema", action="store_true")
    parser.add_argument("--stages", action="store_true",
                        help="where the CPU time of checking a document goes, stage by stage")
    parser.add_argument("--timeline", action="store_true",
                        help="where the wall time of a run goes, process by process")
    args = parser.parse_args()

    if not (args.workspace / "company.yaml").exists():
        print(f"generating {args.workspace} …", flush=True)
        generate(args.workspace, 2000, 20000, 2026)
    files = yaml_files(args.workspace)
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    print(f"workspace: {len(files):,} documents, {size:.1f} MB; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    if args.stages:
        print_stages(args.workspace)
        return
    if args.timeline:
        print_timelines(args.workspace, os.cpu_count() or 1)
        return

    parse, parse_cpu = best_timed(args.repeat, lambda: parse_with_libyaml(files))
    print(f"libyaml parse alone, one core   {parse:7.2f} s   CPU {parse_cpu:6.2f} s  (the floor)")
    for label, run in (
            ("cfo validate --no-cache", lambda: cfo_validate(args.workspace, "--no-cache")),
            ("cfo validate, cold", lambda: cold_validate(args.workspace))):
        wall, cpu = best_timed(args.repeat, run)
        print(f"{label:<30}  {wall:7.2f} s   CPU {cpu:6.2f} s   {wall / parse:.2f}x the floor "
              f"(CPU {cpu / parse_cpu:.2f}x; target cold <= 0.8x)   "
              f"load {os.getloadavg()[0]:.1f}")
    validate = best_of(args.repeat, lambda: cfo_validate(args.workspace, "--no-cache"))
    if not args.no_check_jsonschema:
        exe = check_jsonschema_venv()
        other = best_of(1, lambda: run_check_jsonschema(exe, args.workspace))
        print(f"check-jsonschema                {other:7.2f} s   "
              f"cfo --no-cache is {other / validate:.1f}x faster (target >= 5x)")
    start = best_of(max(5, args.repeat), cold_help)
    print(f"cfo --help, cold start          {start:7.3f} s   (target < 0.3 s)")


if __name__ == "__main__":
    main()
