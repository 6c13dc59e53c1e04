"""The kinds of record a workspace holds, each described once.

A kind says where its files live (a path pattern such as ``roster/<id>.yaml`` or
``activity/<yyyy-mm>/<freelancer>.yaml``), which schema checks them, which builder turns a valid
document into a model record, how the id comes from the path, and where the record is kept on
the :class:`~cfo_tools.model.records.Workspace`. The file scan, the schema loading, the
document checks, the validation's assembly, ``cfo new``, ``cfo diff`` and the reporters read
this table; adding a kind is one entry here plus its schema, builder and docs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from cfo_tools.model.activity_building import build_activity
from cfo_tools.model.building import build_company, build_freelancer, build_mission
from cfo_tools.model.candidate_building import build_candidate
from cfo_tools.model.invoice_building import build_invoice
from cfo_tools.model.months import Month

#: An id: lowercase letters and digits in groups joined by single hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SegmentForm:
    """What a ``<name>`` placeholder of a path pattern accepts."""

    pattern: re.Pattern[str]
    description: str
    example: str


#: Placeholders with a form of their own; any other ``<name>`` is an id.
SEGMENT_FORMS: dict[str, SegmentForm] = {
    "yyyy-mm": SegmentForm(re.compile(r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])$"),
                           "a month written yyyy-mm",
                           "2026-11"),
}
ID_FORM = SegmentForm(ID_PATTERN, "an id (lowercase letters, digits and single hyphens)",
                      "alice-martin")

_PLACEHOLDER = re.compile(r"^<([a-z][a-z0-9-]*)>$")


def segment_form(placeholder: str) -> SegmentForm:
    return SEGMENT_FORMS.get(placeholder, ID_FORM)


def placeholder(segment: str) -> str | None:
    """``"id"`` for ``"<id>"``; None for a literal segment."""
    match = _PLACEHOLDER.fullmatch(segment)
    return match.group(1) if match else None


@dataclass(frozen=True)
class DocumentFile:
    """One document to read, found by the file scan."""

    kind: str  # a key of RECORD_KINDS
    id: str
    file: str  # workspace-relative, forward slashes
    #: The workspace's folder, as the scan was given it.
    root: Path
    #: The values of the path pattern's placeholders, e.g. (("yyyy-mm", "2026-11"), ...).
    params: tuple[tuple[str, str], ...] = ()

    @cached_property
    def path(self) -> Path:
        """The file's path (``root / file``), made when first asked: a warm run reads a few
        of 110,000 files, and a ``Path`` made for each was a third of the scan's cost."""
        return self.root / self.file


def documents_of_kind(kind: str, root: Path,
                      rows: Iterable[tuple[str, str, tuple[tuple[str, str], ...]]]
                      ) -> list[DocumentFile]:
    """A :class:`DocumentFile` of ``kind`` under ``root`` for each (id, file, params) of
    ``rows``: the same objects as ``DocumentFile(kind, id, file, root, params)``, made
    without the frozen dataclass's ``__init__``, which looks ``object.__setattr__`` up
    again for each field. A warm scan of a large workspace makes 110,000 of them from the
    folders kept: 0.10-0.12 s instead of 0.14-0.16. The fields are set one by one, in
    their order, as ``__init__`` does: a dict given whole would not share its keys with
    the other instances' (twice the memory: 12 MB more on 100,000 documents)."""
    new, set_attribute = object.__new__, object.__setattr__
    made: list[DocumentFile] = []
    append = made.append
    for ident, file, params in rows:
        document = new(DocumentFile)
        set_attribute(document, "kind", kind)
        set_attribute(document, "id", ident)
        set_attribute(document, "file", file)
        set_attribute(document, "root", root)
        set_attribute(document, "params", params)
        append(document)
    return made


class RecordStore(Protocol):
    """Where the records of one kind are kept on the workspace model."""

    def put(self, workspace: Any, document: DocumentFile, record: object | None) -> None:
        """Keep ``record`` (None when it could not be built) of ``document``."""

    def files_of(self, workspace: Any) -> dict[str, str]:
        """Id -> file of every document of this kind found, valid or not."""

    def records_of(self, workspace: Any) -> dict[str, Any]:
        """Id -> record of every document of this kind that could be built."""


@dataclass(frozen=True)
class Keyed:
    """Records kept by id in the workspace's ``records`` mapping, their files in ``files``."""

    records: str
    files: str

    def put(self, workspace: Any, document: DocumentFile, record: object | None) -> None:
        getattr(workspace, self.files)[document.id] = document.file
        if record is not None:
            getattr(workspace, self.records)[document.id] = record

    def files_of(self, workspace: Any) -> dict[str, str]:
        files: dict[str, str] = getattr(workspace, self.files)
        return files

    def records_of(self, workspace: Any) -> dict[str, Any]:
        records: dict[str, Any] = getattr(workspace, self.records)
        return records


