"""Find a workspace and the files in it; report every file that will not be read."""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cfo_tools.loading.kinds import (
    ID_FORM,
    RECORD_KINDS,
    DocumentFile,
    RecordKind,
    id_from_params,
    id_suggestion,
    placeholder,
    segment_form,
)
from cfo_tools.loading.regular_files import not_regular, what_it_is
from cfo_tools.model.findings import Finding, Severity

if TYPE_CHECKING:
    from cfo_tools.loading.folder_listings import FolderListings

__all__ = ["COMPANY_FILE", "DocumentFile", "NoWorkspace", "WorkspaceFiles", "find_workspace",
           "outside_workspace", "scan_workspace"]

COMPANY_FILE = RECORD_KINDS["company"].pattern
#: Files a data folder may hold besides its documents.
ALLOWED_EXTRAS = frozenset({"README.md"})


class NoWorkspace(Exception):
    """No folder holding ``company.yaml`` was found."""


def find_workspace(start: Path, *, explicit: bool = False,
                   ceilings: Collection[Path] = ()) -> Path:
    """The workspace root: ``start`` itself when ``explicit``, else the first folder from
    ``start`` upwards that holds ``company.yaml``, never climbing into one of ``ceilings``
    (like Git's GIT_CEILING_DIRECTORIES: a script or a test decides where the search ends)."""
    start = start.resolve()
    if explicit:
        if not start.is_dir():
            raise NoWorkspace(f"{start} is not a folder")
        if not (start / COMPANY_FILE).exists():
            raise NoWorkspace(f"no {COMPANY_FILE} in {start}: this is not a cfo workspace"
                              + _company_file_slip(start))
        return start
    stops = {ceiling.resolve() for ceiling in ceilings}
    for folder in (start, *start.parents):
        if folder != start and folder in stops:
            break
        if (folder / COMPANY_FILE).exists():
            return folder
    raise NoWorkspace(
        f"no {COMPANY_FILE} found in {start} or any folder above it; run the command inside "
        "a workspace, or name one with -C DIR" + _company_file_slip(start)
    )


def _company_file_slip(folder: Path) -> str:
    """" (company.yml is there: rename it company.yaml)" when the company's file is there
    under a name almost its own (an extension or a case away); else nothing."""
    try:
        # Closed even when an entry cannot be looked at (else a ResourceWarning, which the
        # hostile-file-kinds test turns into a failure now and then).
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing if entry.is_file())
    except OSError:
        return ""
    wanted = COMPANY_FILE.casefold()
    for name in names:
        if name.casefold() in (wanted, wanted.removesuffix(".yaml") + ".yml"):
            return f" ({name} is there: rename it {COMPANY_FILE})"
    return ""


