"""Write a workspace of an unusual shape, deterministic for a given size and seed.

    python benchmarks/generate_shapes.py OUT_DIR --shape NAME [--size N] [--seed S]

Issue 16 asks that every command's cost grow linearly with the workspace; the other
generators spread the work evenly (2,000 freelancers, 20,000 missions of a few assignments
each), so a path quadratic in what ONE file holds never shows there. Each shape below puts
``size`` things where the even workspace puts a few; run it at N and 4N and compare (the
times must grow about 4x, not 16x): ``run_shapes.py`` does that.

- ``team``: one mission of ``size`` assignments over ``size // 10`` freelancers
  (``run_check.py``'s workspace);
- ``booked``: one freelancer booked full time on ``size`` overlapping missions (many double
  bookings), among 50 others;
- ``findings``: one mission of ``size`` assignments naming freelancers who do not exist, every
  fifth one with an end before its start (thousands of findings in one file, each with a
  "did you mean" hint to make);
- ``closures``: company.yaml with ``size`` closures, over 200 freelancers and 2,000 missions;
- ``long``: one mission of about ``size`` KB: long strings (the brief's and the deliverables'
  titles), each title's anchor used again by an alias under ``extra``, 60 levels of
  nesting, over 200 freelancers;
- ``invoices``: one freelancer with ``size`` invoices (``invoices/<freelancer>/``, their
  periods spread over January to October 2026) and an approved activity report each month,
  on one mission of the year, among 50 freelancers.
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path

from generate_workspace import ROLES, WORDS, freelancer, mission, start_workspace
from run_check import generate_team_workspace

SHAPES = ("team", "booked", "findings", "closures", "long", "invoices")


def _roster(out: Path, rng: random.Random, count: int) -> list[str]:
    """``count`` freelancers written to ``out/roster``; the ids of the active ones."""
    active = []
    for i in range(count):
        ident, text = freelancer(rng, i)
        text = text.replace("daly_rate: 500\n", "")  # a valid roster: the shape is the point
        if "status: active" in text:
            active.append(ident)
        (out / "roster" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return active


def _mission_head(title: str, start: date, end: date) -> list[str]:
    return [f"title: {title}", "client: Client unique", "owner: camille-roux",
            "status: in-progress", f"start: {start}", f"end: {end}", "budget: 100000000",
            "brief:", "  summary: Une forme inhabituelle.", "assignments:"]


def booked(out: Path, size: int, rng: random.Random) -> None:
    """One freelancer on ``size`` missions that overlap each other."""
    active = _roster(out, rng, 50)
    busy = active[0]
    for i in range(size):
        start = date(2026, 9, 1) + timedelta(days=rng.randint(0, 300))
        end = start + timedelta(days=rng.randint(5, 60))
        lines = _mission_head(f"Mission {i}", start, end)
        lines += [f"  - freelancer: {busy}", f"    role: {rng.choice(ROLES)}",
                  "    allocation: 100"]
        if i % 3 == 0:
            lines += [f"  - freelancer: {rng.choice(active[1:])}", "    role: copywriter",
                      "    allocation: 20"]
        (out / "missions" / f"m{i:06d}.yaml").write_text("\n".join(lines) + "\n",
                                                         encoding="utf-8")


def findings(out: Path, size: int, rng: random.Random) -> None:
    """One mission whose ``size`` assignments name unknown freelancers; some dates reversed."""
    _roster(out, rng, 200)
    lines = _mission_head("Beaucoup d'erreurs", date(2026, 11, 2), date(2027, 6, 25))
    for i in range(size):
        start = date(2026, 11, 2) + timedelta(days=rng.randint(0, 200))
        end = start + timedelta(days=rng.randint(5, 30))
        if i % 5 == 0:
            start, end = end, start
        lines += [f"  - freelancer: f{100000 + i:06d}", f"    role: {rng.choice(ROLES)}",
                  "    allocation: 5", f"    start: {start}", f"    end: {end}"]
    (out / "missions" / "erreurs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def closures(out: Path, size: int, rng: random.Random) -> None:
    """company.yaml with ``size`` closures (a day or a week each), over an ordinary workspace."""
    active = _roster(out, rng, 200)
    for i in range(2000):
        ident, text = mission(rng, i, active)
        (out / "missions" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    company = (out / "company.yaml").read_text(encoding="utf-8")
    lines = ["closures:"]
    for i in range(size):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 1000))
        lines += [f"  - from: {day}", f"    to: {day + timedelta(days=rng.choice([0, 0, 4]))}",
                  f"    reason: Fermeture {i}"]
    (out / "company.yaml").write_text(company + "\n".join(lines) + "\n", encoding="utf-8")


def long_mission(out: Path, size: int, rng: random.Random) -> None:
    """One mission of about ``size`` KB: long strings, anchors, aliases and deep nesting."""
    active = _roster(out, rng, 200)
    lines = _mission_head("Un très long fichier", date(2026, 11, 2), date(2027, 6, 25))
    lines[8] = "  summary: &resume " + " ".join(rng.choice(WORDS) for _ in range(2000))
    lines += ["  - freelancer: " + active[0], "    role: web-developer", "    allocation: 50"]
    lines += ["deliverables:"]
    written = sum(len(line) for line in lines)
    i = 0
    while written < size * 1024:
        block = [f"  - id: livrable-{i}", f"    title: &t{i} " +
                 " ".join(rng.choice(WORDS) for _ in range(150)),
                 f"    due: {date(2026, 11, 2) + timedelta(days=i % 200)}",
                 "    status: pending"]
        written += sum(len(line) for line in block)
        lines += block
        i += 1
    # Every title again by its alias, and a nesting 60 levels deep.
    lines += ["extra:", "  titles:", *(f"    - *t{j}" for j in range(i)), "  deep:"]
    lines += [f"{'  ' * (depth + 2)}level{depth}:" for depth in range(60)]
    lines[-1] += " fond"
    (out / "missions" / "longue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def invoices(out: Path, size: int, rng: random.Random) -> None:
    """One freelancer with ``size`` invoices over ten months, a report each month."""
    active = _roster(out, rng, 50)
    busy = active[0]
    found = re.search(r'siret: "(\d+)"', (out / "roster" / f"{busy}.yaml").read_text("utf-8"))
    siret = found.group(1) if found else ""
    lines = _mission_head("Une mission de l'année", date(2026, 1, 5), date(2026, 12, 18))
    lines += [f"  - freelancer: {busy}", "    role: web-developer", "    allocation: 100"]
    (out / "missions" / "annee.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for month in range(1, 11):
        folder = out / "activity" / f"2026-{month:02d}"
        folder.mkdir(parents=True)
        (folder / f"{busy}.yaml").write_text(
            "entries:\n  - mission: annee\n    days: {5: 1, 6: 1}\nstatus: approved\n"
            f"submitted_on: 2026-{month + 1:02d}-01\napproved_by: camille-roux\n"
            f"approved_on: 2026-{month + 1:02d}-02\n", encoding="utf-8")
    folder = out / "invoices" / busy
    folder.mkdir(parents=True)
    for i in range(size):
        month = 1 + i % 10
        issued = date(2026, month + 1, 3)
        (folder / f"{busy}-{i:05d}.yaml").write_text("\n".join([
            f'number: "{busy.upper()}-{i:05d}"', f"issued: {issued}", f"period: 2026-{month:02d}",
            "lines:", "  - mission: annee", "    days: 1", "    daily_rate: 500",
            "amount: 500.00", "vat_rate: 20", "total: 600.00",
            f"due: {issued + timedelta(days=30)}", "status: approved",
            f'seller_siret: "{siret}"']) + "\n", encoding="utf-8")


def generate(out: Path, shape: str, size: int, seed: int) -> None:
    rng = random.Random(seed)
    if shape == "team":
        generate_team_workspace(out, max(size // 10, 1), size, seed)
        return
    start_workspace(out)
    {"booked": booked, "findings": findings, "closures": closures,
     "long": long_mission, "invoices": invoices}[shape](out, size, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=SHAPES, required=True)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    generate(args.out, args.shape, args.size, args.seed)


if __name__ == "__main__":
    main()
