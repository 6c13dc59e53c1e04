"""Where the CPU time of checking a workspace's documents goes, stage by stage, on one core.

    python benchmarks/run_validation.py --stages [--workspace DIR]

Each stage runs over every document of the workspace in this process (the garbage collector
paused, as during a load), and is printed in CPU seconds and as a share of the floor
(`yaml.load` with `CSafeLoader`, one core):

(a) libyaml's parse and PyYAML's C composer alone (the tag of every node a C constant);
(b) the tag resolution the composer asks for per node: PyYAML's (a Python call per node plus
    two per node for path resolvers), and ours (remembered per text, hooks in C);
(c) our construction of the data from the node tree, (d) the line map made in the same walk;
(e) JSON Schema validation (jsonschema-rs), the model records built;
(f) the pool's transfer: pickling what the workers send back, unpickling it in the main
    process (its line maps apart);
(g) starting the workers: a pool of two processes ready, with `fork` (what Linux uses; the
    workers inherit everything imported) and with `spawn` (macOS, Windows: imports and schema
    compilation in each worker);
(h) what a cold run adds (it fills the cache): every file's key (reading and hashing it, in the
    main process before the pool), each document's entry and line map stored by the workers
    (pickled, signed, written to SQLite in one transaction per batch), the batches pickled as
    the snapshot's parts instead of being sent back as they are (the difference), and the
    snapshot written from those parts.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from cfo_tools.loading import checking_pool, yaml_documents
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_checking import check_content
from cfo_tools.loading.fast_yaml import fast_parse
from cfo_tools.loading.kinds import record_kind
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.workspace_files import scan_workspace
from cfo_tools.loading.workspace_snapshot import (
    Part,
    SnapshotParts,
    WorkspaceSnapshot,
    part_reference,
    pickled_part,
)
from cfo_tools.loading.yaml_documents import STR_TAG, DocumentLoader, parse_document

#: Documents per batch sent back by a worker (the pool's batches shrink from 2,750 to 64 on
#: 22,000 files, see checking_pool._batches).
BATCH = 1375


class _PyYAMLResolution(DocumentLoader):
    """Our loader with PyYAML's own tag resolution and path-resolver hooks, as before."""

    resolve = yaml.resolver.BaseResolver.resolve  # type: ignore[assignment]
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver  # type: ignore[assignment]
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver  # type: ignore[assignment]


class _Unresolved(DocumentLoader):
    """Every node's tag a C constant: what the composer costs without resolution."""

    resolve = staticmethod(STR_TAG.format)  # format() of a text without fields: itself


def _never(text: str) -> None:
    return None


