"""Read one YAML file into plain data, turning every way it can be broken into findings.

PyYAML is used with libyaml's C parser when present and safe construction only. On top of the
safe loader this module refuses what silently loses data or surprises people: duplicate keys,
several documents in one file, aliases that expand into a huge document, exotic tags. Dates stay
text (``2026-02-30`` is reported later, by the model, with a clear message) so that what the
JSON Schema sees is exactly JSON.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfo_tools.loading.fast_yaml import fast_parse
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.pointer_table import ITEM_POINTERS as _ITEM_POINTERS
from cfo_tools.loading.pointer_table import MAX_POINTERS as _MAX_POINTERS
from cfo_tools.loading.pointer_table import POINTERS as _POINTERS
from cfo_tools.loading.pointer_table import child as _child
from cfo_tools.loading.pointer_table import children_of as _children_of
from cfo_tools.loading.pointer_table import item_pointers as _item_pointers
from cfo_tools.loading.text_lines import TextLines
from cfo_tools.model.findings import Finding
from cfo_tools.model.values import describe_value

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"
VALUE_TAG = "tag:yaml.org,2002:value"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

#: What an explicit tag's value must be, in the words of a finding.
_TAG_VALUES = {
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "nothing (null)",
}
_NULL_TEXTS = ("", "~", "null", "Null", "NULL")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")

#: The key of a mapping from day of the month to a number (an activity report's ``days``):
#: there, ``3: 1`` means the 3rd, and the bare day number is the key as written.
DAYS_KEY = "days"
_DAY_NUMBER = re.compile(r"[0-9]{1,2}")
INT_TAG = "tag:yaml.org,2002:int"

#: Longest number read; Python refuses to convert integers of more than 4,300 digits, and no
#: amount or count of ours needs more than a handful.
MAX_NUMBER_LENGTH = 1_000

#: Most nodes a document may expand to once aliases are followed. A real roster or mission
#: file has a few hundred; a "billion laughs" file has billions.
MAX_EXPANDED_NODES = 100_000


#: The implicit resolvers of our loader: PyYAML's, without timestamps.
IMPLICIT_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class _Resolution(yaml.resolver.BaseResolver):
    """PyYAML's tag resolution with our implicit resolvers and no path resolvers: a pure
    function of (kind, text, implicit flags)."""

    yaml_implicit_resolvers = IMPLICIT_RESOLVERS


#: The composer asks for the tag of every node, in Python; most texts recur (every key, the
#: statuses, the ids, the dates), so the answer is remembered and a repeated question is
#: answered by functools' C code. Bounded: free texts would otherwise pile up.
_resolved_tag = lru_cache(maxsize=4096)(_Resolution().resolve)
_NO_PATHS: dict[object, object] = {}


class DocumentLoader(_BaseLoader):
    """Safe loader that keeps dates as text and records duplicate and non-text keys."""

    yaml_implicit_resolvers = IMPLICIT_RESOLVERS
    resolve = staticmethod(_resolved_tag)
    # Called around every node for path resolvers, which this loader has none of: C callables
    # that take the same arguments and do nothing, instead of two Python calls per node.
    descend_resolver = _NO_PATHS.get  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[yaml.Mark, str, str]] = []
        self.lines = TextLines(stream)
        # An alias is written with "*"; a merge or value key with "<<", "=" or a tag ("!").
        self.may_alias = "*" in stream
        self.may_merge = "<<" in stream or "=" in stream or "!" in stream

    def line_of(self, mark: yaml.Mark) -> int:
        return self.lines.position(mark.index)[0]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """PyYAML's, except that a value its constructor chokes on (``!!bool maybe`` raises
        KeyError) is a located error like any other."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError, IndexError, OverflowError) as exc:
            wanted = _TAG_VALUES.get(node.tag)
            if wanted is None or not isinstance(node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, f"the value tagged {node.tag} cannot be read ({exc!r}); "
                    "remove the tag", node.start_mark) from None
            raise _not_a_value(node, wanted) from None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {getattr(node, 'id', 'a node')}",
                node.start_mark,
            )
        own = sum(1 for key_node, _ in node.value if key_node.tag != MERGE_TAG)
        self.flatten_mapping(node)
        # After flattening, merged pairs come first: a key of our own may override one of
        # them (that is what merge keys are for) but not another key of our own.
        first_own = len(node.value) - own
        mapping: dict[Any, Any] = {}
        seen: dict[Any, yaml.Mark] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self._mapping_key(node, key_node, deep)
            if index >= first_own:
                self._note_key(key, key_node, seen)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _mapping_key(self, node: Node, key_node: Node, deep: bool) -> str:
        """The key as text; a key YAML read as something else is recorded as a problem."""
        if isinstance(key_node, (MappingNode, SequenceNode)):
            # Refused before it is built, so that nothing inside it is read first.
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                "a key cannot be a list or a mapping", key_node.start_mark,
            )
        noted = len(self.problems)
        key = self.construct_object(key_node, deep=deep)
        if isinstance(key, str):
            return key
        del self.problems[noted:]  # said once below, as a key
        text = key_node.value if isinstance(key_node, ScalarNode) else str(key)
        self.problems.append((
            key_node.start_mark, "non-text-key",
            f"key {text} was read as {describe_value(key)}, not as text; "
            f'put it in quotes: "{text}"',
        ))
        return str(text)

    def _note_key(self, key: str, key_node: Node, seen: dict[str, yaml.Mark]) -> None:
        # The mark, not its line: a line costs a lookup, and only a duplicate needs one.
        if key in seen:
            self.problems.append((
                key_node.start_mark, "duplicate-key",
                f"duplicate key '{key}' (first on line {self.line_of(seen[key])}); YAML keeps "
                "only the last value: remove or merge one of them",
            ))
        seen[key] = key_node.start_mark

    def construct_plain(self, root: Node, *, positions: dict[str, int] | None = None) -> Any:
        """The document's data, like ``construct_document`` but much faster for what
        workspace files are made of (text, whole numbers, booleans, lists, mappings): those
        nodes are built here directly, in one walk, anything else (other numbers, merge keys,
        tags) by PyYAML's machinery.

        With ``positions``, the same walk fills it with the character index of every value by
        JSON pointer (the line map, see ``line_map``); it is cleared (left empty) when the
        document has something only the node tree resolves (aliases, merge keys, tagged or
        other collections built by PyYAML), where the map could disagree with the source map."""
        # What only an alias can make (a node met twice) is tracked when the text has one.
        built: dict[int, Any] | None = {} if self.may_alias else None
        merges = self.may_merge
        complete = True
        marks = positions
        pointers = _POINTERS
        item_pointers = _ITEM_POINTERS

        def build(node: Node, pointer: str, day_keys: bool = False) -> Any:
            nonlocal complete
            if marks is not None:
                marks[pointer] = node.start_mark.index
            cls = node.__class__
            if cls is ScalarNode:
                tag = node.tag
                if tag == STR_TAG:
                    return node.value
            if built is not None:
                ident = id(node)
                if ident in built:
                    complete = False  # an alias: its values have two pointers
                    return built[ident]
            if cls is ScalarNode:
                text = node.value
                value: Any
                if tag == INT_TAG and text.isdigit() and text.isascii() and len(text) < 19 \
                        and (text[0] != "0" or len(text) == 1):
                    value = int(text)  # what PyYAML reads, with nothing surprising to say
                elif tag == BOOL_TAG and text in _BOOLEANS:
                    value = _BOOLEANS[text]
                elif tag == NULL_TAG and text in _NULL_TEXTS:
                    value = None
                else:
                    value = self.construct_object(node, deep=True)
            elif cls is SequenceNode and node.tag == SEQ_TAG:
                items: list[Any] = []
                if built is not None:
                    built[ident] = items
                if marks is None:
                    items.extend([build(child, "") for child in node.value])
                    return items
                at = item_pointers.get(pointer)
                if at is None or len(at) < len(node.value):
                    at = _item_pointers(pointer, len(node.value))
                items.extend([build(child, child_at)
                              for child, child_at in zip(node.value, at, strict=False)])
                return items
            elif (cls is MappingNode and node.tag == MAP_TAG
                    and not (merges and any(k.tag in (MERGE_TAG, VALUE_TAG)
                                            for k, _ in node.value))):
                mapping: dict[str, Any] = {}
                if built is not None:
                    built[ident] = mapping
                named = (None if marks is None
                         else pointers.get(pointer) or _children_of(pointer))
                for pair in node.value:
                    key_node, value_node = pair
                    if key_node.__class__ is ScalarNode and (
                            key_node.tag == STR_TAG or (day_keys and _day_number(key_node))):
                        key = key_node.value
                    else:
                        key = self._mapping_key(node, key_node, True)
                    if key in mapping:
                        self._note_duplicate(key, pair, node.value)
                    mapping[key] = build(
                        value_node,
                        "" if named is None else named.get(key) or _child(pointer, key),
                        key == DAYS_KEY)
                return mapping
            else:
                complete = False
                value = self.construct_object(node, deep=True)
            if built is not None:
                built[ident] = value
            return value

        data = build(root, "")
        if marks is not None and (not complete or self.problems):
            marks.clear()
        if len(pointers) + len(item_pointers) > _MAX_POINTERS:
            pointers.clear()
            item_pointers.clear()
        return data

    def _note_duplicate(self, key: str, pair: tuple[Node, Node],
                        pairs: list[tuple[Node, Node]]) -> None:
        """A key met again (every key of the walk above is its node's text): said with the
        line of its last occurrence before, as :meth:`_note_key` says it."""
        index = next(i for i, other in enumerate(pairs) if other is pair)
        last = next(k for k, _ in reversed(pairs[:index]) if k.value == key)
        self._note_key(key, pair[0], {key: last.start_mark})

    def construct_yaml_int(self, node: ScalarNode) -> int:
        if len(str(node.value)) > MAX_NUMBER_LENGTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number of {len(node.value):,} characters cannot be used; write "
                "a smaller number, or put it in quotes if it is text", node.start_mark)
        try:
            value: int = super().construct_yaml_int(node)
        except (ValueError, IndexError):  # PyYAML indexes the text: '' raises IndexError
            raise _not_a_value(node, "a whole number") from None
        self._note_surprising_number(node, value)
        return value

    def construct_yaml_float(self, node: ScalarNode) -> float:
        try:
            value: float = super().construct_yaml_float(node)
        except (ValueError, IndexError):
            raise _not_a_value(node, "a number") from None
        if not math.isfinite(value):
            self.problems.append((node.start_mark, "non-finite-number", _not_finite(node.value)))
        else:
            self._note_surprising_number(node, value)
        return value

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        if not isinstance(node.value, str) or node.value.lower() not in self.bool_values:
            raise _not_a_value(node, "true or false")
        return bool(super().construct_yaml_bool(node))

    def construct_yaml_null(self, node: Node) -> None:
        if isinstance(node, ScalarNode) and node.value not in _NULL_TEXTS:
            raise _not_a_value(node, "nothing (null)")
        return None

    def _note_surprising_number(self, node: ScalarNode, value: float) -> None:
        """YAML 1.1 reads ``0500`` as octal (320), ``1:30`` as sexagesimal (90), ``0x1F`` and
        ``0b101`` as hexadecimal and binary; nobody editing a rate means that."""
        text = str(node.value)
        digits = text.lstrip("+-")
        if ":" in text:
            how = "minutes and seconds (base 60)"
        elif _OCTAL.fullmatch(text) and int(digits.replace("_", "")) != abs(value):
            how = "an octal number, because of the leading 0"
        elif digits[:2] in ("0x", "0b"):
            how = "hexadecimal" if digits[1] == "x" else "binary"
        else:
            return
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        plain = ""
        if how.startswith("an octal"):
            meant = text[: len(text) - len(digits)] + digits.lstrip("0_")
            plain = f"write {meant} for the number {meant}, or "
        self.problems.append((node.start_mark, "ambiguous-scalar",
                              f"{text} was read as the number {shown} ({how}); {plain}"
                              f'put it in quotes if it is text: "{text}"'))

    def construct_refused(self, node: Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None,
            f"the tag {node.tag} is not allowed here: write plain text, numbers, lists and "
            "mappings",
            node.start_mark,
        )


