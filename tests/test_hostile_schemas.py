"""Workspace schemas come through pull requests: they fetch nothing, cannot hang the
explanation of an invalid document, and a broken one is a located finding."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator

import pytest

from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.schemas import MAX_SCHEMA_DEPTH, DocumentValidator
from conftest import FREELANCER, mkfifo, needs_alarm


@pytest.fixture
def time_limit(hang_guard):
    """Fail (instead of hanging the suite) when the test runs longer than asked."""
    return hang_guard


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'{"type": "string"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def _schema_findings(findings_of, schema: dict | str, document: str = FREELANCER):
    text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
    findings = findings_of({"roster/ada.yaml": document,
                            "schemas/freelancer.schema.json": text})
    return [(f.line, f.column, f.path, f.message) for f in findings
            if f.file == "schemas/freelancer.schema.json"], findings


@pytest.mark.parametrize("make_schema", [
    lambda url: {"$ref": f"{url}/whole"},
    lambda url: {"type": "object", "properties": {"name": {"$ref": f"{url}/name"}}},
    lambda url: {"type": "object", "properties": {"name": {"$dynamicRef": f"{url}/name"}}},
    lambda url: {"$schema": f"{url}/meta", "type": "object"},
    lambda url: {"$id": f"{url}/base/", "type": "object",
                 "properties": {"name": {"$ref": "relative.json"}}},
    lambda url: {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"name": {"$ref": f"{url}/draft7"}}},
], ids=["whole", "property", "dynamic", "meta-schema", "relative-to-id", "draft-07"])
def test_a_reference_out_of_the_schema_is_a_finding_and_nothing_is_fetched(
    findings_of, counting_server, make_schema
):
    url, requests = counting_server
    schema = make_schema(url)
    located, _ = _schema_findings(findings_of, schema)
    assert requests == []
    assert len(located) == 1
    line, column, pointer, message = located[0]
    assert line is not None and column is not None
    assert "fetched" in message or "$schema" in message
    # The line and column are those of the offending value in the JSON text.
    text = json.dumps(schema, indent=2)
    value = text.splitlines()[line - 1][column - 1:]
    assert value.startswith('"')
    assert pointer.rsplit("/", 1)[-1] in ("$ref", "$dynamicRef", "$schema")


def test_a_file_reference_to_a_fifo_neither_hangs_nor_is_read(findings_of, tmp_path, time_limit):
    fifo = tmp_path / "pipe"
    mkfifo(fifo)
    time_limit(20)
    located, _ = _schema_findings(findings_of, {
        "type": "object", "properties": {"name": {"$ref": fifo.as_uri()}}})
    assert [(line, column, pointer) for line, column, pointer, _ in located] == [
        (5, 15, "/properties/name/$ref")]
    assert "leads outside this schema, and nothing is fetched" in located[0][3]


def test_references_to_itself_and_to_the_packaged_schemas_are_allowed(findings_of):
    schema = {
        "allOf": [{"$ref": "freelancer.schema.json"}],
        "properties": {
            "email": {"$ref": "freelancer.schema.json#/$defs/email"},
            "name": {"$ref": "#/$defs/name"},
        },
        "$defs": {"name": {"type": "string", "maxLength": 5}},
    }
    document = FREELANCER.replace("ada@example.fr", "not-an-address")
    located, findings = _schema_findings(findings_of, schema, document)
    assert located == []
    assert [(f.file, f.path) for f in findings] == [
        ("roster/ada.yaml", "/name"), ("roster/ada.yaml", "/email")]


def test_a_reference_to_a_resource_defined_further_down_is_allowed(findings_of):
    schema = {"type": "object",
              "properties": {"name": {"$ref": "https://example.org/name"}},
              "$defs": {"name": {"$id": "https://example.org/name", "type": "string"}}}
    located, _ = _schema_findings(findings_of, schema)
    assert located == []


def test_a_reference_to_nothing_is_a_finding_not_a_traceback(findings_of):
    located, _ = _schema_findings(findings_of, {
        "type": "object", "properties": {"name": {"$ref": "#/$defs/missing"}}})
    assert located == [(5, 15, "/properties/name/$ref",
                        "$ref '#/$defs/missing' points to nothing in this schema")]
    located, _ = _schema_findings(findings_of, {
        "type": "object", "properties": {"name": {"$ref": "mission.schema.json#/nope"}}})
    assert located[0][3].endswith("points to nothing in the packaged mission.schema.json")


def test_a_schema_inside_the_schema_cannot_name_its_own_dialect(findings_of):
    located, _ = _schema_findings(findings_of, {"type": "object", "properties": {
        "name": {"$schema": "https://json-schema.org/draft/2020-12/schema"}}})
    assert [(p, m) for _, _, p, m in located] == [
        ("/properties/name/$schema", "$schema is allowed only at the top of the schema")]


@pytest.mark.parametrize("depth", [MAX_SCHEMA_DEPTH, 5_000, 100_000])
def test_a_deeply_nested_schema_is_a_finding(findings_of, depth):
    # Built in one pass: wrapping the text level by level copied it each time (100,000
    # levels: a minute of the suite spent making the test's input).
    text = '{"properties": {"a": ' * depth + '{"type": "object"}' + "}}" * depth
    located, findings = _schema_findings(findings_of, text)
    assert [m for _, _, _, m in located] == [
        f"the schema is nested more than {MAX_SCHEMA_DEPTH} levels deep; "
        "use $defs and $ref to flatten it"]
    assert not [f for f in findings if f.file != "schemas/freelancer.schema.json"]


def test_a_schema_that_refers_to_itself_endlessly_is_reported_on_the_document(findings_of):
    chain = {f"d{i}": {"$ref": f"#/$defs/d{i + 1}"} for i in range(3000)}
    chain["d3000"] = {"type": "number"}
    located, findings = _schema_findings(findings_of, {
        "type": "object", "properties": {"daily_rate": {"$ref": "#/$defs/d0"}},
        "$defs": chain}, FREELANCER.replace("500", '"x"'))
    assert located == []
    assert [f.file for f in findings] == ["roster/ada.yaml"]


HOSTILE = "^(a+)+$"


@pytest.mark.parametrize("schema, document", [
    ({"type": "object", "properties": {"name": {"type": "string", "pattern": HOSTILE}}},
     {"name": "a" * 50_000 + "!"}),
    ({"type": "object", "propertyNames": {"pattern": HOSTILE}}, {"a" * 50_000 + "!": 1}),
    ({"type": "object", "patternProperties": {HOSTILE: {"type": "string"}},
      "additionalProperties": False}, {"a" * 50_000 + "!": 1}),
    ({"type": "object", "patternProperties": {HOSTILE: {"type": "string"}}},
     {"a" * 50_000: 1}),
])
@pytest.mark.parametrize("fast", [True, False])
def test_a_backtracking_pattern_cannot_hang_the_explanation(time_limit, schema, document, fast):
    time_limit(20)
    errors = DocumentValidator(schema, fast=fast).errors(document)
    assert errors


def test_a_backtracking_pattern_cannot_hang_the_unknown_key_hint(findings_of, time_limit):
    time_limit(20)
    known = ("name", "email", "roles", "skills", "daily_rate", "status")
    schema = {"type": "object", "additionalProperties": False,
              "properties": {key: {} for key in known}, "patternProperties": {HOSTILE: {}}}
    document = FREELANCER + "? " + "a" * 50_000 + "!\n: 1\n"
    _, findings = _schema_findings(findings_of, schema, document)
    assert any(f.message.startswith("unknown key 'aaaa") for f in findings)


def _packaged_patterns() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            found.extend(node.get("patternProperties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(packaged_dir("schemas").glob("*.schema.json")):
        walk(json.loads(path.read_text()))
    return sorted(set(found))


@pytest.mark.parametrize("pattern", _packaged_patterns())
def test_packaged_patterns_are_linear_even_for_a_backtracking_engine(pattern, time_limit):
    """Python's own ``re`` (which a copy of a packaged schema may meet elsewhere) against
    long texts built to make a backtracking engine retry from every position."""
    time_limit(20)
    compiled = re.compile(pattern)
    for piece in ("a@", ".", "a", "0", "-", " ", "@", "+", "a-"):
        for text in (piece * 100_000, "a@" + piece * 100_000 + " ", "a@b" + piece * 100_000 + "@",
                     "+0" + piece * 100_000 + "x"):
            compiled.search(text)


@pytest.mark.parametrize("address, valid", [
    ("ada@example.fr", True), ("first.last@mail.example.co.uk", True), ("a+tag@b.io", True),
    ("a@b", False), ("a@b..fr", False), ("a@.b.fr", False), ("a b@c.fr", False),
    ("a@b.fr.", False), ("a@" + "." * 150_000, False),
])
def test_the_packaged_email_pattern(address, valid, time_limit):
    time_limit(20)
    schema = json.loads((packaged_dir("schemas") / "freelancer.schema.json").read_text())
    document = {**_ada(), "email": address}
    for fast in (True, False):
        assert (DocumentValidator(schema, fast=fast).errors(document) == []) is valid


def _ada() -> dict:
    return {"name": "Ada", "email": "ada@example.fr", "roles": ["dev"], "skills": [],
            "daily_rate": 500, "status": "active"}



def test_a_long_list_with_a_repeated_item_is_explained_in_one_pass(
        findings_of, time_limit, monkeypatch):
    # The test's own limit (the wall's) catches a quadratic explanation, minutes long; the
    # product's 5 s of processor time are raised so that a slow machine does not turn a linear
    # pass of seconds into a time-out, and the wall's limit leaves room for a busy one.
    from cfo_tools.loading import schemas

    monkeypatch.setattr(schemas, "EXPLANATION_SECONDS", 15.0)
    time_limit(90)
    skills = "".join(f"  - s{i}\n" for i in range(60_000)) + "  - s7\n"
    text = FREELANCER.replace("skills: [python]\n", "skills:\n" + skills)
    findings = findings_of({"roster/ada.yaml": text})
    assert [(f.path, f.message) for f in findings] == [
        ("/skills", "the list holds 's7' more than once; keep one")]


def test_neither_engine_fetches_even_when_the_checks_are_bypassed(counting_server):
    """Defence in depth: the registries themselves refuse to retrieve anything."""
    from referencing.exceptions import Unresolvable

    from cfo_tools.loading.schemas import rust_validator

    url, requests = counting_server
    schema = {"type": "object", "properties": {"name": {"$ref": f"{url}/name"}}}
    with pytest.raises(Exception, match="not fetched"):
        rust_validator(schema)
    validator = DocumentValidator(schema, fast=False)
    with pytest.raises(Unresolvable):
        validator.errors({"name": 1})
    assert requests == []


def test_a_pattern_only_python_s_re_runs_is_stopped_by_the_explanation_s_time_limit(
        monkeypatch, time_limit):
    # jsonschema matches patternProperties with Python's re when it works out which keys
    # unevaluatedProperties still has to judge: the explanation then runs under a time limit.
    from cfo_tools.loading import schemas

    monkeypatch.setattr(schemas, "EXPLANATION_SECONDS", 0.2)
    time_limit(20)
    schema = {"type": "object", "patternProperties": {HOSTILE: {"type": "string"}},
              "unevaluatedProperties": False}
    [error] = DocumentValidator(schema, fast=False).errors({"a" * 40 + "!": 1})
    assert "explaining why took more than 0.2 s" in error.message


def test_a_limit_passing_in_a_collector_callback_stops_the_block_not_the_callback():
    """An exception raised in a callback of the garbage collector is printed as
    "unraisable" and lost: the limit waits for the callback to return."""
    import gc
    import time

    from cfo_tools.loading.time_limit import TimeLimitExceeded, time_limit

    slow = {"calls": 0}

    def callback(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start" and slow["calls"] == 0:
            slow["calls"] += 1
            end = time.monotonic() + 0.3
            while time.monotonic() < end:  # the limit passes in here
                pass

    gc.callbacks.append(callback)
    try:
        with pytest.raises(TimeLimitExceeded), time_limit(0.05):
            gc.collect()
            give_up = time.monotonic() + 3
            while time.monotonic() < give_up:
                pass
            pytest.fail("the block was not stopped")
    finally:
        gc.callbacks.remove(callback)
    assert slow["calls"] == 1


@needs_alarm
def test_a_limit_of_processor_time_stops_a_busy_block_not_a_waiting_one():
    """A busy machine (CI, a build's other workers) must not stop a block that spends little
    of its own time: waiting is not counted, working is."""
    import time

    from cfo_tools.loading.time_limit import TimeLimitExceeded, time_limit

    with time_limit(0.05, processor_time=True):
        time.sleep(0.2)  # a wall-clock limit would have fired here

    with pytest.raises(TimeLimitExceeded), time_limit(0.05, processor_time=True):
        give_up = time.monotonic() + 5
        while time.monotonic() < give_up:
            pass
        pytest.fail("the busy block was not stopped")
