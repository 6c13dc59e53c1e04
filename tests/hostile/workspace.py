"""A small valid workspace as data, and the ways a hostile pull request can spoil it."""

from __future__ import annotations

import copy
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TODAY = "2026-01-12"
FREELANCER_ID = "ada"
MISSION_ID = "site"
ACCEPTED = "maquettes"
CHANGES_REQUESTED = "recette"
CANDIDATE_ID = "grace"
NEED_ID = "dev"

COMPANY: dict[str, Any] = {
    "name": "Atelier Test",
    "pitch": "Une agence de test.",
    "country": "FR",
    "locale": "fr",
    "currency": "EUR",
    "closures": [{"from": "2026-01-01", "to": "2026-01-02", "reason": "Nouvel an"}],
    "team": [{"id": "pm", "name": "Paule Martin", "email": "pm@example.fr", "role": "Cheffe"}],
    "culture": "On se dit tout.",
    "values": ["Franchise"],
    "tools": [{"name": "Git", "purpose": "Versions", "access": "Demander à Paule"}],
    "contacts": [{"name": "Paule Martin", "role": "Cheffe", "email": "pm@example.fr",
                  "phone": "+33 1 23 45 67 89"}],
    "requirements": {"registration_max_age_months": 3, "insurance": ["rc-pro"],
                     "nda_before_start": True, "dependence_months": 12},
    "legal": {"name": "Atelier Test SAS", "form": "SAS", "siren": "732829320",
              "vat_number": "FR44732829320", "address": "1 rue de la Paix, 75002 Paris",
              "representative": {"name": "Paule Martin", "title": "Présidente"}},
    "payment_terms": {"days": 45, "end_of_month": True},
}

FREELANCER: dict[str, Any] = {
    "name": "Ada Lovelace",
    "email": "ada@example.fr",
    "location": "Lyon",
    "remote": True,
    "roles": ["web-developer"],
    "skills": ["python", "django"],
    "languages": ["fr", "en"],
    "daily_rate": 500,
    "capacity": 100,
    "status": "active",
    "unavailable": [{"from": "2026-02-02", "to": "2026-02-06", "reason": "Congés"}],
    "documents": [{"kind": "kbis", "issued": "2025-12-01", "reference": "K-1"}],
    "notes": "Très bien.",
    "legal": {"form": "EI", "siret": "73282932000074", "address": "2 rue Neuve, Lyon",
              "vat": "franchise"},
}

MISSION: dict[str, Any] = {
    "title": "Site",
    "client": "Client",
    "owner": "pm",
    "status": "in-progress",
    "start": "2026-01-05",
    "end": "2026-03-27",
    "skills": ["python"],
    "budget": 30000,
    "brief": {"summary": "Refaire le site.", "objectives": ["Publier"], "context": "Vieux site.",
              "constraints": ["RGAA"],
              "stakeholders": [{"name": "Bob", "role": "DSI", "email": "bob@client.example"}]},
    "assignments": [{"freelancer": FREELANCER_ID, "role": "web-developer", "allocation": 80,
                     "start": "2026-01-05", "end": "2026-03-27", "daily_rate": 520,
                     "order": {"number": "BC-1", "issued": "2026-01-02", "amount": 20000,
                               "payment_days": 30}},
                    {"freelancer": FREELANCER_ID, "role": "web-developer", "allocation": 20,
                     "start": "2026-02-09", "end": "2026-02-20", "tentative": True}],
    "needs": [{"id": NEED_ID, "role": "web-developer", "skills": ["python"], "allocation": 50,
               "start": "2026-01-19", "days": 10, "count": 2, "max_rate": 600,
               "languages": ["fr"], "requested_by": "pm", "requested_on": "2026-01-05",
               "note": "Renfort."}],
    "deliverables": [
        {"id": ACCEPTED, "title": "Maquettes", "due": "2026-01-09", "status": "accepted"},
        {"id": CHANGES_REQUESTED, "title": "Recette", "due": "2026-01-16",
         "status": "changes-requested", "feedback": "Corriger le menu."},
    ],
    "reviews": [{"freelancer": FREELANCER_ID, "date": "2026-01-09", "quality": 5,
                 "deadlines": 4, "communication": 5, "rehire": True, "comment": "Parfait."}],
    "rights": {"rights": ["reproduction", "adaptation"], "purpose": "Le site",
               "territory": "Monde entier", "duration": "5 ans"},
}