for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    DocumentLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", DocumentLoader.construct_refused)
DocumentLoader.add_constructor("tag:yaml.org,2002:int", DocumentLoader.construct_yaml_int)
DocumentLoader.add_constructor("tag:yaml.org,2002:float", DocumentLoader.construct_yaml_float)
DocumentLoader.add_constructor("tag:yaml.org,2002:bool", DocumentLoader.construct_yaml_bool)
DocumentLoader.add_constructor("tag:yaml.org,2002:null", DocumentLoader.construct_yaml_null)


BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
#: The booleans as the implicit resolver finds them, and what PyYAML reads them as.
_BOOLEANS = {text: value for word, value in _BaseLoader.bool_values.items()
             for text in (word, word.capitalize(), word.upper())}

def _day_number(node: Node) -> bool:
    return (node.__class__ is ScalarNode and node.tag == INT_TAG
            and _DAY_NUMBER.fullmatch(node.value) is not None)


def _not_a_value(node: ScalarNode, wanted: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None, None, f"{node.value!r} cannot be read as {wanted}: write {wanted}, or remove "
        "the tag and quote it if it is text",
        node.start_mark,
    )


def _not_finite(text: str) -> str:
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        what = "is not a number" if "nan" in text.lower() else "is infinite"
        return (f"{text} {what}, and every number here must be finite; write a number, or "
                f'put it in quotes if it is text: "{text}"')
    return (f"{text} is too large: YAML reads it as infinity; write a smaller number, or "
            f'put it in quotes if it is text: "{text}"')


