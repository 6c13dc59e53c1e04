"""The listing and the stats every warm command pays, and how far reusing the listing could go.

    python benchmarks/run_listing.py [WORKSPACE] [--repeat N]

Measures, in this process, the median CPU time (``time.process_time``) of N runs of each of:

- the file scan as the commands run it (``scan_workspace``: list every folder, sort, classify);
- the same scan with its folders kept in a cache (``loading/folder_listings.py``) while no
  folder changed, as a warm command runs it: the kept folders read and their documents made;
- the bare listing under it (``os.scandir`` of the same folders, names sorted, no
  classification): the floor of any scan that lists;
- the scan's result rebuilt from a pickle of it, plus an ``lstat`` of every folder it entered:
  what a listing reused while no folder changed would cost (its lower bound: no cache read);
- the documents' names alone from one kept string (split on NUL), the floor of a listing kept
  as columns rather than as one object per file;
- every document's stat as the stat index takes it, in this one process
  (``stat_index._packed_stamps``; the commands split it with a forked process from
  ``stat_index.SPLIT_FROM`` files).

Nothing is written and nothing is asserted; the figures go in benchmarks/README.md with the load
average printed here.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
from pathlib import Path

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.folder_listings import FolderListings
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.stat_index import _packed_stamps
from cfo_tools.loading.workspace_files import scan_workspace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import median_cpu  # noqa: E402


def folders_of(root: Path, files: list[str]) -> list[str]:
    """Every folder the scan entered to find ``files``, the root included."""
    found = {""}
    for file in files:
        parts = file.split("/")[:-1]
        for end in range(1, len(parts) + 1):
            found.add("/".join(parts[:end]))
    return sorted(os.path.join(root, folder) for folder in found)


def bare_listing(folders: list[str]) -> int:
    count = 0
    for folder in folders:
        with os.scandir(folder) as listing:
            count += len(sorted(entry.name for entry in listing))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path, nargs="?", default=HERE / "workspace")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = args.workspace
    scanned = scan_workspace(root)
    files = [document.file for document in scanned.documents]
    folders = folders_of(root, files)
    kept = pickle.dumps((scanned.documents, scanned.findings), pickle.HIGHEST_PROTOCOL)
    prefix = os.path.join(root, "")
    joined = "\0".join(files)

    def reused() -> object:
        for folder in folders:
            os.lstat(folder)
        return pickle.loads(kept)

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cfo-listing-") as folder:
        cache = DocumentCache.open(Path(folder), load_schemas(root).validators)
        assert cache is not None
        scan_workspace(root, FolderListings(cache, root))  # fills the cache
        kept_scan = median_cpu(args.repeat,
                               lambda: scan_workspace(root, FolderListings(cache, root)))
    figures = {
        "scan_workspace (list, sort, classify)": median_cpu(args.repeat,
                                                            lambda: scan_workspace(root)),
        "scan_workspace, its folders kept (cache read, documents made)": kept_scan,
        "bare listing (scandir + sort)": median_cpu(args.repeat, lambda: bare_listing(folders)),
        "listing reused (folder lstats + unpickle)": median_cpu(args.repeat, reused),
        "names alone from one kept string": median_cpu(args.repeat,
                                                       lambda: joined.split("\0")),
        "every document's stat, one process": median_cpu(
            args.repeat, lambda: _packed_stamps(prefix, files)),
    }
    print(f"{root}: {len(files)} documents in {len(folders)} folders, listing kept "
          f"{len(kept) / 1e6:.1f} MB pickled; median CPU of {args.repeat} runs "
          f"(load average {load:.1f})\n")
    print("| part | CPU s |")
    print("| --- | --- |")
    for label, seconds in figures.items():
        print(f"| {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
