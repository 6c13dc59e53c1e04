"""Every example of the tool's output in README.md and docs/*.md is what the tool prints.

An example is a fenced block right after a comment ``<!-- cfo-example: cfo ARGS -->``; ARGS
run from the repository's root (fixture workspaces live in tests/examples/). A ``json`` block
is compared by value, so the docs may lay it out for reading; any other block line by line.
``python tests/test_doc_examples.py`` rewrites the blocks that are out of date.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfo_tools.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

_EXAMPLE = re.compile(
    r"^(?P<indent>[ \t]*)<!-- cfo-example: cfo (?P<args>.+?) -->\n"
    r"(?P=indent)```(?P<lang>\w*)\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)


@dataclass(frozen=True)
class Example:
    doc: Path
    args: str
    lang: str
    indent: str
    body: str
    span: tuple[int, int]

    @property
    def text(self) -> str:
        """The block without the indentation of the list item it may sit in."""
        return "".join(line.removeprefix(self.indent) + "\n" for line in self.body.splitlines())


def examples() -> list[Example]:
    found = []
    for doc in DOCS:
        for m in _EXAMPLE.finditer(doc.read_text(encoding="utf-8")):
            found.append(Example(doc, m["args"], m["lang"], m["indent"], m["body"],
                                 m.span("body")))
    return found


def run(args: str) -> str:
    """What ``cfo ARGS`` prints, run from the repository's root, free of the environment."""
    saved = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(cli, shlex.split(args), catch_exceptions=False, env={
            "CFO_TODAY": None, "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    finally:
        os.chdir(saved)
    return result.stdout


def up_to_date(example: Example, output: str) -> bool:
    if example.lang == "json":
        return bool(json.loads(example.text) == json.loads(output))
    return example.text.rstrip("\n") == output.rstrip("\n")


def test_the_docs_have_examples():
    docs = {example.doc.name for example in examples()}
    assert {"README.md", "validate.md", "conflicts.md", "find.md"} <= docs


@pytest.mark.parametrize("example", examples(),
                         ids=lambda e: f"{e.doc.name}:{e.args}")
def test_example_is_the_real_output(example):
    output = run(example.args)
    assert output, f"cfo {example.args} printed nothing"
    if example.lang == "json":
        assert json.loads(example.text) == json.loads(output)
    else:
        assert example.text.rstrip("\n") == output.rstrip("\n")


def rewrite() -> None:
    """Replace every out-of-date example with the real output."""
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        stale = [e for e in examples() if e.doc == doc and not up_to_date(e, run(e.args))]
        for example in sorted(stale, key=lambda e: e.span, reverse=True):
            output = run(example.args)
            if example.lang == "json":
                output = json.dumps(json.loads(output), indent=2, ensure_ascii=False) + "\n"
            body = "".join(example.indent + line + "\n" for line in output.splitlines())
            text = text[:example.span[0]] + body + text[example.span[1]:]
        if stale:
            doc.write_text(text, encoding="utf-8")
            print(f"{doc.relative_to(REPO)}: {len(stale)} example(s) rewritten")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    rewrite()
