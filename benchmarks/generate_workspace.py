"""Write a synthetic workspace: 2,000 freelancers and 20,000 missions (about 22,000 files,
33 MB), deterministic for a given seed. About 1 % of the documents carry a mistake, so the
slow path (detailed errors, line numbers) is measured too.

    python benchmarks/generate_workspace.py OUT_DIR [--freelancers N] [--missions N] [--seed S]
                                            [--paperwork]

With ``--paperwork``, the workspace also has what a company of that size keeps of its last
three months (September to November 2026, as the example workspace): each freelancer's
monthly activity report (one per freelancer with a mission running that month: about 4,800
on the medium workspace; September and October approved, November submitted or still a
draft), an invoice for each approved report (about 3,200), and candidates, a tenth of the
roster (200). They are made after everything else, from a generator of their own: the
roster and missions are the same bytes as without the option.

With ``--schemas``, the workspace also has the schemas ``cfo init`` writes in every new
workspace (``schemas/<kind>.schema.json``, the packaged ones ready to be extended), as the
workspaces people have do: each command then checks them (or finds their check kept) first.
Without it (what every figure before 2026-11-30 measured), the packaged schemas are used.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from stdnum import luhn

SKILLS = [
    "react", "typescript", "node", "python", "django", "postgresql", "figma", "seo",
    "copywriting", "kubernetes", "terraform", "aws", "flutter", "kotlin", "swift", "php",
    "symfony", "vue", "wordpress", "sql", "dbt", "looker", "accessibility", "design-system",
    "user-research", "illustration", "motion-design", "api-design", "ci-cd", "observability",
]
ROLES = ["web-developer", "backend-developer", "ux-designer", "ui-designer", "copywriter",
         "devops-engineer", "data-analyst", "mobile-developer", "seo-consultant"]
FIRST = ["Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo", "Inès",
         "Julie", "Karim", "Léa", "Maxime", "Nadia", "Olivier", "Pauline", "Quentin", "Rose"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fontaine"]
CITIES = ["Lyon", "Paris", "Nantes", "Lille", "Grenoble", "Bordeaux", "Marseille", "Rennes"]
STATUSES = ["draft", "open", "staffed", "in-progress", "in-review", "validated", "closed",
            "cancelled"]
TEAM = ["camille-roux", "thomas-girard", "ines-benali", "julien-morel"]
WORDS = [
    "refonte", "site", "application", "parcours", "utilisateur", "accessibilité", "données",
    "tableau", "bord", "boutique", "contenu", "référencement", "migration", "infrastructure",
    "design", "système", "mobile", "formation", "équipe", "client", "objectif", "contrainte",
    "livraison", "recette", "production",
]

COMPANY = """\
name: Atelier Bench
pitch: Une agence fictive pour mesurer la vitesse de cfo.
team:
""" + "".join(
    f"  - id: {member}\n    name: {member.replace('-', ' ').title()}\n"
    f"    email: {member}@bench.example\n" for member in TEAM
)


def siret(rng: random.Random) -> str:
    """A valid SIRET: its SIREN (first 9 digits) and the whole 14 digits pass Luhn."""
    digits = "".join(str(rng.randint(0, 9)) for _ in range(13))  # 13 draws, as always
    siren = digits[:8] + luhn.calc_check_digit(digits[:8])
    body = siren + digits[8:12]
    return body + luhn.calc_check_digit(body)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def freelancer(rng: random.Random, index: int) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    ident = f"f{index:05d}"
    start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 600))
    lines = [
        f"name: {first} {last}",
        f"email: {ident}@freelance.example",
        f"phone: +33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)}",
        f"location: {rng.choice(CITIES)}",
        f"remote: {rng.choice(['true', 'false'])}",
        f"roles: [{', '.join(rng.sample(ROLES, rng.randint(1, 2)))}]",
        f"skills: [{', '.join(rng.sample(SKILLS, rng.randint(2, 7)))}]",
        "languages: [fr, en]",
        f"daily_rate: {rng.randrange(350, 900, 10)}",
        f"capacity: {rng.choice([100, 100, 100, 80, 60])}",
        f"status: {rng.choice(['active'] * 8 + ['inactive', 'do-not-hire'])}",
        "legal:",
        "  form: Entreprise individuelle",
        f'  siret: "{siret(rng)}"',
        "unavailable:",
        f"  - from: {start}",
        f"    to: {start + timedelta(days=rng.randint(0, 20))}",
        "    reason: Congés",
        "documents:",
        "  - kind: urssaf-vigilance",
        f"    issued: {start - timedelta(days=90)}",
        f"    verified: {start - timedelta(days=89)}",
        "  - kind: kbis",
        f"    issued: {start - timedelta(days=60)}",
        f"notes: {sentence(rng, 25)}",
    ]
    if rng.random() < 0.01:
        lines.append("daly_rate: 500")  # a typo the check must find
    return ident, "\n".join(lines) + "\n"


def mission(rng: random.Random, index: int, active: list[str]) -> tuple[str, str]:
    ident = f"m{index:06d}"
    start = date(2026, 1, 5) + timedelta(days=rng.randint(0, 700))
    end = start + timedelta(days=rng.randint(5, 120))
    lines = [
        f"title: {sentence(rng, 5)}",
        f"client: Client {rng.randint(1, 3000)}",
        f"owner: {rng.choice(TEAM)}",
        f"status: {rng.choice(STATUSES)}",
        f"start: {start}",
        f"end: {end}",
        f"skills: [{', '.join(rng.sample(SKILLS, rng.randint(1, 5)))}]",
        f"budget: {rng.randrange(5000, 150000, 500)}",
        "brief:",
        f"  summary: {sentence(rng, 20)}",
        "  objectives:",
        *(f"    - {sentence(rng, 10)}" for _ in range(3)),
        f"  context: {sentence(rng, 30)}",
        "  constraints:",
        *(f"    - {sentence(rng, 8)}" for _ in range(2)),
        "  stakeholders:",
        f"    - name: {rng.choice(FIRST)} {rng.choice(LAST)}",
        "      role: Direction",
        "assignments:",
    ]
    for _ in range(rng.randint(1, 3)):
        lines += [
            f"  - freelancer: {rng.choice(active)}",
            f"    role: {rng.choice(ROLES)}",
            f"    allocation: {rng.choice([20, 40, 50, 60, 80, 100])}",
        ]
    status = lines[3].removeprefix("status: ")
    lines.append("deliverables:")
    for d in range(rng.randint(1, 3)):
        # Statuses consistent with the mission's, as in a real workspace.
        if status in ("validated", "closed"):
            state = "accepted"
        elif status == "in-review":
            state = rng.choice(["submitted", "accepted", "changes-requested"])
        else:
            state = rng.choice(["pending", "pending", "submitted", "accepted"])
        lines += [
            f"  - id: livrable-{d + 1}",
            f"    title: {sentence(rng, 4)}",
            f"    due: {start + timedelta(days=rng.randint(0, (end - start).days))}",
            f"    status: {state}",
        ]
        if state == "changes-requested":
            lines.append(f"    feedback: {sentence(rng, 12)}")
    if status in ("validated", "closed"):
        lines.append("reviews:")
        for person in dict.fromkeys(re.findall(r"freelancer: (f\d+)", "\n".join(lines))):
            lines += [f"  - freelancer: {person}", f"    date: {end}",
                      *(f"    {k}: {rng.randint(2, 5)}"
                        for k in ("quality", "deadlines", "communication")),
                      f"    rehire: {rng.choice(['true', 'false'])}"]
    mistake = rng.random()
    if mistake < 0.005:
        lines.append("skills: [duplicate]")  # a key written twice
    elif mistake < 0.01:
        lines.append("budjet: 12000")  # a typo in a key
    return ident, "\n".join(lines) + "\n"


def start_workspace(out: Path) -> None:
    """An empty workspace at ``out`` (whatever was there is replaced): the company file, and
    empty roster/ and missions/."""
    if out.exists():
        shutil.rmtree(out)
    (out / "roster").mkdir(parents=True)
    (out / "missions").mkdir()
    (out / "company.yaml").write_text(COMPANY, encoding="utf-8")


def generate(out: Path, freelancers: int, missions: int, seed: int) -> None:
    rng = random.Random(seed)
    start_workspace(out)
    active = []
    for i in range(freelancers):
        ident, text = freelancer(rng, i)
        if "status: active" in text:
            active.append(ident)
        (out / "roster" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    for i in range(missions):
        ident, text = mission(rng, i, active)
        (out / "missions" / f"{ident}.yaml").write_text(text, encoding="utf-8")


#: The months whose paperwork ``--paperwork`` writes, and the day each is invoiced.
PAPER_MONTHS = [(2026, 9), (2026, 10), (2026, 11)]
#: Public holidays on a weekday in those months (France): no work reported on them.
HOLIDAYS = {date(2026, 11, 11)}
#: Missions whose freelancers report their days.
WORKING = {"staffed", "in-progress", "in-review", "validated", "closed"}
STAGES = ["identified", "contacted", "interested", "qualified", "declined", "joined"]


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    days = []
    while first.month == month:
        if first.weekday() < 5 and first not in HOLIDAYS:
            days.append(first)
        first += timedelta(days=1)
    return days


def _field(text: str, pattern: str) -> str:
    """The first group of ``pattern`` in ``text`` (a file this module wrote)."""
    found = re.search(pattern, text)
    if found is None:
        raise ValueError(f"no {pattern!r} in a generated file")
    return found.group(1)


def _half_days(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def write_paperwork(out: Path, seed: int) -> None:
    """Activity reports, invoices and candidates for the roster and missions at ``out`` (see
    the module's doc), read back from their files."""
    rng = random.Random(seed + 1)
    people: dict[str, tuple[int, str]] = {}
    away: dict[str, tuple[date, date]] = {}
    for path in sorted((out / "roster").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        rate = re.search(r"^daily_rate: (\d+)", text, re.M)
        people[path.stem] = (int(rate.group(1)) if rate else 500, _field(text, r'siret: "(\d+)"'))
        away[path.stem] = (date.fromisoformat(_field(text, r"- from: (\S+)")),
                           date.fromisoformat(_field(text, r"\n    to: (\S+)")))
    # (freelancer, year, month) -> [(mission, start, end, allocation)]
    work: dict[tuple[str, int, int], list[tuple[str, date, date, int]]] = {}
    for path in sorted((out / "missions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        status = re.search(r"^status: (\S+)", text, re.M)
        if status is None or status.group(1) not in WORKING:
            continue
        start = date.fromisoformat(_field(text, r"\nstart: (\S+)"))
        end = date.fromisoformat(_field(text, r"\nend: (\S+)"))
        for person, allocation in re.findall(
                r"- freelancer: (\S+)\n    role: \S+\n    allocation: (\d+)", text):
            for year, month in PAPER_MONTHS:
                first = date(year, month, 1)
                last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                if start <= last and end >= first and person in people:
                    work.setdefault((person, year, month), []).append(
                        (path.stem, start, end, int(allocation)))
    for (person, year, month), missions in sorted(work.items()):
        days = [d for d in _month_days(year, month)
                if not away[person][0] <= d <= away[person][1]]
        used = dict.fromkeys(days, 0.0)
        entries = []
        for mission_id, start, end, allocation in missions:
            inside = [d for d in days if start <= d <= end]
            target = int(len(inside) * allocation / 100 * 2) / 2
            reported: dict[int, float] = {}
            for day in inside:
                value = min(1.0 - used[day], target - sum(reported.values()), 1.0)
                if value >= 0.5:
                    value = 1.0 if value >= 1.0 else 0.5
                    reported[day.day] = value
                    used[day] += value
            if reported:
                entries.append((mission_id, reported))
        if not entries:
            continue
        name = f"{year}-{month:02d}"
        lines = []
        for mission_id, reported in entries:
            lines += [f"  - mission: {mission_id}",
                      "    days: {" + ", ".join(f"{d}: {_half_days(v)}"
                                                for d, v in reported.items()) + "}"]
        following = (date(year, month, 28) + timedelta(days=7)).replace(day=1)
        if (year, month) != PAPER_MONTHS[-1]:
            approver = rng.choice(TEAM)
            lines += ["status: approved", f"submitted_on: {following + timedelta(days=1)}",
                      f"approved_by: {approver}", f"approved_on: {following + timedelta(days=3)}"]
        elif rng.random() < 0.7:
            lines += ["status: submitted", f"submitted_on: {date(2026, 11, 30)}"]
        else:
            lines += ["status: draft"]
        folder = out / "activity" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{person}.yaml").write_text("entries:\n" + "\n".join(lines) + "\n",
                                                 encoding="utf-8")
        if (year, month) == PAPER_MONTHS[-1]:
            continue
        rate, siret_number = people[person]
        issued = following + timedelta(days=4)
        amount = sum(sum(r.values()) for _, r in entries) * rate
        invoice = [f'number: "{person.upper()}-{name}"', f"issued: {issued}", f"period: {name}",
                   "lines:"]
        for mission_id, reported in entries:
            invoice += [f"  - mission: {mission_id}",
                        f"    days: {_half_days(sum(reported.values()))}",
                        f"    daily_rate: {rate}"]
        paid = (year, month) == PAPER_MONTHS[0]
        invoice += [f"amount: {amount:.2f}", "vat_rate: 20", f"total: {amount * 1.2:.2f}",
                    f"due: {issued + timedelta(days=30)}",
                    f"status: {'paid' if paid else 'approved'}",
                    *([f"paid_on: {issued + timedelta(days=25)}"] if paid else []),
                    f'seller_siret: "{siret_number}"']
        folder = out / "invoices" / person
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{person}-{name}.yaml").write_text("\n".join(invoice) + "\n",
                                                       encoding="utf-8")
    (out / "candidates").mkdir(exist_ok=True)
    for i in range(len(people) // 10):
        stage = rng.choice(STAGES[:-1])  # joined ones have a roster file: none here
        text = "\n".join([
            f"name: {rng.choice(FIRST)} {rng.choice(LAST)}",
            f"roles: [{rng.choice(ROLES)}]",
            f"skills: [{', '.join(rng.sample(SKILLS, rng.randint(1, 4)))}]",
            f"location: {rng.choice(CITIES)}",
            f"daily_rate: {rng.randrange(350, 900, 10)}",
            "source:",
            f"  channel: {rng.choice(['linkedin', 'referral', 'event', 'platform'])}",
            f"stage: {stage}",
            "contacts:",
            f"  - date: {date(2026, 11, 1) - timedelta(days=rng.randint(0, 60))}",
            "    channel: email",
            f"    note: {sentence(rng, 8)}",
        ])
        (out / "candidates" / f"c{i:05d}.yaml").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--freelancers", type=int, default=2000)
    parser.add_argument("--missions", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--paperwork", action="store_true",
                        help="add activity reports, invoices and candidates (see above)")
    parser.add_argument("--schemas", action="store_true",
                        help="add the schemas cfo init writes (see above)")
    args = parser.parse_args()
    generate(args.out, args.freelancers, args.missions, args.seed)
    if args.paperwork:
        write_paperwork(args.out, args.seed)
    if args.schemas:
        write_init_schemas(args.out)


def write_init_schemas(out: Path) -> None:
    """The schemas ``cfo init`` writes, by cfo's own functions (this checkout's)."""
    from cfo_tools.loading.kinds import schema_names
    from cfo_tools.loading.workspace_schemas import new_workspace_schema, schema_file, schema_text

    folder = out / "schemas"
    folder.mkdir(exist_ok=True)
    for kind in schema_names():
        (folder / schema_file(kind)).write_text(schema_text(new_workspace_schema(kind)),
                                                encoding="utf-8")


if __name__ == "__main__":
    main()
