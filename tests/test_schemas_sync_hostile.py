"""cfo schemas sync on a hostile workspace schema: what it echoes from the file is inert."""

from __future__ import annotations

import re

from test_workspace_schemas import newco, schema, write_schema  # noqa: F401  (the fixture)

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def test_a_hostile_x_cfo_version_is_echoed_escaped(newco, run_cfo):  # noqa: F811
    freelancer = schema(newco, "freelancer")
    packaged = freelancer["$defs"]["cfo-packaged"]
    packaged["x-cfo-version"] = "1\x1b[2J\x1b]0;titre\x07\r\n::error::forged\u2028"
    packaged["title"] = "an older packaged part"
    write_schema(newco, "freelancer", freelancer)
    result = run_cfo("-C", str(newco), "schemas", "sync")
    assert result.exit_code == 0, result.stderr
    assert RAW_CONTROL.search(result.stdout) is None, result.stdout
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "(was cfo-tools 1\\x1b[2J\\x1b]0;titre\\x07\\r\\n::error::forged\\u2028)" in (
        result.stdout)


def test_a_marker_naming_another_file_is_named(newco, run_cfo):  # noqa: F811
    freelancer = schema(newco, "freelancer")
    freelancer["x-cfo-extends"] = "mission.schema.json"
    write_schema(newco, "freelancer", freelancer)
    result = run_cfo("-C", str(newco), "schemas", "sync")
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("schemas/freelancer"))
    assert "left alone: your own schema" in line
    assert '(x-cfo-extends is "mission.schema.json")' in line