CANDIDATE: dict[str, Any] = {
    "name": "Grace Hopper",
    "email": "grace@example.fr",
    "phone": "+33 6 12 34 56 78",
    "roles": ["web-developer"],
    "skills": ["python"],
    "location": "Lyon",
    "remote": True,
    "languages": ["fr"],
    "daily_rate": 480,
    "available_from": "2026-01-19",
    "source": {"channel": "referral", "referred_by": "Ada Lovelace", "note": "Ancienne collègue."},
    "stage": "qualified",
    "contacts": [{"date": "2026-01-06", "channel": "phone", "note": "Intéressée."}],
    "next_step": {"date": "2026-01-14", "action": "Lui proposer le site."},
    "notes": "À suivre.",
}

#: Where each document lives, and its valid content.
DOCUMENTS: dict[str, dict[str, Any]] = {
    "company.yaml": COMPANY,
    f"roster/{FREELANCER_ID}.yaml": FREELANCER,
    f"missions/{MISSION_ID}.yaml": MISSION,
    f"candidates/{CANDIDATE_ID}.yaml": CANDIDATE,
}

#: Numbers the model computes with; a hostile spelling goes in their place.
NUMERIC_FIELDS: list[tuple[str, tuple[Any, ...]]] = [
    (f"roster/{FREELANCER_ID}.yaml", ("daily_rate",)),
    (f"roster/{FREELANCER_ID}.yaml", ("capacity",)),
    (f"missions/{MISSION_ID}.yaml", ("budget",)),
    (f"missions/{MISSION_ID}.yaml", ("assignments", 0, "allocation")),
    (f"missions/{MISSION_ID}.yaml", ("assignments", 0, "daily_rate")),
    (f"missions/{MISSION_ID}.yaml", ("reviews", 0, "quality")),
    ("company.yaml", ("requirements", "registration_max_age_months")),
    ("company.yaml", ("requirements", "dependence_months")),
    (f"candidates/{CANDIDATE_ID}.yaml", ("daily_rate",)),
    (f"missions/{MISSION_ID}.yaml", ("needs", 0, "count")),
    (f"missions/{MISSION_ID}.yaml", ("needs", 0, "days")),
    (f"missions/{MISSION_ID}.yaml", ("needs", 0, "allocation")),
    (f"missions/{MISSION_ID}.yaml", ("needs", 0, "max_rate")),
]