@dataclass
class WorkspaceFiles:
    root: Path
    documents: list[DocumentFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def scan_workspace(root: Path, kept: FolderListings | None = None) -> WorkspaceFiles:
    """List the documents of every registered kind, in a stable order, with findings for every
    other file in their folders and for anything named like a document that cannot be read.
    With ``kept``, each folder of documents whose stamp did not change since the last scan is
    taken from there instead of listed (``loading/folder_listings.py``), and what was listed
    is kept for the next scan."""
    found = WorkspaceFiles(root)
    real_root = root.resolve()
    for kind in RECORD_KINDS.values():
        if kind.single_file:
            _scan_single_file(kind, root, real_root, found)
        else:
            _scan_level(kind, 0, root, "", {}, real_root, found, kept)
    _report_near_misses(root, found)
    if kept is not None:
        kept.save()
    return found


#: How alike a folder's name must be to a data folder's to be taken for a slip of it
#: ("mission", "Roster", "invoice", "activities"; "schemas" or "tests" are not).
NEAR_MISS = 0.75


def _report_near_misses(root: Path, found: WorkspaceFiles) -> None:
    """A folder at the top named almost like a data folder (``mission/``, ``Roster/``) and
    holding YAML files: its records would be silently left out (the top of a workspace holds
    other folders too, so only these are reported)."""
    from cfo_tools.model.close_names import CloseNames

    folders = {kind.segments[0]: kind for kind in RECORD_KINDS.values() if not kind.single_file}
    close = CloseNames(folders, cutoff=NEAR_MISS)
    try:
        with os.scandir(root) as listing:
            entries = sorted((e for e in listing if e.name not in folders), key=lambda e: e.name)
    except OSError:
        return  # the scan of each kind has said what cannot be read
    for entry in entries:
        if not _is_text(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        # A name equal but for its case is the closest of all (a ratio of 1).
        meant = close.closest(entry.name.casefold())
        if meant is None or not _holds_yaml(entry.path):
            continue
        kind = folders[meant]
        found.findings.append(_file_finding(
            entry.name, "unexpected-file", "warning",
            f"folder {entry.name}/ is not read: did you mean {meant}/? ({kind.name} files go "
            f"in {kind.pattern}); move its files there",
        ))


def _holds_yaml(path: str) -> bool:
    try:
        with os.scandir(path) as listing:
            return any(e.name.endswith((".yaml", ".yml")) or e.is_dir(follow_symlinks=False)
                       for e in listing)
    except OSError:
        return False


def _scan_single_file(kind: RecordKind, root: Path, real_root: Path,
                      found: WorkspaceFiles) -> None:
    rel = kind.pattern
    path = root / rel
    if not (path.exists() or path.is_symlink()) or not _inside(path, real_root, found, rel):
        return
    problem = not_regular(path)
    if problem is not None:
        found.findings.append(_file_finding(rel, problem.rule, "error", problem.message))
        return
    found.documents.append(DocumentFile(kind.name, kind.name, rel, root))


def _scan_level(kind: RecordKind, index: int, folder: Path, rel: str, params: dict[str, str],
                real_root: Path, found: WorkspaceFiles, kept: FolderListings | None) -> None:
    """Look in ``folder`` (``rel``) for what the pattern's segment ``index`` names."""
    segment = kind.segments[index]
    last = index == len(kind.segments) - 1
    name = placeholder(segment)
    if index == 0:
        # The kind's own folder, among everything else at the workspace's top.
        _enter_folder(kind, index, folder / segment, segment, params, real_root, found, kept)
        return
    if last and kept is not None:
        _scan_kept_documents(kind, folder, rel, params, real_root, found, kept)
        return
    entries = _listed(folder, rel, found)
    if entries is None:
        return
    if last:
        _scan_documents(kind, folder, entries, rel, params, real_root, found)
        return
    for entry in entries:
        if not _is_text(entry.name):
            _report_undecodable(entry, rel, found)
            continue
        entry_rel = f"{rel}/{entry.name}"
        if entry.is_symlink() and not _inside(Path(entry.path), real_root, found, entry_rel):
            continue
        if not entry.is_dir():
            if entry.name not in ALLOWED_EXTRAS:
                found.findings.append(_file_finding(
                    entry_rel, "unexpected-file", "warning",
                    f"this file is not read: {rel}/ holds only folders ({kind.pattern}) and "
                    "README.md",
                ))
        elif name is None:
            if entry.name == segment:
                _enter_folder(kind, index, Path(entry.path), entry_rel, params, real_root, found,
                              kept)
            else:
                found.findings.append(_file_finding(
                    entry_rel, "unexpected-file", "warning",
                    f"folder {entry_rel}/ is not read: {kind.name} files go in {kind.pattern}",
                ))
        else:
            form = segment_form(name)
            if form.pattern.fullmatch(entry.name):
                _enter_folder(kind, index, Path(entry.path), entry_rel,
                              {**params, name: entry.name}, real_root, found, kept)
            else:
                example = (id_suggestion(entry.name) if form is ID_FORM else form.example)
                found.findings.append(_file_finding(
                    entry_rel, "folder-name", "error",
                    f"folder {entry_rel}/ is not read: its name must be {form.description} "
                    f"({kind.pattern}); rename it, e.g. to {rel}/{example}",
                ))


def _listed(folder: Path, rel: str, found: WorkspaceFiles, *, ordered: bool = True
            ) -> list[os.DirEntry[str]] | None:
    """The entries of ``folder`` (``rel``) sorted by name (as listed without ``ordered``),
    or None with a finding."""
    try:
        # DirEntry answers is_dir/is_file from the listing itself, without a stat per file.
        with os.scandir(folder) as listing:
            return sorted(listing, key=_name) if ordered else list(listing)
    except OSError as exc:
        found.findings.append(_file_finding(
            rel, "read-error", "error", f"cannot read the folder: {exc.strerror or exc}"))
        return None


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _scan_kept_documents(kind: RecordKind, folder: Path, rel: str, params: dict[str, str],
                         real_root: Path, found: WorkspaceFiles, kept: FolderListings) -> None:
    """:func:`_scan_level` for a folder of documents, taken from ``kept`` while its stamp is
    the same, else listed and kept (unless it holds a link)."""
    # Taken before the listing: an entry made meanwhile shows in the next run's stamp.
    stamp = kept.stamp(folder)
    reused = kept.reused(kind.name, rel, stamp, found.root)
    if reused is not None:
        found.documents += reused[0]
        found.findings += reused[1]
        return
    documents, findings = len(found.documents), len(found.findings)
    entries = _listed(folder, rel, found, ordered=False)
    if entries is None:
        kept.remember(kind.name, rel, None, (), ())
        return
    # A folder of regular files only (no link, no folder): what the scan makes of it
    # depends on their names alone, which are compared with the last scan's (a fresh
    # checkout of the same files: every folder is new, its names are not).
    plain = all(entry.is_file(follow_symlinks=False) for entry in entries)
    names = "\0".join(sorted([entry.name for entry in entries])) if plain else None
    if names is not None:
        again = kept.listed_as_before(kind.name, rel, stamp, names, found.root)
        if again is not None:
            found.documents += again[0]
            found.findings += again[1]
            return
    entries.sort(key=_name)
    _scan_documents(kind, folder, entries, rel, params, real_root, found)
    linked = any(entry.is_symlink() for entry in entries)
    kept.remember(kind.name, rel, None if linked else stamp, found.documents[documents:],
                  found.findings[findings:], names)


def _is_text(name: str) -> bool:
    # os.scandir hands a name that is not UTF-8 over with lone surrogates (PEP 383), which no
    # output can print: such a file is reported under a printable form of its name.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _report_undecodable(entry: os.DirEntry[str], rel: str, found: WorkspaceFiles) -> None:
    raw = os.fsencode(entry.name)
    shown = raw.decode("utf-8", "backslashreplace")
    suggestion = id_suggestion(raw.decode("latin-1").removesuffix(".yaml"))
    what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
    found.findings.append(_file_finding(
        f"{rel}/{shown}", "file-name", "error",
        f"this {what} is not read: its name is not UTF-8 text (the bytes shown as \\x..); "
        f"rename it, e.g. to {rel}/{suggestion}" + (".yaml" if what == "file" else ""),
    ))


def _enter_folder(kind: RecordKind, index: int, path: Path, rel: str, params: dict[str, str],
                  real_root: Path, found: WorkspaceFiles, kept: FolderListings | None) -> None:
    """Scan inside ``path``, the folder the pattern's segment ``index`` named."""
    if index == 0:
        if not (path.exists() or path.is_symlink()):
            return
        if not _inside(path, real_root, found, rel):
            return
        if not path.is_dir():
            try:
                what = what_it_is(path.stat().st_mode)
            except OSError:  # pragma: no cover - it existed a moment ago
                what = "not a folder"
            found.findings.append(_file_finding(
                rel, "not-a-folder", "error",
                f"{rel} is {what}, not a folder, so no {kind.name} file is read: "
                f"{kind.name} files go in {kind.pattern}; remove it or make it a folder",
            ))
            return
    _scan_level(kind, index + 1, path, rel, params, real_root, found, kept)


def _scan_documents(kind: RecordKind, folder: Path, entries: list[os.DirEntry[str]], rel: str,
                    params: dict[str, str], real_root: Path, found: WorkspaceFiles) -> None:
    """Classify the entries of a folder of ``kind``'s documents, in order.

    A data folder holds thousands of files, nearly all of them ``<valid-id>.yaml`` regular
    files: those are told apart from the listing alone (the entry's type comes with it) by one
    pattern, without a call per test; any other entry goes through every test of
    :func:`_classify`, which reports it."""
    key = placeholder(kind.segments[-1].removesuffix(".yaml")) or "id"
    form = segment_form(key)
    # A valid stem, then ".yaml"; a stem is never ".yml"-suffixed nor README.md.
    ordinary = re.compile(form.pattern.pattern.removesuffix("$") + r"\.yaml\Z")
    name_of = kind.id_of
    kind_name = kind.name
    single = tuple(params.items())
    plain_id = kind.id_of is id_from_params and not params
    documents = found.documents
    fast = key not in params
    root = found.root
    for entry in entries:
        name = entry.name
        if (fast and ordinary.match(name) is not None
                and entry.is_file(follow_symlinks=False)):
            stem = name[:-5]
            values = (*single, (key, stem))
            documents.append(DocumentFile(
                kind_name, stem if plain_id else name_of(dict(values)), f"{rel}/{name}",
                root, values))
            continue
        if not _is_text(name):
            _report_undecodable(entry, rel, found)
            continue
        entry_rel = f"{rel}/{name}"
        if entry.is_symlink() and not _inside(Path(entry.path), real_root, found, entry_rel):
            continue
        document = _classify(kind, entry, entry_rel, rel, params, found)
        if document is not None:
            documents.append(document)


def _classify(kind: RecordKind, entry: os.DirEntry[str], rel: str, folder: str,
              params: dict[str, str],
              found: WorkspaceFiles) -> DocumentFile | None:
    name = entry.name
    if entry.is_dir():
        found.findings.append(_file_finding(
            rel, "unexpected-file", "warning",
            f"folder {rel}/ is not read: {kind.name} files must sit directly in {folder}/",
        ))
        return None
    if name in ALLOWED_EXTRAS:
        return None
    if name.endswith(".yml"):
        found.findings.append(_file_finding(
            rel, "yml-extension", "error",
            f"this file is not read: rename it to {folder}/{name[:-4]}.yaml",
        ))
        return None
    file_segment = kind.segments[-1]
    if name.lower().endswith(kind.companions) and entry.is_file(follow_symlinks=False):
        return None  # kept beside its document (an invoice's Factur-X file)
    if not name.endswith(".yaml"):
        found.findings.append(_file_finding(
            rel, "unexpected-file", "warning",
            f"this file is not read: {folder}/ holds only {file_segment} files and README.md",
        ))
        return None
    problem = None if entry.is_file() else not_regular(Path(entry.path))
    if problem is not None:
        found.findings.append(_file_finding(rel, problem.rule, "error", problem.message))
        return None
    stem = name[: -len(".yaml")]
    key = placeholder(file_segment.removesuffix(".yaml")) or "id"
    form = segment_form(key)
    if not form.pattern.fullmatch(stem):
        if form is ID_FORM:
            message = (f"'{stem}' is not a valid id (lowercase letters, digits and single "
                       f"hyphens); rename the file, e.g. to {folder}/{id_suggestion(stem)}.yaml")
        else:
            message = (f"'{stem}' is not {form.description}; rename the file, e.g. to "
                       f"{folder}/{form.example}.yaml")
        found.findings.append(_file_finding(rel, "file-name", "error", message))
    values = {**params, key: stem}
    return DocumentFile(kind.name, kind.id_of(values), rel, found.root,
                        tuple(values.items()))


def outside_workspace(path: Path, real_root: Path, rel: str) -> str | None:
    """Why ``path`` may not be read because of links (one of its folders or itself leads out of
    the workspace at ``real_root``, or to nothing), or None when it stays inside."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        where = os.readlink(path) if path.is_symlink() else "a place"
        return (f"{rel} is a link to {where!s}, which does not exist; replace it with the file "
                "itself")
    if target != real_root and real_root not in target.parents:
        return (f"{rel} is a link to {target}, outside the workspace; it is not read: put the "
                "file itself in the workspace")
    return None


def _inside(path: Path, real_root: Path, found: WorkspaceFiles, rel: str) -> bool:
    """False, with a finding, for a link that leads out of the workspace or nowhere."""
    if not path.is_symlink():
        return True
    problem = outside_workspace(path, real_root, rel)
    if problem is not None:
        found.findings.append(_file_finding(rel, "symlink-escape", "error", problem))
        return False
    return True


def _file_finding(rel: str, rule: str, severity: Severity, message: str) -> Finding:
    return Finding(rel, None, None, "", rule, severity, message)
