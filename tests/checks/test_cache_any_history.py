"""Whatever happened to the workspace and to the cache, every command gives with the cache the
bytes it gives with ``--no-cache`` (issue 16).

A stateful test: hypothesis applies random operations to a copy of the example workspace —
the edits of meaning of ``test_subject_memo.apply_edit`` (dates, people, numbers, statuses,
renames, deletions, copies, another day, the company's closures and currency...), and here
the company's fields of every kind (working days, requirements, team, vocabulary, payment
terms, locale, country), a freelancer's absences, a comment that moves lines, two files'
contents swapped, a touch, a workspace template or schema changed, the cache's database
damaged — and between them runs commands chosen at random, with the cache and without, and
compares exit codes, output and errors (for ``site`` and ``build``, the folders written).

It lives beside ``test_subject_memo.py`` to reuse its edits. ``CFO_HISTORY_EXAMPLES=200``
runs it longer (and ``CFO_HISTORY_STEPS`` makes each history longer).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule
from test_subject_memo import EDIT, TODAY, apply_edit, copy_example

from cfo_tools.cli.main import cli
from cfo_tools.loading.document_cache import DATABASE
from cfo_tools.loading.resources import packaged_dir

#: Commands printing what they find, by their arguments.
PRINTING = (
    ("check", "--format", "json"), ("check",), ("check", "--format", "github", "--strict"),
    ("validate",), ("validate", "--format", "json"),
    ("validate", "--format", "github", "--strict"),
    ("find", "--role", "web-developer", "--start", "2026-12-01", "--days", "5"),
    ("find", "--mission", "refonte-site-fromagerie-vercors", "--candidates"),
    ("status",), ("status", "--format", "json"), ("planning",), ("talent",),
    ("conflicts",), ("conflicts", "--format", "json", "--from", "2026-12-01"),
    ("conflicts", "--freelancer", "alice-martin", "--format", "github"), ("calendar",),
    ("agenda", "--days", "20"), ("requests",),
    ("invoices",), ("spend", "--by", "freelancer"), ("budget",), ("pipeline",),
    ("status", "--format", "markdown"), ("status", "--owner", "thomas-girard"),
    ("find", "--role", "ux-designer", "--start", "2027-01-04", "--days", "3", "--format",
     "json"),
    ("planning", "--format", "html"), ("talent", "--format", "json"),
    ("calendar", "--freelancer", "alice-martin"), ("agenda", "--format", "ics"),
    ("brief", "application-mobile-velo-partage"),
)
#: Commands writing a folder: compared by the folder's files.
WRITING = (("site",), ("build",))

#: Values a field of any record may take, by its name: valid ones and a few wrong ones.
VALUES = {
    "name": ("Zoé Martin", "Alice Martin", "X"), "title": ("Nouveau titre", "T"),
    "status": ("open", "staffed", "in-progress", "delivered", "closed", "active", "inactive",
               "draft", "submitted", "approved", "disputed", "paid", "received", "contacted",
               "nope"),
    "owner": ("thomas-girard", "camille-roux", "personne"),
    "due": ("2026-11-20", "2026-12-03", "2027-02-01"), "issued": ("2026-10-01", "2026-12-01"),
    "daily_rate": ("450", "550.50", "0"), "amount": ("10440.00", "1.00"),
    "days": ("1", "18", "0.5"), "allocation": ("20", "100", "150"),
    "role": ("web-developer", "ux-designer", "nobody"),
}

COMPANY_EDITS = ("working-days", "closure-added", "closures-dropped", "requirement",
                 "insurance", "team-added", "team-renamed", "team-dropped", "vocabulary",
                 "payment-terms", "locale", "country", "name", "comment")

TEMPLATES = ("brief.md.j2", "brief.html.j2", "site/home.html.j2", "site/mission.html.j2",
             "site/freelancer.html.j2", "_layout.html.j2", "messages/fr.yaml")


def _environment(cache: Path | None, today: date) -> dict[str, str | None]:
    return {"CFO_CACHE_DIR": str(cache) if cache else None,
            "CFO_NO_CACHE": None if cache else "1", "CFO_TODAY": today.isoformat(),
            "GITHUB_ACTIONS": None, "GITHUB_WORKSPACE": None, "GITHUB_STEP_SUMMARY": None}


def _run(root: Path, cache: Path | None, today: date, *arguments: str
         ) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *arguments],
                                env=_environment(cache, today), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _unsummed(errors: str, folder: Path) -> str:
    return "".join(line for line in errors.splitlines(keepends=True) if str(folder) not in line)


def _company_edited(text: str, edit: str, pick: int) -> str:
    """``company.yaml``'s text with one field of the kind ``edit`` changed."""
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    if edit == "working-days":
        kept = [day for number, day in enumerate(days) if (pick >> number) & 1] or ["monday"]
        return re.sub(r"^working_days: .*$", f"working_days: [{', '.join(kept)}]", text,
                      count=1, flags=re.M)
    if edit == "closure-added":
        start = date(2026, 11, 1) + timedelta(days=pick % 90)
        end = start + timedelta(days=pick % 9)
        return text.replace("closures:\n", f"closures:\n  - from: {start}\n    to: {end}\n", 1)
    if edit == "closures-dropped":
        return re.sub(r"^closures:\n(?:  .*\n)+", "", text, count=1, flags=re.M)
    if edit == "requirement":
        field = ("registration_max_age_months", "dependence_months")[pick % 2]
        return re.sub(rf"^  {field}: \d+$", f"  {field}: {pick % 24 + 1}", text, count=1,
                      flags=re.M)
    if edit == "insurance":
        kinds = ("[rc-pro]", "[]", "[rc-pro, decennale]", "[nda]")
        text = re.sub(r"^  insurance: .*$", f"  insurance: {kinds[pick % 4]}", text, count=1,
                      flags=re.M)
        return re.sub(r"^  nda_before_start: .*$",
                      f"  nda_before_start: {'true' if pick % 3 else 'false'}", text, count=1,
                      flags=re.M)
    if edit == "team-added":
        member = (f"  - id: membre-{pick % 5}\n    name: Membre {pick}\n"
                  f"    email: membre{pick}@atelier-lumen.fr\n")
        return text.replace("team:\n", f"team:\n{member}", 1)
    if edit == "team-renamed":
        found = list(re.finditer(r"^  - id: ([a-z-]+)$", text, flags=re.M))
        if not found:
            return text
        chosen = found[pick % len(found)]
        return text[:chosen.start(1)] + f"{chosen[1]}-{pick % 3}" + text[chosen.end(1):]
    if edit == "team-dropped":
        found = list(re.finditer(r"^  - id: [a-z-]+\n(?:    .*\n)*", text, flags=re.M))
        if not found:
            return text
        chosen = found[pick % len(found)]
        return text[:chosen.start()] + text[chosen.end():]
    if edit == "vocabulary":
        found = list(re.finditer(r"^    ([a-z-]+): \{fr: [^,]*, en: [^}]*\}\n", text, flags=re.M))
        if not found:
            return text
        chosen = found[pick % len(found)]
        if pick % 2:
            return text[:chosen.start()] + text[chosen.end():]
        return (text[:chosen.start()] + f"    {chosen[1]}: {{fr: Mot {pick}, en: Word {pick}}}\n"
                + text[chosen.end():])
    if edit == "payment-terms":
        text = re.sub(r"^  days: \d+$", f"  days: {pick % 90}", text, count=1, flags=re.M)
        return re.sub(r"^  end_of_month: .*$",
                      f"  end_of_month: {'true' if pick % 2 else 'false'}", text, count=1,
                      flags=re.M)
    if edit == "locale":
        return re.sub(r"^locale: .*$", f"locale: {('fr', 'en', 'de')[pick % 3]}", text,
                      count=1, flags=re.M)
    if edit == "country":
        return re.sub(r"^country: .*$", f"country: {('FR', 'BE', 'DE', 'XX')[pick % 4]}",
                      text, count=1, flags=re.M)
    if edit == "name":
        return re.sub(r"^name: .*$", f"name: Atelier {pick}", text, count=1, flags=re.M)
    lines = text.splitlines(keepends=True)
    at = 0 if pick % 2 else pick % (len(lines) + 1)  # above everything: every line moves
    while at < len(lines) and lines[at][:1] in (" ", "-"):  # a comment in a block is text
        at += 1
    return "".join([*lines[:at], f"# note {pick}\n", *lines[at:]])


