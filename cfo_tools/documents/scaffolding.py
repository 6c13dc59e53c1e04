"""New workspaces and new documents: commented YAML skeletons that validate once filled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import yaml

from cfo_tools import __version__
from cfo_tools.loading.kinds import record_kind, schema_names
from cfo_tools.loading.workspace_schemas import (
    new_workspace_schema,
    schema_file,
    schema_text,
)
from cfo_tools.loading.yaml_documents import SLUG
from cfo_tools.model import statuses
from cfo_tools.model.placeholders import BRIEF_SUMMARY

_SKELETONS = Path(__file__).resolve().parent / "skeletons"

#: The GitHub repository of cfo-tools: the one place to change when it moves. A new
#: workspace's workflow uses the GitHub Action at its root (``uses: <this>@v<version>``), and its
#: pre-commit configuration takes the hook from it (``repo: https://github.com/<this>``).
ACTION_REPOSITORY = "cfo-tools/cfo-tools"


def _skeleton(file: str, **values: str) -> str:
    return Template((_SKELETONS / file).read_text(encoding="utf-8")).substitute(values)


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def scalar(value: object) -> str:
    """A value as YAML text, quoted when YAML would read it otherwise (dates are left bare:
    cfo reads them as text)."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                          width=1000).strip().removesuffix("\n...").strip()


def slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "owner"


def schema_reference(workspace: Path, kind: str, from_folder: Path) -> str:
    """Where the YAML extension of VS Code finds the schema: the workspace's own copy, as a
    path relative to the document's folder so it means the same on every clone (``cfo init``
    and ``cfo schemas sync`` write the copies)."""
    import os

    own = workspace / "schemas" / schema_file(record_kind(kind).schema)
    return Path(os.path.relpath(own, from_folder)).as_posix()


#: What the workflow of ``cfo init --pages`` says above its steps: who reads a Pages site.
_PAGES_NOTE = """\
# Here (cfo init --pages) the site of the default branch goes to GitHub Pages instead, which is
# public (even for a private repository) unless the plan restricts access to the site (GitHub
# Enterprise Cloud): so it is built without rates, amounts, budgets, invoices or what reviews say
# of freelancers (site: public). It still names the freelancers and shows their bookings: if that
# is not for everyone, remove `pages` below and the pages job.
"""


def check_workflow(*, pages: bool) -> str:
    """The workspace's CI workflow: the site an artifact as private as the repository, or,
    with ``pages``, the site without money or reviews deployed to GitHub Pages."""
    return _skeleton("check.yml", version=__version__, action=ACTION_REPOSITORY,
                     site="public" if pages else "full",
                     pages_note=_PAGES_NOTE if pages else "",
                     pages_input='          pages: "true"\n' if pages else "",
                     pages_job=_skeleton("pages-job.yml") if pages else "")


def workspace_files(workspace: Path, *, name: str, locale: str, owner_name: str,
                    owner_email: str, pages: bool = False) -> dict[str, str]:
    values = {"name": scalar(name), "locale": locale, "owner_id": slug(owner_name),
              "owner_name": scalar(owner_name), "owner_email": scalar(owner_email),
              "version": __version__,
              "schema_url": schema_reference(workspace, "company", workspace)}
    return {
        "company.yaml": _skeleton("company.yaml", **values),
        "roster/README.md": _skeleton("roster-README.md"),
        "missions/README.md": _skeleton("missions-README.md"),
        "README.md": _skeleton("README.md", name=name, version=__version__),
        ".github/workflows/check.yml": check_workflow(pages=pages),
        ".pre-commit-config.yaml": _skeleton("pre-commit-config.yaml", version=__version__,
                                             repository=f"https://github.com/{ACTION_REPOSITORY}"),
        ".gitignore": _skeleton("gitignore"),
        **{f"schemas/{schema_file(kind)}": schema_text(new_workspace_schema(kind))
           for kind in schema_names()},
    }


@dataclass
class Field:
    key: str
    value: object = None
    hint: str = ""
    #: Written commented out (an optional field shown as an example).
    optional: bool = False


@dataclass
class Skeleton:
    kind: str
    fields: list[Field] = field(default_factory=list)
    tail: str = ""

    def render(self, schema_ref: str) -> str:
        lines = [f"# yaml-language-server: $schema={schema_ref}"]
        for f in self.fields:
            hint = f"  # {f.hint}" if f.hint else ""
            value = "" if f.value is None else f" {scalar(f.value)}"
            text = f"{f.key}:{value}{hint}"
            lines.append(f"# {text}" if f.optional and f.value is None else text)
        return "\n".join(lines) + "\n" + self.tail


def freelancer_skeleton(*, name: str | None, email: str | None, roles: list[str],
                        skills: list[str], rate: float | None) -> Skeleton:
    return Skeleton("freelancer", [
        Field("name", name, "" if name else "first and last name"),
        Field("email", email, "" if email else "e-mail address"),
        Field("phone", None, "+33 6 12 34 56 78", optional=True),
        Field("location", None, "city", optional=True),
        Field("remote", None, "true or false", optional=True),
        Field("roles", roles or None, "" if roles else "[web-developer]"),
        Field("skills", skills, "" if skills else "[react, typescript]"),
        Field("languages", ["fr"]),
        Field("daily_rate", rate, "" if rate is not None else "excl. VAT, e.g. 550"),
        Field("capacity", 100, "percent of a full-time week they give us"),
        Field("status", "active", "active, inactive or do-not-hire"),
    ], tail=(
        "# legal:\n"
        "#   form: Entreprise individuelle (micro-entreprise)   # or SASU, EURL...\n"
        "#   siret: \"73282932000074\"                           # 14 digits, in quotes\n"
        "unavailable: []\n"
        "#  - from: 2027-08-02\n#    to: 2027-08-20\n#    reason: Congés\n"
        "documents: []\n"
        "#  - kind: urssaf-vigilance   # also kbis, rne-certificate, sirene-notice, rc-pro, nda\n"
        "#    issued: 2026-11-02\n#    verified: 2026-11-03\n"
    ))


def mission_skeleton(*, title: str | None, client: str | None, owner: str | None,
                     start: str | None, end: str | None) -> Skeleton:
    return Skeleton("mission", [
        Field("title", title, "" if title else "what the mission is"),
        Field("client", client, "" if client else "the client's name"),
        Field("owner", owner, "" if owner else "a team id from company.yaml"),
        Field("status", statuses.DRAFT, ", ".join(statuses.MISSION_STATUSES)),
        Field("start", start, "" if start else "YYYY-MM-DD"),
        Field("end", end, "" if end else "YYYY-MM-DD, included"),
        Field("skills", []),
    ], tail=(
        "brief:\n"
        f"  summary: >-\n    {BRIEF_SUMMARY}\n"
        "  objectives: []\n"
        "  constraints: []\n"
        "  stakeholders: []\n"
        "assignments: []\n"
        "#  - freelancer: alice-martin\n#    role: web-developer\n#    allocation: 100\n"
        "deliverables: []\n"
        "#  - id: mockups\n#    title: Mock-ups of the main pages\n#    due: 2027-02-26\n"
        "#    status: pending\n"
    ))


def new_document_file(kind: str, doc_id: str) -> str:
    """Where ``cfo new KIND ID`` writes, from the kind's path pattern (``roster/<id>.yaml``)."""
    return record_kind(kind).file_for(id=doc_id)


def valid_id(text: str) -> bool:
    return bool(SLUG.fullmatch(text))