@dataclass
class LoadedDocument:
    """One workspace file after reading: its data when readable, and what was wrong."""

    file: str
    path: Path
    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    text: str | None = None
    #: The line map (JSON pointer -> line, column of every value), when asked for and the
    #: document is plain enough for it to agree with the source map; else None.
    positions: LineMap | None = None


def read_document(path: Path, file: str, *, keep_text: bool = True) -> LoadedDocument:
    """Read ``path`` (shown as ``file``) into a :class:`LoadedDocument`; never raises on content."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _failed(path, file, "read-error", f"cannot read the file: {exc.strerror or exc}")
    return parse_document(raw, path, file, keep_text=keep_text)


def parse_document(
    raw: bytes, path: Path, file: str, *, keep_text: bool = True, line_map: bool = False
) -> LoadedDocument:
    """``line_map``: also fill the document's ``positions``, in the same pass."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return _failed(
            path, file, "encoding",
            f"the file is not valid UTF-8 (byte 0x{bad}); save it with the UTF-8 encoding",
            line, column,
        )
    fast = fast_parse(text)
    if fast is not None:
        # The common case, vouched for by ``fast_yaml``: nothing for PyYAML to report.
        data, marks, starts = fast
        document = LoadedDocument(file, path, data,
                                  positions=LineMap(marks, starts) if line_map else None)
    else:
        try:
            document = _parse_text(text, path, file, line_map)
        except Exception as exc:
            return _failed(path, file, "read-error",
                           f"unexpected error while reading: {exc!r}")
    if keep_text or document.findings:
        document.text = text
    return document


