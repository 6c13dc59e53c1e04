"""The compiled reader's fast path (loading/fast_yaml.py) reads every text it vouches for
exactly as PyYAML does (tests/reference_loading.py: PyYAML alone): the same data (types
included), no finding, the same line map; every text with a trap is left to PyYAML, whose
findings stay what they were. tests/test_loading_agreement.py compares junk and mutated
documents the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reference_loading import reference_loading

from cfo_tools.loading.checking_pool import check_documents
from cfo_tools.loading.fast_yaml import _INELIGIBLE, fast_parse, has_ineligible_character
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.yaml_documents import parse_document


def _outcome(raw: bytes, line_map: bool) -> tuple[object, ...]:
    document = parse_document(raw, Path("x.yaml"), "missions/x.yaml", line_map=line_map)
    positions = None if document.positions is None else document.positions.to_data()
    # repr: True and 1, 1 and 1.0 are equal in Python, not in what a schema sees.
    return repr(document.data), document.findings, document.text, positions


def assert_read_as_pyyaml_does(text: str) -> bool:
    """Whether the fast path vouched for ``text`` (the reading is the same either way)."""
    raw = text.encode("utf-8")
    for line_map in (True, False):
        with reference_loading():
            expected = _outcome(raw, line_map)
        assert _outcome(raw, line_map) == expected
    vouched = fast_parse(raw.decode("utf-8-sig")) is not None
    if vouched:
        with reference_loading():
            assert not parse_document(raw, Path("x.yaml"), "x.yaml").findings
    return vouched


#: Plain values: what workspace files hold, and every trap YAML 1.1 (PyYAML) and 1.2
#: (yaml-rs) read differently or that the loader reports.
_SAFE_VALUES = [
    "Alice Martin", "web-developer", "f00119", "staffed", "2026-02-30", "2027-03-24", "0",
    "17500", "-5", "1.5", "0.25", "true", "false", "True", "FALSE", "null", "Null", "NULL",
    "+33 6 75 92 23 38", "Écrire le brief", "a b c", "x/y", "m~n", "http://exemple.fr/a",
    "R&D", "50%", "f@x.fr", "a*b", "a!b", "a|b", "a>b", "a{b}", "x#y", "A l'heure", "2026-09",
    "12 jours", "v1.2.3", "1.5.2", "-0", "2026-01-01 10:00:00",
    "'quoted'", '"dq"', "'it''s'", "'yes'", '"0755"', "'a: b # c'", "[a, b]", "[]",
    "x # comment", "x #notcomment", "-0.0", "-0.5", "10.50", "Issue #12", "12 # douze",
    "\u00a0x", "x\u00a0", "a\u200bb", "«x»", "€5", "(a)", "/x", "$x", "1 000", "+33 6",
    "[a,b]", "[a ,b ]", "[ a]", "[1.5, -2, 2026-09, x y]", "[a] # c", "'a' # c",
]
_TRAP_VALUES = [
    "yes", "No", "ON", "off", "Yes", "y", "n", "tRue", "nULL", "~", "", "0500", "0o17",
    "0755", "1:30", "-1:30", "12:30:00", "0x1F", "0b101", "1_000", "1e3", "1.0e3", "1e999",
    ".inf", "-.Inf", ".NaN", ".5", "1.", "+1", "+1.5", "00", "007", "9" * 25,
    "2026-01-01T10:00:00Z", "&a x", "*a", "!!str 5", "!foo x",
    "!!bool maybe", "|", ">-", "|\n  bloc", ">\n  plié\n  ici", "=", "<<", "?", "- x", "-",
    "@x", "`x", "%x", "[a, [b]]", "[ ]", "[a, 'b']", "[yes, 2]", "[1:30]", "[a:b]",
    "[a{b]", "[a}b]", "[a, ]", "[a]b]", "[a] b", "[a #b]",
    "'a' b", "'a'#c", '"a" b', "[-a]", "[?a]",
    "{a: 1}", "{}", '"a\\tb"', '"a\\/b"', "'multi\n  line'",
    "a: b", "x:", "x\ty", "continued\n  on the next line",
    "é\u2028é", "a\u0085b", "a\rb", "\ufeffx",
]
_KEYS = [
    "name", "status", "start", "days", "rate_eur", "a-b", "_x", "on", "yes", "No", "y",
    "null", "true", "1", "03", "<<", "=", "a b", "é", "'q'", '"q"', "? k", "x:y", "&a k",
    "!!str k",
]
# Mostly what files hold, so that most documents are vouched for; a trap now and then.
# (Hypothesis favours no branch of a one_of: a value is drawn from a list of the safe ones
# many times over and each trap once.)
_values = st.sampled_from(_SAFE_VALUES * 40 + _TRAP_VALUES)
_keys = st.sampled_from([*(f"{word}{n}" for word in ("name", "role", "due", "x_y", "a-b")
                           for n in range(60)), *_KEYS])


class Block:
    """A block scalar: its header (``|``, ``>-``...) and its lines, written under the key or
    the dash ``step`` columns further (lines of their own indentation keep it)."""

    def __init__(self, header: str, lines: list[str]) -> None:
        self.header = header
        self.lines = lines

    def written(self, indent: int, step: int) -> list[str]:
        pad = " " * (indent + step)
        return [self.header, *(f"{pad}{line}" if line else "" for line in self.lines)]


def _layout(value: object, indent: int, step: int, at_key_column: bool) -> list[str]:
    """Block lines of ``value`` (a mapping, list or plain text), ``step`` spaces per level;
    lists of a mapping written at the key's column when ``at_key_column``."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list) and item:
                lines.append(f"{pad}-")
                lines += _layout(item, indent + step, step, at_key_column)
            elif isinstance(item, dict) and item:
                inner = _layout(item, indent + 2, step, at_key_column)
                lines.append(f"{pad}- {inner[0].lstrip(' ')}")
                lines += inner[1:]
            elif isinstance(item, Block):
                header, *rest = item.written(indent, step)
                lines += [f"{pad}- {header}", *rest]
            else:
                lines.append(f"{pad}- {_inline(item)}")
        return lines
    assert isinstance(value, dict)
    for key, child in value.items():
        if isinstance(child, dict) and child:
            lines.append(f"{pad}{key}:")
            lines += _layout(child, indent + step, step, at_key_column)
        elif isinstance(child, list) and child:
            lines.append(f"{pad}{key}:")
            lines += _layout(child, indent if at_key_column else indent + step, step,
                             at_key_column)
        elif isinstance(child, Block):
            header, *rest = child.written(indent, step)
            lines += [f"{pad}{key}: {header}", *rest]
        else:
            lines.append(f"{pad}{key}: {_inline(child)}")
    return lines