@dataclass(frozen=True)
class Single:
    """The one record of a kind kept in the workspace's ``attribute`` (e.g. the company)."""

    attribute: str

    def put(self, workspace: Any, document: DocumentFile, record: object | None) -> None:
        if record is not None:
            setattr(workspace, self.attribute, record)

    def files_of(self, workspace: Any) -> dict[str, str]:
        record = getattr(workspace, self.attribute)
        return {} if record is None else {self.attribute: record.file}

    def records_of(self, workspace: Any) -> dict[str, Any]:
        record = getattr(workspace, self.attribute)
        return {} if record is None else {self.attribute: record}


def id_from_params(params: dict[str, str]) -> str:
    """The default id: the placeholders' values joined by ``/`` (``2026-11/alice-martin``)."""
    return "/".join(params.values())


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, from its files to its place in the model."""

    name: str  # "freelancer"
    #: Where its files live, workspace-relative: literal segments and ``<placeholder>`` folders,
    #: then ``<placeholder>.yaml`` (or one literal file name for a kind with a single file).
    pattern: str
    schema: str  # schema name: schemas/<schema>.schema.json
    build: Callable[[DocumentFile, dict[str, Any]], object]
    store: RecordStore
    #: The stats key counting its documents ("freelancers"), or None when not counted.
    counted_as: str | None = None
    id_of: Callable[[dict[str, str]], str] = id_from_params
    #: Extensions of the other files its documents' folders may hold (an invoice's PDF).
    companions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        segments = self.segments
        last = placeholder(segments[-1].removesuffix(".yaml"))
        if len(segments) == 1:
            wrong = last is not None
        else:
            wrong = last is None or placeholder(segments[0]) is not None
        if wrong or not segments[-1].endswith(".yaml"):
            raise ValueError(f"kind {self.name}: pattern {self.pattern!r} must be a file "
                             "(company.yaml) or start with a folder and end with <name>.yaml")

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.pattern.split("/"))

    @property
    def single_file(self) -> bool:
        return len(self.segments) == 1

    def file_for(self, **params: str) -> str:
        """The workspace-relative file of a document, from its placeholders' values."""
        parts = []
        for segment in self.segments:
            stem = segment.removesuffix(".yaml")
            name = placeholder(stem)
            value = segment if name is None else params[name.replace("-", "_")]
            parts.append(value + (".yaml" if name and segment.endswith(".yaml") else ""))
        return "/".join(parts)


def _company(document: DocumentFile, data: dict[str, Any]) -> object:
    return build_company(document.file, data)


def _freelancer(document: DocumentFile, data: dict[str, Any]) -> object:
    return build_freelancer(document.id, document.file, data)


def _mission(document: DocumentFile, data: dict[str, Any]) -> object:
    return build_mission(document.id, document.file, data)


def _candidate(document: DocumentFile, data: dict[str, Any]) -> object:
    return build_candidate(document.id, document.file, data)


def _activity(document: DocumentFile, data: dict[str, Any]) -> object:
    params = dict(document.params)
    return build_activity(document.id, document.file, Month.parse(params["yyyy-mm"]),
                          params["freelancer"], data)
def _invoice(document: DocumentFile, data: dict[str, Any]) -> object:
    return build_invoice(document.id, dict(document.params)["freelancer"], document.file, data)


#: Every kind of record, in the order the file scan lists them.
RECORD_KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (
    RecordKind("company", "company.yaml", "company", _company, Single("company")),
    RecordKind("freelancer", "roster/<id>.yaml", "freelancer", _freelancer,
               Keyed("freelancers", "freelancer_files"), counted_as="freelancers"),
    RecordKind("mission", "missions/<id>.yaml", "mission", _mission,
               Keyed("missions", "mission_files"), counted_as="missions"),
    RecordKind("candidate", "candidates/<id>.yaml", "candidate", _candidate,
               Keyed("candidates", "candidate_files")),
    RecordKind("activity", "activity/<yyyy-mm>/<freelancer>.yaml", "activity", _activity,
               Keyed("activity", "activity_files")),
    RecordKind("invoice", "invoices/<freelancer>/<id>.yaml", "invoice", _invoice,
               Keyed("invoices", "invoice_files"), companions=(".pdf", ".xml")),
)}


def record_kind(name: str) -> RecordKind:
    return RECORD_KINDS[name]


def schema_names() -> list[str]:
    """The schema of every registered kind, once each, in registry order."""
    return list(dict.fromkeys(kind.schema for kind in RECORD_KINDS.values()))


def id_suggestion(text: str) -> str:
    """An id close to ``text`` that is always valid: accents transliterated
    (``Émile-ünïcode`` -> ``emile-unicode``), anything else turned into single hyphens."""
    plain = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
    ascii_text = "".join(c for c in plain if not unicodedata.combining(c))
    words = re.split(r"[^a-z0-9]+", ascii_text)
    return "-".join(w for w in words if w) or "new-id"


def positions_of_kinds(documents: Sequence[DocumentFile], kinds: Collection[str]) -> list[int]:
    """The positions in ``documents`` of those of one of ``kinds``, in order."""
    # Compared at once, not document by document: a pass over 110,000 of them in Python
    # cost 0.01-0.03 s, and a run after an edit makes several.
    return list(compress(count(), map(kinds.__contains__, map(attrgetter("kind"), documents))))