def _parse_text(text: str, path: Path, file: str, line_map: bool = False) -> LoadedDocument:
    loader = DocumentLoader(text)
    marks: dict[str, int] | None = {} if line_map else None
    try:
        node = loader.get_single_node()
        if node is None:
            return _failed(
                path, file, "empty-file",
                "the file is empty (or holds only comments); write the document's keys",
                1, 1,
            )
        if not isinstance(node, MappingNode):
            return _failed(
                path, file, "not-a-mapping",
                f"the document is a {_node_kind(node)}, but must be a mapping of keys to values "
                "(name: ..., email: ...)",
                *loader.lines.position(node.start_mark.index),
            )
        if "*" in text:
            too_big = _expansion_problem(node)
            if too_big:
                return _failed(
                    path, file, "document-too-large", too_big,
                    *loader.lines.position(node.start_mark.index),
                )
        data = loader.construct_plain(node, positions=marks)
    except yaml.MarkedYAMLError as exc:
        return _from_yaml_error(path, file, exc, text, loader.lines)
    except yaml.reader.ReaderError as exc:
        # libyaml gives a byte offset; the first such character in the text is the one.
        character = exc.character
        found = text.find(chr(character) if isinstance(character, int) else str(character)[:1])
        line, column = loader.lines.position(found if found >= 0 else exc.position)
        return _failed(
            path, file, "yaml-syntax",
            f"the character {_codepoint(exc.character)} is not allowed in YAML; remove it",
            line, column,
        )
    except yaml.YAMLError as exc:
        return _failed(path, file, "yaml-syntax", f"invalid YAML: {exc}")
    except RecursionError:
        return _failed(path, file, "yaml-syntax", "the document is nested too deeply")
    finally:
        loader.dispose()
    findings = [
        Finding(file, *loader.lines.position(mark.index), "", rule, "error", message)
        for mark, rule, message in loader.problems
    ]
    positions = LineMap(marks, loader.lines.starts()) if marks else None
    return LoadedDocument(file, path, data, findings, positions=positions)