def _inline(value: object) -> str:
    if isinstance(value, (list, dict)):
        return "[]" if isinstance(value, list) else "{}"
    return str(value)


_blocks = st.builds(
    Block,
    st.sampled_from(["|", "|-", ">", ">-", "|+", ">+", "|2", ">-1", "| # c", "|-  "]),
    st.lists(st.sampled_from(
        ["Une ligne.", "Une autre : avec deux-points", "# pas un commentaire", "- pas une liste",
         "yes", "0755", "a: b", "fin.", "", "", "  plus indentée", " un espace", "   ",
         "\u00a0insécable", "trailing  ", "'quoted'"]), max_size=6))


def _containers(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.lists(children, min_size=1, max_size=4),
                     st.dictionaries(_keys, children, min_size=1, max_size=5))


_documents = st.recursive(st.one_of(_values, _values, _values, _blocks), _containers,
                          max_leaves=12)
_flow_lists = st.lists(st.sampled_from(_SAFE_VALUES[:20] * 40 + _TRAP_VALUES[:30]),
                      max_size=5).map(
    lambda items: "[" + ", ".join(items) + "]")


@st.composite
def workspace_like(draw: st.DrawFn) -> str:
    """A document shaped like a workspace file: a mapping of keys to texts, numbers, flow
    lists, nested mappings and lists of mappings, with comments and blank lines here and
    there, and a trap now and then."""
    root = draw(st.dictionaries(
        _keys,
        st.one_of(_values, _flow_lists, _documents),
        min_size=1, max_size=8))
    lines = _layout(root, 0, draw(st.sampled_from([2, 4])), draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", "# a comment", "   ", "  # indented"])))
    ending = draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n"]))
    return "\n".join(lines) + ending


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspace_like())
def test_workspace_like_documents_are_read_as_pyyaml_reads_them(text: str) -> None:
    event("vouched" if assert_read_as_pyyaml_does(text) else "left to PyYAML")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspace_like(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(
    [" ", "  ", "- ", ": ", "#", " #", "\n", "\n  ", "'", '"', "[", "]", ",", "-", ":",
     "\t", "&", "*", "!", "|", ">", "{", "?", "~", "0", "1", "e", ".", "y"])), max_size=3))
def test_mutated_documents_are_read_as_pyyaml_reads_them(
        text: str, edits: list[tuple[int, str]]) -> None:
    for where, token in edits:
        at = where % (len(text) + 1)
        text = text[:at] + token + text[at:]
    event("vouched" if assert_read_as_pyyaml_does(text) else "left to PyYAML")


_MISSION = """\
title: Refonte du site
client: Client 2216  # the client's name
owner: julien-morel
status: staffed
start: 2027-03-24
end: 2027-07-01
skills: [react, swift, php]
budget: 17500
brief:
  summary: 'Boutique : système'
  objectives:
    - Contenu contrainte site.
    - "Production utilisateur"

  stakeholders:
    - name: Quentin Laurent
      role: Direction
assignments:
- freelancer: f00119
  role: web-developer
  allocation: 50
remote: false
rate: 1.5
"""