def string_fields() -> list[tuple[str, tuple[Any, ...]]]:
    """Every string leaf of the valid documents, ids and dates included."""
    found: list[tuple[str, tuple[Any, ...]]] = []

    def walk(name: str, value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(name, child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(name, child, (*path, index))
        elif isinstance(value, str):
            found.append((name, path))

    for name, data in DOCUMENTS.items():
        walk(name, data, ())
    return found


def mapping_paths() -> list[tuple[str, tuple[Any, ...]]]:
    """Every mapping of the valid documents: where a hostile key can be added."""
    found: list[tuple[str, tuple[Any, ...]]] = []

    def walk(name: str, value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            found.append((name, path))
            for key, child in value.items():
                walk(name, child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(name, child, (*path, index))

    for name, data in DOCUMENTS.items():
        walk(name, data, ())
    return found


@dataclass
class Workspace:
    """The files of a workspace before they are written: documents as data, the rest as bytes.

    ``raw`` holds YAML spellings (``.nan``, ``1:30``) that must reach the file unquoted: the
    document holds a placeholder, replaced in the dumped text.
    """

    documents: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DOCUMENTS))
    raw: dict[str, str] = field(default_factory=dict)
    extra_files: dict[str | bytes, bytes] = field(default_factory=dict)
    #: Applied after the files are written: (kind, path relative to the workspace, argument).
    file_kinds: list[tuple[str, str, str]] = field(default_factory=list)
    #: Text edits on the dumped YAML of one document: (document, old, new).
    text_edits: list[tuple[str, str, str]] = field(default_factory=list)
    renames: dict[str, str | bytes] = field(default_factory=dict)

    def set(self, name: str, path: tuple[Any, ...], value: Any) -> None:
        target = self.documents[name]
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    def set_raw(self, name: str, path: tuple[Any, ...], spelling: str) -> None:
        token = f"RAWTOKEN{len(self.raw)}X"
        self.raw[token] = spelling
        self.set(name, path, token)

    def add_key(self, name: str, path: tuple[Any, ...], key: str, value: Any) -> None:
        target = self.documents[name]
        for step in path:
            target = target[step]
        target[key] = value

    def texts(self) -> dict[str | bytes, bytes]:
        out: dict[str | bytes, bytes] = {}
        for name, data in self.documents.items():
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
            for token, spelling in self.raw.items():
                text = text.replace(token, spelling)
            for document, old, new in self.text_edits:
                if document == name:
                    text = text.replace(old, new, 1)
            out[name] = text.encode("utf-8", "surrogatepass")
        out.update(self.extra_files)
        return out

    def write(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        for folder in ("roster", "missions"):
            (root / folder).mkdir(exist_ok=True)
        for name, content in self.texts().items():
            target = self.renames.get(name, name) if isinstance(name, str) else name
            path = os.path.join(os.fsencode(root), os.fsencode(target))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content)
        for kind, where, argument in self.file_kinds:
            make_file_kind(root, kind, where, argument)


FILE_KINDS = ["fifo", "directory", "link-inside", "link-outside", "link-outside-dir",
              "link-dangling", "link-outside-fifo", "empty", "invalid-utf8", "bom",
              "bom-invalid", "plain-file"]


def make_file_kind(root: Path, kind: str, where: str, argument: str) -> None:
    """Put a file of ``kind`` at ``where`` (replacing what is there). ``argument``: the
    sentinel folder outside the workspace."""
    path = root / where
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # an earlier kind made the folder a file or a link: nothing to spoil
        return
    previous = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        _remove_tree(path)
    outside = Path(argument)
    if kind == "fifo" and not hasattr(os, "mkfifo"):  # Windows: an empty file stands in
        path.write_bytes(b"")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
        (path / "inner.yaml").write_text("name: x\n")
    elif kind == "link-inside":
        path.symlink_to(root / "company.yaml")
    elif kind == "link-outside":
        path.symlink_to(outside / "secret.yaml")
    elif kind == "link-outside-dir":
        path.symlink_to(outside / "folder", target_is_directory=True)
    elif kind == "link-dangling":
        path.symlink_to(root / "no-such-file")
    elif kind == "link-outside-fifo":
        path.symlink_to(outside / "fifo")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "invalid-utf8":
        path.write_bytes(b"name: \xff\xfe\xc3\x28 caf\xe9\n" + previous)
    elif kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + previous)
    elif kind == "bom-invalid":
        path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf\x00" + previous)
    elif kind == "plain-file":
        path.write_bytes(b"not a folder\n")
    else:  # pragma: no cover - a typo in the test
        raise ValueError(kind)


def _remove_tree(path: Path) -> None:
    for child in path.iterdir():
        if child.is_dir() and not child.is_symlink():
            _remove_tree(child)
        else:
            child.unlink()
    path.rmdir()


def make_outside(folder: Path) -> None:
    """The sentinel folder that links lead to: the test checks nothing changes in it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.yaml").write_text(yaml.safe_dump(FREELANCER, allow_unicode=True))
    (folder / "folder").mkdir(exist_ok=True)
    (folder / "folder" / "kept.yaml").write_text("kept: true\n")
    if not (folder / "fifo").exists() and hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo")


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: its kind and content (links not followed)."""
    found: dict[str, str] = {}
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = os.path.join(top, name)
            rel = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[rel] = "link " + os.readlink(path)
            elif os.path.isdir(path):
                found[rel] = "dir"
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[rel] = "file " + handle.read().hex()
            else:
                found[rel] = "other"
    return found


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
                        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"})


def iter_lines(text: str) -> Iterator[str]:
    """Lines as a GitHub runner splits them (.NET ReadLine: CR, LF or CRLF)."""
    yield from text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