def _expansion_problem(root: Node) -> str | None:
    """Size of the document once aliases are expanded, computed without expanding them."""
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_EXPANDED_NODES:
                return (
                    f"aliases (*name) expand this document to more than {MAX_EXPANDED_NODES:,} "
                    "values; write the values out or use fewer aliases"
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        entered.add(key)
        stack.append((node, True))
        for child in children:
            child_key = id(child)
            if child_key in entered and child_key not in sizes:
                return "an alias (*name) refers to a value that contains it; remove the loop"
            if child_key not in sizes:
                stack.append((child, False))
    return None


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _codepoint(character: object) -> str:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return f"U+{code:04X}"


def _node_kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "list"
    return "single value"


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a value containing ': ' must be put in quotes"),
    ("found undefined alias", "define the anchor (&name) before using the alias (*name)"),
)


def _from_yaml_error(
    path: Path, file: str, exc: yaml.MarkedYAMLError, text: str, lines: TextLines
) -> LoadedDocument:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    message = problem
    if exc.context and exc.problem:
        message = f"{problem} ({exc.context})"
    rule = "yaml-syntax"
    full = str(exc)
    for needle, hint in _SYNTAX_HINTS:
        if needle in full:
            message = f"{message}: {hint}"
            break
    line, column = lines.position(mark.index) if mark else (None, None)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = f"{message}: indent with spaces, not tabs"
    elif line is not None and not isinstance(exc, yaml.constructor.ConstructorError):
        message += _missing_space_hint(text, line)
    if "expected a single document" in full:
        rule = "multiple-documents"
        message = "the file holds several YAML documents: keep one document per file"
    elif isinstance(exc, yaml.constructor.ConstructorError):
        rule = "yaml-value"
    return _failed(path, file, rule, message, line, column)


#: A key followed by its value with no space after the colon (``email:ada@x.fr``), which
#: YAML reads as one piece of text, not a key; a link's "://" is not one.
_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?!//)(\S.*)$")


def _missing_space_hint(text: str, line: int) -> str:
    """``; line N: ...`` when ``line`` (the syntax error's, 1-based, counted as the
    findings count them: ``TextLines``) or the last line with content before it is a key
    written with no space after its colon: the usual cause of "could not find expected ':'",
    which points at the line after it."""
    lines = text.split("\n")
    line_index = line - 1
    places = [line_index] if line_index < len(lines) else []
    before = next((i for i in range(min(line_index, len(lines)) - 1, -1, -1)
                   if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    places += [] if before is None else [before]
    for index in places:
        match = _KEY_WITHOUT_SPACE.match(lines[index])
        if match is not None:
            key, value = match.group(1), match.group(2).strip()
            return (f"; line {index + 1}: put a space after the colon of '{key}:' "
                    f"({key}: {value})")
    return ""


def _failed(
    path: Path, file: str, rule: str, message: str,
    line: int | None = None, column: int | None = None,
) -> LoadedDocument:
    finding = Finding(file, line, column, "", rule, "error", message)
    return LoadedDocument(file, path, None, [finding])


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