def _cpu(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def _compose(loader: type[DocumentLoader], texts: list[str]) -> list[Any]:
    nodes = []
    for text in texts:
        reading = loader(text)
        try:
            nodes.append(reading.get_single_node())
        except yaml.YAMLError:
            nodes.append(None)
        finally:
            reading.dispose()
    return nodes


def _construct(texts: list[str], nodes: list[Any], line_map: bool) -> list[Any]:
    data = []
    for text, node in zip(texts, nodes, strict=True):
        reading = DocumentLoader(text)
        try:
            data.append(None if node is None else
                        reading.construct_plain(node, positions={} if line_map else None))
        except yaml.YAMLError:
            data.append(None)
        finally:
            reading.dispose()
    return data


def _floor(texts: list[str]) -> None:
    for text in texts:
        # The synthetic workspace's few broken dates raise ValueError.
        with contextlib.suppress(yaml.YAMLError, ValueError):
            yaml.load(text, Loader=yaml.CSafeLoader)


def _idle(_: object) -> None:
    return None


def _pool_start(method: str, schemas: dict[str, tuple[dict[str, Any], bool]]) -> float:
    """Wall time until a pool of two workers has run one task each."""
    start = time.perf_counter()
    with multiprocessing.get_context(method).Pool(
            2, initializer=checking_pool._start_worker, initargs=(schemas, None)) as pool:
        pool.map(_idle, range(2), chunksize=1)
    return time.perf_counter() - start


def print_stages(workspace: Path) -> None:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _print_stages(workspace)
    finally:
        if was_enabled:
            gc.enable()


def _print_stages(workspace: Path) -> None:
    specs = scan_workspace(workspace).documents
    validators = load_schemas(workspace).validators
    # First, while this process is as small as the command's main process is then.
    schemas = {kind: (v.schema, v.covers_model) for kind, v in validators.items()}
    starts = {method: _pool_start(method, schemas)
              for method in ("fork", "spawn") if method in multiprocessing.get_all_start_methods()}
    raws = [spec.path.read_bytes() for spec in specs]
    texts = [raw.decode("utf-8-sig") for raw in raws]
    rows: list[tuple[str, float]] = []

    floor = _cpu(lambda: _floor(texts))
    bare = _cpu(lambda: _compose(_Unresolved, texts))
    pyyaml = _cpu(lambda: _compose(_PyYAMLResolution, texts))
    nodes: list[Any] = []
    ours = _cpu(lambda: nodes.extend(_compose(DocumentLoader, texts)))
    data: list[Any] = []
    construction = _cpu(lambda: data.extend(_construct(texts, nodes, False)))
    with_map = _cpu(lambda: _construct(texts, nodes, True))
    pairs = [(spec, value) for spec, value in zip(specs, data, strict=True)
             if isinstance(value, dict)]
    schema = _cpu(lambda: [validators[record_kind(spec.kind).schema].errors(value)
                           for spec, value in pairs])

    def build() -> None:
        for spec, value in pairs:
            try:
                record_kind(spec.kind).build(spec, value)
            except Exception:  # invalid documents: what the checks report
                continue

    models = _cpu(build)
    paths = [spec.path for spec in specs]
    vouched = sum(fast_parse(text) is not None for text in texts)
    fast_reading = _cpu(lambda: [fast_parse(text) for text in texts])
    read_fast = _cpu(lambda: [parse_document(raw, path, "x", line_map=True)
                              for raw, path in zip(raws, paths, strict=True)])
    compiled = yaml_documents.fast_parse
    yaml_documents.fast_parse = _never  # type: ignore[assignment]
    try:
        read_pyyaml = _cpu(lambda: [parse_document(raw, path, "x", line_map=True)
                                    for raw, path in zip(raws, paths, strict=True)])
    finally:
        yaml_documents.fast_parse = compiled
    checked: list[Any] = []
    whole = _cpu(lambda: checked.extend(
        check_content(spec, raw, validators, line_map=True)
        for spec, raw in zip(specs, raws, strict=True)))
    sent = [(d.findings, d.model, d.text, d.key,
             None if d.positions is None else d.positions.to_data()) for d in checked]
    batches = [sent[start:start + BATCH] for start in range(0, len(sent), BATCH)]
    blobs: list[bytes] = []
    pickling = _cpu(lambda: blobs.extend(pickle.dumps(b, pickle.HIGHEST_PROTOCOL)
                                         for b in batches))
    unpickling = _cpu(lambda: [pickle.loads(blob) for blob in blobs])
    maps = [[entry[4] for entry in batch] for batch in batches]
    map_blobs = [pickle.dumps(b, pickle.HIGHEST_PROTOCOL) for b in maps]
    maps_unpickling = _cpu(lambda: [pickle.loads(blob) for blob in map_blobs])
    with tempfile.TemporaryDirectory(prefix="cfo-stages-") as folder:
        cache = DocumentCache.open(Path(folder), validators)
        assert cache is not None
        keys: list[Any] = []
        keying = _cpu(lambda: keys.extend(cache.key(spec, raw)
                                          for spec, raw in zip(specs, raws, strict=True)))
        stored = [(key, (d.findings, d.model, d.text),
                   None if d.positions is None else d.positions.to_data())
                  for key, d in zip(keys, checked, strict=True)]

        def store() -> None:
            for start in range(0, len(stored), BATCH):
                cache.store(stored[start:start + BATCH])

        storing = _cpu(store)
        entries = [[(key, entry) for key, entry, _ in stored[start:start + BATCH]]
                   for start in range(0, len(stored), BATCH)]
        parts: list[Part] = []
        parting = _cpu(lambda: parts.extend(pickled_part(batch) for batch in entries))
        referring = [(key, part_reference(part[2]), line_map)
                     for part, start in zip(parts, range(0, len(stored), BATCH), strict=True)
                     for key, _, line_map in stored[start:start + BATCH]]

        other = DocumentCache.open(Path(folder) / "other", validators)  # a fresh table
        assert other is not None

        def store_referring() -> None:
            for start in range(0, len(referring), BATCH):
                other.store(referring[start:start + BATCH])

        storing_references = _cpu(store_referring)
        gathered = SnapshotParts()
        adding = _cpu(lambda: [gathered.add(part) for part in parts])
        snapshot = WorkspaceSnapshot(cache, workspace)
        everything = {key: entry for batch in entries for key, entry in batch}
        saving = _cpu(lambda: snapshot.save(everything, gathered))

    rows += [
        ("floor: yaml.load with CSafeLoader, one core", floor),
        ("(a) libyaml parse + C composer, tags as a constant", bare),
        ("(b) tag resolution, PyYAML's (Python calls per node)", pyyaml - bare),
        ("(b) tag resolution, ours (remembered, C hooks)", ours - bare),
        ("(c) our construction of the data", construction),
        ("(d) the line map, in the same walk", with_map - construction),
        ("(e) JSON Schema validation (jsonschema-rs)", schema),
        ("(e) model records built", models),
        ("(i) read with line map, PyYAML only (parse_document)", read_pyyaml),
        ("(i) read with line map, fast path first (parse_document)", read_fast),
        ("(i)   of which yaml-rs + the line pass (fast_parse)", fast_reading),
        ("a document checked whole (check_content, line map)", whole),
        ("(f) pickling what the workers send back", pickling),
        ("(f) unpickling it in the main process", unpickling),
        ("(f)   of which the line maps", maps_unpickling),
        ("(h) cold: every file's key (hashing, main process)", keying),
        ("(h) cold: entries and line maps stored (before)", storing),
        ("(h) cold: batches pickled as snapshot parts (workers)", parting),
        ("(h) cold: line maps stored, entries into the parts", storing_references),
        ("(h) cold: the parts loaded in the main process", adding),
        ("(h) cold: the snapshot written from the parts", saving),
    ]
    print(f"{'stage, all documents, CPU on one core':<56} {'seconds':>8} {'/ floor':>8}")
    for label, seconds in rows:
        print(f"{label:<56} {seconds:8.2f} {seconds / floor:7.2f}x")
    print(f"{'(f) bytes sent back':<56} {sum(map(len, blobs)) / 1e6:7.1f} MB")
    print(f"{'(i) files the fast path vouched for':<56} {vouched:>8,} of {len(texts):,}")
    for method, seconds in starts.items():
        print(f"{f'(g) two workers ready, {method} (wall)':<56} {seconds:8.2f}")
