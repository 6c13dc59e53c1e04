"""Writing the site's folder. The first build is written beside its target and swapped in
whole; a later one updates the earlier build (the folder holding the marker) in place, so that
a re-run on an unchanged workspace writes nothing and a small change rewrites a few pages, not
22,000:

- a file whose bytes are already the new ones is left alone (its modification time too);
- a changed or new file is written (atomically, through a temporary file and a rename);
- a file the build no longer makes is removed, as the whole replacement would have: the
  folder is cfo's (the marker says so), and it holds exactly the build afterwards.

A folder holding anything but folders and regular files (a link, never followed) is replaced
whole instead, as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from cfo_tools.documents import output_files
from cfo_tools.documents.output_files import SITE_MARKER

#: Files compared at a time with what the folder holds (their bytes are read for it).
_COMPARED_AT_ONCE = 1000


@dataclass(frozen=True)
class SiteWrite:
    """How many files a build wrote, left as they were and removed."""

    written: int
    unchanged: int
    removed: int

    def summary(self) -> str:
        return (f"files written: {self.written}, unchanged: {self.unchanged}, "
                f"removed: {self.removed}")


def earlier_build(path: Path, *, workspace: Path | None = None) -> list[str] | None:
    """The files of the earlier build in ``path`` that the next one updates in place (rather
    than replacing it whole: then the pages it keeps, see :func:`write_site`, stay); None
    when ``path`` holds no such build. Listed once: :func:`write_site` takes the list."""
    present = output_files.files_in_folder(path, workspace=workspace)
    return present if present is not None and SITE_MARKER in present else None


def write_site(path: Path, files: Mapping[str, bytes], *, replaceable: bool,
               workspace: Path | None = None, kept: Collection[str] = (),
               present: Sequence[str] | None = None) -> SiteWrite:
    """Make ``path`` hold exactly ``files`` and ``kept``: files of the earlier build that are
    already right (pages not rendered again; only in a folder :func:`earlier_build` accepts).
    ``replaceable``: the folder may be replaced whole even when not empty (``--force``, or an
    earlier build). ``present``: what :func:`earlier_build` listed in ``path`` (else the
    folder is listed here): a folder of 110,000 pages is walked once, not twice."""
    if present is None:
        present = output_files.files_in_folder(path, workspace=workspace)
    if kept and (present is None or SITE_MARKER not in present
                 or not set(kept) <= set(present)):
        raise output_files.OutputProblem(
            f"{path} changed while the site was built (pages it held are gone); run cfo site "
            "again")
    if present is None or SITE_MARKER not in present:
        output_files.write_folder(path, files, force=replaceable, workspace=workspace)
        return SiteWrite(written=len(files), unchanged=0, removed=0)
    changed: dict[str, bytes] = {}
    names = iter(files)
    while batch := list(islice(names, _COMPARED_AT_ONCE)):
        on_disk = output_files.read_folder(path, batch, workspace=workspace).files
        changed.update((name, files[name]) for name in batch if on_disk.get(name) != files[name])
    gone = sorted(set(present) - set(files) - set(kept))
    if changed:
        output_files.write_into_folder(path, changed, workspace=workspace)
    if gone:
        output_files.remove_from_folder(path, gone, workspace=workspace)
    return SiteWrite(written=len(changed), unchanged=len(files) + len(kept) - len(changed),
                     removed=len(gone))