@pytest.mark.parametrize("text", [
    "a: |\n  x\n", "a: >-\n  x\n  y\n\n  z\n\n\nb: 1\n", "l:\n- >\n x\n", "a: |\n x\n",
    "a: |-\n  x\n  # y\n  - z\n  k: v\nb: 1", "a:\n  - b: >\n      x\n    c: 1\n",
])
def test_block_scalars_are_vouched_for_and_read_as_pyyaml_reads_them(text: str) -> None:
    assert assert_read_as_pyyaml_does(text)


def test_a_workspace_file_is_vouched_for_and_read_as_pyyaml_reads_it() -> None:
    assert assert_read_as_pyyaml_does(_MISSION)
    data, marks, _ = fast_parse(_MISSION) or ({}, {}, [])
    assert data["assignments"][0]["allocation"] == 50
    assert _MISSION[marks["/brief/stakeholders/0/role"]:].startswith("Direction")
    assert _MISSION[marks["/skills/2"]:].startswith("php]")
    assert _MISSION[marks["/assignments"]:].startswith("- freelancer")


@pytest.mark.parametrize("value", _TRAP_VALUES)
def test_every_trap_is_left_to_pyyaml(value: str) -> None:
    text = f"name: x\nvalue: {value}\nlist:\n  - {value}\n"
    assert fast_parse(text) is None
    assert not assert_read_as_pyyaml_does(text)


@pytest.mark.parametrize("key", [k for k in _KEYS if k not in {"name", "status", "start",
                                                                "days", "rate_eur", "a-b",
                                                                "_x"}])
def test_every_key_that_is_not_plain_text_is_left_to_pyyaml(key: str) -> None:
    text = f"name: x\n{key}: 1\n"
    assert fast_parse(text) is None
    assert_read_as_pyyaml_does(text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # a duplicate key
    "a: 1\n---\nb: 2\n", "---\na: 1\n", "a: 1\n...\n",  # documents
    "%YAML 1.1\n---\na: 1\n",
    "- a\n- b\n", "just text\n", "", "# only a comment\n",
    "a:\n\tb: 1\n", "a:\n  b: 1\n c: 2\n", "a: 1\n  b: 2\n",
    "a: |\n", "a: |\nb: 1\n", "a: >\n\n  x\n", "a: |\n  x\n   \n  y\n", "a: >\n  x\n    y\n",
    "a: |+\n  x\n", "a: |2\n   x\n", "a: |\n  x\n b: 1\n", "a: |\n  x",
    "a:\n", "a:\nb: 1\n", "a: # nothing\nb: 1\n", "a:\n  -\n    b: 1\n",
    "  a: 1\n", "a: &x 1\nb: *x\n", "a: {b: 1}\n",
    "base: &b\n  rate: 1\nother:\n  <<: *b\n",
])
def test_texts_outside_the_fast_path_are_left_to_pyyaml(text: str) -> None:
    assert fast_parse(text) is None
    assert_read_as_pyyaml_does(text)


def test_the_quick_character_check_refuses_every_character_the_regular_expression_does() -> None:
    """Each of Unicode's characters alone: what makes the quick check exact on any text."""
    disagree = [hex(code) for code in range(0x110000)
                if has_ineligible_character(chr(code)) is (_INELIGIBLE(chr(code)) is None)]
    assert disagree == []


#: Every character the fast path refuses wherever it is, and printable ones around them.
_ODD_CHARACTERS = st.sampled_from([
    *map(chr, range(0x00, 0x20)), *map(chr, range(0x7f, 0xa1)), "\u2028", "\u2029", "\ufeff",
    "\ud800", "\udfff", "\ufffe", "\uffff", "\u00ad", "\u200b", "\u3000", "\ue000", " ", "a",
    "é", "€", "\U0001f600", "\U0010ffff"])


@settings(max_examples=400)
@given(st.text(st.one_of(_ODD_CHARACTERS, st.characters()), max_size=40))
def test_the_quick_character_check_decides_as_the_regular_expression(text: str) -> None:
    """The quick check (str.isprintable) decides as the regular expression it spares."""
    assert has_ineligible_character(text) is (_INELIGIBLE(text) is not None)


def test_the_checked_documents_are_the_same(tmp_path: Path) -> None:
    """Through the whole per-file check (schema findings located, records built)."""
    texts = [_MISSION, _MISSION.replace("budget: 17500", "budget: beaucoup"),
             _MISSION.replace("status: staffed", "status: yes"),
             _MISSION + "title: again\n"]
    files = []
    for index, text in enumerate(texts):
        path = tmp_path / "missions" / f"m{index}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files.append(DocumentFile("mission", f"m{index}", f"missions/m{index}.yaml", tmp_path))
    validators = load_schemas(tmp_path).validators
    with reference_loading():
        expected = check_documents(files, validators, jobs=1)
    checked = check_documents(files, validators, jobs=1)
    for before, now in zip(expected, checked, strict=True):
        assert now.findings == before.findings
        assert repr(now.model) == repr(before.model)
        assert (now.positions and now.positions.to_data()) == (
            before.positions and before.positions.to_data())
    assert {f.rule for f in checked[1].findings} == {"schema"}
    assert fast_parse(texts[1]) is not None