class CacheAgainstNoCache(RuleBasedStateMachine):
    """One workspace and one cache; each rule changes one of them or compares a command."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="cfo-history-"))
        self.root = copy_example(self.folder / "ws")
        # A closure over bookings: conflicts that name a place in company.yaml from the start.
        company = self.root / "company.yaml"
        company.write_text(company.read_text(encoding="utf-8").replace(
            "closures:\n", "closures:\n  - from: 2026-12-01\n    to: 2026-12-09\n", 1),
            encoding="utf-8")
        self.cache = self.folder / "cache"
        self.today = TODAY
        self.originals = {p: p.read_bytes() for p in self.root.rglob("*.yaml")}
        self.compared = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _yaml_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.yaml"))

    # What changes the workspace --------------------------------------------------------

    @rule(edit=EDIT)
    def edit_meaning(self, edit: tuple[str, int]) -> None:
        self.today = apply_edit(self.root, *edit, self.today, self.originals)

    @rule(edit=st.sampled_from(COMPANY_EDITS), pick=st.integers(0, 10_000))
    def edit_company(self, edit: str, pick: int) -> None:
        company = self.root / "company.yaml"
        if company.exists():
            company.write_text(_company_edited(company.read_text(encoding="utf-8"), edit, pick),
                               encoding="utf-8")

    @rule(pick=st.integers(0, 10_000))
    def freelancer_away(self, pick: int) -> None:
        roster = sorted((self.root / "roster").glob("*.yaml"))
        if not roster:
            return
        path = roster[pick % len(roster)]
        start = date(2026, 11, 1) + timedelta(days=pick % 120)
        absence = f"  - from: {start}\n    to: {start + timedelta(days=pick % 15)}\n"
        text = path.read_text(encoding="utf-8")
        if "unavailable:\n" in text:
            text = text.replace("unavailable:\n", f"unavailable:\n{absence}", 1)
        else:
            text += f"unavailable:\n{absence}"
        path.write_text(text, encoding="utf-8")

    @rule(pick=st.integers(0, 10_000), value=st.integers(0, 10_000))
    def field_value(self, pick: int, value: int) -> None:
        """One field of a record (a name, a title, a status, a due date, an amount...) given
        another value."""
        files = self._yaml_files()
        path = files[pick % len(files)]
        text = path.read_text(encoding="utf-8")
        fields = "|".join(VALUES)
        found = list(re.finditer(rf"^( *(?:- )?)({fields}): (.+)$", text, flags=re.M))
        if not found:
            return
        chosen = found[value % len(found)]
        values = VALUES[chosen[2]]
        path.write_text(text[:chosen.start(3)] + values[value % len(values)]
                        + text[chosen.end(3):], encoding="utf-8")

    @rule(pick=st.integers(0, 10_000))
    def comment_on_top(self, pick: int) -> None:
        """Every line of the file moves down: its findings must follow. Half the time
        company.yaml's, the one file kept by its data rather than its bytes."""
        files = self._yaml_files()
        company = self.root / "company.yaml"
        path = company if pick % 2 and company.exists() else files[pick % len(files)]
        path.write_bytes(f"# comment {pick}\n".encode() + path.read_bytes())

    @rule(first=st.integers(0, 10_000), second=st.integers(0, 10_000))
    def swap(self, first: int, second: int) -> None:
        """Two files of one folder (two freelancers, two missions...) trade contents."""
        files = self._yaml_files()
        one = files[first % len(files)]
        siblings = sorted(one.parent.glob("*.yaml"))
        other = siblings[second % len(siblings)]
        one_bytes, other_bytes = one.read_bytes(), other.read_bytes()
        one.write_bytes(other_bytes)
        other.write_bytes(one_bytes)

    @rule(pick=st.integers(0, 10_000))
    def touch(self, pick: int) -> None:
        files = self._yaml_files()
        os.utime(files[pick % len(files)])

    @rule(days=st.integers(-400, 400))
    def another_day(self, days: int) -> None:
        self.today = TODAY + timedelta(days=days)

    @rule(template=st.sampled_from(TEMPLATES), pick=st.integers(0, 10_000))
    def template(self, template: str, pick: int) -> None:
        """A workspace template over the packaged one: changed, broken or removed."""
        own = self.root / "templates" / template
        if pick % 4 == 0:
            own.unlink(missing_ok=True)
            return
        own.parent.mkdir(parents=True, exist_ok=True)
        text = (packaged_dir("templates") / template).read_text(encoding="utf-8")
        if template.endswith(".yaml"):
            text = text.replace(": ", f": {pick} ", 1 + pick % 5)
        elif pick % 4 == 1:
            text += "{{ nowhere.to_be_found }}"
        else:
            text = text.replace("</body>", f"<p>{pick}</p></body>") + f"\n{pick}\n"
        own.write_text(text, encoding="utf-8")

    @rule(pick=st.integers(0, 10_000))
    def schema(self, pick: int) -> None:
        """The workspace's freelancer schema: a stricter copy of the packaged one, or none."""
        own = self.root / "schemas" / "freelancer.schema.json"
        if pick % 3 == 0:
            own.unlink(missing_ok=True)
            return
        own.parent.mkdir(exist_ok=True)
        text = (packaged_dir("schemas") / "freelancer.schema.json").read_text(encoding="utf-8")
        own.write_text(text.replace('"maximum": 1000000000', f'"maximum": {pick % 1000}', 1),
                       encoding="utf-8")

    # What changes the cache ------------------------------------------------------------

    @precondition(lambda self: (self.cache / DATABASE).exists())
    @rule(pick=st.integers(0, 10_000), how=st.sampled_from(["truncate", "garble", "drop"]))
    def damage_cache(self, pick: int, how: str) -> None:
        connection = sqlite3.connect(self.cache / DATABASE)
        with connection:
            for table, column in (("documents", "entry"), ("blobs", "entry")):
                rows = connection.execute(f"SELECT rowid FROM {table}").fetchall()
                if not rows:
                    continue
                rowid = rows[pick % len(rows)][0]
                if how == "truncate":
                    connection.execute(f"UPDATE {table} SET {column} = substr({column}, 1, ?) "
                                       "WHERE rowid = ?", (pick % 200, rowid))
                elif how == "garble":
                    connection.execute(f"UPDATE {table} SET {column} = randomblob(length("
                                       f"{column})) WHERE rowid = ?", (rowid,))
                else:
                    connection.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
        connection.close()

    # What is compared ------------------------------------------------------------------

    @rule(command=st.sampled_from(PRINTING))
    def prints_what_no_cache_prints(self, command: tuple[str, ...]) -> None:
        expected = _run(self.root, None, self.today, *command)
        assert _run(self.root, self.cache, self.today, *command) == expected
        assert _run(self.root, self.cache, self.today, *command) == expected  # warm
        self.compared += 1

    @rule(command=st.sampled_from(WRITING))
    def writes_what_no_cache_writes(self, command: tuple[str, ...]) -> None:
        fresh = self.folder / f"{command[0]}-fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        kept = self.folder / f"{command[0]}-kept"  # written again each time, as in CI
        expected = _run(self.root, None, self.today, *command, "-o", str(fresh))
        found = _run(self.root, self.cache, self.today, *command, "-o", str(kept))
        # The summary names the folder and counts what was kept from the last build.
        assert (found[0], _unsummed(found[2], kept)) == (expected[0],
                                                         _unsummed(expected[2], fresh))
        if expected[0] == 0:  # else nothing is written, the last build's files stay
            assert _files(kept) == _files(fresh)
        self.compared += 1


_EXAMPLES = int(os.environ.get("CFO_HISTORY_EXAMPLES", "3"))
CacheAgainstNoCache.TestCase.settings = settings(
    max_examples=_EXAMPLES, stateful_step_count=int(os.environ.get("CFO_HISTORY_STEPS", "12")),
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_any_history_gives_what_no_cache_gives = CacheAgainstNoCache.TestCase
